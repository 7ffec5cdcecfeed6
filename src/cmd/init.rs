//! `stepguide init`: a new project that passes `check` and builds, and with `--templates` the
//! default templates to change the look.

use super::write_new;
use crate::content::SITE_FILE;
use crate::render::templates;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of the new project; created if missing.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty; existing files are never replaced.
    #[arg(long)]
    pub force: bool,
    /// Also copy the default templates and assets into `templates/`, to change the look. In
    /// an existing project, copies only those.
    #[arg(long)]
    pub templates: bool,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let dir = &args.dir;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let existing_project = dir.join(SITE_FILE).is_file();
    if !(args.templates && existing_project) {
        if !args.force && !is_empty(dir)? {
            bail!(
                "{} is not empty; run `stepguide init` in an empty folder, or pass --force to \
                 add the project's files without replacing any",
                dir.display()
            );
        }
        let name = project_name(dir);
        let today = crate::lint::dates::format_date(crate::lint::LintOptions::from_env().today);
        files.extend(
            crate::scaffold::project(&name, &today)
                .into_iter()
                .map(|(path, text)| (path, text.into_bytes())),
        );
    }
    if args.templates {
        files.extend(
            templates::defaults()
                .map(|(name, bytes)| (format!("{}/{name}", templates::TEMPLATES_DIR), bytes)),
        );
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        if write_new(&target, bytes)? {
            say!("wrote {}", target.display());
        } else {
            say!("kept  {} (it exists)", target.display());
        }
    }
    if !existing_project {
        say!(
            "\nnext: `stepguide check --root {0}`, `stepguide serve --root {0}`, and read {0}/README.md",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// True for a folder that does not exist yet or holds nothing but version-control files.
fn is_empty(dir: &Path) -> Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !matches!(entry.file_name().to_str(), Some(".git" | ".gitignore")) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The project's name for its README: the folder's name.
fn project_name(dir: &Path) -> String {
    std::path::absolute(dir)
        .ok()
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Guides".to_string())
}
