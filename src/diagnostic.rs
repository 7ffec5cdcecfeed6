//! A diagnostic is a value: what is wrong, where, and how to fix it.
//! Rules produce them; `report` prints them. Neither knows about the other's details.

use serde::{Serialize, Serializer};

/// A 1-based line and column, counted in characters (not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// Declares [`Rule`]: each rule's variant, its stable id and its severity, in one table.
macro_rules! rules {
    ($($(#[$doc:meta])* $name:ident = $id:literal, $severity:ident;)*) => {
        /// Every lint rule, by its stable id (`step-without-caution`). A rule always has the
        /// same severity.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $name,)*
        }

        impl Rule {
            /// Every rule, in the order of the table above.
            pub const ALL: &[Rule] = &[$(Rule::$name,)*];

            /// The rule's id, as reports print it.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$name => $id,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$name => Severity::$severity,)*
                }
            }
        }
    };
}

rules! {
    /// YAML that does not parse.
    YamlSyntax = "yaml-syntax", Error;
    /// A key written twice in one mapping.
    DuplicateKey = "duplicate-key", Error;
    /// Input over the parser's budget: size, nesting, aliases.
    YamlLimit = "yaml-limit", Error;
    UnknownField = "unknown-field", Error;
    MissingField = "missing-field", Error;
    InvalidType = "invalid-type", Error;
    /// A value outside a field's allowed set.
    InvalidValue = "invalid-value", Error;
    /// A file that is not UTF-8.
    Encoding = "encoding", Error;
    EmptyFile = "empty-file", Error;
    UnreadableFile = "unreadable-file", Error;
    /// The rule the product exists for: every step needs a caution.
    StepWithoutCaution = "step-without-caution", Error;
    InvalidStep = "invalid-step", Error;
    InvalidCaution = "invalid-caution", Error;
    UnresolvedReference = "unresolved-reference", Error;
    /// A guide's `category` (or a translated category title) that site.yaml does not declare.
    UnknownCategory = "unknown-category", Error;
    DuplicateId = "duplicate-id", Error;
    InvalidId = "invalid-id", Error;
    EmptyText = "empty-text", Error;
    InvalidDate = "invalid-date", Error;
    InvalidUrl = "invalid-url", Error;
    /// A `reviewed` or source `checked` date after today: nobody checked it yet.
    FutureDate = "future-date", Error;
    /// A list that needs at least one entry has none: `procedures`, a procedure's `steps`,
    /// a checklist group's `items`.
    EmptyList = "empty-list", Error;
    /// A `language` in site.yaml that is not a well-formed BCP 47 tag.
    InvalidLanguage = "invalid-language", Error;
    Terminology = "terminology", Warning;
    ReviewOverdue = "review-overdue", Warning;
    ChecklistGroupTooLong = "checklist-group-too-long", Warning;
    FactWithoutSource = "fact-without-source", Warning;
    /// A fact that names its source but quotes none of its words.
    FactWithoutQuote = "fact-without-quote", Warning;
    /// A quote from a source without an address, which nobody can check.
    QuoteWithoutUrl = "quote-without-url", Warning;
    /// Reader-facing instruction text in the plain form (…한다) instead of the polite one.
    PlainForm = "plain-form", Warning;
    /// A `base_url` on a domain reserved for examples: addresses would lead nowhere.
    PlaceholderUrl = "placeholder-url", Warning;
    /// A failure row, shared caution, shared step or source that nothing in its guide uses.
    Unused = "unused", Warning;
    /// A `# stepguide: allow(...)` comment without a reason, or naming no warning.
    InvalidAllow = "invalid-allow", Warning;
    /// A `# stepguide: allow(...)` comment that allowed nothing.
    UnusedAllow = "unused-allow", Warning;
    /// A `validity` or `before_expiry` the expiry reminder cannot use.
    InvalidPeriod = "invalid-period", Error;
    /// A fact whose text does not mention the number of its period.
    PeriodNotInText = "period-not-in-text", Warning;
    /// A link or image in Markdown that leads to no page, id or anchor, or out of the site.
    BrokenLink = "broken-link", Error;
    /// A link on a scheme off the allow-list: the page shows its text without the link.
    LinkScheme = "link-scheme", Warning;
    /// An image in Markdown from outside the site: pages show a link to it instead.
    ExternalImage = "external-image", Warning;
    /// Raw HTML in Markdown: the page shows it as text.
    RawHtml = "raw-html", Warning;
    /// Markdown in a field that is plain text: the page shows the marks.
    MarkdownInPlainText = "markdown-in-plain-text", Warning;
    /// Markdown that reads one way and renders another (emphasis that does not close).
    MarkdownMisread = "markdown-misread", Warning;
    /// A page made to print on one sheet that does not fit it.
    PrintOverflow = "print-overflow", Warning;
    /// A translation in a language `site.yaml` does not declare.
    TranslationUndeclared = "translation-undeclared", Error;
    /// A translation whose original does not exist.
    TranslationOrphan = "translation-orphan", Error;
    /// A node of the original (a step, caution, item, row, question) the translation lacks.
    TranslationMissing = "translation-missing", Error;
    /// A node of a translation its original lacks.
    TranslationExtra = "translation-extra", Error;
    /// A reference, moment, mode or shared field a translation gives differently.
    TranslationMismatch = "translation-mismatch", Error;
    /// A translated node whose original changed since the translation was recorded.
    TranslationOutdated = "translation-outdated", Warning;
    /// A translation with no record of what it was made from.
    TranslationUnrecorded = "translation-unrecorded", Warning;
    /// Guides a declared language has no translation of, left out of its site.
    Untranslated = "untranslated", Warning;
    /// A language stepguide has no interface strings in, which the project does not give.
    InterfaceLanguage = "interface-language", Warning;
    /// A PDF that would run past the page cap (`print::MAX_PAGES`); `build` reports it.
    PdfTooLong = "pdf-too-long", Error;
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

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
    pub rule: Rule,
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
    /// Text to put in place of the underlined characters, when the fix is certain (a
    /// forbidden term's preferred form, the field a misspelled key was meant to be).
    #[serde(skip)]
    pub fix: Option<String>,
}

impl Diagnostic {
    /// A problem found by `rule`, with the rule's severity.
    pub fn new(rule: Rule, file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: rule.severity(),
            rule,
            file: file.to_string(),
            pos,
            width: 0,
            message: message.into(),
            hint: String::new(),
            fix: None,
        }
    }

    pub fn fix(mut self, replacement: impl Into<String>) -> Self {
        self.fix = Some(replacement.into());
        self
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
        (&self.file, self.pos, self.rule.id())
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
    /// Warnings that `# stepguide: allow(...)` comments allowed (not counted in `warnings`).
    pub allowed: usize,
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
        )?;
        if self.allowed > 0 {
            write!(f, ", {} allowed", plural(self.allowed, "warning"))?;
        }
        Ok(())
    }
}
