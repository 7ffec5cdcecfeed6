//! The top of every PDF's first page, as the printed checklist has it: what the sheet is,
//! the guide's title, the review date, and, once the site has an address, that address with
//! a QR code at the right.

use super::Source;
use super::layout::{Doc, Op, PAGE_WIDTH, Role, Row};
use super::text::Run;
use crate::render::checklist::say;
use anyhow::Result;

/// What a header shows besides the guide's title, review date, address and QR code.
pub struct Header<'a> {
    /// What the sheet is, e.g. `인쇄용 체크리스트`, and what it is about (`금융인증서`).
    pub kind: &'a str,
    pub about: &'a str,
    /// A second heading under the title (a procedure's title).
    pub subtitle: Option<&'a str>,
}

/// Lays out the header at the top of the first page.
pub fn header(doc: &mut Doc, source: &Source, header: &Header) -> Result<()> {
    let guide = &source.guide.card;
    let strings = &*source.guide.strings;
    let style = *doc.style;
    let document = 0;
    let code = source.qr;
    let gap = style.gap * 1.5;
    let width = match &code {
        Some(_) => doc.width() - style.qr - gap,
        None => doc.width(),
    };
    let x = doc.left();
    let (top, _) = doc.cursor();

    let kind = doc.node(Role::P, document);
    let runs = [
        Run::bold(header.kind),
        Run::plain(format!(" · {}", header.about)),
    ];
    let mut rows = doc.lines(&runs, style.body, x, width, 0.0, kind);
    let title = doc.node(Role::H1, document);
    rows.extend(doc.lines(
        &[Run::bold(&guide.title)],
        style.title,
        x,
        width,
        0.0,
        title,
    ));
    if let Some(subtitle) = header.subtitle {
        let node = doc.node(Role::H2, document);
        rows.extend(doc.lines(&[Run::bold(subtitle)], style.heading, x, width, 0.0, node));
    }
    let meta = doc.node(Role::P, document);
    let reviewed = format!("{} {}", say(strings, "reviewed"), guide.reviewed);
    rows.extend(doc.lines(
        &[Run::plain(reviewed)],
        style.body,
        x,
        width,
        style.muted,
        meta,
    ));
    if let Some(url) = guide.url.as_deref() {
        let line = doc.node(Role::P, document);
        let label = doc.node(Role::Span, line);
        let link = doc.node(Role::Link, line);
        doc.nodes[link].uri = Some(url.to_string());
        let intro = &say(strings, "step_by_step_at");
        let mut intro_rows = doc.lines(&[Run::plain(intro)], style.body, x, width, 0.0, label);
        let intro_width = doc.font.width(intro) * style.body;
        let url_width = doc.font.width(url) * style.body;
        // The address after its label when it fits, else on lines of its own.
        let (left, room) = if url_width <= width - intro_width {
            (x + intro_width, width - intro_width)
        } else {
            (x, width)
        };
        let mut address = doc.lines(&[Run::plain(url)], style.body, left, room, 0.0, link);
        let height: f32 = address.iter().map(|row| row.height).sum();
        if let Some(first) = address.first_mut() {
            first.ops.push(Op::Link {
                x: left,
                y: 0.0,
                w: url_width.min(room),
                h: height,
                node: link,
            });
            if left > x
                && let Some(intro) = intro_rows.pop()
            {
                first.ops.splice(0..0, intro.ops);
            }
        }
        rows.extend(intro_rows);
        rows.extend(address);
    }
    doc.place(rows);

    if let Some(code) = code {
        let figure = doc.node(Role::Figure, document);
        doc.nodes[figure].alt = Some(source.qr_label.to_string());
        let left = PAGE_WIDTH - style.margin - style.qr;
        doc.draw(Op::Qr {
            x: left,
            y: top,
            module: style.qr / code.size as f32,
            node: figure,
        });
        if let Some(url) = guide.url.as_deref() {
            let link = doc.node(Role::Link, figure);
            doc.nodes[link].uri = Some(url.to_string());
            doc.draw(Op::Link {
                x: left,
                y: top,
                w: style.qr,
                h: style.qr,
                node: link,
            });
        }
        doc.skip_to(top + style.qr);
    }
    let (x, width) = (doc.left(), doc.width());
    doc.place(vec![
        Row::gap(style.gap),
        rule(x, width, style.rule, 0.0),
        Row::gap(style.gap),
    ]);
    Ok(())
}

/// A horizontal line across `width` from `x`, in a gray.
pub fn rule(x: f32, width: f32, thickness: f32, gray: f32) -> Row {
    Row {
        height: thickness,
        ops: vec![Op::Rect {
            x,
            y: 0.0,
            w: width,
            h: thickness,
            fill: Some(gray),
            stroke: None,
        }],
        keep: true,
    }
}
