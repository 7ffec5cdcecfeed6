//! A procedure of a guide as a PDF, for reading on paper while doing it: the header, key
//! facts, what to prepare, every step with its cautions before its action, and what the end
//! looks like. A step's cautions and action are never split across pages; a page breaks
//! only between steps or between the paragraphs that follow an action.

use super::header::{Header, header};
use super::layout::{Doc, LARGE, Op, PAGE_HEIGHT, PAGE_WIDTH, REGULAR, Role, Row};
use super::text::{self, Para, Run};
use super::{Print, Source};
use crate::content::strings::Strings;
use crate::render::checklist::say;
use crate::render::pages::{CautionView, ProcedureView, StepView};
use anyhow::Result;

/// The PDF of `procedure` of `source`'s guide, in `print`.
pub fn procedure(source: &Source, procedure: &ProcedureView, print: Print) -> Result<Doc<'static>> {
    let style = match print {
        Print::Regular => &REGULAR,
        Print::Large => &LARGE,
    };
    let guide = &source.guide.card;
    let t = &*source.guide.strings;
    let title = format!("{}: {}", guide.title, procedure.title);
    let footer = style.body * style.leading;
    let mut doc = Doc::new(source.font, style, &title, source.lang, footer);
    let about = format!("{} · {}", guide.certificate, procedure.channel);
    header(
        &mut doc,
        source,
        &Header {
            kind: &say(t, "step_by_step"),
            about: &about,
            subtitle: Some(&procedure.title),
        },
    )?;

    let facts: Vec<Vec<Run>> = guide
        .facts
        .iter()
        .map(|fact| {
            vec![
                Run::bold(format!("{}: ", fact.label)),
                Run::plain(&fact.value),
            ]
        })
        .collect();
    list_section(&mut doc, &say(t, "facts"), &facts);
    let prepare: Vec<Vec<Run>> = source
        .guide
        .prepare
        .iter()
        .chain(&procedure.prepare)
        .map(|item| vec![Run::plain(item)])
        .collect();
    list_section(&mut doc, &say(t, "prepare"), &prepare);

    let steps = doc.node(Role::L, 0);
    for step in &procedure.steps {
        step_rows(&mut doc, step, steps, t);
    }
    if let Some(result) = &procedure.result {
        let section = doc.node(Role::Div, 0);
        let heading = doc.node(Role::H2, section);
        let (x, width) = (doc.left(), doc.width());
        let mut rows = doc.lines(
            &[Run::bold(say(t, "result"))],
            style.heading,
            x,
            width,
            0.0,
            heading,
        );
        rows[0].keep = false;
        rows.extend(paragraphs(
            &mut doc,
            &text::markdown(result),
            x,
            width,
            section,
            true,
        ));
        doc.place(rows);
    }
    footers(&mut doc, &title);
    Ok(doc)
}

/// A heading and a bulleted list, kept together when it is short.
fn list_section(doc: &mut Doc, title: &str, items: &[Vec<Run>]) {
    if items.is_empty() {
        return;
    }
    let style = *doc.style;
    let (x, width) = (doc.left(), doc.width());
    let heading = doc.node(Role::H2, 0);
    let mut rows = doc.lines(&[Run::bold(title)], style.heading, x, width, 0.0, heading);
    rows[0].keep = false;
    let list = doc.node(Role::L, 0);
    let paras: Vec<Para> = items
        .iter()
        .map(|runs| Para {
            runs: runs.clone(),
            bullet: true,
        })
        .collect();
    rows.extend(paragraphs(doc, &paras, x, width, list, true));
    rows.push(Row::gap(style.gap));
    doc.place(rows);
}

/// Rows of paragraphs in body text under `parent`; bullets make list items (when `parent` is
/// a list) or indented lines. The first paragraph stays with what is above it.
fn paragraphs(
    doc: &mut Doc,
    paras: &[Para],
    x: f32,
    width: f32,
    parent: usize,
    keep: bool,
) -> Vec<Row> {
    let style = *doc.style;
    let bullet = "• ";
    let indent = doc.font.width(bullet) * style.body;
    let mut rows = Vec::new();
    for (index, para) in paras.iter().enumerate() {
        let (node, left) = if para.bullet {
            let item = match doc.nodes[parent].role {
                Role::L => doc.node(Role::LI, parent),
                _ => parent,
            };
            (doc.node(Role::LBody, item), x + indent)
        } else {
            (doc.node(Role::P, parent), x)
        };
        let mut lines = doc.lines(&para.runs, style.body, left, width - (left - x), 0.0, node);
        if para.bullet {
            // The bullet is decoration: the list's structure says what it says.
            let baseline = match lines[0].ops.first() {
                Some(Op::Text { y, .. }) => *y,
                _ => style.body,
            };
            lines[0].ops.insert(
                0,
                Op::Text {
                    x,
                    y: baseline,
                    size: style.body,
                    bold: false,
                    gray: 0.0,
                    text: bullet.trim_end().to_string(),
                    node: None,
                },
            );
        }
        lines[0].keep = index == 0 && keep;
        rows.extend(lines);
    }
    rows
}

/// A step: its number, its cautions in a box, its action, then its detail and choices.
fn step_rows(doc: &mut Doc, step: &StepView, list: usize, t: &Strings) {
    let style = *doc.style;
    let number_width = style.strong * 2.0;
    let x = doc.left() + number_width;
    let width = doc.width() - number_width;
    let item = doc.node(Role::LI, list);
    let label = doc.node(Role::Lbl, item);
    let body = doc.node(Role::LBody, item);

    let mut rows: Vec<Row> = Vec::new();
    if step.optional {
        let note = doc.node(Role::P, body);
        let runs = [
            Run::bold(format!("{}: ", say(t, "optional_tag"))),
            Run::plain(say(t, "optional_note")),
        ];
        rows.extend(doc.lines(&runs, style.body, x, width, style.muted, note));
    }
    rows.extend(cautions(doc, &step.cautions, x, width, body, t));
    let action = doc.node(Role::P, body);
    let mut action_rows = doc.lines(
        &[Run::bold(&step.action)],
        style.strong,
        x,
        width,
        0.0,
        action,
    );
    if let Some(first) = action_rows.first_mut() {
        first.height += style.gap * 0.4;
        for op in &mut first.ops {
            if let Op::Text { y, .. } = op {
                *y += style.gap * 0.4;
            }
        }
    }
    rows.extend(action_rows);
    // The number, level with the first line.
    let number_rows = doc.lines(
        &[Run::bold(step.number.to_string())],
        style.strong * 1.2,
        doc.left(),
        number_width,
        0.0,
        label,
    );
    if let (Some(first), Some(number)) = (rows.first_mut(), number_rows.into_iter().next()) {
        first.ops.splice(0..0, number.ops);
    }
    if let Some(first) = rows.first_mut() {
        first.keep = false;
    }
    if let Some(detail) = &step.detail {
        rows.extend(paragraphs(
            doc,
            &text::markdown(detail),
            x,
            width,
            body,
            true,
        ));
    }
    if !step.choices.is_empty() {
        let intro = doc.node(Role::P, body);
        rows.extend(doc.lines(
            &[Run::plain(say(t, "choices_title"))],
            style.body,
            x,
            width,
            style.muted,
            intro,
        ));
        let choices = doc.node(Role::L, body);
        for (index, choice) in step.choices.iter().enumerate() {
            let or = if index == 0 {
                String::new()
            } else {
                format!("{} ", say(t, "or"))
            };
            let mut runs = vec![Run::plain(or), Run::bold(&choice.label)];
            if let Some(detail) = &choice.detail {
                runs.push(Run::plain(": "));
                for (n, para) in text::markdown(detail).into_iter().enumerate() {
                    if n > 0 {
                        runs.push(Run::plain(" "));
                    }
                    runs.extend(para.runs);
                }
            }
            let para = Para { runs, bullet: true };
            let mut lines = paragraphs(doc, &[para], x, width, choices, false);
            if let Some(first) = lines.first_mut() {
                first.keep = index == 0;
            }
            rows.extend(lines);
        }
    }
    rows.push(Row::gap(style.gap * 1.4));
    doc.place(rows);
}

/// A step's cautions, in a box with a warning sign, before its action.
fn cautions(
    doc: &mut Doc,
    cautions: &[CautionView],
    x: f32,
    width: f32,
    parent: usize,
    t: &Strings,
) -> Vec<Row> {
    let style = *doc.style;
    let pad = style.body * 0.6;
    let (inner_x, inner_width) = (x + pad, width - 2.0 * pad);
    let section = doc.node(Role::Div, parent);
    let title = doc.node(Role::P, section);
    let sign = style.body * 0.95;
    let mut rows = doc.lines(
        &[Run::bold(say(t, "cautions_title"))],
        style.body,
        inner_x + sign + style.body * 0.4,
        inner_width - sign,
        0.0,
        title,
    );
    let list = doc.node(Role::L, section);
    let paras: Vec<Para> = cautions
        .iter()
        .map(|caution| {
            let mut runs = Vec::new();
            if let Some(text) = &caution.text {
                for (n, para) in text::markdown(text).into_iter().enumerate() {
                    if n > 0 {
                        runs.push(Run::plain(" "));
                    }
                    runs.extend(para.runs);
                }
            }
            if let Some(failure) = &caution.failure {
                runs.push(Run::plain(format!("{} ", failure.caution)));
                runs.push(Run::plain(format!(
                    "({}{})",
                    say(t, "common_failure_at"),
                    failure.cause
                )));
            }
            Para { runs, bullet: true }
        })
        .collect();
    rows.extend(paragraphs(doc, &paras, inner_x, inner_width, list, true));
    for row in &mut rows {
        row.keep = true;
    }
    let height: f32 = rows.iter().map(|row| row.height).sum::<f32>() + 2.0 * pad;
    let title_height = rows[0].height;
    // Padding above and below, inside the box.
    for op in rows.iter_mut().flat_map(|row| row.ops.iter_mut()) {
        op.shift(pad);
    }
    rows.push(Row {
        height: 2.0 * pad,
        keep: true,
        ..Row::default()
    });
    let (fill, stroke) = match style.muted {
        0.0 => (None, Some(style.rule)),
        _ => (Some(0.93), None),
    };
    let first = &mut rows[0].ops;
    first.insert(
        0,
        Op::Warning {
            x: inner_x,
            y: pad + (title_height - sign) / 2.0,
            size: sign,
        },
    );
    first.insert(
        0,
        Op::Rect {
            x,
            y: 0.0,
            w: width,
            h: height,
            fill,
            stroke,
        },
    );
    first.insert(
        1,
        Op::Rect {
            x,
            y: 0.0,
            w: style.rule * 3.0,
            h: height,
            fill: Some(0.0),
            stroke: None,
        },
    );
    rows
}

/// The document's title and the page number at the foot of every page.
fn footers(doc: &mut Doc, title: &str) {
    let style = *doc.style;
    let total = doc.pages.len();
    let baseline = PAGE_HEIGHT - style.margin + style.body * 0.2;
    for (index, page) in doc.pages.iter_mut().enumerate() {
        let number = format!("{} / {total}", index + 1);
        let number_width = doc.font.width(&number) * style.body;
        let room = PAGE_WIDTH - 2.0 * style.margin - number_width - style.gap * 2.0;
        let fits = |text: &str| doc.font.width(text) * style.body <= room;
        let mut title = title.to_string();
        if !fits(&title) {
            // Cut where it would run into the page number, and say so.
            while !fits(&format!("{title}…")) && title.pop().is_some() {}
            title = format!("{}…", title.trim_end());
        }
        for (x, text) in [
            (style.margin, title),
            (PAGE_WIDTH - style.margin - number_width, number),
        ] {
            page.push(Op::Text {
                x,
                y: baseline,
                size: style.body,
                bold: false,
                gray: style.muted,
                text,
                node: None,
            });
        }
    }
}
