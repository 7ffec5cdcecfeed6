//! Building the preview into the site in memory, from any state of the content: the guides
//! without errors are rendered, and the problems go to the terminal and the open pages.
//!
//! Only what depends on a change is rebuilt. An edited guide file is parsed, linted and
//! rendered again on its own and its pages put in at once, and the open pages reload; then
//! the pages that list every guide (only when its card changed) and the search index (from
//! the other guides' kept postings, so no other file is read) are remade and put in, and
//! requests for them wait meanwhile. A change to the settings, the templates or the set of
//! guide files rebuilds everything.

use super::live::Event;
use super::site::{Site, Stale};
use crate::diagnostic::Diagnostic;
use crate::lint::{LintOptions, Rules};
use crate::pipeline::{self, GuideRecord, Outcome, Settings, Target};
use crate::render::pages::GuideCard;
use crate::render::{File, Files, Renderer};
use crate::report::{self, Format};
use crate::search::Postings;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub struct Preview {
    root: PathBuf,
    base_url: String,
    /// What the last full build kept; `None` until the settings load.
    model: Option<Model>,
    /// The diagnostics last printed, so an edit that changes none prints none.
    printed: Vec<Diagnostic>,
}

/// What `serve` keeps between rebuilds, so that an edit rebuilds only what depends on it.
struct Model {
    settings: Settings,
    renderer: Arc<Renderer>,
    /// Problems of the settings files and of listing the guide files.
    base: Vec<Diagnostic>,
    /// Every guide file's record, in site order; a guide with errors keeps what its last
    /// good version made, whose pages stay served.
    guides: Vec<GuideRecord>,
    position: HashMap<PathBuf, usize>,
    /// The search postings of each run of [`RUN`] guides.
    runs: Vec<Arc<Postings>>,
}

impl Preview {
    pub fn new(root: &Path, base_url: String) -> Preview {
        Preview {
            root: root.to_path_buf(),
            base_url,
            model: None,
            printed: Vec::new(),
        }
    }

    /// Rebuilds what `changed` (absolute paths) affects; everything when it is unknown.
    /// Fails only for I/O and template errors that stop the preview from working at all.
    pub fn update(&mut self, changed: &BTreeSet<PathBuf>, site: &Site) -> Result<()> {
        let started = Instant::now();
        let guides: Option<Vec<usize>> = self.model.as_ref().and_then(|model| {
            changed
                .iter()
                .filter(|path| !is_editor_file(path))
                .map(|path| {
                    let edited = model.position.get(path).copied().filter(|_| path.is_file());
                    // A guide with translations: their pages and drift depend on it too.
                    edited.filter(|_| !has_translation(path))
                })
                .collect()
        });
        let errors = match guides {
            Some(guides) if guides.is_empty() => return Ok(()),
            Some(guides) => self.edit(&guides, site)?,
            None => self.rebuild(site)?,
        };
        let outcome = if errors {
            "content has errors"
        } else {
            "reloading"
        };
        println!("rebuilt in {} ms; {outcome}", started.elapsed().as_millis());
        Ok(())
    }

    /// Builds everything, and keeps what later edits need. True when the content has errors.
    pub fn rebuild(&mut self, site: &Site) -> Result<bool> {
        crate::content::require_content(&self.root)?;
        let settings = Settings::load(&self.root, Some(&self.base_url));
        let renderer = settings.renderer(&self.root);
        let sink = Mutex::new(Files::new());
        let target = renderer.as_ref().ok().map(|renderer| Target {
            renderer,
            sink: &sink,
            keep: true,
            partial: true,
        });
        let mut outcome = pipeline::pass(&self.root, &settings, LintOptions::from_env(), target)?;
        let renderer = match renderer {
            Ok(renderer) => renderer,
            Err(err) if !outcome.has_errors() => return Err(err),
            // Settings with errors: nothing renders, and the pages served stay.
            Err(_) => {
                self.model = None;
                publish(&mut self.printed, site, &outcome, &[], false);
                return Ok(true);
            }
        };
        let mut files = sink
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let guides = std::mem::take(&mut outcome.guides);
        // As after an edit of one guide: a guide with errors keeps its last good pages (in
        // every language), and the open pages get the problems rather than a reload.
        let broken: Vec<String> = guides
            .iter()
            .filter(|record| record.made.is_none())
            .map(|record| format!("guides/{}/", crate::translation::guide_id(&record.file)))
            .collect();
        site.write(
            |content| {
                for (path, bytes) in std::mem::take(&mut content.files) {
                    let of_broken = broken
                        .iter()
                        .any(|dir| path.starts_with(dir) || path.contains(&format!("/{dir}")));
                    if of_broken {
                        files.entry(path).or_insert(bytes);
                    }
                }
                content.files = files;
                content.stale.clear();
            },
            None,
        );
        let errors = outcome.has_errors();
        publish(&mut self.printed, site, &outcome, &guides, !errors);
        let position = guides
            .iter()
            .enumerate()
            .map(|(n, record)| (self.root.join(&record.file), n))
            .collect();
        self.model = Some(Model {
            settings,
            renderer: Arc::new(renderer),
            base: outcome.base.clone(),
            guides,
            position,
            runs: outcome.runs.into_iter().map(Arc::new).collect(),
        });
        Ok(errors)
    }

    /// Rebuilds what depends on the guide files at `changed` (positions in the model). True
    /// when the content has errors.
    fn edit(&mut self, changed: &[usize], site: &Site) -> Result<bool> {
        let Some(model) = self.model.as_mut() else {
            return Ok(false);
        };
        let rules = Rules::new(
            model.settings.site.as_ref(),
            model.settings.terminology.as_ref(),
            LintOptions::from_env(),
        );
        let root = self.root.as_path();
        let renderer = &model.renderer;
        let done: Vec<(usize, pipeline::Handled)> = changed
            .par_iter()
            .map(|&n| {
                let file = &model.guides[n].file;
                pipeline::guide(root, file, None, &rules, Some(renderer)).map(|done| (n, done))
            })
            .collect::<Result<_>>()?;
        let mut pages = Vec::new();
        let mut rendered = Vec::new();
        let mut cards_changed = false;
        for (n, (mut record, made)) in done {
            if record.made.is_some() {
                cards_changed |= card(&record) != card(&model.guides[n]);
                rendered.push(n);
            } else {
                // A guide with errors: its last good pages stay, and so does its entry in
                // the listings and the search index.
                record.made = model.guides[n].made.take();
            }
            model.guides[n] = record;
            pages.extend(made);
        }
        let outcome = pipeline::report(&model.settings, model.base.clone(), &model.guides);

        pages.extend(pipeline::reindex(&rendered, &model.guides, &mut model.runs));
        // The guide's own pages first, so the open page reloads at once.
        let mut stale = Vec::new();
        if !rendered.is_empty() {
            stale.push(Stale::Search);
        }
        if cards_changed {
            stale.push(Stale::Listings);
        }
        site.write(
            |content| {
                content.files.extend(pages);
                content.stale = stale;
            },
            None,
        );
        let errors = outcome.has_errors();
        publish(
            &mut self.printed,
            site,
            &outcome,
            &model.guides,
            !rendered.is_empty(),
        );
        if rendered.is_empty() {
            return Ok(errors);
        }

        // Then what depends on every guide, outside the lock; each kind is put in as soon
        // as it is made.
        let model = &*model;
        let made: Vec<Option<&pipeline::Made>> =
            model.guides.iter().map(|r| r.made.as_ref()).collect();
        let settle = |kind: Stale, files: Vec<File>| {
            site.write(
                |content| {
                    if kind == Stale::Search {
                        // The number of postings shards and chunks may change; the old ones go.
                        content.files.retain(|path, _| {
                            !path.starts_with("search/p") && !path.starts_with("search/c")
                        });
                    }
                    content.files.extend(files);
                    content.stale.retain(|stale| *stale != kind);
                },
                None,
            );
        };
        // The listings first: the home page is asked for more often than the search index.
        if cards_changed {
            let cards: Vec<&GuideCard> = made.iter().flatten().map(|m| &*m.card).collect();
            let listings = model.renderer.listings(&cards, None).unwrap_or_else(|err| {
                eprintln!("error: cannot render the listings: {err:#}");
                Vec::new()
            });
            settle(Stale::Listings, listings);
        }
        let runs: Vec<&Postings> = model.runs.iter().map(|r| &**r).collect();
        let stats: Vec<(u32, u64)> = made
            .iter()
            .map(|m| m.map_or((0, 0), |m| m.search.stats))
            .collect();
        let synonyms = crate::search::synonyms(model.settings.terminology.as_ref());
        let mut index = Vec::new();
        let finished = crate::search::finish(&stats, &runs, &synonyms, |path, bytes| {
            index.push((path, bytes));
            Ok(())
        });
        if let Err(err) = finished {
            eprintln!("error: cannot write the search index: {err:#}");
        }
        settle(Stale::Search, index);
        Ok(errors)
    }
}

/// Shows the problems in the terminal (when they changed) and in the open pages, and tells
/// the pages to reload when `reload` (the site changed). `guides` are the records of the
/// guide files; those with no pages get the overlay at their address.
fn publish(
    printed: &mut Vec<Diagnostic>,
    site: &Site,
    outcome: &Outcome,
    guides: &[GuideRecord],
    reload: bool,
) {
    let diagnostics = &outcome.diagnostics;
    if diagnostics != printed {
        let text = report::render(
            Format::Human,
            diagnostics,
            &outcome.summary,
            &outcome.sources,
            report::use_color(std::io::stderr().is_terminal()),
        );
        eprint!("{text}");
        *printed = diagnostics.clone();
    }
    let problems = Event::problems(diagnostics, &outcome.summary, &outcome.sources);
    let broken: BTreeSet<String> = guides
        .iter()
        .filter(|record| record.made.is_none())
        .filter_map(|record| Some(Path::new(&record.file).file_stem()?.to_str()?.to_string()))
        .collect();
    let event = match &problems {
        Some(problems) if !reload => problems.clone(),
        _ => Event::Reload,
    };
    site.write(
        |content| {
            content.problems = problems;
            content.broken = broken;
        },
        Some(event),
    );
}

fn card(record: &GuideRecord) -> Option<&GuideCard> {
    record.made.as_ref().map(|m| &*m.card)
}

/// Files editors write beside the one being saved (swap files, backups), which are not
/// content.
fn is_editor_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_guides = path
        .parent()
        .is_some_and(|dir| dir.ends_with(crate::content::GUIDES_DIR));
    let content = name.ends_with(".yaml") || name.ends_with(".yml");
    in_guides && !content
}

/// Whether the guide file at `path` has a translation beside it (`<id>.<lang>.yaml`), as
/// [`crate::translation::split`] tells one from an original.
fn has_translation(path: &Path) -> bool {
    let (Some(dir), Some(original)) = (path.parent(), path.to_str()) else {
        return false;
    };
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let path = entry.path();
            let of = path.to_str().and_then(crate::translation::split);
            of.is_some_and(|(of, _)| of == original)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::has_translation;

    #[test]
    fn a_guide_is_not_its_own_translation() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let guide = dir.path().join("a.yaml");
        for name in [
            "a.yaml",
            "ab.en.yaml",
            "a.yaml.swp",
            "b.en.yaml",
            "a.draft.yaml",
        ] {
            std::fs::write(dir.path().join(name), "").expect("written");
        }
        assert!(!has_translation(&guide));
        std::fs::write(dir.path().join("a.en.yaml"), "").expect("written");
        assert!(has_translation(&guide));
    }
}
