//! The checklist as a PDF: the content and order of the printed HTML checklist (header,
//! how to use it, groups by moment with a box an item) on one A4 page, or in large print on
//! at most two.

use super::header::{Header, header, rule};
use super::layout::{Doc, LARGE, Op, REGULAR, Role, Row, Style};
use super::text::Run;
use super::{Print, Source};
use crate::render::checklist::say;
use anyhow::Result;

/// Regular print set closer, for a checklist too long for one page at full spacing.
const TIGHT: Style = Style {
    leading: 1.3,
    gap: 5.0,
    strong: 11.0,
    heading: 12.0,
    title: 17.0,
    ..REGULAR
};

/// The checklist of `source` in `print`. Regular print is set closer, then closer still,
/// until it fits one page; a checklist that does not fit even then goes on to a second.
pub fn checklist(source: &Source, print: Print) -> Result<Doc<'static>> {
    let styles: &[&'static Style] = match print {
        Print::Regular => &[&REGULAR, &TIGHT],
        Print::Large => &[&LARGE],
    };
    let mut doc = compose(source, styles[0])?;
    for style in &styles[1..] {
        if doc.pages.len() == 1 {
            break;
        }
        doc = compose(source, style)?;
    }
    Ok(doc)
}

fn compose(source: &Source, style: &'static Style) -> Result<Doc<'static>> {
    let guide = &source.guide.card;
    let t = &*source.guide.strings;
    let title = format!("{}{}", say(t, "checklist_title"), guide.title);
    let mut doc = Doc::new(source.font, style, &title, source.lang, 0.0);
    header(
        &mut doc,
        source,
        &Header {
            kind: &say(t, "printable_checklist"),
            about: &guide.certificate,
            subtitle: None,
        },
    )?;
    let (x, width) = (doc.left(), doc.width());
    let mut how = say(t, "checklist_how_print");
    if guide.url.is_some() {
        how.push(' ');
        how.push_str(&say(t, "checklist_how_qr"));
    }
    let node = doc.node(Role::P, 0);
    let mut rows = doc.lines(&[Run::plain(how)], style.body, x, width, 0.0, node);
    rows.push(Row::gap(style.gap * 1.5));
    doc.place(rows);

    let box_size = style.strong * 0.95;
    let indent = box_size + style.strong * 0.7;
    let pad = style.gap * 0.45;
    for group in &source.checklist.groups {
        let heading = doc.node(Role::H2, 0);
        let main = group.title.as_deref().unwrap_or(&group.moment_label);
        let mode = match &group.title {
            Some(_) => format!("{} · {}", group.moment_label, group.mode_label),
            None => group.mode_label.to_string(),
        };
        let mut rows = heading_rows(&doc, main, &mode, heading);
        rows.push(Row::gap(pad));
        rows.push(rule(x, width, style.rule, 0.0));
        let list = doc.node(Role::L, 0);
        for (index, item) in group.items.iter().enumerate() {
            let entry = doc.node(Role::LI, list);
            let body = doc.node(Role::LBody, entry);
            let runs = [Run::plain(item.text.as_str())];
            let mut lines = doc.lines(&runs, style.strong, x + indent, width - indent, 0.0, body);
            let line_height = lines[0].height;
            lines[0].ops.insert(
                0,
                Op::Rect {
                    x,
                    y: (line_height - box_size) / 2.0,
                    w: box_size,
                    h: box_size,
                    fill: None,
                    stroke: Some(style.rule * 1.25),
                },
            );
            for line in &mut lines {
                line.ops.iter_mut().for_each(|op| op.shift(pad));
            }
            lines[0].height += pad;
            // The heading stays with the first item; items stay whole.
            lines[0].keep = index == 0;
            rows.extend(lines);
            rows.push(Row::gap(pad));
            rows.push(rule(x, width, style.rule * 0.6, 0.72));
        }
        rows.push(Row::gap(style.gap * 1.6));
        doc.place(rows);
    }
    Ok(doc)
}

/// A group's heading: its name in bold, then how the group is used in body text.
fn heading_rows(doc: &Doc, main: &str, mode: &str, node: usize) -> Vec<Row> {
    let style = doc.style;
    let (x, width) = (doc.left(), doc.width());
    let main_width = doc.font.width(main) * style.heading;
    let mode_width = doc.font.width(&format!(" {mode}")) * style.body;
    if main_width + mode_width > width {
        let runs = [Run::bold(main), Run::plain(format!(" {mode}"))];
        let mut rows = doc.lines(&runs, style.heading, x, width, 0.0, node);
        rows[0].keep = false;
        return rows;
    }
    let mut rows = doc.lines(&[Run::bold(main)], style.heading, x, width, 0.0, node);
    if let Some(row) = rows.first_mut() {
        let baseline = match row.ops.first() {
            Some(Op::Text { y, .. }) => *y,
            _ => 0.0,
        };
        // The space is drawn, so the copied text keeps it.
        row.ops.push(Op::Text {
            x: x + main_width,
            y: baseline,
            size: style.body,
            bold: false,
            gray: 0.0,
            text: format!(" {mode}"),
            node: Some(node),
        });
        row.keep = false;
    }
    rows
}
