//! The one font every PDF is set in: Noto Sans KR, as the subset in `fonts/` (every Hangul
//! syllable, Latin and common punctuation; `fonts/README.md` says how it was made). It is
//! read once per process; each PDF embeds only the glyphs it uses.
//!
//! The shipped file has TrueType outlines rather than the smaller CFF ones because
//! `subsetter` cuts a TrueType font about eight times faster, and a build makes several PDFs
//! for every guide.

use anyhow::{Context as _, Result, anyhow};
use std::sync::LazyLock;
use subsetter::GlyphRemapper;

/// The font file, built into the binary.
pub const DATA: &[u8] = include_bytes!("../../fonts/NotoSansKR-Regular.ttf");
/// Its PostScript name, as the PDF names it.
pub const NAME: &str = "NotoSansKR-Regular";

/// A glyph: its id in the font and its advance in thousandths of an em.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Glyph {
    pub id: u16,
    pub advance: u16,
}

/// What the layout and the PDF writer need of the font, read from the file once.
pub struct Font {
    /// Indexed by code point, for every character of the Basic Multilingual Plane: a direct
    /// look-up, as every character of every PDF goes through it. Id 0 is `.notdef`.
    glyphs: Vec<Glyph>,
    /// In thousandths of an em, as PDF font dictionaries give them.
    pub ascent: f32,
    pub descent: f32,
    pub cap_height: f32,
    pub bbox: [f32; 4],
    /// Every glyph's advance, by glyph id, for the widths of a subset.
    advances: Vec<u16>,
}

static FONT: LazyLock<Result<Font, String>> =
    LazyLock::new(|| Font::parse(DATA).map_err(|err| format!("{err:#}")));

/// The font, read on first use.
pub fn font() -> Result<&'static Font> {
    FONT.as_ref()
        .map_err(|err| anyhow!("cannot read the built-in font: {err}"))
}

impl Font {
    fn parse(data: &[u8]) -> Result<Font> {
        let face = ttf_parser::Face::parse(data, 0).context("not an OpenType font")?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let to_milli = |units: u16| (f32::from(units) * scale).round() as u16;
        let advances: Vec<u16> = (0..face.number_of_glyphs())
            .map(|id| to_milli(face.glyph_hor_advance(ttf_parser::GlyphId(id)).unwrap_or(0)))
            .collect();
        let mut glyphs = vec![Glyph::default(); 0x1_0000];
        for table in face.tables().cmap.iter().flat_map(|cmap| cmap.subtables) {
            if !table.is_unicode() {
                continue;
            }
            table.codepoints(|code| {
                let (Some(slot), Some(id)) = (
                    glyphs.get_mut(code as usize),
                    char::from_u32(code).and_then(|c| table.glyph_index(u32::from(c))),
                ) else {
                    return;
                };
                let advance = advances.get(usize::from(id.0)).copied().unwrap_or(0);
                *slot = Glyph { id: id.0, advance };
            });
        }
        let bbox = face.global_bounding_box();
        let milli = |units: i16| f32::from(units) * scale;
        Ok(Font {
            glyphs,
            ascent: milli(face.ascender()),
            descent: milli(face.descender()),
            cap_height: milli(face.capital_height().unwrap_or(face.ascender())),
            bbox: [
                milli(bbox.x_min),
                milli(bbox.y_min),
                milli(bbox.x_max),
                milli(bbox.y_max),
            ],
            advances,
        })
    }

    /// The glyph of `c`; `.notdef` (an empty box) for a character the font lacks.
    pub fn glyph(&self, c: char) -> Glyph {
        let glyph = self.glyphs.get(c as usize).copied().unwrap_or_default();
        if glyph.id == 0 {
            Glyph {
                id: 0,
                advance: self.advances.first().copied().unwrap_or(1000),
            }
        } else {
            glyph
        }
    }

    /// The width of `text` in ems.
    pub fn width(&self, text: &str) -> f32 {
        let milli: u32 = text.chars().map(|c| u32::from(self.glyph(c).advance)).sum();
        milli as f32 / 1000.0
    }

    /// The advance of glyph `id` in thousandths of an em.
    pub fn advance(&self, id: u16) -> u16 {
        self.advances.get(usize::from(id)).copied().unwrap_or(0)
    }

    /// The font cut down to the glyphs `remapper` holds, numbered as it numbers them.
    pub fn subset(&self, remapper: &GlyphRemapper) -> Result<Vec<u8>> {
        subsetter::subset(DATA, 0, remapper).map_err(|err| anyhow!("cannot subset the font: {err}"))
    }
}
