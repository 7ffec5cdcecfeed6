//! Rules for the periods a reader computes with (a fact's `validity` and `before_expiry`):
//! `invalid-period` for a period the expiry reminder cannot use, and `period-not-in-text`
//! when the number a period holds is not in the text of its fact, so that the machine-readable
//! value and the sentence a reader sees cannot drift apart unnoticed.

use crate::content::{Fact, GuideFile, Located, Period};
use crate::diagnostic::{Diagnostic, Rule};

/// Longer than this is a typo: no certificate is valid for a century.
const MAX_YEARS: u32 = 100;

pub fn check(file: &GuideFile, out: &mut Vec<Diagnostic>) {
    let name = file.file.as_str();
    let facts = &file.guide.facts;
    // (fact, period) for every fact that has the field.
    let with = |field: fn(&Fact) -> Option<&Located<Period>>| {
        facts
            .iter()
            .filter_map(move |located| field(located).map(|period| (&located.value, period)))
    };
    let validities: Vec<_> = with(|f| f.validity.as_ref()).collect();
    let before: Vec<_> = with(|f| f.before_expiry.as_ref()).collect();
    for (field, periods) in [("validity", &validities), ("before_expiry", &before)] {
        for (fact, period) in periods {
            check_period(name, fact, field, period, out);
        }
        for (fact, period) in periods.iter().skip(1) {
            out.push(
                Diagnostic::new(
                    Rule::InvalidPeriod,
                    name,
                    period.pos,
                    format!(
                        "fact `{}` has `{field}` too; the reminder uses only the first",
                        fact.id.value
                    ),
                )
                .hint(format!("keep `{field}` on one fact of the guide")),
            );
        }
    }
    let Some((fact, period)) = before.first() else {
        return;
    };
    match validities.first() {
        None => out.push(
            Diagnostic::new(
                Rule::InvalidPeriod,
                name,
                period.pos,
                format!(
                    "fact `{}` has `before_expiry` but no fact of the guide has `validity`",
                    fact.id.value
                ),
            )
            .hint("add `validity:` to the fact that states how long the certificate is valid"),
        ),
        Some((_, validity)) if length(period) >= length(validity) => out.push(
            Diagnostic::new(
                Rule::InvalidPeriod,
                name,
                period.pos,
                format!(
                    "`before_expiry` of fact `{}` is not shorter than the validity",
                    fact.id.value
                ),
            )
            .hint("make it shorter than `validity`: the alarm would ring on or before the day of issue"),
        ),
        Some(_) => {}
    }
}

fn check_period(
    name: &str,
    fact: &Fact,
    field: &str,
    period: &Located<Period>,
    out: &mut Vec<Diagnostic>,
) {
    let id = &fact.id.value;
    if period.years == 0 && period.months == 0 && period.days == 0 {
        out.push(
            Diagnostic::new(
                Rule::InvalidPeriod,
                name,
                period.pos,
                format!("`{field}` of fact `{id}` is empty"),
            )
            .hint("give `years:`, `months:` or `days:` a number above 0"),
        );
        return;
    }
    if length(period)
        > length(&Period {
            years: MAX_YEARS,
            months: 0,
            days: 0,
        })
    {
        out.push(
            Diagnostic::new(
                Rule::InvalidPeriod,
                name,
                period.pos,
                format!("`{field}` of fact `{id}` is longer than {MAX_YEARS} years"),
            )
            .hint("check the number: no certificate is valid for a century"),
        );
        return;
    }
    let text = &fact.value.value;
    let missing: Vec<String> = [period.years, period.months, period.days]
        .into_iter()
        .filter(|&n| n > 0 && !mentions(text, n))
        .map(|n| n.to_string())
        .collect();
    if !missing.is_empty() {
        out.push(
            Diagnostic::new(
                Rule::PeriodNotInText,
                name,
                fact.value.pos,
                format!(
                    "fact `{id}` says `{text}`, which does not mention the {} of its `{field}`",
                    missing.join(" and ")
                ),
            )
            .width(fact.value.width)
            .hint(format!(
                "write the period in `value` as `{field}` has it, or correct `{field}`"
            )),
        );
    }
}

/// True when `number` is written in `text` as a whole number (3 in 3년, not in 30일).
fn mentions(text: &str, number: u32) -> bool {
    let number = number.to_string();
    text.match_indices(&number).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// The period's average length, in 1/4800 days: a Gregorian year is 365.2425 days and a
/// month a twelfth of it, which makes every unit a whole number here (36 months compare equal
/// to 3 years).
fn length(period: &Period) -> u64 {
    const DAY: u64 = 4800;
    const MONTH: u64 = 146_097; // 146097 days in 400 years, 4800 months
    u64::from(period.years) * 12 * MONTH
        + u64::from(period.months) * MONTH
        + u64::from(period.days) * DAY
}
