//! `stepguide check`: lint the content and report every problem.

use crate::diagnostic::Severity;
use crate::lint::LintOptions;
use crate::report::{self, Format};
use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder holding `content/`.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let outcome = crate::pipeline::run(&args.root, LintOptions::from_env(), None)?;
    let color = args.format == Format::Human && report::use_color(std::io::stdout().is_terminal());
    let text = report::render(
        args.format,
        &outcome.diagnostics,
        &outcome.summary,
        &outcome.sources,
        color,
    );
    // Like `say!`: a reader that has gone (`| head`) does not change the exit code.
    let _ = std::io::stdout().write_all(text.as_bytes());
    let failing = outcome
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || args.deny_warnings);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
