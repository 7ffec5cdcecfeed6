//! `stepguide build`: load, lint, render, then write the site (or compare it with `--check`).
//!
//! Content with errors is refused before anything is rendered, so the old site stays.

use crate::content::KnowledgeBase;
use crate::diagnostic::Severity;
use crate::lint::{self, LintOptions};
use crate::report::{self, Format};
use crate::{output, render};
use anyhow::{Result, bail};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct BuildArgs {
    pub root: PathBuf,
    /// Defaults to `<root>/site`.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    pub check: bool,
}

pub fn execute(args: BuildArgs) -> Result<ExitCode> {
    let base_url = match &args.base_url {
        Some(url) if !is_web_url(url) => {
            bail!("--base-url `{url}` is not an http or https URL")
        }
        other => other.clone(),
    };
    let kb = KnowledgeBase::load(&args.root)?;
    let (diagnostics, summary) = lint::check(&kb, LintOptions::from_env());
    if !diagnostics.is_empty() {
        let color = crate::cli::use_color(std::io::stderr().is_terminal());
        eprint!(
            "{}",
            report::render(Format::Human, &diagnostics, &summary, &kb.sources, color)
        );
    }
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        eprintln!("error: the content has errors, so no site was built");
        return Ok(ExitCode::from(1));
    }

    let base_url = with_trailing_slash(match base_url {
        Some(url) => url,
        None => kb
            .site
            .as_ref()
            .map(|s| s.base_url.value.clone())
            .unwrap_or_default(),
    });
    let files = render::site(&kb, &base_url)?;
    let out = args.out.unwrap_or_else(|| args.root.join("site"));
    if args.check {
        return check(&out, &files);
    }
    output::write(&out, &files)?;
    println!("built {} files into {}", files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

fn check(out: &Path, files: &render::Files) -> Result<ExitCode> {
    let staleness = output::compare(out, files)?;
    if staleness.is_fresh() {
        println!("{} is up to date ({} files)", out.display(), files.len());
        return Ok(ExitCode::SUCCESS);
    }
    let lines = staleness.lines();
    println!(
        "{} is stale: {} {} differ from what `stepguide build` writes",
        out.display(),
        lines.len(),
        if lines.len() == 1 { "file" } else { "files" }
    );
    for line in lines {
        println!("  {line}");
    }
    println!("run `stepguide build` to update it");
    Ok(ExitCode::from(1))
}

fn with_trailing_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// The same test lint applies to `base_url` in site.yaml.
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && !rest.chars().any(char::is_whitespace)
    })
}
