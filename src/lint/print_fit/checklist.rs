//! The printed checklist (`templates/checklist.html`) as the print stylesheet
//! (`templates/static/style.css`, `@page` and `@media print`) lays it out: every length below
//! is the stylesheet's, named by its selector. A change there must be made here too; the
//! browser test `print_fit::print_overflow_verdict_matches_chromium_page_count` fails when they
//! disagree; `tests/browser/measure_print.mjs` shows Chromium's boxes to compare with.

use super::layout::{Font, Page, Piece, Wrap, border, lines, mm, pt, rem, unit};
use crate::content::strings::Strings;
use crate::content::{Guide, Moment};
use crate::render::checklist::say;
use crate::render::checklist::{Density, density};

/// `@page { size: A4 portrait; margin: 14mm 15mm }`
pub fn page() -> Page {
    Page::a4(14.0, 15.0)
}

/// How tall the printed checklist is, and where each group ends.
#[derive(Debug)]
pub struct Sheet {
    pub page: Page,
    /// The page's content, in px from the top of the page's printable area.
    pub height: f64,
    /// The header's bottom, before any group.
    pub header: f64,
    /// For each group in printed order: its index in the guide's `checklist`, and its bottom.
    pub groups: Vec<(usize, f64)>,
}

impl Sheet {
    /// How far the content goes past the page's foot, in px (negative when it fits).
    pub fn overflow(&self) -> f64 {
        self.height - self.page.height
    }
}

/// Lays out the checklist of `guide`; `url` is the guide's address, printed with a QR code
/// when the site has one.
pub fn layout(guide: &Guide, url: Option<&str>, lang: &str, t: &Strings) -> Sheet {
    let page = page();
    let density = density(guide.checklist.iter().map(|g| g.items.len()).sum());
    let text = Text::of(density, lang, t);
    let header = header(guide, url, page.width, text);
    // `.sheet-how-print { margin: 2mm 0 0 }`, in the sheet's text.
    let mut how = say(t, "checklist_how_print");
    if url.is_some() {
        how = format!("{how} {}", say(t, "checklist_how_qr"));
    }
    let body = text.regular(text.size);
    let how = paragraph(&[Piece::Text(&how, body)], page.width, text.line_height);
    let mut y = header + mm(2.0) + how;
    // The groups in printed order: by moment, the authors' order within one.
    let mut order: Vec<usize> = (0..guide.checklist.len()).collect();
    order.sort_by_key(|&n| moment_order(guide.checklist[n].moment.value));
    let mut groups = Vec::new();
    for n in order {
        y += group_margin(density) + group(guide, n, density, text, page.width);
        groups.push((n, y));
    }
    Sheet {
        page,
        height: y,
        header,
        groups,
    }
}

/// The sheet's text: `.checklist-page { font-size: 12pt }` at the print `body`'s
/// `line-height: 1.5`, or `.sheet-compact, .sheet-columns { font-size: 11pt; line-height: 1.4 }`
/// on the whole sheet, its header too.
#[derive(Clone, Copy)]
struct Text<'a> {
    size: f64,
    line_height: f64,
    /// The page's language, which decides a space's width.
    lang: &'a str,
    /// Its interface strings: the sheet's kind, the moments and modes.
    t: &'a Strings,
}

impl<'a> Text<'a> {
    fn of(density: Density, lang: &'a str, t: &'a Strings) -> Text<'a> {
        let (size, line_height) = match density {
            Density::Normal => (pt(12.0), 1.5),
            Density::Compact | Density::Columns => (pt(11.0), 1.4),
        };
        Text {
            size,
            line_height,
            lang,
            t,
        }
    }

    fn regular(&self, size: f64) -> Font {
        Font::regular(size).on(self.lang)
    }

    fn bold(&self, size: f64) -> Font {
        Font::bold(size).on(self.lang)
    }
}

fn moment_order(moment: Moment) -> u8 {
    moment as u8
}

/// `.sheet-header`: the heading (kind and badge, title, review date, address) beside the QR
/// code, then `padding-bottom: 3mm; border-bottom: 0.5mm`.
fn header(guide: &Guide, url: Option<&str>, width: f64, text: Text) -> f64 {
    // `.qr { width: 30mm; height: 30mm }`, `gap: 1rem` from the heading.
    let qr = mm(30.0);
    let heading_width = if url.is_some() {
        width - qr - rem(1.0)
    } else {
        width
    };
    // `.sheet-kind, .sheet-meta, .sheet-url, .mode { font-size: 11pt }`, the sheet's line-height;
    // `.sheet-kind` is bold and `margin: 0.3rem 0 0`.
    let small = text.regular(pt(11.0));
    let kind = format!("{} · ", say(text.t, "printable_checklist"));
    let kind = [
        Piece::Text(&kind, text.bold(pt(11.0))),
        // `.badge { display: inline-block; padding: 0.1rem 0.6rem; border: 0.3mm;
        // font-size: 11pt; font-weight: 700 }`
        Piece::Inline {
            text: &guide.certificate,
            font: text.bold(pt(11.0)),
            sides: 2.0 * (rem(0.6) + border(0.3)),
            extra: rem(0.1) + border(0.3),
        },
    ];
    let mut heading = rem(0.3) + paragraph(&kind, heading_width, text.line_height);
    // `.checklist-page h1 { font-size: 18pt; margin: 0 0 2mm }`, bold, line-height 1.35.
    let title = [Piece::Text(&guide.title, text.bold(pt(18.0)))];
    heading += paragraph(&title, heading_width, 1.35) + mm(2.0);
    // `.sheet-meta, .sheet-url { margin: 0.2rem 0 }`: collapsed with the title's 2mm.
    let reviewed = format!("{} {}", say(text.t, "reviewed"), guide.reviewed.value);
    heading += paragraph(
        &[Piece::Text(&reviewed, small)],
        heading_width,
        text.line_height,
    ) + rem(0.2);
    if let Some(url) = url {
        // `.sheet-url a { overflow-wrap: anywhere }`
        let intro = say(text.t, "step_by_step_at");
        let line = [Piece::Text(&intro, small), Piece::Text(url, small)];
        heading +=
            paragraph_wrapping(&line, heading_width, text.line_height, Wrap::Anywhere) + rem(0.2);
    }
    let qr_height = if url.is_some() { qr } else { 0.0 };
    heading.max(qr_height) + mm(3.0) + border(0.5)
}

/// `.group { margin: 5mm 0 0 }`; `.sheet-compact .group, .sheet-columns .group
/// { margin-top: 3.5mm }`. The first group's margin collapses with the 2mm above it.
fn group_margin(density: Density) -> f64 {
    match density {
        Density::Normal => mm(5.0),
        Density::Compact | Density::Columns => mm(3.5),
    }
}

/// One `.group`: its heading, then its items, in two columns for `sheet-columns`.
fn group(guide: &Guide, n: usize, density: Density, text: Text, width: f64) -> f64 {
    let group = &guide.checklist[n];
    let moment = say(text.t, group.moment.key());
    let mode = say(text.t, group.mode.key());
    let mode = match &group.title {
        Some(_) => format!("{moment} · {mode}"),
        None => mode,
    };
    let title = group
        .title
        .as_ref()
        .map_or(moment.as_str(), |t| t.value.as_str());
    // `.group h2 { font-size: 13pt; border-bottom: 0.4mm; margin: 0 0 0.4rem;
    // padding-bottom: 0.2rem }`, bold, line-height 1.35; the mode in `.mode` at 11pt.
    let heading = [
        Piece::Text(title, text.bold(pt(13.0))),
        Piece::Text(" ", text.bold(pt(13.0))),
        Piece::Text(&mode, text.regular(pt(11.0))),
    ];
    let heading = paragraph(&heading, width, 1.35) + rem(0.2) + border(0.4) + rem(0.4);
    // `.sheet-columns .items { columns: 2; column-gap: 8mm }`
    let column = match density {
        Density::Columns => unit((width - mm(8.0)) / 2.0),
        _ => width,
    };
    let items: Vec<f64> = group
        .items
        .iter()
        .map(|item| self::item(&item.text, density, text, column))
        .collect();
    let items = match density {
        Density::Columns => balanced(&items),
        _ => items.iter().sum(),
    };
    heading + items
}

/// One `.item`: a box to tick beside the text. `.item { padding: 1.6mm 0; border-bottom:
/// 0.2mm }` (`1mm` when compact or in columns); `.tick { width: 5mm; height: 5mm; margin:
/// 0.6mm 3mm 0 0 }`; the words in the sheet's text.
fn item(words: &str, density: Density, text: Text, width: f64) -> f64 {
    let padding = match density {
        Density::Normal => mm(1.6),
        Density::Compact | Density::Columns => mm(1.0),
    };
    let font = text.regular(text.size);
    let text_width = width - mm(5.0) - mm(3.0);
    let text = paragraph(&[Piece::Text(words, font)], text_width, text.line_height);
    let tick = mm(0.6) + mm(5.0);
    2.0 * padding + text.max(tick) + border(0.2)
}

/// The height of two balanced columns of `items` that never break inside an item: the
/// shortest column height that holds them, in order.
fn balanced(items: &[f64]) -> f64 {
    let total: f64 = items.iter().sum();
    let mut first = 0.0;
    let mut best = total;
    for height in items {
        first += height;
        best = best.min(first.max(total - first));
    }
    best
}

/// A paragraph's height: its lines at `line_height` times the first piece's font size, plus
/// what inline blocks add; words wider than the line break anywhere (`overflow-wrap:
/// break-word` on the body).
fn paragraph(pieces: &[Piece], width: f64, line_height: f64) -> f64 {
    paragraph_wrapping(pieces, width, line_height, Wrap::Anywhere)
}

fn paragraph_wrapping(pieces: &[Piece], width: f64, line_height: f64, wrap: Wrap) -> f64 {
    let size = match pieces.first() {
        Some(Piece::Text(_, font) | Piece::Inline { font, .. }) => font.size,
        None => return 0.0,
    };
    let line = unit(size * line_height);
    lines(pieces, width, wrap)
        .iter()
        .map(|extra| line + 2.0 * extra)
        .sum()
}
