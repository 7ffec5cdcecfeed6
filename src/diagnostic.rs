//! A diagnostic is a value: what is wrong, where, and how to fix it.
//! Rules produce them; `report` prints them. Neither knows about the other's details.

use crate::content::located::Pos;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable rule id, e.g. `step-without-caution`.
    pub rule: &'static str,
    /// Path relative to the root, with `/` separators.
    pub file: String,
    /// 1-based line and column in characters; line 0 means the file as a whole.
    #[serde(flatten)]
    pub pos: Pos,
    /// Characters to underline; 0 underlines to the end of the line.
    #[serde(skip)]
    pub width: u32,
    pub message: String,
    pub hint: String,
}

impl Diagnostic {
    pub fn error(rule: &'static str, file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule,
            file: file.to_string(),
            pos,
            width: 0,
            message: message.into(),
            hint: String::new(),
        }
    }

    pub fn warning(rule: &'static str, file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, file, pos, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    pub fn width(mut self, width: u32) -> Self {
        self.width = width;
        self
    }

    /// Order for printing: by file, then position, then rule.
    pub fn sort_key(&self) -> (&str, Pos, &'static str) {
        (&self.file, self.pos, self.rule)
    }
}

/// Counts for the closing summary line of `check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub guides: usize,
    pub steps: usize,
    pub cautions: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        self.errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        self.warnings = diagnostics.len() - self.errors;
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        write!(
            f,
            "checked {}, {}, {}, {}: {}, {}",
            plural(self.files, "file"),
            plural(self.guides, "guide"),
            plural(self.steps, "step"),
            plural(self.cautions, "caution"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
        )
    }
}
