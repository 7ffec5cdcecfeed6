//! `stepguide serve`: preview the site with live reload.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder holding `content/` (and optionally `templates/`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on. Default: 4000, or the next free port after it.
    #[arg(long)]
    pub port: Option<u16>,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    crate::serve::run(&args.root, args.port)?;
    Ok(ExitCode::SUCCESS)
}
