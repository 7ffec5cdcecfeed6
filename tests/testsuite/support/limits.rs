//! Running the real binary under a memory cap and a deadline while measuring its wall time
//! and peak memory, for the hardening tests (`hostile`, `faults`).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space a run may use (`ulimit -v`); an allocation past it aborts the run, which
/// the caller sees as an exit by signal.
pub const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;
/// A run that takes longer is killed and reported.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// `None` when it was killed by a signal (or by us at the deadline).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
    /// Peak resident memory (VmHWM), sampled from /proc while it ran.
    pub peak_kib: u64,
    pub timed_out: bool,
}

impl Run {
    /// Exit code 0, 1 or 2, no panic, no deadline: the contract for any input.
    pub fn sanity(&self, what: &str) -> Result<(), String> {
        if self.timed_out {
            return Err(format!("{what}: killed after {TIME_LIMIT:?}"));
        }
        if !matches!(self.code, Some(0..=2)) {
            return Err(format!(
                "{what}: exit {:?} (a signal or an unexpected code)\nstderr: {}",
                self.code,
                tail(&self.stderr)
            ));
        }
        if self.stderr.contains("panicked") || self.stdout.contains("panicked") {
            return Err(format!("{what}: panicked\n{}", tail(&self.stderr)));
        }
        Ok(())
    }

    pub fn assert_sane(&self, what: &str) {
        if let Err(problem) = self.sanity(what) {
            panic!("{problem}");
        }
    }
}

fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(3000);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[start..]
}

/// Runs `stepguide ARGS` with `STEPGUIDE_TODAY` fixed, under `ulimit -v` and a deadline.
pub fn run(args: &[&std::ffi::OsStr]) -> Run {
    run_with(args, "")
}

/// Like [`run`], with shell commands run before the binary is exec'ed, e.g.
/// `ulimit -f 64; trap '' XFSZ;` (limits and ignored signals carry over to it).
pub fn run_with(args: &[&std::ffi::OsStr], prelude: &str) -> Run {
    let script = format!("ulimit -v {MEMORY_LIMIT_KIB}; {prelude} exec \"$0\" \"$@\"");
    let mut command = Command::new("sh");
    command.arg("-c").arg(script).arg(super::BINARY).args(args);
    let mut child = super::clean_env(&mut command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let pid = child.id();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut peak_kib = 0;
    let mut timed_out = false;
    let status = loop {
        if let Some(kib) = vm_hwm(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = started.elapsed();
    Run {
        code: status.code(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
        wall,
        peak_kib,
        timed_out,
    }
}

/// Peak resident set of a live process, in KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
