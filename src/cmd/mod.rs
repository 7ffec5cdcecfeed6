//! One module a command, each a thin layer over the library: its arguments and an `execute`
//! that returns the exit code (0 success, 1 content problems or a stale site). Usage and
//! I/O errors are returned as `Err` and become exit code 2 in `main`.

/// `println!` that goes quiet when the reader has gone (`stepguide check | head`): the
/// command still finishes and exits with its own code, where `println!` would panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;
pub mod translated;

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a new file at `path`; false, writing nothing, when it exists.
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // `create_new` refuses to replace a file, even one created since we looked.
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(err) => return Err(err).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}
