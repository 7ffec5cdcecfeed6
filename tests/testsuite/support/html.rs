//! A tag-aware audit of built pages that finds anything that could run script, the way a
//! browser's tokenizer reads them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Schemes a link may use in a page; anything else with a scheme is live or unknown.
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];
/// Attributes whose value a browser loads or navigates to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "srcset",
    "background",
    "ping",
];
/// Elements that run or embed code, or change where links go, whatever their attributes.
const DANGEROUS: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "template",
    "math",
    "foreignobject",
    "animate",
    "set",
    "handler",
    "listener",
    "import",
    "portal",
    "noscript",
];

/// A start tag found in a page.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// Reads the start tags of an HTML or XML page the way a browser's tokenizer would: text is
/// skipped, comments are skipped, the contents of `<script>` and `<style>` are raw text.
pub fn start_tags(html: &str) -> Result<Vec<Tag>, String> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let rest = &html[start + 1..];
        if rest.starts_with("!--") {
            let end = rest.find("-->").ok_or("unclosed comment")?;
            i = start + 1 + end + 3;
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('?') || rest.starts_with('/') {
            let end = rest.find('>').ok_or("unclosed declaration")?;
            i = start + 1 + end + 1;
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            // A bare `<` in text is not a tag; browsers show it.
            i = start + 1;
            continue;
        }
        let mut j = start + 1;
        while j < bytes.len() && !matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>') {
            j += 1;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'/') {
                j += 1;
            }
            if j >= bytes.len() {
                return Err(format!("unclosed <{name}>"));
            }
            if bytes[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            while j < bytes.len()
                && !matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>' | b'=')
            {
                j += 1;
            }
            let attribute = html[name_start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                match bytes.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(quote as char)
                            .ok_or(format!("unterminated {attribute} in <{name}>"))?;
                        value = html[j + 1..j + 1 + end].to_string();
                        j = j + 1 + end + 1;
                    }
                    _ => {
                        let end = html[j..]
                            .find([' ', '\t', '\n', '>'])
                            .unwrap_or(html.len() - j);
                        value = html[j..j + end].to_string();
                        j += end;
                    }
                }
            }
            attributes.push((attribute, decode_entities(&value)));
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = html[j..]
                .to_ascii_lowercase()
                .find(&close)
                .ok_or(format!("unclosed <{name}>"))?;
            if name == "script" && !html[j..j + end].trim().is_empty() {
                return Err(format!("inline script: {:?}", &html[j..j + end]));
            }
            j += end;
        }
        tags.push(Tag { name, attributes });
        i = j;
    }
    Ok(tags)
}

/// Decodes `&name;`, `&#N;` and `&#xH;` the way a browser does inside an attribute (for the
/// few named entities that can spell a scheme or a quote).
pub fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|end| {
            let entity = &after[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
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

/// The URL standard's scheme of a link, if it has one: leading and trailing C0 controls and
/// spaces stripped, tabs and newlines removed anywhere.
pub fn scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Every way a page could run script: a `<script>` other than the site's own external ones,
/// a dangerous element, an event attribute, a URL attribute with a scheme off the list, or a
/// tag name not in `allowed`. Returns the problems found, empty when the page is safe.
pub fn audit_page(html: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let tags = match start_tags(html) {
        Ok(tags) => tags,
        Err(problem) => return vec![problem],
    };
    let mut problems = Vec::new();
    for tag in &tags {
        if DANGEROUS.contains(&tag.name.as_str()) {
            problems.push(format!("<{}> element", tag.name));
        }
        if !allowed.contains(&tag.name) {
            problems.push(format!(
                "<{}> is not a tag the templates or Markdown emit",
                tag.name
            ));
        }
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                problems.push(format!("event attribute {name}= on <{}>", tag.name));
            }
            if URL_ATTRIBUTES.contains(&name.as_str())
                && let Some(scheme) = scheme(value)
                && !SCHEMES.contains(&scheme.as_str())
            {
                problems.push(format!("{name}=\"{value}\" on <{}>", tag.name));
            }
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if squashed.contains("javascript:") || squashed.contains("vbscript:") {
                problems.push(format!("{name}=\"{value}\" names a script scheme"));
            }
            if name == "http-equiv" {
                problems.push(format!("<meta http-equiv={value}>"));
            }
        }
        if tag.name == "script" {
            let src = tag.attributes.iter().find(|(n, _)| n == "src");
            let own = src.is_some_and(|(_, v)| {
                scheme(v).is_none()
                    && !v.starts_with("//")
                    && (v.ends_with("search-index.js") || v.contains("assets/"))
            });
            if !own {
                problems.push(format!("<script> that is not the site's own: {src:?}"));
            }
        }
    }
    problems
}

/// The tag names a site uses, to learn what a safe build of the templates looks like.
pub fn tag_names(site: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (path, bytes) in site {
        if is_page(path) {
            let html = String::from_utf8_lossy(bytes);
            for tag in start_tags(&html).unwrap_or_default() {
                names.insert(tag.name);
            }
        }
    }
    names
}

pub fn is_page(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg")
}

/// Tags the Markdown sanitiser can emit.
pub const MARKDOWN_TAGS: &[&str] = &[
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

/// Every relative `href` and `src` in every HTML page names a file that exists, and every
/// `#fragment` names an `id` in the page it points to.
pub fn assert_links_resolve(site: &Path) {
    let files = super::read_tree(site);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for link in attribute_values(&html, &["href", "src"]) {
            let link = link.replace("&amp;", "&");
            if link.contains(':') || link.starts_with("//") {
                continue; // absolute: https:, mailto:, tel:
            }
            checked += 1;
            let (target, fragment) = match link.split_once('#') {
                Some((target, fragment)) => (target, Some(fragment)),
                None => (link.as_str(), None),
            };
            let target = target.split('?').next().unwrap_or("");
            let resolved = if target.is_empty() {
                Some(path.clone())
            } else {
                resolve(path, target)
            };
            let Some(resolved) = resolved.filter(|r| files.contains_key(r)) else {
                problems.push(format!("{path}: `{link}` does not resolve to a file"));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let page = String::from_utf8_lossy(&files[&resolved]);
                if !page.contains(&format!(" id=\"{fragment}\"")) {
                    problems.push(format!("{path}: `{link}` has no id `{fragment}`"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 20, "only {checked} links checked");
}

/// The values of the named attributes, in order.
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        let needle = format!(" {name}=\"");
        for (start, _) in html.match_indices(&needle) {
            let rest = &html[start + needle.len()..];
            if let Some(end) = rest.find('"') {
                values.push(rest[..end].to_string());
            }
        }
    }
    values
}

/// `link` relative to the page at `page`, as a site path; `None` when it leaves the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}
