//! Pages as the PDFs lay them out: A4, a column of rows placed from the top, and the
//! document's structure (headings, paragraphs, lists, the QR code's figure) for tagging.
//!
//! A document is made of rows (a line of text, a gap, a rule). A row may be marked to stay
//! with the one before it; a page only breaks between rows that are not, so a heading stays
//! with what follows it and a step's cautions with its action. Coordinates are in points
//! from the top left of the page; the writer turns them into PDF's.

use super::font::Font;
use super::text::{self, Run};

/// A4 portrait, in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

/// The sizes of one kind of print, in points.
#[derive(Clone, Copy)]
pub struct Style {
    pub margin: f32,
    /// Body text; no text is smaller.
    pub body: f32,
    pub title: f32,
    pub heading: f32,
    /// A step's action and a checklist item.
    pub strong: f32,
    /// Line height, in ems.
    pub leading: f32,
    /// Space between blocks.
    pub gap: f32,
    /// The gray of secondary text (0 is black).
    pub muted: f32,
    /// The width of rules and boxes.
    pub rule: f32,
    /// The side of the QR code.
    pub qr: f32,
}

/// Regular print: 11 pt and more, as the printed HTML checklist.
pub const REGULAR: Style = Style {
    margin: 42.0,
    body: 11.0,
    title: 20.0,
    heading: 13.5,
    strong: 12.5,
    leading: 1.45,
    gap: 9.0,
    muted: 0.3,
    rule: 0.8,
    qr: 82.0,
};

/// Large print: 16 pt and more, black on white.
pub const LARGE: Style = Style {
    margin: 40.0,
    body: 16.0,
    title: 26.0,
    heading: 19.0,
    strong: 17.0,
    leading: 1.4,
    gap: 11.0,
    muted: 0.0,
    rule: 1.6,
    qr: 96.0,
};

/// What a structure element is, in PDF's standard structure types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Document,
    H1,
    H2,
    P,
    L,
    LI,
    Lbl,
    LBody,
    Figure,
    Link,
    Span,
    Div,
}

/// A structure element. Its children are the nodes that name it as parent, in the order
/// they were made, then the content drawn for it.
#[derive(Debug)]
pub struct Node {
    pub role: Role,
    pub parent: usize,
    /// A figure's description.
    pub alt: Option<String>,
    /// A link's address.
    pub uri: Option<String>,
}

/// Something drawn on a page. Text, the QR code and links belong to a node; rectangles and
/// marks are decoration, which the tagging calls artifacts.
#[derive(Debug)]
pub enum Op {
    /// A run of text on the baseline `y`; without a node it is decoration (page numbers).
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        gray: f32,
        text: String,
        node: Option<usize>,
    },
    /// A rectangle, filled with a gray, outlined with a line of some width, or both.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<f32>,
    },
    /// A filled triangle pointing up, the warning sign in front of cautions.
    Warning { x: f32, y: f32, size: f32 },
    /// The guide's QR code, its top left corner at `x`, `y`, `module` points a module.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        node: usize,
    },
    /// The clickable area of a link node.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        node: usize,
    },
}

impl Op {
    /// Moves the op down by `dy`.
    pub fn shift(&mut self, dy: f32) {
        match self {
            Op::Text { y, .. }
            | Op::Rect { y, .. }
            | Op::Warning { y, .. }
            | Op::Qr { y, .. }
            | Op::Link { y, .. } => *y += dy,
        }
    }
}

/// A horizontal band of a page; its ops are placed from the band's top.
#[derive(Debug, Default)]
pub struct Row {
    pub height: f32,
    pub ops: Vec<Op>,
    /// The page may not break between this row and the one before.
    pub keep: bool,
}

impl Row {
    /// Empty space, dropped at the top of a page.
    pub fn gap(height: f32) -> Row {
        Row {
            height,
            ..Row::default()
        }
    }
}

/// A document being laid out.
pub struct Doc<'a> {
    pub font: &'a Font,
    pub style: &'a Style,
    pub title: String,
    pub lang: String,
    /// Node 0 is the document.
    pub nodes: Vec<Node>,
    pub pages: Vec<Vec<Op>>,
    /// Where the next row goes on the last page.
    y: f32,
    /// How low rows may reach.
    bottom: f32,
}

impl<'a> Doc<'a> {
    /// An empty document of one page; `footer` is the room kept at the bottom of each page.
    pub fn new(font: &'a Font, style: &'a Style, title: &str, lang: &str, footer: f32) -> Doc<'a> {
        Doc {
            font,
            style,
            title: title.to_string(),
            lang: lang.to_string(),
            nodes: vec![Node {
                role: Role::Document,
                parent: 0,
                alt: None,
                uri: None,
            }],
            pages: vec![Vec::new()],
            y: style.margin,
            bottom: PAGE_HEIGHT - style.margin - footer,
        }
    }

    /// A new structure element under `parent`.
    pub fn node(&mut self, role: Role, parent: usize) -> usize {
        self.nodes.push(Node {
            role,
            parent,
            alt: None,
            uri: None,
        });
        self.nodes.len() - 1
    }

    /// The left edge of the text column.
    pub fn left(&self) -> f32 {
        self.style.margin
    }

    /// The width of the text column.
    pub fn width(&self) -> f32 {
        PAGE_WIDTH - 2.0 * self.style.margin
    }

    /// Rows of the lines of `runs` set at `size`, from `x`, at most `width` wide.
    pub fn lines(
        &self,
        runs: &[Run],
        size: f32,
        x: f32,
        width: f32,
        gray: f32,
        node: usize,
    ) -> Vec<Row> {
        let height = size * self.style.leading;
        // The line box of CSS: the font's ascent and descent centred in the line's height.
        let (ascent, descent) = (self.font.ascent / 1000.0, -self.font.descent / 1000.0);
        let baseline = (height - (ascent + descent) * size) / 2.0 + ascent * size;
        text::lines(self.font, runs, size, width)
            .into_iter()
            .map(|line| {
                let mut ops = Vec::with_capacity(line.runs.len());
                let mut left = x;
                for run in line.runs {
                    let advance = self.font.width(&run.text) * size;
                    ops.push(Op::Text {
                        x: left,
                        y: baseline,
                        size,
                        bold: run.bold,
                        gray,
                        text: run.text,
                        node: Some(node),
                    });
                    left += advance;
                }
                Row {
                    height,
                    ops,
                    keep: true,
                }
            })
            .collect()
    }

    /// How far the next row is from the top of its page, and how much room is left below.
    pub fn cursor(&self) -> (f32, f32) {
        (self.y, self.bottom - self.y)
    }

    /// Places `rows` below what is there, breaking the page only before rows that are not
    /// kept with the one above, and only where what is left does not fit.
    pub fn place(&mut self, rows: Vec<Row>) {
        let mut rows = rows.into_iter().peekable();
        while let Some(first) = rows.next() {
            let mut chunk = vec![first];
            while let Some(row) = rows.next_if(|row| row.keep) {
                chunk.push(row);
            }
            let height: f32 = chunk.iter().map(|row| row.height).sum();
            let at_top = self.y <= self.style.margin;
            if self.y + height > self.bottom && !at_top {
                self.new_page();
            }
            for row in chunk {
                // A chunk taller than a page breaks where it must.
                if self.y + row.height > self.bottom && self.y > self.style.margin {
                    self.new_page();
                }
                if row.ops.is_empty() && self.y <= self.style.margin {
                    continue;
                }
                let page = self.pages.len() - 1;
                for mut op in row.ops {
                    op.shift(self.y);
                    self.pages[page].push(op);
                }
                self.y += row.height;
            }
        }
    }

    /// Ops drawn at a fixed place of the current page, outside the flow of rows.
    pub fn draw(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Moves the cursor down by `height` without drawing (beside a QR code, say).
    pub fn skip_to(&mut self, y: f32) {
        self.y = self.y.max(y);
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.style.margin;
    }
}
