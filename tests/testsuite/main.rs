//! stepguide's tests: one binary, a module per area, sharing the helpers in `support`.
//! `tests/README.md` says what each module covers and how to add a case.

mod support;

mod a11y;
mod block_yaml;
mod build;
mod check;
mod cli;
mod editors;
mod faults;
mod hostile;
mod hostile_outputs;
mod i18n;
mod init;
mod listings;
mod markdown;
mod output;
mod parse;
mod pdf;
mod print;
mod print_fit;
mod reminder;
mod search;
mod serve;
mod serve_load;
