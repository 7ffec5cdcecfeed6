//! The settings files' types: `site.yaml` (with the site's languages) and `terminology.yaml`.
//! Like the guide's types in `model.rs`, they deny unknown fields and their doc comments
//! become the JSON Schema's descriptions.

use super::located::Located;
use super::model::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `site.yaml`: settings for the whole site.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// Site title.
    pub title: Text,
    /// One sentence about the site, for the home page and search engines.
    pub description: Text,
    /// Absolute address the site is published at, e.g. https://example.org/guides/. Printed
    /// checklists show it with a QR code; until it is set they show no address.
    #[serde(default)]
    #[schemars(pattern(r"^https?://[^/\s]+"))]
    pub base_url: Option<Text>,
    /// Language of the content, as a BCP 47 tag, e.g. ko.
    #[schemars(pattern(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))]
    pub language: Text,
    /// A guide whose `reviewed` date is older than this many days gets a warning.
    pub review_interval_days: Located<u32>,
    /// Whether `build` writes each guide's PDFs (the checklist and each procedure, in regular
    /// and large print) beside its pages and links them. `false` turns them off.
    #[serde(default = "yes")]
    pub pdf: bool,
    /// Groups of guides: the home page lists them, and each has its own pages listing its
    /// guides (`categories/<id>/`). A guide names its group with `category`.
    #[serde(default)]
    pub categories: Vec<Located<Category>>,
    /// The other languages of the site, by BCP 47 tag (e.g. `en`), each with its own title
    /// and description (the default language's are used where left out). A guide is
    /// translated in a file beside it: `content/guides/<id>.<tag>.yaml`.
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, Located<Option<Translation>>>,
}

/// What a language of the site says differently from the default one.
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The site title in this language.
    #[serde(default)]
    pub title: Option<Text>,
    /// The site description in this language.
    #[serde(default)]
    pub description: Option<Text>,
    /// The categories' titles in this language, by category id (the default language's are
    /// used where left out).
    #[serde(default)]
    pub categories: std::collections::BTreeMap<String, Text>,
}

/// A group of guides.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// URL slug of the category: lowercase letters, digits and single hyphens.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"), length(max = 64))]
    pub id: Text,
    /// What the listings call it, e.g. "인증서 발급".
    pub title: Text,
}

fn yes() -> bool {
    true
}

/// `terminology.yaml`: preferred terms and the variants the linter flags.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Terminology {
    pub terms: Vec<Located<Term>>,
}

/// A preferred term and its forbidden variants.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term to use.
    pub preferred: Text,
    /// Variants that are wrong: old names and misspellings.
    pub forbidden: Vec<Text>,
    /// Why the variant is wrong; shown in the warning.
    pub reason: Text,
    /// Phrases that hold a forbidden variant on purpose, such as a sentence that names the old
    /// term for readers who still know it by that name. Inside them the variant is not flagged.
    #[serde(default)]
    pub exceptions: Vec<Text>,
}
