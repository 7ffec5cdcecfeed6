//! Rules `invalid-date` and `review-overdue`, and the calendar arithmetic they need.

use super::Rules;
use crate::content::{GuideFile, Text};
use crate::diagnostic::{Diagnostic, Rule};

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, or `None` when it is not a real date.
pub fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || day < 1 || day > month_days[(month - 1) as usize] {
        return None;
    }
    Some(days_from_civil(year, month, day))
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

pub fn check(rules: &Rules, file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let interval = rules.review_interval;
    let guide = &file.guide;
    let name = file.file.as_str();
    let dates = std::iter::once(&guide.reviewed).chain(guide.sources.iter().map(|s| &s.checked));
    for date in dates {
        if parse_date(date).is_none() {
            out.push(invalid(name, date));
        }
    }
    if let (Some(reviewed), Some(interval)) = (parse_date(&guide.reviewed), interval) {
        let age = rules.options.today - reviewed;
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

fn invalid(file: &str, date: &Text) -> Diagnostic {
    Diagnostic::new(
        Rule::InvalidDate,
        file,
        date.pos,
        format!("`{}` is not a date", date.value),
    )
    .width(date.width)
    .hint("write dates as YYYY-MM-DD, e.g. 2026-11-01")
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
