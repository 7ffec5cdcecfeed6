//! The command line: clap's definition of the commands, each carried out by its module in
//! [`crate::cmd`]. Exit codes: 0 success, 1 content problems (or a stale site), 2 usage or
//! I/O errors.

use crate::cmd;
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "stepguide",
    version = env!("STEPGUIDE_VERSION"),
    about = "Turn a knowledge base of step-by-step guidance, written as YAML, into a static \
             guide site, printable checklists and lint reports."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new project: settings, terminology, an example guide and editor schemas.
    Init(cmd::init::Args),
    /// Lint the content and report every problem with file:line:col.
    Check(cmd::check::Args),
    /// Lint, then write the guide site, printable checklists and PDFs (or compare with --check).
    Build(cmd::build::Args),
    /// Preview the site with live reload (on 127.0.0.1 unless told); never writes `site/`.
    Serve(cmd::serve::Args),
    /// Write a new guide skeleton that passes `check` to content/guides/GUIDE_ID.yaml.
    New(cmd::new::Args),
    /// Print the JSON Schema of a content file, for editor completion and checking.
    Schema(cmd::schema::Args),
    /// Record that a translation says what its original says now (writes its `.lock` file).
    Translated(cmd::translated::Args),
}

/// Runs the command; `Err` is a usage or I/O error (exit code 2).
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Init(args) => cmd::init::execute(args),
        Command::Check(args) => cmd::check::execute(args),
        Command::Build(args) => cmd::build::execute(args),
        Command::Serve(args) => cmd::serve::execute(args),
        Command::New(args) => cmd::new::execute(args),
        Command::Schema(args) => cmd::schema::execute(args),
        Command::Translated(args) => cmd::translated::execute(args),
    }
}
