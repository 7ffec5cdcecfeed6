//! The printable checklist: groups ordered by moment (before, during, after issuing), one box
//! an item, and a QR code of the online guide's address.

use super::pages::GuideView;
use super::qr;
use crate::anchors;
use crate::content::strings::Strings;
use crate::content::{Guide, Moment};
use anyhow::Result;
use serde::Serialize;

/// Up to this many boxes print at full spacing; more are set closer (still at 11 pt or more)
/// so the checklist stays one A4 page.
const NORMAL_MAX_ITEMS: usize = 16;
/// Beyond this many boxes even close spacing overflows the page, so print uses two columns.
const COMPACT_MAX_ITEMS: usize = 26;

#[derive(Debug, Serialize)]
pub struct ChecklistView {
    pub groups: Vec<GroupView>,
    /// Inline SVG of the QR code of the guide's address, once the site has one.
    pub qr_svg: Option<String>,
    /// That code, made once for the page and all the guide's PDFs.
    #[serde(skip)]
    pub qr: Option<qr::Code>,
    /// `normal`, `compact` or `columns`: how tightly the page is set, by the number of boxes.
    pub density: &'static str,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    #[serde(skip)]
    order: u8,
    pub moment: &'static str,
    pub moment_label: String,
    pub mode_label: String,
    pub title: Option<String>,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub id: String,
    pub anchor: String,
    pub text: String,
}

pub fn view(guide: &Guide, page: &GuideView, strings: &Strings) -> Result<ChecklistView> {
    let mut groups: Vec<GroupView> = guide
        .checklist
        .iter()
        .map(|group| GroupView {
            // The enum is declared in time order: before, during, after.
            order: group.moment.value as u8,
            moment: moment_key(group.moment.value),
            moment_label: say(strings, group.moment.key()),
            mode_label: say(strings, group.mode.key()),
            title: group.title.as_ref().map(|t| t.value.clone()),
            items: group
                .items
                .iter()
                .map(|item| ItemView {
                    id: item.id.value.clone(),
                    anchor: anchors::checklist_item(&item.id),
                    text: item.text.value.clone(),
                })
                .collect(),
        })
        .collect();
    // A stable sort keeps the authors' order of groups that share a moment.
    groups.sort_by_key(|g| g.order);
    let qr = page.card.url.as_deref().map(qr::code).transpose()?;
    let label = qr_label(&page.card.title, &page.strings);
    Ok(ChecklistView {
        groups,
        qr_svg: qr.as_ref().map(|code| code.svg(&label)),
        qr,
        density: density(page.card.checklist_items).class(),
    })
}

/// How tightly a checklist is set on paper, by its number of boxes: the `sheet-*` classes of
/// the print stylesheet. `check` models each (`lint::print_fit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Density {
    Normal,
    Compact,
    Columns,
}

impl Density {
    pub fn class(self) -> &'static str {
        match self {
            Density::Normal => "normal",
            Density::Compact => "compact",
            Density::Columns => "columns",
        }
    }
}

pub fn density(items: usize) -> Density {
    match items {
        n if n <= NORMAL_MAX_ITEMS => Density::Normal,
        n if n <= COMPACT_MAX_ITEMS => Density::Compact,
        _ => Density::Columns,
    }
}

/// What the QR code of a guide's checklist is, for those who cannot see it.
pub fn qr_label(title: &str, strings: &Strings) -> String {
    format!("{title} {}", say(strings, "qr_label"))
}

/// The interface string `key`; the key itself where a project's templates ask for one
/// that does not exist, so the gap shows on the page.
pub fn say(strings: &Strings, key: &str) -> String {
    strings.get(key).cloned().unwrap_or_else(|| key.to_string())
}

fn moment_key(moment: Moment) -> &'static str {
    match moment {
        Moment::Before => "before",
        Moment::During => "during",
        Moment::After => "after",
    }
}
