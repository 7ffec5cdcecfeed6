//! The expiry reminder: the periods a fact carries (`validity`, `before_expiry`), their lint
//! rules, and the calendar file a guide page makes from them.
//!
//! The file is made as a reader makes it: in Chromium, by the page's own script, from a built
//! site opened over file:// (`browser/reminder.mjs`, which also checks that the page asks
//! the network for nothing, and what it shows without JavaScript). It is read back by an
//! independent RFC 5545 parser, Python's `icalendar` (`tests/read_ics.py`), and the dates and
//! texts a calendar would take from it are compared with the ones worked out by hand below.
//! Without Chromium, node or `icalendar` those tests print a loud SKIPPED notice and pass,
//! unless `STEPGUIDE_REQUIRE_BROWSER=1`.

use crate::support::browser::{browser_ready, run_browser_script};
use crate::support::{build_site, fixture, replace, repo, run_in, skip};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const FINANCIAL: &str = "guides/financial-certificate/index.html";
const JOINT: &str = "guides/joint-certificate/index.html";

/// (page, issue date, expiry date, day after it, the alarm): worked out by hand. An expiry
/// date falls on the issue date's day of the month N years later, or on the month's last
/// day when that day does not exist; the alarm rings at 09:00, 30 days before it.
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    // 29 February: the next years have no such day, so the period ends on the 28th.
    (
        FINANCIAL,
        "2024-02-29",
        "2027-02-28",
        "2027-03-01",
        // No source gives the 금융인증서 a notice period, so its alarm is on the day itself.
        "2027-02-28T09:00:00",
    ),
    (
        JOINT,
        "2024-02-29",
        "2025-02-28",
        "2025-03-01",
        "2025-01-29T09:00:00",
    ),
    // Four years on, 29 February exists again.
    (
        JOINT,
        "2027-02-28",
        "2028-02-28",
        "2028-02-29",
        "2028-01-29T09:00:00",
    ),
    // Year ends: the event on 31 December, the day after it in the next year.
    (
        FINANCIAL,
        "2025-12-31",
        "2028-12-31",
        "2029-01-01",
        "2028-12-31T09:00:00",
    ),
    (
        JOINT,
        "2025-12-31",
        "2026-12-31",
        "2027-01-01",
        "2026-12-01T09:00:00",
    ),
    // The alarm in the year before the expiry date.
    (
        JOINT,
        "2025-01-20",
        "2026-01-20",
        "2026-01-21",
        "2025-12-21T09:00:00",
    ),
    // 30 days before 31 March of a leap year crosses 29 February.
    (
        JOINT,
        "2023-03-31",
        "2024-03-31",
        "2024-04-01",
        "2024-03-01T09:00:00",
    ),
];

/// Whether `python3` can import `icalendar`, the parser the files are read with.
fn parser_ready(test: &str) -> bool {
    let found = Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|output| output.status.success());
    found
        || skip(
            test,
            "python3 cannot import icalendar (`pip install icalendar`, or Debian's python3-icalendar)",
        )
}

/// Makes one calendar file a case in Chromium, reads each back with `icalendar`, and returns
/// (what the page said, what the parser read) a case.
fn reminders(site: &Path, cases: &[(&str, &str)]) -> Vec<(Value, Value)> {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![out.path().display().to_string()];
    args.extend(
        cases
            .iter()
            .map(|(page, date)| format!("{}={date}", site.join(page).display())),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let made = run_browser_script("reminder.mjs", &args);
    let made: Vec<Value> = made
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(made.len(), cases.len(), "{made:?}");
    let files: Vec<&str> = made.iter().map(|m| m["file"].as_str().unwrap()).collect();
    let output = Command::new("python3")
        .arg(repo().join("tests/read_ics.py"))
        .args(&files)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "read_ics.py failed:\n{stderr}");
    let read: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    made.into_iter().zip(read).collect()
}

/// What every file must be, whatever its dates: well formed, one event with one alarm.
fn assert_well_formed(read: &Value) -> &Value {
    assert_eq!(read["crlf"], true, "lines must end in CRLF: {read}");
    let longest = read["longest_line"].as_u64().unwrap();
    assert!(longest <= 75, "a line of {longest} octets: {read}");
    assert_eq!(
        read["split_utf8"],
        serde_json::json!([]),
        "a fold splits a character: {read}"
    );
    assert_eq!(read["version"], "2.0");
    assert!(!read["prodid"].as_str().unwrap().is_empty());
    assert_eq!(read["errors"], serde_json::json!([]), "{read}");
    assert_eq!(read["badly_escaped"], serde_json::json!([]), "{read}");
    let components = serde_json::json!(["VCALENDAR", "VEVENT", "VALARM"]);
    assert_eq!(read["components"], components, "{read}");
    let event = &read["events"][0];
    assert_eq!(event["all_day"], true, "{event}");
    assert_eq!(event["alarms"][0]["action"], "DISPLAY");
    event
}

#[test]
fn reminder_dates_are_right_for_both_certificates() {
    let test = "reminder_dates_are_right_for_both_certificates";
    if !browser_ready(test) || !parser_ready(test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build_site(
        repo(),
        &site,
        &["--base-url", "https://guides.example.net/kb/"],
    );
    let cases: Vec<(&str, &str)> = CASES.iter().map(|c| (c.0, c.1)).collect();
    for ((made, read), &(page, issued, expiry, after, alarm)) in
        reminders(&site, &cases).iter().zip(CASES)
    {
        let (certificate, fact) = if page == FINANCIAL {
            ("금융인증서", "유효기간: 발급일로부터 3년")
        } else {
            ("공동인증서", "유효기간: 발급일로부터 1년")
        };
        let event = assert_well_formed(read);
        let case = format!("{page} issued {issued}: {read}");
        assert_eq!(event["start"], expiry, "{case}");
        assert_eq!(event["end"], after, "{case}");
        assert_eq!(event["alarms"][0]["at"], alarm, "{case}");
        assert_eq!(
            event["summary"],
            format!("{certificate} 유효기간 만료"),
            "{case}"
        );
        let description = event["description"].as_str().unwrap();
        assert!(
            description.contains(&format!("{fact} (발급일 {issued})")),
            "{case}"
        );
        // The 공동인증서's renewal window (30 days) is the alarm's text; the 금융인증서 has none.
        assert_eq!(description.contains("30일"), page == JOINT, "{case}");
        let url = format!(
            "https://guides.example.net/kb/{}",
            page.trim_end_matches("index.html")
        );
        assert_eq!(event["url"], url, "{case}");
        let alarm_text = event["alarms"][0]["description"].as_str().unwrap();
        assert!(alarm_text.contains(expiry), "{case}");
        // The page says the same dates, and names the file after the expiry date.
        let status = made["status"].as_str().unwrap();
        assert!(
            status.contains(expiry) && status.contains(&alarm[..10]),
            "{made}"
        );
        assert!(
            made["name"]
                .as_str()
                .unwrap()
                .ends_with(&format!("-expiry-{expiry}.ics"))
        );
        // The same guide and issue date give the same event, so a second download updates it.
        let uid = event["uid"].as_str().unwrap();
        assert!(uid.contains(&issued.replace('-', "")), "{case}");
    }
}

#[test]
fn today_button_counts_from_today() {
    let test = "today_button_counts_from_today";
    if !browser_ready(test) || !parser_ready(test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build_site(repo(), &site, &[]);
    for ((made, read), years) in reminders(&site, &[(FINANCIAL, "today"), (JOINT, "today")])
        .iter()
        .zip([3, 1])
    {
        let event = assert_well_formed(read);
        // Today in the machine's time zone, which the browser shares.
        let issued = made["issued"].as_str().unwrap();
        let today = Command::new("date").arg("+%F").output().unwrap();
        let today = String::from_utf8_lossy(&today.stdout);
        assert_eq!(issued, today.trim(), "{made}");
        let year: u32 = issued[..4].parse().unwrap();
        let start = event["start"].as_str().unwrap();
        if !issued.ends_with("02-29") {
            assert_eq!(start, format!("{}{}", year + years, &issued[4..]), "{read}");
        }
        // Without `base_url` the event has no address.
        assert_eq!(event["url"], "", "{read}");
    }
}

#[test]
fn hostile_text_stays_text_in_one_event() {
    let test = "hostile_text_stays_text_in_one_event";
    if !browser_ready(test) || !parser_ready(test) {
        return;
    }
    let dir = fixture("build/valid");
    let guide = "content/guides/alpha-cert.yaml";
    // Three- and four-octet characters in a long title: folds fall inside both.
    let long = "아주 긴 제목, 줄을 접어야 하는; 글자 😀🇰🇷 ".repeat(12);
    let title = format!(
        "알파\\r\\nBEGIN:VEVENT\\r\\nSUMMARY:가짜 일정\\nEND:VEVENT, 쉼표; 쌍반점 \\\\ 역슬래시 {long}"
    );
    replace(
        dir.path(),
        guide,
        "title: 알파은행 금융인증서 발급·재발급",
        &format!("title: \"{title}\""),
    );
    replace(
        dir.path(),
        guide,
        "certificate: 금융인증서",
        "certificate: \"금융,인증서;\\\\n END:VCALENDAR\"",
    );
    replace(
        dir.path(),
        guide,
        "value: 발급일로부터 3년",
        "value: \"발급일로부터 3년, \\\"그대로\\\"; BEGIN:VALARM\\r\\nTRIGGER:-P1D\"",
    );
    let site = dir.path().join("site");
    build_site(dir.path(), &site, &[]);
    let made = reminders(&site, &[("guides/alpha-cert/index.html", "2024-02-29")]);
    let (_, read) = &made[0];
    let event = assert_well_formed(read);
    assert_eq!(read["events"].as_array().unwrap().len(), 1, "{read}");
    assert_eq!(event["alarms"].as_array().unwrap().len(), 1, "{read}");
    assert_eq!(event["start"], "2027-02-28");
    // The text as the page holds it: HTML turns every CR LF into LF.
    assert_eq!(
        event["summary"], "금융,인증서;\\n END:VCALENDAR 유효기간 만료",
        "{read}"
    );
    let description = event["description"].as_str().unwrap();
    let title = format!(
        "알파\nBEGIN:VEVENT\nSUMMARY:가짜 일정\nEND:VEVENT, 쉼표; 쌍반점 \\ 역슬래시 {long}"
    );
    assert!(description.starts_with(&format!("{title}\n")), "{read}");
    let fact =
        "유효기간: 발급일로부터 3년, \"그대로\"; BEGIN:VALARM\nTRIGGER:-P1D (발급일 2024-02-29)";
    assert!(description.contains(fact), "{read}");
    // Without `before_expiry` the alarm rings on the expiry date itself.
    assert_eq!(event["alarms"][0]["at"], "2027-02-28T09:00:00", "{read}");
}

// ---- Lint: the periods of the check fixture's one fact, `유효기간: 발급일로부터 3년`.

const GUIDE: &str = "content/guides/sample.yaml";
const VALIDITY: &str = "    value: 발급일로부터 3년\n    source: agency\n";
const QUOTE: &str = "    quote: 인증서의 유효기간은 발급일로부터 3년입니다.\n";

/// `check` on the check fixture with the fact's lines replaced by `fact` and `extra` facts
/// added after it; returns (exit code, stdout).
fn check_periods(fact: &str, extra: &str) -> (i32, String) {
    let dir = fixture("check/valid");
    let (from, to) = (
        format!("{VALIDITY}{QUOTE}"),
        format!("{fact}{QUOTE}{extra}"),
    );
    replace(dir.path(), GUIDE, &from, &to);
    let ran = run_in(dir.path(), &["check", "--deny-warnings"]);
    (ran.code, ran.stdout)
}

fn period_case(name: &str, fact: &str, extra: &str, rule: &str) {
    let (code, stdout) = check_periods(fact, extra);
    assert!(stdout.contains(&format!("[{rule}]")), "{name}: {stdout}");
    assert_eq!(code, 1, "{name}: {stdout}");
    insta::assert_snapshot!(name, stdout);
}

#[test]
fn periods_that_match_their_text_pass() {
    let (code, stdout) = check_periods(
        &format!("{VALIDITY}    validity:\n      years: 3\n"),
        "  - id: renewal\n    label: 갱신\n    value: 만료 30일 전부터 갱신\n    source: agency\n    quote: 갱신 안내\n    before_expiry:\n      days: 30\n",
    );
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn period_whose_number_is_not_in_the_text_is_a_warning() {
    period_case(
        "period_not_in_text",
        &format!("{VALIDITY}    validity:\n      years: 2\n"),
        "",
        "period-not-in-text",
    );
}

#[test]
fn empty_period_is_an_error() {
    period_case(
        "period_empty",
        &format!("{VALIDITY}    validity:\n      years: 0\n"),
        "",
        "invalid-period",
    );
}

#[test]
fn period_of_over_a_century_is_an_error() {
    period_case(
        "period_too_long",
        "    value: 발급일로부터 101년\n    source: agency\n    validity:\n      years: 101\n",
        "",
        "invalid-period",
    );
}

#[test]
fn before_expiry_without_a_validity_is_an_error() {
    period_case(
        "period_before_expiry_alone",
        &format!("{VALIDITY}    before_expiry:\n      years: 3\n"),
        "",
        "invalid-period",
    );
}

#[test]
fn before_expiry_as_long_as_the_validity_is_an_error() {
    period_case(
        "period_before_expiry_too_long",
        &format!("{VALIDITY}    validity:\n      years: 3\n"),
        "  - id: renewal\n    label: 갱신\n    value: 만료 36개월 전부터 갱신\n    source: agency\n    quote: 갱신 안내\n    before_expiry:\n      months: 36\n",
        "invalid-period",
    );
}

#[test]
fn second_validity_is_an_error() {
    period_case(
        "period_twice",
        &format!("{VALIDITY}    validity:\n      years: 3\n"),
        "  - id: again\n    label: 다시\n    value: 3년\n    source: agency\n    quote: 3년\n    validity:\n      years: 3\n",
        "invalid-period",
    );
}

#[test]
fn misspelled_period_field_is_unknown_with_a_suggestion() {
    period_case(
        "period_misspelled",
        &format!("{VALIDITY}    validity:\n      yaers: 3\n"),
        "",
        "unknown-field",
    );
}
