//! The record of what a translation was made from: `content/guides/<id>.<lang>.lock`, one
//! line per node of the original, `path hash`, in the original's order, so a review sees in
//! the diff which nodes a translator brought up to date.

use super::nodes::Node;
use std::collections::BTreeMap;

/// The first line of every record.
const HEADER: &str = "# What this translation was made from: a hash of each node of the original.";

/// The record for the original's `nodes`, as written by `stepguide translated`.
pub fn write(nodes: &[Node], command: &str) -> String {
    let mut out = format!("{HEADER}\n# Written by `{command}`; do not edit.\n");
    for node in nodes {
        out.push_str(&format!("{} {:016x}\n", node.path, node.hash));
    }
    out
}

/// The hashes a record holds, by path. Lines that are not `path hash` (comments, blank
/// lines, a hand edit gone wrong) are skipped: their nodes then count as not recorded.
pub fn read(text: &str) -> BTreeMap<&str, u64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (path, hash) = line.trim().rsplit_once(' ')?;
            Some((path, u64::from_str_radix(hash, 16).ok()?))
        })
        .collect()
}
