//! `stepguide check`: lint the content and report every problem; with file names, only
//! those files' problems (for editors and pre-commit hooks).

use crate::content::{CONTENT_DIR, slash_path};
use crate::diagnostic::Severity;
use crate::lint::LintOptions;
use crate::report::{self, Format};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Content files to report on (default: all). Each is checked with its project's
    /// settings and against the other guides, which are read but not reported on.
    pub files: Vec<PathBuf>,
    /// Project folder holding `content/` (default: the project of the files given, or the
    /// current folder).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let root = match (&args.root, args.files.first()) {
        (Some(root), _) => root.clone(),
        (None, Some(file)) => project_of(file).unwrap_or_else(|| PathBuf::from(".")),
        (None, None) => PathBuf::from("."),
    };
    let only = if args.files.is_empty() {
        None
    } else {
        Some(relative_to(&root, &args.files)?)
    };
    let mut outcome = crate::pipeline::run(&root, LintOptions::from_env(), None)?;
    if let Some(files) = &only {
        outcome = outcome.only(files);
    }
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

/// The project folder that holds `file` in its `content/` folder.
fn project_of(file: &Path) -> Option<PathBuf> {
    let file = file.canonicalize().ok()?;
    file.ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|name| name == CONTENT_DIR))
        .and_then(Path::parent)
        .map(Path::to_path_buf)
}

/// The files' paths relative to `root`, as diagnostics name them; each must be a content
/// file of the project.
fn relative_to(root: &Path, files: &[PathBuf]) -> Result<BTreeSet<String>> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot find the project folder {}", root.display()))?;
    files
        .iter()
        .map(|file| {
            let real = file
                .canonicalize()
                .with_context(|| format!("cannot read {}", file.display()))?;
            match real.strip_prefix(&root) {
                Ok(relative) if relative.starts_with(CONTENT_DIR) => Ok(slash_path(relative)),
                _ => bail!(
                    "{} is not a content file of the project at {}",
                    file.display(),
                    root.display()
                ),
            }
        })
        .collect()
}
