//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;

/// The real binary, with a clean environment: no colour variables, a fixed "today".
pub fn stepguide() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("stepguide").unwrap();
    command
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("STEPGUIDE_TODAY", "2026-11-22")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
