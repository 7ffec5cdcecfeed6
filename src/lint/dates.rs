//! Rules `invalid-date`, `future-date` and `review-overdue`, and the calendar arithmetic they
//! need.

use super::Rules;
use crate::content::{GuideFile, Text};
use crate::diagnostic::{Diagnostic, Rule};

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, or `None` when it is not a real date.
pub fn parse_date(text: &str) -> Option<i64> {
    check_date(text).ok()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, or what is wrong with it, in words an
/// author can act on ("there is no month 13").
pub fn check_date(text: &str) -> Result<i64, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && [0..4, 5..7, 8..10]
            .into_iter()
            .all(|part| bytes[part].iter().all(u8::is_ascii_digit));
    if !shaped {
        return Err("it is not written as YYYY-MM-DD".to_string());
    }
    // Ten ASCII digits and dashes: every part parses.
    let number = |range: std::ops::Range<usize>| text[range].parse::<i64>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!(
            "there is no month {month}; months go from 01 to 12"
        ));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let name = MONTHS[(month - 1) as usize];
        return Err(format!(
            "there is no day {day} in {name} {year}: it has {days} days"
        ));
    }
    Ok(days_from_civil(year, month, day))
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Today (UTC) as days since 1970-01-01.
pub fn today() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (seconds / 86_400) as i64
}

/// Today is UTC's, and an author east of Greenwich (Korea is 9 hours ahead) may already
/// live in tomorrow: a date is in the future only past that.
const TIME_ZONE_SLACK_DAYS: i64 = 1;

pub fn check(rules: &Rules, file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let interval = rules.review_interval;
    let guide = &file.guide;
    let name = file.file.as_str();
    let today = rules.options.today;
    let dates = std::iter::once(("reviewed", &guide.reviewed))
        .chain(guide.sources.iter().map(|s| ("checked", &s.checked)));
    for (field, date) in dates {
        match check_date(date) {
            Err(why) => out.push(invalid(name, date, &why)),
            Ok(day) if day > today + TIME_ZONE_SLACK_DAYS => {
                out.push(future(name, field, date, today))
            }
            Ok(_) => {}
        }
    }
    if let (Some(reviewed), Some(interval)) = (parse_date(&guide.reviewed), interval) {
        let age = today - reviewed;
        if age > interval {
            out.push(
                Diagnostic::new(
                    Rule::ReviewOverdue,
                    name,
                    guide.reviewed.pos,
                    format!(
                        "guide was reviewed {age} days ago, more than the {interval} days that site.yaml allows"
                    ),
                )
                .width(guide.reviewed.width)
                .hint("check the guide against its sources, then set `reviewed` to today's date"),
            );
        }
    }
}

fn invalid(file: &str, date: &Text, why: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::InvalidDate,
        file,
        date.pos,
        format!("`{}` is not a date: {why}", date.value),
    )
    .width(date.width)
    .hint("write a real date as YYYY-MM-DD, e.g. 2026-11-01")
}

fn future(file: &str, field: &str, date: &Text, today: i64) -> Diagnostic {
    Diagnostic::new(
        Rule::FutureDate,
        file,
        date.pos,
        format!(
            "`{field}` is {}, after today ({})",
            date.value,
            format_date(today)
        ),
    )
    .width(date.width)
    .hint(format!(
        "write the day the content was really checked, today at the latest: `{field}: {}`",
        format_date(today)
    ))
}

/// `YYYY-MM-DD` of days since 1970-01-01 (civil-from-days, the inverse of `parse_date`).
pub fn format_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
