//! Where a link in Markdown leads: an external address kept as written, or a page of the
//! site, found from the link's destination and the guide the text is written for, and then
//! written relative to whichever page shows the text.
//!
//! Besides `#fragments` and relative paths, authors name other parts of the knowledge base by
//! id (see the README, "Links and references"):
//!
//! | destination | leads to |
//! |---|---|
//! | `guide:joint-certificate` | that guide's page |
//! | `guide:joint-certificate#failures` | a part of that page, by its anchor |
//! | `procedure:web`, `step:verify` | a procedure or step of this guide |
//! | `procedure:joint-certificate/web`, `step:joint-certificate/verify` | one of another guide |
//!
//! Rendering drops a link this module cannot resolve (its text stays); `check` reports it.

use crate::anchors;
use crate::lint::ids::is_slug;

/// Schemes an external link or image may use.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The reference kinds, as they are written before the `:`.
pub const REFERENCE_KINDS: &[&str] = &["guide", "procedure", "step"];

/// Where Markdown text belongs and where it is shown.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    /// The guide the text is written in: `#fragments`, relative paths and `step:` references
    /// are read from that guide's page.
    pub guide: &'a str,
    /// The page that shows the text, as a path in the site (`index.html`,
    /// `guides/a/index.html`).
    pub page: &'a str,
}

/// A link destination, resolved.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// An address on an allowed scheme, or one that the site cannot resolve (`/path`,
    /// `//host/path`), kept as written.
    AsWritten(&'a str),
    /// A page of the site, as a path from the site's root, with what follows it.
    Site {
        path: String,
        /// `?query`, kept as written, without the `?`.
        query: Option<&'a str>,
        /// Without the `#`.
        fragment: Option<String>,
    },
}

/// Why a link cannot be made.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// A scheme that is not on the allow-list (`javascript:`, a typo such as `htps:`).
    Scheme(String),
    /// A reference whose id part is not what its kind needs.
    BadReference { kind: &'static str },
    /// A relative path that climbs out of the site.
    Escapes,
}

/// Resolves `dest`, written in the guide `guide`.
pub fn resolve<'a>(dest: &'a str, guide: &str) -> Result<Resolved<'a>, Problem> {
    if let Some(scheme) = scheme(dest) {
        if let Some(kind) = REFERENCE_KINDS.iter().find(|k| **k == scheme) {
            // Whitespace or control characters inside the scheme make no reference.
            let rest = dest.strip_prefix(*kind).and_then(|r| r.strip_prefix(':'));
            return match rest {
                Some(rest) => reference(kind, rest, guide),
                None => Err(Problem::BadReference { kind }),
            };
        }
        return if ALLOWED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
            Ok(Resolved::AsWritten(dest))
        } else {
            Err(Problem::Scheme(scheme))
        };
    }
    if dest.starts_with(['/', '\\']) {
        return Ok(Resolved::AsWritten(dest));
    }
    relative(dest, guide)
}

/// The `href` for `dest` on `place`'s page, or `None` when the link must be dropped.
pub fn href(dest: &str, place: Place) -> Option<String> {
    match resolve(dest, place.guide).ok()? {
        Resolved::AsWritten(url) => Some(url.to_string()),
        Resolved::Site {
            path,
            query,
            fragment,
        } => {
            let mut href = if path == place.page && query.is_none() && fragment.is_some() {
                String::new()
            } else {
                relative_to(place.page, &path)
            };
            // A first segment with a colon (`javascript:x`, reached by `../../javascript:x`)
            // would read as a scheme: `./` keeps it a path.
            if scheme(&href).is_some() {
                href.insert_str(0, "./");
            }
            if let Some(query) = query {
                href.push('?');
                href.push_str(query);
            }
            if let Some(fragment) = fragment {
                href.push('#');
                href.push_str(&fragment);
            }
            Some(href)
        }
    }
}

/// The scheme of a URL: what comes before the first `:` when no `/`, `?` or `#` comes first.
/// Browsers ignore ASCII whitespace and control characters anywhere in a URL (and
/// pulldown-cmark has already decoded entities), so those do not hide a scheme.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take_while(|c| !matches!(c, '/' | '?' | '#'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    Some(scheme.to_string())
}

/// `guide:ID`, `guide:ID#anchor`, `procedure:[GUIDE/]ID`, `step:[GUIDE/]ID`.
fn reference<'a>(kind: &'static str, rest: &str, guide: &str) -> Result<Resolved<'a>, Problem> {
    let bad = || Problem::BadReference { kind };
    if kind == "guide" {
        let (id, fragment) = match rest.split_once('#') {
            Some((id, fragment)) if !fragment.is_empty() => (id, Some(fragment.to_string())),
            Some(_) => return Err(bad()),
            None => (rest, None),
        };
        if !is_slug(id) {
            return Err(bad());
        }
        return Ok(Resolved::Site {
            path: anchors::guide_page(id),
            query: None,
            fragment,
        });
    }
    let (target_guide, id) = rest.split_once('/').unwrap_or((guide, rest));
    if !is_slug(target_guide) || !is_slug(id) {
        return Err(bad());
    }
    let anchor = if kind == "procedure" {
        anchors::procedure(id)
    } else {
        anchors::step(id)
    };
    Ok(Resolved::Site {
        path: anchors::guide_page(target_guide),
        query: None,
        fragment: Some(anchor),
    })
}

/// A path relative to the guide's page, as a path from the site's root. Browsers read `\`
/// as `/` and `%2e` as `.` in these, so this does too.
fn relative<'a>(dest: &'a str, guide: &str) -> Result<Resolved<'a>, Problem> {
    let (rest, fragment) = match dest.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment.to_string())),
        None => (dest, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    if path.is_empty() {
        // ``, `?x` or `#x`: this page, as in a browser. Read as a path, the empty segment
        // would be a folder, `guides/ID//index.html`, which is `/index.html` from that page.
        return Ok(Resolved::Site {
            path: anchors::guide_page(guide),
            query,
            fragment,
        });
    }
    let mut segments: Vec<String> = vec!["guides".to_string(), guide.to_string()];
    let path = path.replace('\\', "/");
    let parts: Vec<&str> = path.split('/').collect();
    for (n, part) in parts.iter().enumerate() {
        let last = n + 1 == parts.len();
        match part.to_ascii_lowercase().replace("%2e", ".").as_str() {
            "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Err(Problem::Escapes);
                }
            }
            // `a//b` and a trailing `/`: an empty segment, kept only at the end (a folder).
            "" if !last => {}
            _ => segments.push((*part).to_string()),
        }
    }
    Ok(Resolved::Site {
        path: segments.join("/"),
        query,
        fragment,
    })
}

/// `to` (a path from the site's root) as written on the page `from`.
pub fn relative_to(from: &str, to: &str) -> String {
    let mut from_dirs: Vec<&str> = from.split('/').collect();
    from_dirs.pop();
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dirs, to_file) = to_parts.split_at(to_parts.len() - 1);
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    for dir in &to_dirs[common..] {
        out.push_str(dir);
        out.push('/');
    }
    out.push_str(to_file[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::{Place, href, relative_to};

    #[test]
    fn an_address_without_a_path_is_the_guides_own_page_wherever_it_is_shown() {
        for (page, own) in [
            ("guides/g/index.html", "index.html"),
            ("index.html", "guides/g/index.html"),
            ("guides/g/checklist/index.html", "../index.html"),
        ] {
            let place = Place { guide: "g", page };
            assert_eq!(href("", place).as_deref(), Some(own), "on {page}");
            assert_eq!(href("?a(b", place), Some(format!("{own}?a(b")), "on {page}");
        }
        let own_page = Place {
            guide: "g",
            page: "guides/g/index.html",
        };
        assert_eq!(href("#x", own_page).as_deref(), Some("#x"));
        assert_eq!(href("?q#x", own_page).as_deref(), Some("index.html?q#x"));
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative_to("guides/a/index.html", "guides/b/index.html"),
            "../b/index.html"
        );
        assert_eq!(
            relative_to("index.html", "guides/b/index.html"),
            "guides/b/index.html"
        );
        assert_eq!(
            relative_to("guides/a/checklist/index.html", "index.html"),
            "../../../index.html"
        );
        assert_eq!(
            relative_to("guides/a/index.html", "guides/a/index.html"),
            "index.html"
        );
    }
}
