//! `stepguide schema`: JSON Schema of the content files, generated from the content types
//! so the schema and the loader can never disagree.

use crate::cli::SchemaKind;
use crate::content::{Guide, SiteSettings, Terminology};

pub fn json_schema(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Guide => schemars::schema_for!(Guide),
        SchemaKind::Site => schemars::schema_for!(SiteSettings),
        SchemaKind::Terminology => schemars::schema_for!(Terminology),
    };
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
