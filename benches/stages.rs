//! Criterion benchmarks of the build's stages on a generated knowledge base
//! (`examples/gen_kb.rs`): load (read and parse), parse alone by the fast reader and by the
//! full parser, lint, render (pages and listings), index
//! (the search index), write (the atomic write of a site), and the whole `check` and `build`
//! in one process, and one QR code of a checklist (`qr`). `benches/whole.sh` times the real
//! commands against Hugo.
//!
//! `cargo bench --bench stages`; `STEPGUIDE_BENCH_GUIDES=N` sets the size (default 200);
//! `cargo bench --bench stages -- qr` times the QR code alone.

#[path = "../examples/gen_kb.rs"]
#[allow(dead_code)]
mod gen_kb;

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use std::path::Path;
use stepguide::content::{self, Guide, GuideFile, parse};
use stepguide::lint::{self, LintOptions};
use stepguide::output::Staging;
use stepguide::pipeline::{self, Settings, Site};
use stepguide::render::pages::GuideCard;
use stepguide::render::{self, Renderer};
use stepguide::search::{self, Postings};

// The allocator the binary uses (src/main.rs), so that the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BASE_URL: &str = "https://bench.example.org/";

fn stages(c: &mut Criterion) {
    let guides = std::env::var("STEPGUIDE_BENCH_GUIDES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path();
    gen_kb::write_kb(guides, root).expect("the generator writes the knowledge base");
    // Writing goes to memory-backed storage when there is some, so the disk does not decide.
    let shm = Path::new("/dev/shm");
    let out_dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a temp dir for the output");
    let options = LintOptions { today: 20_800 };

    let mut group = c.benchmark_group(format!("{guides} guides"));
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| load(root)));
    let guides = load(root);
    // Parsing alone, by the fast block-YAML reader and by the full parser it falls back on.
    let texts: Vec<&String> = guides.iter().map(|(_, text)| text).collect();
    group.bench_function("parse, fast reader", |b| {
        b.iter(|| {
            for text in &texts {
                std::hint::black_box(parse::parse::<Guide>("g.yaml", text, "a guide").ok());
            }
        })
    });
    group.bench_function("parse, full parser", |b| {
        b.iter(|| {
            for text in &texts {
                std::hint::black_box(parse::parse_full::<Guide>("g.yaml", text, "a guide").ok());
            }
        })
    });
    let settings = Settings::load(root, None);
    let terminology = settings.terminology.as_ref();
    let site = settings.site.as_ref().expect("site settings");
    let rules = lint::Rules::new(Some(site), terminology, options);
    group.bench_function("lint", |b| {
        b.iter(|| {
            let mut diagnostics = Vec::new();
            for (file, text) in &guides {
                lint::guide(&rules, file, text, &mut diagnostics);
            }
            diagnostics
        })
    });
    let languages = [(
        "ko".to_string(),
        stepguide::content::strings::defaults("ko"),
    )]
    .into();
    let renderer = Renderer::new(root, site, &languages, Some(BASE_URL)).expect("templates load");
    group.bench_function("render", |b| {
        b.iter(|| {
            let mut cards: Vec<GuideCard> = Vec::new();
            for (file, _) in &guides {
                let (card, pages) = renderer.guide(file, None).expect("renders");
                cards.push(card);
                std::hint::black_box(pages);
            }
            let cards: Vec<&GuideCard> = cards.iter().collect();
            renderer.listings(&cards, None).expect("renders")
        })
    });
    // The build's index writer on one core: each guide's entry, the postings, the document
    // files and the rest of the files.
    let synonyms = search::synonyms(terminology);
    let strings = stepguide::content::strings::defaults("ko");
    group.bench_function("index", |b| {
        b.iter(|| {
            let entries: Vec<search::Entry> = guides
                .iter()
                .map(|(file, _)| search::Entry::new(&file.guide, &strings))
                .collect();
            let stats: Vec<(u32, u64)> = entries.iter().map(|e| e.stats).collect();
            for (number, entry) in entries.iter().enumerate() {
                std::hint::black_box(search::doc_files(number, &entry.docs));
            }
            let terms: Vec<(u32, &search::GuideTerms)> = entries
                .iter()
                .enumerate()
                .map(|(number, entry)| (number as u32, &entry.terms))
                .collect();
            let postings = Postings::of(&terms);
            search::finish(&stats, &[&postings], &synonyms, |_, bytes| {
                std::hint::black_box(bytes);
                Ok(())
            })
            .expect("writes")
        })
    });
    let files = std::sync::Mutex::new(render::Files::new());
    let site = Site {
        base_url: Some(BASE_URL),
        sink: &files,
        keep: false,
    };
    pipeline::run(root, options, Some(site)).expect("builds");
    let files = files.into_inner().expect("the site in memory");
    let out = out_dir.path().join("site");
    group.bench_function("write", |b| {
        b.iter(|| {
            let staging = Staging::begin(&out).expect("the output folder");
            for (path, bytes) in &files {
                staging.put(path, bytes).expect("writes");
            }
            staging.commit().expect("swaps")
        })
    });
    group.bench_function("check (whole)", |b| {
        b.iter(|| pipeline::run(root, options, None).expect("checks"))
    });
    group.bench_function("build (whole)", |b| {
        b.iter(|| {
            let staging = Staging::begin(&out).expect("the output folder");
            let site = Site {
                base_url: None,
                sink: &staging,
                keep: false,
            };
            let outcome = pipeline::run(root, options, Some(site)).expect("builds");
            assert!(!outcome.has_errors());
            staging.commit().expect("swaps")
        })
    });
    group.finish();
}

/// Every guide under `root`, read and parsed, with its text.
fn load(root: &Path) -> Vec<(GuideFile, String)> {
    let files = content::guide_files(root, &mut Vec::new()).expect("lists the guides");
    files
        .into_par_iter()
        .map(|file| {
            let loaded = content::load_file::<Guide>(root, &file, "a guide file");
            let (_, text) = loaded.text.expect("reads");
            let guide = loaded.value.expect("parses");
            (GuideFile { file, guide }, text)
        })
        .collect()
}

/// One checklist's QR code, as inline SVG, for an address as long as a generated guide's.
fn qr(c: &mut Criterion) {
    let url = format!("{BASE_URL}guides/guide-01234/");
    c.bench_function("qr code", |b| {
        b.iter(|| {
            render::qr::code(std::hint::black_box(&url))
                .expect("encodes")
                .svg("QR")
        })
    });
}

criterion_group!(benches, stages, qr);
criterion_main!(benches);
