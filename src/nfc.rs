//! Unicode normalization form C, copied only when the text is not in it already.
//!
//! Korean content is almost all ASCII and precomposed Hangul syllables, which are NFC in any
//! order, so a byte scan answers most texts before the normalization tables are consulted.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `text` in NFC: borrowed when it is already, normalized otherwise.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_plain(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// True when every character is below U+0300 (no combining marks yet) or a precomposed
/// Hangul syllable: such characters are NFC and never combine with a neighbour. Read from the
/// UTF-8 bytes, each with the two after it, without stopping early, so that the loop compiles
/// to vector instructions: a lead byte, and for two of them the next bytes, tell the range.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Lead bytes of U+0300 to U+9FFF, of U+E000 and on, and of four-byte characters.
    let outside = |b: u8| (0xCC..=0xE9).contains(&b) | (b >= 0xEE);
    // EA leads U+A000 to U+AFFF, Hangul from U+AC00 (EA B0 80); ED leads U+D000 to U+DFFF,
    // Hangul up to U+D7A3 (ED 9E A3).
    let not_hangul = |b: u8, second: u8, third: u8| {
        ((b == 0xEA) & (second < 0xB0))
            | ((b == 0xED) & ((second > 0x9E) | ((second == 0x9E) & (third > 0xA3))))
    };
    let after = |n: usize| bytes.get(n..).unwrap_or_default();
    let body = bytes
        .iter()
        .zip(after(1))
        .zip(after(2))
        .fold(false, |any, ((&b, &second), &third)| {
            any | outside(b) | not_hangul(b, second, third)
        });
    // The last two bytes cannot lead a three-byte character.
    let tail = after(bytes.len().saturating_sub(2))
        .iter()
        .any(|&b| outside(b));
    !(body | tail)
}

/// `nfc` itself is tested through the public API in `tests/testsuite/search.rs`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_characters_pass_the_quick_check_on_their_own() {
        let plain = (0..0x300u32)
            .chain(0xAC00..=0xD7A3)
            .filter_map(char::from_u32);
        for c in plain {
            assert!(is_plain(c.encode_utf8(&mut [0; 4])));
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
        }
    }

    #[test]
    fn the_byte_scan_agrees_with_the_characters() {
        let by_char = |text: &str| {
            text.chars()
                .all(|c| (c as u32) < 0x300 || ('\u{AC00}'..='\u{D7A3}').contains(&c))
        };
        let samples = (0..0x3100u32)
            .chain(0xA000..0xB100)
            .chain(0xD000..0xE100)
            .chain([0x1F600, 0xFF01])
            .filter_map(char::from_u32);
        for c in samples {
            for text in [format!("a{c}가"), format!("a{c}"), c.to_string()] {
                assert_eq!(is_plain(&text), by_char(&text), "{c:?} in {text:?}");
            }
        }
    }
}
