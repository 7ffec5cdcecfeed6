//! `stepguide schema`: print the JSON Schema of a content file.

use crate::schema::SchemaKind;
use anyhow::Result;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which file's schema to print.
    #[arg(value_enum, default_value_t = SchemaKind::Guide)]
    pub kind: SchemaKind,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    say!("{}", crate::schema::json_schema(args.kind));
    Ok(ExitCode::SUCCESS)
}
