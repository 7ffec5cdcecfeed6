//! How Chromium sets printed text: lengths in CSS px kept in Blink's 1/64 px units, borders
//! snapped to whole pixels, and lines broken greedily at the opportunities of the Unicode line
//! breaking algorithm (UAX #14) less those inside words (`word-break: keep-all`), with the
//! advance widths of the print font. A print layout describes its boxes with these; see
//! `checklist.rs`.

use super::font_metrics::{HANGUL, KERNING, WIDTHS};
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// CSS px in a millimetre and in a point.
const PX_PER_MM: f64 = 96.0 / 25.4;
const PX_PER_PT: f64 = 96.0 / 72.0;
/// The root font size, which `rem` lengths are counted in.
const REM_PX: f64 = 16.0;

/// A length as Blink keeps it: truncated to 1/64 px.
pub fn unit(px: f64) -> f64 {
    (px * 64.0).floor() / 64.0
}

pub fn mm(mm: f64) -> f64 {
    unit(mm * PX_PER_MM)
}

pub fn rem(rem: f64) -> f64 {
    unit(rem * REM_PX)
}

/// A font size in points, in px (font sizes are not truncated).
pub fn pt(pt: f64) -> f64 {
    pt * PX_PER_PT
}

/// A border width in mm as painted: below 1 px it becomes 1 px, above it whole pixels.
pub fn border(width_mm: f64) -> f64 {
    let px = width_mm * PX_PER_MM;
    if px < 1.0 { 1.0 } else { px.floor() }
}

/// An A4 portrait page less its margins (`@page { margin: V H }`), in px.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub width: f64,
    pub height: f64,
}

impl Page {
    pub fn a4(vertical_margin_mm: f64, horizontal_margin_mm: f64) -> Page {
        Page {
            width: mm(210.0 - 2.0 * horizontal_margin_mm),
            height: mm(297.0 - 2.0 * vertical_margin_mm),
        }
    }
}

/// The font of a run of text: its size in px and whether it is bold.
#[derive(Clone, Copy, Debug)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
    /// On a page in another language than Korean, HarfBuzz does not apply the font's Korean
    /// `locl` glyphs, and a space is the font's default 0.224 em (0.227 bold), not 0.28 em
    /// (measured in Chromium; the other ASCII widths differ by at most 3 thousandths).
    pub latin_space: bool,
}

impl Font {
    pub fn regular(size: f64) -> Font {
        Font {
            size,
            bold: false,
            latin_space: false,
        }
    }

    pub fn bold(size: f64) -> Font {
        Font {
            size,
            bold: true,
            latin_space: false,
        }
    }

    /// The font for a page in language `lang`.
    pub fn on(mut self, lang: &str) -> Font {
        self.latin_space = lang.split('-').next() != Some("ko");
        self
    }

    /// The advance of `c` in px. A character the table does not list is a Hangul syllable
    /// or 1 em wide: CJK, and (as a safe guess) anything the font lacks.
    pub fn advance(self, c: char) -> f64 {
        let thousandths = match WIDTHS.binary_search_by_key(&c, |(c, _, _)| *c) {
            _ if c == ' ' && self.latin_space => self.pick(224, 227),
            Ok(at) => self.pick(WIDTHS[at].1, WIDTHS[at].2),
            Err(_) if ('\u{AC00}'..='\u{D7A3}').contains(&c) => self.pick(HANGUL.0, HANGUL.1),
            Err(_) => 1000,
        };
        self.shaped_size() * f64::from(thousandths) / 1000.0
    }

    /// How much closer (or further apart) the font sets `second` after `first`, in px.
    pub fn kerning(self, first: char, second: char) -> f64 {
        // Only pairs of ASCII characters are kerned (font_metrics.py).
        if !first.is_ascii() || !second.is_ascii() {
            return 0.0;
        }
        let pair = KERNING.binary_search_by_key(&(first, second), |&(a, b, _, _)| (a, b));
        let thousandths = pair.map_or(0, |at| self.pick(KERNING[at].2, KERNING[at].3));
        self.shaped_size() * f64::from(thousandths) / 1000.0
    }

    /// The size glyphs are shaped at: Chromium measured 100 Hangul syllables at 11pt
    /// (14.667 px) 1348.39 px wide, the font size truncated to 1/64 px.
    fn shaped_size(self) -> f64 {
        unit(self.size)
    }

    fn pick<T>(self, regular: T, bold: T) -> T {
        if self.bold { bold } else { regular }
    }
}

/// A piece of a paragraph: text in one font, or an inline block (a badge) that never breaks
/// inside and adds `extra` px above and below the line it sits on.
#[derive(Clone, Copy, Debug)]
pub enum Piece<'a> {
    Text(&'a str, Font),
    Inline {
        text: &'a str,
        font: Font,
        /// Padding and border left and right, together.
        sides: f64,
        /// Padding and border above (and below) the text.
        extra: f64,
    },
}

/// How a paragraph breaks a word that is wider than the whole line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrap {
    /// `overflow-wrap: break-word` (and `anywhere`): between any two characters.
    Anywhere,
    /// No break: the word sticks out.
    Never,
}

/// One character of a paragraph laid out in a line.
struct Glyph {
    width: f64,
    space: bool,
    /// Extra height above and below the line, for an inline block.
    extra: f64,
    /// Whether a line may start at this glyph.
    breakable: bool,
}

/// The lines a paragraph takes in `width` px: for each, the extra height an inline block on
/// it adds above and below the line (0 for plain text).
pub fn lines(pieces: &[Piece], width: f64, wrap: Wrap) -> Vec<f64> {
    let glyphs = glyphs(pieces, width);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        let end = line_end(&glyphs, start, width, wrap);
        let extra = glyphs[start..end]
            .iter()
            .map(|g| g.extra)
            .fold(0.0, f64::max);
        lines.push(extra);
        start = end;
        // A line never starts with the spaces it broke after.
        while glyphs.get(start).is_some_and(|g| g.space) {
            start += 1;
        }
    }
    if lines.is_empty() {
        lines.push(0.0);
    }
    lines
}

/// Where the line that starts at `start` ends: after the last glyph before a break
/// opportunity that still fits (trailing spaces hang past the edge), or, for a word wider than
/// the line, inside the word.
fn line_end(glyphs: &[Glyph], start: usize, width: f64, wrap: Wrap) -> usize {
    let mut used = 0.0;
    let mut last_break = None;
    for (at, glyph) in glyphs.iter().enumerate().skip(start) {
        if at > start && glyph.breakable {
            last_break = Some(at);
        }
        used += glyph.width;
        if !glyph.space && used > width + 1e-6 {
            return match last_break {
                Some(end) => end,
                None if wrap == Wrap::Anywhere => at.max(start + 1),
                // The word sticks out; the line ends at the next opportunity.
                None => glyphs[at..]
                    .iter()
                    .position(|g| g.breakable)
                    .map_or(glyphs.len(), |n| at + n),
            };
        }
    }
    glyphs.len()
}

/// The glyphs of a paragraph, with its white space collapsed as HTML does, and where a line
/// may start when they do not all fit in `width`.
fn glyphs(pieces: &[Piece], width: f64) -> Vec<Glyph> {
    let mut text = String::new();
    let mut glyphs = Vec::new();
    // Byte offset in `text` of each glyph.
    let mut offsets = Vec::new();
    for piece in pieces {
        let (piece_text, font, sides, extra) = match *piece {
            Piece::Text(text, font) => (text, font, None, 0.0),
            Piece::Inline {
                text,
                font,
                sides,
                extra,
            } => (text, font, Some(sides), extra),
        };
        if let Some(sides) = sides {
            // An inline block is one unbreakable glyph, written as an object replacement
            // character for the line breaking algorithm.
            let width = piece_text.chars().map(|c| font.advance(c)).sum::<f64>() + sides;
            offsets.push(text.len());
            text.push('\u{FFFC}');
            glyphs.push(Glyph {
                width: unit(width),
                space: false,
                extra,
                breakable: false,
            });
            continue;
        }
        let piece_start = offsets.len();
        for c in piece_text.chars() {
            let space = c.is_whitespace();
            let after_space = text.is_empty() || text.ends_with(' ');
            if space && after_space {
                continue;
            }
            let c = if space { ' ' } else { c };
            // Kerning within one piece, as one run of text is shaped.
            let kerning = match text.chars().next_back() {
                Some(before) if offsets.len() > piece_start => font.kerning(before, c),
                _ => 0.0,
            };
            offsets.push(text.len());
            text.push(c);
            glyphs.push(Glyph {
                width: font.advance(c) + kerning,
                space,
                extra: 0.0,
                breakable: false,
            });
        }
    }
    while glyphs.last().is_some_and(|g| g.space) {
        glyphs.pop();
        offsets.pop();
    }
    // A paragraph that fits on one line needs no break: most checklist items.
    if glyphs.iter().map(|g| g.width).sum::<f64>() <= width + 1e-6 {
        return glyphs;
    }
    let mut next = 0;
    for (at, opportunity) in linebreaks(&text) {
        if opportunity != BreakOpportunity::Allowed {
            continue;
        }
        while next < offsets.len() && offsets[next] < at {
            next += 1;
        }
        let Some(glyph) = glyphs.get_mut(next).filter(|_| offsets[next] == at) else {
            continue;
        };
        // keep-all: no break between two letters or digits (Blink's ShouldKeepAfterKeepAll).
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        // Hangul syllables first: most of our text, and slow for `is_alphanumeric`.
        let letter = |c: Option<char>| {
            c.is_some_and(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c) || c.is_alphanumeric())
        };
        glyph.breakable = !(letter(before) && letter(after));
    }
    glyphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_breaks_only_at_spaces_and_latin_is_proportional_and_kerned() {
        let font = Font::regular(16.0);
        let hangul = font.advance('한');
        // Chromium sets a Hangul syllable 0.92 em wide at 16 px: 14.72 px.
        assert!((hangul - 14.72).abs() < 1e-9, "{hangul}");
        // Ten syllables without a space stay on one line that sticks out, unless words may
        // break anywhere.
        let word = [Piece::Text("가나다라마바사아자차", font)];
        assert_eq!(lines(&word, 5.0 * hangul, Wrap::Never).len(), 1);
        assert_eq!(lines(&word, 5.0 * hangul, Wrap::Anywhere).len(), 2);
        let words = [Piece::Text("가나 다라 마바", font)];
        assert_eq!(lines(&words, 5.0 * hangul + 1.0, Wrap::Anywhere).len(), 2);
        let spaces = 2.0 * font.advance(' ');
        assert_eq!(
            lines(&words, 6.0 * hangul + spaces + 0.1, Wrap::Anywhere).len(),
            1
        );
        assert!(font.advance('i') < font.advance('W'));
        // `AT` is set closer than `A` and `T` apart, and a line of them breaks by that width.
        assert!(font.kerning('A', 'T') < 0.0);
        assert_eq!(font.kerning('가', 'T'), 0.0);
        let apart = font.advance('A') + font.advance('T');
        let at = [Piece::Text("AT", font)];
        assert_eq!(lines(&at, apart - 0.5, Wrap::Anywhere).len(), 1);
    }
}
