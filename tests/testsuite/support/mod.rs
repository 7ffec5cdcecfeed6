//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
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

/// Every file under `dir`, by relative path with `/`, with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap();
            let name = relative.to_string_lossy().replace('\\', "/");
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// True when browser tests can run: Chromium is installed and the npm packages in
/// `tests/browser` are too. Otherwise prints a loud notice and returns false, unless
/// `STEPGUIDE_REQUIRE_BROWSER=1`, when a missing browser fails the test.
pub fn browser_ready(test: &str) -> bool {
    let chromium = Path::new("/usr/bin/chromium").exists();
    let packages = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/playwright-core")
        .exists();
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok();
    if chromium && packages && node {
        return true;
    }
    let missing =
        format!("chromium: {chromium}, node: {node}, npm packages in tests/browser: {packages}");
    skip(test, &missing)
}

/// Skips a test that needs a missing tool: fails when `STEPGUIDE_REQUIRE_BROWSER=1` (CI),
/// otherwise prints a notice and returns false. The notice goes straight to the process's
/// stderr, past the test harness's capture, so it shows even though the test passes.
pub fn skip(test: &str, reason: &str) -> bool {
    use std::io::Write;
    if std::env::var("STEPGUIDE_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("{test}: required but missing ({reason}); `bash .ci/run` installs it");
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!! SKIPPED {test}: {reason}. `bash .ci/run` installs what is missing. !!!!\n"
    );
    false
}

/// Runs a script from `tests/browser` with node; panics with its output when it fails.
pub fn run_node(script: &str, args: &[&str]) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let output = std::process::Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
    stdout
}
