//! PDFs of every guide, made without a browser while its pages are rendered: the checklist
//! and each procedure, in regular and in large print, in the guide's folder.
//!
//! Each PDF is A4, set in the built-in Korean font (embedded as a subset of the glyphs it
//! uses, so its text can be selected and searched), tagged for assistive technology, with
//! its language and title, and the same bytes for the same content. The QR code is drawn as
//! vector rectangles. The font is read once per process; a guide's QR code is encoded once
//! for its page and all its PDFs, and drawn once as a form each PDF copies; regular and large
//! print share a font subset. Even so, six PDFs a guide make a build about 2.9 times as long
//! (README, Performance).

mod checklist;
mod font;
mod guide;
mod header;
mod layout;
mod pdf;
mod text;

use crate::content::{GuideFile, Text};
use crate::diagnostic::{Diagnostic, Rule};
use crate::lint::walk;
use crate::render::checklist::ChecklistView;
use crate::render::checklist::say;
use crate::render::pages::GuideView;
use crate::render::qr;
use anyhow::{Context as _, Result};
use serde::Serialize;

/// Most pages one PDF may have. The shipped guides print a procedure on 3 to 5 pages (about
/// twice as many in large print); past this is content gone wrong, such as one 900 KB word
/// (136 pages), and the build refuses it rather than write hundreds of pages.
pub const MAX_PAGES: usize = 40;

/// Characters of one text that fill about ten pages of a guide PDF.
const LONG_TEXT: usize = 20_000;

/// A PDF that would have more than [`MAX_PAGES`] pages: the build reports it as a
/// diagnostic on the guide (`pipeline`), not as a failure of the build itself.
#[derive(Debug)]
pub struct TooLong {
    pub file: String,
    pub pages: usize,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` would have {} pages, more than the {MAX_PAGES} a PDF may have",
            self.file, self.pages
        )
    }
}

impl std::error::Error for TooLong {}

impl TooLong {
    /// The diagnostic, on the guide's longest text: what makes a PDF that long.
    pub fn diagnostic(&self, file: &GuideFile) -> Diagnostic {
        let mut longest: Option<(&'static str, &Text)> = None;
        walk::for_each_text(&file.guide, &mut |name, text| {
            if longest.is_none_or(|(_, l)| text.value.len() > l.value.len()) {
                longest = Some((name, text));
            }
        });
        // A text long enough to fill pages of its own is the likely cause; otherwise it is
        // the number of steps or items, and the guide as a whole is named.
        let (pos, width, cause) = match longest {
            Some((name, text)) if text.value.chars().count() >= LONG_TEXT => (
                text.pos,
                text.width,
                format!(
                    "; its longest text, `{name}` here, is {} characters",
                    text.value.chars().count()
                ),
            ),
            _ => (
                file.guide.title.pos,
                file.guide.title.width,
                "; the guide has too many steps or items to print".to_string(),
            ),
        };
        Diagnostic::new(Rule::PdfTooLong, &file.file, pos, format!("{self}{cause}"))
            .width(width)
            .hint("shorten the text (a word too long for a line is cut into many), or split the guide; `pdf: false` in site.yaml leaves the PDFs out")
    }
}

/// Regular print (11 pt and more) or large print (16 pt and more).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Print {
    Regular,
    Large,
}

/// What the PDFs of a guide are made from: what its pages show.
pub struct Source<'a> {
    pub font: &'static font::Font,
    pub guide: &'a GuideView,
    pub checklist: &'a ChecklistView,
    /// The content's language, as a BCP 47 tag.
    pub lang: &'a str,
    /// The QR code of the guide's address (the checklist page's), and its description.
    pub qr: Option<&'a qr::Code>,
    pub qr_label: &'a str,
}

/// What a PDF is: the checklist, or the guide to one procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    Checklist,
    Procedure(&'a str),
}

/// A PDF of a guide, as its page links to it.
#[derive(Debug, Serialize)]
pub struct Download {
    /// The file name in the guide's folder.
    pub file: String,
    /// What it is, for the link.
    pub label: String,
    /// Whether it is a checklist, which the checklist page links to as well.
    pub checklist: bool,
    pub large: bool,
}

/// The file name of a PDF: `checklist.pdf`, `guide-web.pdf`, with `-large` before the
/// extension in large print, so a downloaded file says what it holds.
pub fn file_name(kind: Kind, print: Print) -> String {
    let stem = match kind {
        Kind::Checklist => "checklist".to_string(),
        Kind::Procedure(id) => format!("guide-{id}"),
    };
    match print {
        Print::Regular => format!("{stem}.pdf"),
        Print::Large => format!("{stem}-large.pdf"),
    }
}

/// Every PDF of a guide, in the order its page lists them.
pub fn downloads(guide: &GuideView) -> Vec<Download> {
    let mut kinds = vec![(Kind::Checklist, say(&guide.strings, "checklist"))];
    for procedure in &guide.procedures {
        kinds.push((Kind::Procedure(&procedure.id), procedure.title.clone()));
    }
    let mut downloads = Vec::with_capacity(kinds.len() * 2);
    for (kind, label) in kinds {
        for print in [Print::Regular, Print::Large] {
            downloads.push(Download {
                file: file_name(kind, print),
                label: label.clone(),
                checklist: kind == Kind::Checklist,
                large: print == Print::Large,
            });
        }
    }
    downloads
}

impl<'a> Source<'a> {
    /// The source of a guide's PDFs, with the built-in font.
    pub fn new(
        guide: &'a GuideView,
        checklist: &'a ChecklistView,
        lang: &'a str,
        qr_label: &'a str,
    ) -> Result<Source<'a>> {
        Ok(Source {
            font: font::font()?,
            guide,
            checklist,
            lang,
            qr: checklist.qr.as_ref(),
            qr_label,
        })
    }

    /// The layout of one PDF.
    fn layout(&self, kind: Kind, print: Print) -> Result<layout::Doc<'a>> {
        let doc = match kind {
            Kind::Checklist => checklist::checklist(self, print)?,
            Kind::Procedure(id) => {
                let procedure = self
                    .guide
                    .procedures
                    .iter()
                    .find(|p| p.id == id)
                    .with_context(|| format!("the guide has no procedure `{id}`"))?;
                guide::procedure(self, procedure, print)?
            }
        };
        if doc.pages.len() > MAX_PAGES {
            return Err(TooLong {
                file: file_name(kind, print),
                pages: doc.pages.len(),
            }
            .into());
        }
        Ok(doc)
    }

    /// Every PDF of the guide, with its file name. Regular and large print of a kind show
    /// the same text and share one font subset; all share the QR code's drawing.
    pub fn all(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let mut kinds = vec![Kind::Checklist];
        kinds.extend(self.guide.procedures.iter().map(|p| Kind::Procedure(&p.id)));
        let qr = self.qr.map(pdf::QrForm::of);
        let mut files = Vec::with_capacity(kinds.len() * 2);
        for kind in kinds {
            let prints = [Print::Regular, Print::Large];
            let docs = prints
                .iter()
                .map(|&print| self.layout(kind, print))
                .collect::<Result<Vec<_>>>()?;
            let subset = pdf::Subset::of(self.font, &docs)?;
            for (doc, print) in docs.iter().zip(prints) {
                let name = file_name(kind, print);
                let bytes = pdf::write(doc, &subset, qr.as_ref())
                    .with_context(|| format!("cannot make {name} of {}", self.guide.card.id))?;
                files.push((name, bytes));
            }
        }
        Ok(files)
    }
}
