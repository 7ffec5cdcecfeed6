//! JSON Schema of the content files, generated from the content types so the schema and the
//! loader can never disagree.

use crate::content::{Guide, SiteSettings, Terminology};

/// The content files that have a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// A guide file, content/guides/*.yaml.
    Guide,
    /// The site settings, content/site.yaml.
    Site,
    /// The terminology list, content/terminology.yaml.
    Terminology,
}

pub fn json_schema(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Guide => schemars::schema_for!(Guide),
        SchemaKind::Site => schemars::schema_for!(SiteSettings),
        SchemaKind::Terminology => schemars::schema_for!(Terminology),
    };
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
