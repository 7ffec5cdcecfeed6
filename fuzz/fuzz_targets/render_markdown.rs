//! Fuzz target: any text through the Markdown sanitiser gives HTML with no live script: only
//! the tags pulldown-cmark emits for plain Markdown, no event attributes, and links and images
//! only to http, https, mailto, tel, relative or `#` addresses, and images only from the site.
//! References (`guide:`, `procedure:`, `step:`) and relative paths, on whichever page shows
//! the text, never lead out of the site.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepguide::render::links::Place;
use stepguide::render::markdown::to_html;

/// Every tag the sanitiser can emit with `Options::empty()` and raw HTML turned into text.
const TAGS: &[&str] = &[
    "p",
    "em",
    "strong",
    "a",
    "img",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "br",
];
/// Every attribute those tags carry.
const ATTRIBUTES: &[&str] = &["href", "title", "src", "alt", "start", "class"];
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    // Text on its own guide's page, on the home page, and on a page deeper than either.
    for page in [
        "guides/g/index.html",
        "index.html",
        "guides/g/checklist/index.html",
    ] {
        let html = to_html(markdown, Place { guide: "g", page });
        if let Err(problem) = audit(&html, page) {
            panic!("{problem}\ninput: {markdown:?}\noutput: {html:?}");
        }
    }
});

/// Reads the HTML the way a browser's tokenizer would and rejects anything live, or any
/// address that leaves the site from `page`.
fn audit(html: &str, page: &str) -> Result<(), String> {
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let end = start
            + html[start..]
                .find('>')
                .ok_or_else(|| format!("unclosed `<` at byte {start}"))?;
        let tag = &html[start + 1..end];
        let tag = tag.strip_suffix('/').unwrap_or(tag).trim_end();
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let (name, mut rest) = tag.split_once(' ').unwrap_or((tag, ""));
        if !TAGS.contains(&name) {
            return Err(format!("tag `{name}` is not on the allow-list"));
        }
        // Attributes are `name="value"`, space separated; values never hold a raw `"`.
        while !rest.is_empty() {
            let (attribute, after) = rest
                .split_once("=\"")
                .ok_or_else(|| format!("attribute without a quoted value in <{tag}>"))?;
            let (value, after) = after
                .split_once('"')
                .ok_or_else(|| format!("unterminated attribute value in <{tag}>"))?;
            let attribute = attribute.trim();
            if attribute.to_ascii_lowercase().starts_with("on") || !ATTRIBUTES.contains(&attribute)
            {
                return Err(format!("attribute `{attribute}` on <{name}>"));
            }
            if value.contains(['<', '>']) {
                return Err(format!("unescaped `<` or `>` in attribute `{attribute}`"));
            }
            if (attribute == "href" || attribute == "src") && !allowed_url(&decode_entities(value))
            {
                return Err(format!("{attribute}=\"{value}\" has a scheme off the list"));
            }
            if (attribute == "href" || attribute == "src")
                && leaves_site(&decode_entities(value), page)
            {
                return Err(format!(
                    "{attribute}=\"{value}\" leads out of the site from {page}"
                ));
            }
            if attribute == "src" && names_a_host(&decode_entities(value)) {
                return Err(format!("src=\"{value}\" loads from outside the site"));
            }
            rest = after.trim_start();
        }
        i = end + 1;
    }
    Ok(())
}

/// Whether an address names a scheme (and so, for an image, another site) or starts from the
/// host's root, where a page opened from a file or a sub-path finds nothing of the site.
fn names_a_host(url: &str) -> bool {
    url.starts_with(['/', '\\'])
        || url
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|s| s.contains(':'))
}

/// Whether a relative address climbs above the site's root from `page`. Browsers read `\`
/// as `/` and `%2e` as `.`; addresses with a scheme or from the host's root are not relative.
fn leaves_site(url: &str, page: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = path
        .replace('\\', "/")
        .replace("%5C", "/")
        .replace("%5c", "/");
    if path.starts_with('/') || path.split('/').next().is_some_and(|s| s.contains(':')) {
        return false;
    }
    let mut depth = page.matches('/').count() as i64;
    for segment in path.split('/') {
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            ".." => depth -= 1,
            "." | "" => {}
            _ => depth += 1,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// The entities pulldown-cmark writes in attributes, plus numeric ones, decoded.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The URL standard's view of a scheme: leading and trailing C0 controls and spaces are
/// stripped, tabs and newlines removed anywhere, then `ALPHA *(ALPHA / DIGIT / + - .)` up to
/// the first `:`. No scheme means a relative address, which is fine.
fn allowed_url(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    !is_scheme || SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
}
