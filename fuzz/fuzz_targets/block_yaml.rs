//! Fuzz target: the fast block-YAML reader against the full parser. Whenever the fast reader
//! returns a guide, the full parser must return the same guide, with the same positions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepguide::content::Guide;
use stepguide::content::block_yaml;
use stepguide::content::parse::parse_full;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(fast) = block_yaml::from_str::<Guide>(text) else {
        return;
    };
    match parse_full::<Guide>("f.yaml", text, "a guide") {
        Ok(full) => assert_eq!(
            format!("{fast:?}"),
            format!("{full:?}"),
            "the readers differ"
        ),
        Err(problems) => panic!(
            "the fast reader took what the full parser refuses: {:?}",
            problems.iter().map(|p| &p.message).collect::<Vec<_>>()
        ),
    }
});
