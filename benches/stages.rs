//! Criterion benchmarks of the build's stages on a generated knowledge base
//! (`examples/gen_kb.rs`): load (read and parse), parse alone by the fast reader and by the
//! full parser, lint, render (pages and listings), index
//! (the search index), write (the atomic write of a site), and the whole `check` and `build`
//! in one process. `benches/whole.sh` times the real commands against Hugo.
//!
//! `cargo bench --bench stages`; `STEPGUIDE_BENCH_GUIDES=N` sets the size (default 200).

#[path = "../examples/gen_kb.rs"]
#[allow(dead_code)]
mod gen_kb;

use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use stepguide::content::{Guide, KnowledgeBase, parse};
use stepguide::lint::{self, LintOptions};
use stepguide::output::{self, Staging};
use stepguide::pipeline::{self, Site};
use stepguide::render::pages::GuideCard;
use stepguide::render::{self, Renderer};

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
    group.bench_function("load", |b| {
        b.iter(|| KnowledgeBase::load(root).expect("loads"))
    });
    let kb = KnowledgeBase::load(root).expect("loads");
    // Parsing alone, by the fast block-YAML reader and by the full parser it falls back on.
    let texts: Vec<&String> = kb.guides.iter().map(|g| &kb.sources[&g.file]).collect();
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
    let settings = kb.site.as_ref().expect("site settings");
    let rules = lint::Rules::new(Some(settings), kb.terminology.as_ref(), options);
    group.bench_function("lint", |b| {
        b.iter(|| {
            let mut diagnostics = Vec::new();
            for file in &kb.guides {
                lint::guide(&rules, file, &kb.sources[&file.file], &mut diagnostics);
            }
            diagnostics
        })
    });
    let renderer = Renderer::new(root, settings, Some(BASE_URL)).expect("templates load");
    group.bench_function("render", |b| {
        b.iter(|| {
            let mut cards: Vec<GuideCard> = Vec::new();
            for file in &kb.guides {
                let (card, pages) = renderer.guide(file).expect("renders");
                cards.push(card);
                std::hint::black_box(pages);
            }
            let cards: Vec<&GuideCard> = cards.iter().collect();
            renderer.listings(&cards).expect("renders")
        })
    });
    group.bench_function("index", |b| b.iter(|| stepguide::search::build_files(&kb)));
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
        b.iter(|| output::write(&out, &files).expect("writes"))
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

criterion_group!(benches, stages);
criterion_main!(benches);
