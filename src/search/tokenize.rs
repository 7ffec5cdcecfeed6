//! The search tokenizer: Hangul as character bigrams, Latin and digit runs as whole words.
//!
//! Korean attaches particles to words (인증서를, 약관에), so splitting on spaces leaves the
//! particle on the word and a search for 인증서 misses it. Bigrams of Hangul runs find a word
//! inside any longer run, with or without a particle, and a query with one wrong syllable still
//! shares most of its bigrams with the right word.
//!
//! This tokenizer writes the index's terms; `templates/static/search.js` tokenizes queries
//! the same way, character for character. The table in `tests/search_tokenizer.tsv` is run
//! against both. Change them together.

/// What a character is to the tokenizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Hangul (syllables and jamo), kana and Han: runs become character bigrams.
    Bigram,
    /// ASCII letters and digits, Latin, Greek and Cyrillic letters: runs become whole words.
    Word,
    /// Everything else (spaces, punctuation, symbols) ends a run.
    Separator,
}

/// The class of a character that has already been folded (NFC, full-width ASCII to ASCII,
/// lowercase).
fn class(c: char) -> Class {
    let cp = u32::from(c);
    // The two cases that make up most text, first.
    if cp < 0x80 {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Separator
        };
    }
    if (0xAC00..=0xD7A3).contains(&cp) {
        return Class::Bigram;
    }
    let bigram = matches!(cp,
        0x1100..=0x11FF       // Hangul jamo
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3130..=0x318F     // Hangul compatibility jamo
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xA960..=0xA97F     // Hangul jamo extended-A
        | 0xAC00..=0xD7A3     // Hangul syllables
        | 0xD7B0..=0xD7FF     // Hangul jamo extended-B
        | 0xF900..=0xFAFF); // CJK compatibility ideographs
    if bigram {
        return Class::Bigram;
    }
    let word = matches!(cp,
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A
        | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F  // Latin-1 letters, Latin extended A and B
        | 0x300..=0x36F                            // combining diacritics
        | 0x370..=0x3FF | 0x400..=0x4FF            // Greek, Cyrillic
        | 0x1E00..=0x1EFF); // Latin extended additional
    if word { Class::Word } else { Class::Separator }
}

/// Folds an English plural to its singular (certificates → certificate, policies → policy,
/// branches → branch), so a query finds either form. Only words of ASCII letters longer
/// than three are touched (OTP, SMS, ARS stay), and words ending in -ss, -us or -is keep
/// their s. `search.js` folds queries the same way; the tokenizer table holds them together.
fn singular(word: &mut String) {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if word.len() > 4 && word.ends_with("ies") {
        word.truncate(word.len() - 3);
        word.push('y');
    } else if ["sses", "ches", "shes", "xes"]
        .iter()
        .any(|end| word.ends_with(end))
    {
        word.truncate(word.len() - 2);
    } else if word.ends_with('s') && !["ss", "us", "is"].iter().any(|end| word.ends_with(end)) {
        word.pop();
    }
}

/// Splits text into search tokens: Hangul runs into character bigrams (a run of one
/// character stays a unigram), Latin and digit runs into whole words.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    Tokenizer::default().each(text, |token| tokens.push(token.to_string()));
    tokens
}

/// [`tokenize`] for indexing many texts: the buffers are reused from text to text, and a
/// token is handed out as a slice of one of them instead of a new string.
#[derive(Default)]
pub struct Tokenizer {
    folded: Vec<char>,
    token: String,
}

impl Tokenizer {
    /// Calls `each` with the tokens of `text`, in the order [`tokenize`] returns them.
    pub fn each(&mut self, text: &str, mut each: impl FnMut(&str)) {
        // Folding: NFC, full-width ASCII to ASCII, lowercase character by character, and a
        // thousands comma inside a number dropped (4,400 → 4400).
        let folded = &mut self.folded;
        folded.clear();
        let mut comma = false;
        for c in crate::nfc::nfc(text).chars() {
            if c.is_ascii() {
                comma |= c == ',';
                folded.push(c.to_ascii_lowercase());
                continue;
            }
            let c = match u32::from(c) {
                cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            comma |= c == ',';
            if class(c) == Class::Bigram {
                // Hangul, kana and Han have no case.
                folded.push(c);
            } else {
                folded.extend(c.to_lowercase());
            }
        }
        if comma {
            // In place: the look-ahead reads only characters not yet moved.
            let is_digit =
                |chars: &[char], i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
            let mut kept = 0;
            for i in 0..folded.len() {
                let c = folded[i];
                let thousands = c == ','
                    && kept > 0
                    && folded[kept - 1].is_ascii_digit()
                    && is_digit(folded, i + 1)
                    && is_digit(folded, i + 2)
                    && is_digit(folded, i + 3)
                    && !is_digit(folded, i + 4);
                if !thousands {
                    folded[kept] = c;
                    kept += 1;
                }
            }
            folded.truncate(kept);
        }
        let token = &mut self.token;
        let mut start = 0;
        while start < folded.len() {
            let kind = class(folded[start]);
            let mut end = start + 1;
            while end < folded.len() && class(folded[end]) == kind {
                end += 1;
            }
            match kind {
                Class::Word => {
                    token.clear();
                    token.extend(&folded[start..end]);
                    singular(token);
                    each(token);
                }
                Class::Bigram if end - start == 1 => {
                    token.clear();
                    token.push(folded[start]);
                    each(token);
                }
                Class::Bigram => {
                    for pair in folded[start..end].windows(2) {
                        token.clear();
                        token.push(pair[0]);
                        token.push(pair[1]);
                        each(token);
                    }
                }
                Class::Separator => {}
            }
            start = end;
        }
    }
}
