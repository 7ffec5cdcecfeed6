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
    /// Open the preview in the browser.
    #[arg(long)]
    pub open: bool,
    /// Address to listen on, e.g. this machine's address on the local network to preview
    /// on a phone (the preview is then visible to that network).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    crate::serve::run(crate::serve::Options {
        root: args.root,
        port: args.port,
        bind: args.bind,
        open: args.open,
    })?;
    Ok(ExitCode::SUCCESS)
}
