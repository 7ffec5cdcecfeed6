//! The tests that need node or Chromium: deciding whether they can run, installing the npm
//! packages of `tests/browser` once when they are missing, and running a script.
//!
//! Chromium is `/usr/bin/chromium` (Debian's `chromium`), or the file `STEPGUIDE_CHROMIUM`
//! names. Without it the tests print a loud SKIPPED notice and pass, so `cargo test` passes
//! on a fresh machine; with `STEPGUIDE_REQUIRE_BROWSER=1` (as `.ci/run` sets) a missing
//! browser, node or npm package fails them instead.

use super::{repo, skip};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// What installs the npm packages the browser scripts import.
pub const NPM_INSTALL: &str = "npm ci --prefix tests/browser --no-audit --no-fund";
/// Where the missing system packages come from.
const HOW: &str = "`bash .ci/run` installs Chromium, node and a Korean font on Debian";

/// The Chromium the tests drive.
pub fn chromium() -> PathBuf {
    std::env::var_os("STEPGUIDE_CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from)
}

/// The flags every Chromium of the tests gets, from `tests/browser/chromium.args` (which the
/// browser scripts read too).
pub fn chromium_flags() -> Vec<String> {
    let flags = std::fs::read_to_string(repo().join("tests/browser/chromium.args"));
    let flags = flags.expect("tests/browser/chromium.args");
    flags
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect()
}

/// True when Chromium is there.
pub fn chromium_ready(test: &str) -> bool {
    let chromium = chromium();
    chromium.is_file()
        || skip(
            test,
            &format!("no Chromium at {} ({HOW})", chromium.display()),
        )
}

/// True when node runs.
pub fn node_ready(test: &str) -> bool {
    static NODE: OnceLock<bool> = OnceLock::new();
    let runs = *NODE.get_or_init(|| {
        let version = Command::new("node").arg("--version").output();
        version.is_ok_and(|output| output.status.success())
    });
    runs || skip(test, &format!("node cannot run ({HOW})"))
}

/// True when the scripts of `tests/browser` can drive Chromium: Chromium and node are there,
/// and so are the npm packages, which are installed here (once) when they are missing.
pub fn browser_ready(test: &str) -> bool {
    if !chromium_ready(test) || !node_ready(test) {
        return false;
    }
    match npm_packages() {
        Ok(()) => true,
        Err(problem) => skip(test, problem),
    }
}

/// Installs the npm packages unless they are there; the first test that needs them does it,
/// and the others wait for it.
fn npm_packages() -> Result<(), &'static str> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    let installed = INSTALLED.get_or_init(|| {
        let modules = repo().join("tests/browser/node_modules");
        if ["playwright-core", "axe-core"]
            .iter()
            .all(|package| modules.join(package).is_dir())
        {
            return Ok(());
        }
        super::notice(&format!(
            "the browser tests' npm packages are missing; running `{NPM_INSTALL}`"
        ));
        let words: Vec<&str> = NPM_INSTALL.split(' ').collect();
        let output = Command::new(words[0])
            .args(&words[1..])
            .current_dir(repo())
            .output();
        match output {
            Ok(output) if output.status.success() => Ok(()),
            Ok(output) => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let first: Vec<&str> = stderr.lines().take(2).collect();
                Err(format!(
                    "`{NPM_INSTALL}` failed ({}); run it yourself to see why",
                    first.join(" / ")
                ))
            }
            Err(err) => Err(format!(
                "npm cannot run ({err}); install npm and run `{NPM_INSTALL}`"
            )),
        }
    });
    installed.as_ref().map(|_| ()).map_err(String::as_str)
}

/// One browser at a time: the machine may have two cores, and parallel browsers make
/// timings flaky.
pub fn one_browser_at_a_time() -> MutexGuard<'static, ()> {
    static BROWSER: Mutex<()> = Mutex::new(());
    BROWSER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `node SCRIPT ARGS` (the script's path relative to the repository), with the
/// Chromium to drive in `STEPGUIDE_CHROMIUM`. Check [`node_ready`] first.
pub fn node(script: &str, args: &[&str]) -> Output {
    Command::new("node")
        .arg(repo().join(script))
        .args(args)
        .env("STEPGUIDE_CHROMIUM", chromium())
        .current_dir(repo())
        .output()
        .expect("node runs")
}

/// Runs `tests/browser/<script>` with one browser at a time; panics with its output when it
/// fails, and returns what it printed. Check [`browser_ready`] first.
pub fn run_browser_script(script: &str, args: &[&str]) -> String {
    let _one = one_browser_at_a_time();
    let output = node(&format!("tests/browser/{script}"), args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
    stdout
}
