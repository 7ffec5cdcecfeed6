//! `stepguide new`: a guide skeleton that passes `check`, for authors to fill in.

use super::write_new;
use crate::content::{GUIDES_DIR, SITE_FILE};
use crate::lint::ids::{is_slug, slugify};
use anyhow::{Result, bail};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The guide's id: lowercase letters, digits and single hyphens.
    pub guide_id: String,
    /// Project folder holding `content/`.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    let id = &args.guide_id;
    if !is_slug(id) {
        bail!(
            "`{id}` is not a safe guide id: use lowercase letters, digits and single hyphens, \
             e.g. `{}`",
            slugify(id)
        );
    }
    if !args.root.join(SITE_FILE).is_file() {
        bail!(
            "{} is not a stepguide project ({SITE_FILE} is missing); run `stepguide init` \
             first, or pass --root",
            args.root.display()
        );
    }
    let path = args.root.join(GUIDES_DIR).join(format!("{id}.yaml"));
    let today = crate::lint::dates::format_date(crate::lint::LintOptions::from_env().today);
    if !write_new(&path, crate::scaffold::guide(id, &today).as_bytes())? {
        bail!(
            "{} exists; an existing guide is never overwritten",
            path.display()
        );
    }
    say!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}
