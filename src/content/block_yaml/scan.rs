//! Line-level scanning for the reader: which characters it takes, keys, plain text and
//! quoted text. Each function answers `None` (or false) for anything outside the subset.

use std::borrow::Cow;

/// Whether the text has only characters the full parser takes anywhere. Tabs are left to
/// it (they are errors in indentation), with control characters and the line separators and
/// byte-order marks that Unicode has beyond ASCII. A byte scan: every such character starts
/// with a byte below 0x20 or one of four lead bytes, which Korean text rarely has.
pub(super) fn has_only_plain_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    let suspect =
        |b: u8| (b < 0x20 && b != b'\n') | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF);
    const CHUNK: usize = 64;
    for (n, chunk) in bytes.chunks(CHUNK).enumerate() {
        // Without an early exit the test of a whole chunk compiles to vector instructions.
        if !chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            continue;
        }
        for (offset, &b) in chunk.iter().enumerate() {
            let i = n * CHUNK + offset;
            // The text is UTF-8, so a lead byte has its continuation bytes.
            let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
            let refused = suspect(b)
                && match b {
                    0xC2 => (0x80..=0x9F).contains(&next(1)), // C1 controls, U+0080 to U+009F
                    0xE2 => next(1) == 0x80 && matches!(next(2), 0xA8 | 0xA9), // U+2028, U+2029
                    0xEF => matches!((next(1), next(2)), (0xBB, 0xBF) | (0xBF, 0xBE | 0xBF)), // U+FEFF, U+FFFE, U+FFFF
                    _ => true,
                };
            if refused {
                return false;
            }
        }
    }
    true
}

/// How many spaces `text` starts with. (A byte loop: `trim_start_matches(' ')` goes through
/// the general pattern machinery, which showed in profiles.)
pub(super) fn leading_spaces(text: &str) -> usize {
    text.bytes().take_while(|&b| b == b' ').count()
}

pub(super) fn skip_spaces(text: &str) -> &str {
    &text[leading_spaces(text)..]
}

/// A list item: a dash, then a space or the line's end.
pub(super) fn is_dash(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// Splits `key: rest` where the key is a plain name; `rest` starts after the colon.
pub(super) fn key_of(text: &str) -> Option<(&str, &str)> {
    let len = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(text.len());
    let (key, rest) = text.split_at(len);
    let rest = rest.strip_prefix(':')?;
    if key.is_empty()
        || key.starts_with('-')
        || key.len() > 128
        || !(rest.is_empty() || rest.starts_with(' '))
        || is_special_word(key)
    {
        return None;
    }
    Some((key, rest))
}

/// Words YAML may read as null, a boolean or a number rather than text.
fn is_special_word(word: &str) -> bool {
    const WORDS: [&str; 9] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    word.len() <= 5
        && WORDS
            .iter()
            .any(|special| word.eq_ignore_ascii_case(special))
        || word.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// The text of a plain scalar's line, without a trailing comment; `None` when the line holds
/// something else (a `: `, an indicator in front) or an error. `first` is for the scalar's
/// first line, where more characters may not start it.
pub(super) fn plain_part(line: &str, first: bool) -> Option<(&str, bool)> {
    let lead = line.as_bytes()[0];
    let indicator = matches!(
        lead,
        b'[' | b']'
            | b'{'
            | b'}'
            | b','
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    );
    let lone =
        matches!(lead, b'-' | b'?' | b':') && line.as_bytes().get(1).is_none_or(|&b| b == b' ');
    if indicator || lone || (!first && lead == b'-') {
        return None;
    }
    // One pass for what ends the text (" #", a comment) and what is not text (": ", or a
    // colon at the end, a mapping).
    let bytes = line.as_bytes();
    let mut cut = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => {
                cut = Some(i - 1);
                break;
            }
            b':' if bytes.get(i + 1).is_none_or(|&b| b == b' ') => return None,
            _ => {}
        }
    }
    match cut {
        Some(cut) => Some((line[..cut].trim_end_matches(' '), true)),
        None => Some((line, false)),
    }
}

/// The value of a `"…"` text whose opening quote is already read, and the byte length of its
/// body (up to the closing quote).
pub(super) fn unescape_double(body: &str) -> Option<(Cow<'_, str>, usize)> {
    let close = body.find(['"', '\\']);
    let close = close?;
    if body.as_bytes()[close] == b'"' {
        return Some((Cow::Borrowed(&body[..close]), close));
    }
    let mut value = String::from(&body[..close]);
    let mut chars = body[close..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((Cow::Owned(value), close + at)),
            '\\' => value.push(match chars.next()?.1 {
                '\\' => '\\',
                '"' => '"',
                '/' => '/',
                'n' => '\n',
                't' => '\t',
                _ => return None,
            }),
            c => value.push(c),
        }
    }
    None
}

/// The value of a `'…'` text whose opening quote is already read, and the byte length of its
/// body.
pub(super) fn unescape_single(body: &str) -> Option<(Cow<'_, str>, usize)> {
    let mut value = Cow::Borrowed("");
    let mut from = 0;
    loop {
        let quote = from + body[from..].find('\'')?;
        if body.as_bytes().get(quote + 1) == Some(&b'\'') {
            value.to_mut().push_str(&body[from..=quote]);
            from = quote + 2;
            continue;
        }
        if from == 0 {
            value = Cow::Borrowed(&body[..quote]);
        } else {
            value.to_mut().push_str(&body[from..quote]);
        }
        return Some((value, quote));
    }
}
