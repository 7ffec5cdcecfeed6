//! Criterion benchmark: reading one mapping of 10,000 and of 40,000 keys, by the fast reader
//! and by the full parser, into `serde::de::IgnoredAny`. Four times the keys should cost
//! about four times the time; a pass that compares every key with every other would make it
//! sixteen. The README (Hardening) has the figures.
//!
//! `cargo bench --bench yaml_keys`
//!
//! The fast reader's tree at 40,000 keys (about 5 MB) no longer fits the cache that holds it
//! at 10,000 keys, so its time grows somewhat faster than its instructions do. Runs on a
//! shared machine differ by up to a fifth: compare medians of several runs.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde::de::IgnoredAny;
use stepguide::content::{block_yaml, parse};

// The allocator the binary uses (src/main.rs), so that the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn mapping(keys: usize) -> String {
    (0..keys).map(|k| format!("key{k}: value\n")).collect()
}

fn keys(c: &mut Criterion) {
    let texts: Vec<(usize, String)> = [10_000, 40_000].map(|keys| (keys, mapping(keys))).into();
    for (keys, text) in &texts {
        assert!(text.len() <= parse::MAX_FILE_BYTES);
        assert!(
            block_yaml::from_str::<IgnoredAny>(text).is_some(),
            "{keys} keys"
        );
    }
    let mut group = c.benchmark_group("mapping");
    group.sample_size(20);
    // One reader at both sizes, then the other: had the full parser run between the fast
    // reader's two sizes, the larger would start from the heap it left behind.
    for (keys, text) in &texts {
        group.bench_with_input(BenchmarkId::new("fast reader", keys), text, |b, text| {
            b.iter(|| block_yaml::from_str::<IgnoredAny>(text))
        });
    }
    for (keys, text) in &texts {
        group.bench_with_input(BenchmarkId::new("full parser", keys), text, |b, text| {
            b.iter(|| {
                serde_saphyr::from_str_with_options::<IgnoredAny>(text, parse::options())
                    .expect("reads")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, keys);
criterion_main!(benches);
