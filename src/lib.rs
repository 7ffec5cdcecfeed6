//! stepguide turns a knowledge base of step-by-step guidance, written as YAML, into a static
//! guide website, printable checklists and lint reports.
//!
//! The modules follow the build's path: [`content`] loads, [`lint`] checks, [`render`] makes
//! pages and [`print`] PDFs, [`output`] writes the site atomically; [`pipeline`] drives them
//! once for every command. [`cli`] defines the commands and [`cmd`] carries each one out.
#![deny(unsafe_code)]

pub mod anchors;
pub mod cli;
pub mod cmd;
pub mod content;
pub mod diagnostic;
pub mod lint;
pub mod nfc;
pub mod output;
pub mod pipeline;
pub mod print;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod translation;
