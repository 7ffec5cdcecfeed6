//! `stepguide build`: load, lint, render, then write the site (or compare it with `--check`).
//!
//! Content with errors is refused before anything is rendered, so the old site stays.

use crate::diagnostic::Diagnostic;
use crate::lint::LintOptions;
use crate::lint::facts::is_web_url;
use crate::output::{self, Comparison, Staging};
use crate::pipeline::{self, Outcome, Site};
use crate::report::{self, Format};
use anyhow::{Result, bail};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Project folder holding `content/` (and optionally `templates/`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder; replaced as a whole. Default: `<root>/site`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Absolute address the site is published at; overrides `base_url` in site.yaml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Write nothing; list the files that differ and exit with 1 when the site is stale.
    #[arg(long)]
    pub check: bool,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    if let Some(url) = &args.base_url
        && !is_web_url(url)
    {
        bail!("--base-url `{url}` is not an http or https URL");
    }
    let out = args.out.clone().unwrap_or_else(|| args.root.join("site"));
    let options = LintOptions::from_env();
    if args.check {
        let comparison = Comparison::new(&out);
        let outcome = pipeline::run(&args.root, options, Some(site(&args, &comparison)))?;
        if refused(&outcome) {
            return Ok(ExitCode::from(1));
        }
        return check(&out, comparison.finish()?, outcome.files.unwrap_or(0));
    }
    // Pages are written into the temporary folder as they are made. A problem with the
    // output folder is reported after any content problems, as before anything is written.
    let staging = Staging::begin(&out);
    let sink: &dyn pipeline::Sink = match &staging {
        Ok(staging) => staging,
        Err(_) => &Discard,
    };
    let outcome = pipeline::run(&args.root, options, Some(site(&args, sink)))?;
    if refused(&outcome) {
        return Ok(ExitCode::from(1));
    }
    staging?.commit()?;
    say!(
        "built {} files into {}",
        outcome.files.unwrap_or(0),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn site<'a>(args: &'a Args, sink: &'a dyn pipeline::Sink) -> Site<'a> {
    Site {
        base_url: args.base_url.as_deref(),
        sink,
        keep: false,
    }
}

/// Stands in for an output folder that cannot be used, so the content is still checked.
struct Discard;

impl pipeline::Sink for Discard {
    fn put(&self, _: &str, _: Vec<u8>) -> Result<()> {
        Ok(())
    }
}

/// Prints the diagnostics, if any; true when errors keep the site from being built.
fn refused(outcome: &Outcome) -> bool {
    let diagnostics: &[Diagnostic] = &outcome.diagnostics;
    if !diagnostics.is_empty() {
        let color = report::use_color(std::io::stderr().is_terminal());
        eprint!(
            "{}",
            report::render(
                Format::Human,
                diagnostics,
                &outcome.summary,
                &outcome.sources,
                color
            )
        );
    }
    if outcome.has_errors() {
        eprintln!("error: the content has errors, so no site was built");
        return true;
    }
    false
}

fn check(out: &std::path::Path, staleness: output::Staleness, files: usize) -> Result<ExitCode> {
    if staleness.is_fresh() {
        say!("{} is up to date ({files} files)", out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let lines = staleness.lines();
    say!(
        "{} is stale: {} {} differ from what `stepguide build` writes",
        out.display(),
        lines.len(),
        if lines.len() == 1 { "file" } else { "files" }
    );
    for line in lines {
        say!("  {line}");
    }
    say!("run `stepguide build` to update it");
    Ok(ExitCode::from(1))
}
