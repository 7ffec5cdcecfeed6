//! One module a command, each a thin layer over the library: its arguments and an `execute`
//! that returns the exit code (0 success, 1 content problems or a stale site). Usage and
//! I/O errors are returned as `Err` and become exit code 2 in `main`.

pub mod build;
pub mod check;
pub mod new;
pub mod schema;
pub mod serve;
