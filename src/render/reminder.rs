//! What the guide page's expiry reminder needs: the validity and the notice period as ISO 8601
//! durations, with the facts that state them. The calendar file itself is made in the page.

use crate::anchors;
use crate::content::{Fact, Guide, Located, Period};
use serde::Serialize;

/// What the guide page's expiry reminder (`assets/guide.js`) computes with: the periods as
/// ISO 8601 durations (`P3Y`, `P30D`) and the facts that state them, whose text becomes the
/// calendar event's.
#[derive(Debug, Serialize)]
pub struct ReminderView {
    pub anchor: &'static str,
    pub validity: String,
    pub validity_fact: FactText,
    /// When the alarm goes off, before the expiry date; `None` leaves it on the day itself.
    pub before_expiry: Option<String>,
    pub before_expiry_fact: Option<FactText>,
}

#[derive(Debug, Serialize)]
pub struct FactText {
    pub label: String,
    pub value: String,
}

/// The first fact with `validity` and the first with `before_expiry` (lint allows one each).
pub fn reminder_view(guide: &Guide) -> Option<ReminderView> {
    let with = |field: fn(&Fact) -> Option<&Located<Period>>| {
        guide.facts.iter().find_map(|located| {
            let fact = &located.value;
            let period = field(fact)?;
            let text = FactText {
                label: fact.label.value.clone(),
                value: fact.value.value.clone(),
            };
            Some((duration(period), text))
        })
    };
    let (validity, validity_fact) = with(|f| f.validity.as_ref())?;
    let before = with(|f| f.before_expiry.as_ref());
    let (before_expiry, before_expiry_fact) = before.unzip();
    Some(ReminderView {
        anchor: anchors::REMINDER,
        validity,
        validity_fact,
        before_expiry,
        before_expiry_fact,
    })
}

/// `P3Y`, `P1Y6M`, `P30D`: an ISO 8601 duration of whole years, months and days.
fn duration(period: &Period) -> String {
    let mut out = String::from("P");
    for (n, unit) in [
        (period.years, 'Y'),
        (period.months, 'M'),
        (period.days, 'D'),
    ] {
        if n > 0 {
            out.push_str(&n.to_string());
            out.push(unit);
        }
    }
    out
}
