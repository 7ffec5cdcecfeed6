//! The command line: argument parsing and one short function per command.
//! Exit codes: 0 success, 1 content problems (or a stale site), 2 usage or I/O errors.

use crate::diagnostic::Severity;
use crate::lint::LintOptions;
use crate::report::{self, Format};
use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "stepguide",
    version,
    about = "Turn a knowledge base of step-by-step guidance, written as YAML, into a static \
             guide site, printable checklists and lint reports."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the content and report every problem with file:line:col.
    Check {
        /// Project folder holding `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit with 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Lint, then write the guide site and printable checklists (or compare with --check).
    Build {
        /// Project folder holding `content/` (and optionally `templates/`).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder; replaced as a whole. Default: `<root>/site`.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute address the site is published at; overrides `base_url` in site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Write nothing; list the files that differ and exit with 1 when the site is stale.
        #[arg(long)]
        check: bool,
    },
    /// Preview the site on 127.0.0.1 with live reload; never writes `site/`.
    Serve {
        /// Project folder holding `content/` (and optionally `templates/`).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on. Default: 4000, or the next free port after it.
        #[arg(long)]
        port: Option<u16>,
        /// Open the preview in the browser.
        #[arg(long)]
        open: bool,
        /// Address to listen on, e.g. this machine's address on the local network to preview
        /// on a phone (the preview is then visible to that network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Write a new guide skeleton that passes `check` to content/guides/GUIDE_ID.yaml.
    New {
        /// The guide's id: lowercase letters, digits and single hyphens.
        guide_id: String,
        /// Project folder holding `content/`.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the JSON Schema of a content file, for editor completion and checking.
    Schema {
        /// Which file's schema to print.
        #[arg(value_enum, default_value_t = SchemaKind::Guide)]
        kind: SchemaKind,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A guide file, content/guides/*.yaml.
    Guide,
    /// The site settings, content/site.yaml.
    Site,
    /// The terminology list, content/terminology.yaml.
    Terminology,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check {
            root,
            format,
            deny_warnings,
        } => check(&root, format, deny_warnings),
        Command::Build {
            root,
            out,
            base_url,
            check,
        } => crate::build::execute(crate::build::BuildArgs {
            root,
            out,
            base_url,
            check,
        }),
        Command::Serve {
            root,
            port,
            open,
            bind,
        } => {
            crate::serve::run(crate::serve::Options {
                root,
                port,
                bind,
                open,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { guide_id, root } => {
            let path = crate::new_guide::write(&root, &guide_id)?;
            println!("wrote {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { kind } => {
            println!("{}", crate::schema::json_schema(kind));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(root: &std::path::Path, format: Format, deny_warnings: bool) -> Result<ExitCode> {
    let outcome = crate::pipeline::run(root, LintOptions::from_env(), None)?;
    let color = format == Format::Human && use_color(std::io::stdout().is_terminal());
    let diagnostics = &outcome.diagnostics;
    print!(
        "{}",
        report::render(
            format,
            diagnostics,
            &outcome.summary,
            &outcome.sources,
            color
        )
    );
    let failing = diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || deny_warnings);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_valid() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
