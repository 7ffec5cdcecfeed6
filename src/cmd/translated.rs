//! `stepguide translated GUIDE LANG`: records that a translation says what its original
//! says now, so `check` can name each node of the original that changes afterwards.

use crate::report::{self, Format};
use crate::translation::{self, Recorded};
use anyhow::Result;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The guide's id (or its file, original or translation).
    pub guide: String,
    /// The language of the translation, as `site.yaml` declares it under `translations:`.
    pub lang: String,
    /// Project folder holding `content/`.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn execute(args: Args) -> Result<ExitCode> {
    crate::content::require_content(&args.root)?;
    let id = translation::guide_id(&args.guide);
    let id = id.strip_suffix(".yaml").unwrap_or(id);
    match translation::record(&args.root, id, &args.lang)? {
        Recorded::Written(file, nodes) => {
            say!("recorded {nodes} nodes of the original in {file}");
            Ok(ExitCode::SUCCESS)
        }
        Recorded::Refused(problems, sources) => {
            let mut summary = crate::diagnostic::Summary {
                files: sources.len(),
                ..Default::default()
            };
            summary.count(&problems);
            let color = report::use_color(std::io::stdout().is_terminal());
            let text = report::render(Format::Human, &problems, &summary, &sources, color);
            say!("{text}nothing recorded: the translation must mirror its original first");
            Ok(ExitCode::from(1))
        }
    }
}
