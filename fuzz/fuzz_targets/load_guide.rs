//! Fuzz target: any bytes as a guide file go through decoding, parsing and every lint rule
//! without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepguide::content::parse::{decode, parse};
use stepguide::content::{Guide, GuideFile, KnowledgeBase, Terminology};
use stepguide::lint::{LintOptions, check};

const FILE: &str = "content/guides/fuzz.yaml";
const TERMS: &str =
    "terms:\n  - preferred: 공동인증서\n    forbidden: [공인인증서, OPT]\n    reason: 이유\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(FILE, data.to_vec()) else {
        return;
    };
    let Ok(guide) = parse::<Guide>(FILE, &text, "a guide file") else {
        return;
    };
    let mut kb = KnowledgeBase::default();
    kb.terminology = parse::<Terminology>("content/terminology.yaml", TERMS, "terms").ok();
    kb.sources.insert(FILE.to_string(), text);
    kb.guides.push(GuideFile {
        file: FILE.to_string(),
        guide,
    });
    let _ = check(&kb, LintOptions { today: 20_000 });
});
