//! What `stepguide init` writes for a new project, and the guide skeleton of `stepguide new`.
//! The files live beside this one, so they read as the YAML an author will edit.

use crate::content::{CONTENT_DIR, GUIDES_DIR, SITE_FILE, TERMINOLOGY_FILE};
use crate::schema::{self, SchemaKind};

/// Every file of a new project called `name`, by path relative to its folder; `today` is
/// YYYY-MM-DD.
pub fn project(name: &str, today: &str) -> Vec<(String, String)> {
    let schema = |kind| format!("{}\n", schema::json_schema(kind));
    vec![
        (SITE_FILE.to_string(), include_str!("site.yaml").to_string()),
        (
            TERMINOLOGY_FILE.to_string(),
            include_str!("terminology.yaml").to_string(),
        ),
        (
            format!("{GUIDES_DIR}/example.yaml"),
            include_str!("example.yaml").replace("__TODAY__", today),
        ),
        (
            format!("{CONTENT_DIR}/guide.schema.json"),
            schema(SchemaKind::Guide),
        ),
        (
            format!("{CONTENT_DIR}/site.schema.json"),
            schema(SchemaKind::Site),
        ),
        (
            format!("{CONTENT_DIR}/terminology.schema.json"),
            schema(SchemaKind::Terminology),
        ),
        (
            ".gitignore".to_string(),
            include_str!("gitignore").to_string(),
        ),
        (
            "README.md".to_string(),
            include_str!("README.md").replace("__NAME__", name),
        ),
    ]
}

/// A short guide that passes `check`, for `stepguide new`.
pub fn guide(id: &str, today: &str) -> String {
    include_str!("guide.yaml")
        .replace("__ID__", id)
        .replace("__TODAY__", today)
}
