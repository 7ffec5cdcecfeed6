//! Allowing a warning for one node, with a reason, like clippy's `#[allow]` and Vale's
//! comments: a comment on its own line before the node,
//!
//! ```yaml
//!       # stepguide: allow(terminology) 옛 이름을 찾는 독자를 위해 일부러 씁니다
//!       - text: 예전에는 공인인증서라고 불렀습니다.
//! ```
//!
//! applies to the node that starts on the next line with content, with everything nested
//! in it. A comment without a reason, or naming a rule that is not a warning, is itself a
//! warning (`invalid-allow`) and allows nothing; one that allowed nothing is an
//! `unused-allow` warning, so allows do not outlive the problem they were for.
//!
//! The comment is found in the file's text, not in the parsed YAML (which drops comments):
//! a line whose content starts with `#`. A node's extent is read from indentation, the way
//! block YAML nests.

use crate::content::yaml_error::did_you_mean;
use crate::diagnostic::{Diagnostic, Pos, Rule, Severity};
use std::ops::RangeInclusive;

/// What starts an allow comment, after the `#`.
const MARK: &str = "stepguide:";

/// A valid allow comment.
#[derive(Clone, Debug)]
pub struct Allow {
    rules: Vec<Rule>,
    /// The lines of the node it applies to; none when nothing follows it.
    lines: Option<RangeInclusive<u32>>,
    /// Where the comment is, and its width, for a report about the allow itself.
    pos: Pos,
    width: u32,
}

/// The allow comments of `file`, whose text is `text`; the invalid ones become diagnostics
/// in `out`.
pub fn scan(file: &str, text: &str, out: &mut Vec<Diagnostic>) -> Vec<Allow> {
    if !text.contains(MARK) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut allows = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let content = line.trim_start();
        let Some(comment) = content.strip_prefix('#') else {
            continue;
        };
        let Some(directive) = comment.trim_start().strip_prefix(MARK) else {
            continue;
        };
        let indent = line.chars().count() - content.chars().count();
        let pos = Pos {
            line: index as u32 + 1,
            col: indent as u32 + 1,
        };
        let width = content.trim_end().chars().count() as u32;
        let problem = |message: String, hint: &str| {
            Diagnostic::new(Rule::InvalidAllow, file, pos, message)
                .width(width)
                .hint(hint)
        };
        match parse(directive.trim()) {
            Err((message, hint)) => out.push(problem(message, &hint)),
            Ok(rules) => allows.push(Allow {
                rules,
                lines: node_lines(&lines, index + 1),
                pos,
                width,
            }),
        }
    }
    allows
}

const EXAMPLE: &str = "`# stepguide: allow(terminology) 옛 이름을 일부러 씁니다`";

/// The rules of `allow(rule, ...) reason`, or what is wrong with it and a hint.
fn parse(directive: &str) -> Result<Vec<Rule>, (String, String)> {
    let Some((list, reason)) = directive
        .strip_prefix("allow(")
        .and_then(|rest| rest.split_once(')'))
    else {
        return Err((
            format!("`stepguide: {directive}` is not an allow comment"),
            format!("write the warning's rule and why it is allowed, e.g. {EXAMPLE}"),
        ));
    };
    let mut rules = Vec::new();
    for name in list.split(',').map(str::trim) {
        let Some(&rule) = Rule::ALL.iter().find(|rule| rule.id() == name) else {
            let warnings: Vec<String> = allowable().map(|r| r.id().to_string()).collect();
            let hint = match did_you_mean(name, &warnings) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the warnings that can be allowed: {}", warnings.join(", ")),
            };
            return Err((format!("`{name}` is not a rule"), hint));
        };
        if rule.severity() == Severity::Error {
            return Err((
                format!("`{name}` is an error, and errors cannot be allowed"),
                "fix the problem: only warnings can be allowed".to_string(),
            ));
        }
        if !allowable().any(|r| r == rule) {
            return Err((
                format!("`{name}` is about allow comments and cannot be allowed"),
                "fix or remove the allow comment it is about".to_string(),
            ));
        }
        rules.push(rule);
    }
    if reason.trim().is_empty() {
        return Err((
            "this allow gives no reason".to_string(),
            format!(
                "say after the parentheses why the warning does not apply here, e.g. {EXAMPLE}"
            ),
        ));
    }
    Ok(rules)
}

/// The rules an allow comment can name: the warnings, except those about allows.
fn allowable() -> impl Iterator<Item = Rule> {
    Rule::ALL.iter().copied().filter(|rule| {
        rule.severity() == Severity::Warning
            && !matches!(rule, Rule::InvalidAllow | Rule::UnusedAllow)
    })
}

/// The lines (1-based) of the node that starts on the first line with content from index
/// `from` on: that line and every following line nested in it, more indented (or a list at
/// the same indentation that is the value of a key, `key:` then `- item`).
fn node_lines(lines: &[&str], from: usize) -> Option<RangeInclusive<u32>> {
    let is_void = |line: &str| {
        let content = line.trim_start();
        content.is_empty() || content.starts_with('#')
    };
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let is_dash = |line: &str| {
        let content = line.trim_start();
        content == "-" || content.starts_with("- ")
    };
    let first = (from..lines.len()).find(|&i| !is_void(lines[i]))?;
    let start = indent(lines[first]);
    // A key with nothing after its colon may have a list at its own indentation.
    let key_alone = !is_dash(lines[first])
        && lines[first]
            .split(" #")
            .next()
            .is_some_and(|l| l.trim_end().ends_with(':'));
    let mut last = first;
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        if is_void(line) {
            continue;
        }
        let nested = indent(line) > start || key_alone && indent(line) == start && is_dash(line);
        if !nested {
            break;
        }
        last = i;
    }
    Some(first as u32 + 1..=last as u32 + 1)
}

/// Moves the warnings of `file` that its `allows` allow from `diagnostics` to `allowed`,
/// and reports each allow that allowed nothing.
pub fn apply(
    file: &str,
    allows: &[Allow],
    diagnostics: &mut Vec<Diagnostic>,
    allowed: &mut Vec<Diagnostic>,
) {
    let mut used = vec![false; allows.len()];
    diagnostics.retain(|d| {
        if d.file != file || d.severity != Severity::Warning {
            return true;
        }
        let by = allows.iter().position(|a| {
            a.lines.as_ref().is_some_and(|l| l.contains(&d.pos.line)) && a.rules.contains(&d.rule)
        });
        match by {
            Some(n) => {
                used[n] = true;
                allowed.push(d.clone());
                false
            }
            None => true,
        }
    });
    for (allow, _) in allows.iter().zip(used).filter(|(_, used)| !used) {
        let rules: Vec<String> = allow.rules.iter().map(|r| format!("`{r}`")).collect();
        diagnostics.push(
            Diagnostic::new(
                Rule::UnusedAllow,
                file,
                allow.pos,
                format!(
                    "this comment allows {} on the node below it, but there is none to allow",
                    rules.join(" and ")
                ),
            )
            .width(allow.width)
            .hint("remove the comment: the warning it was written for is gone"),
        );
    }
}

#[cfg(test)]
mod tests {
    fn lines_of(text: &str, from: usize) -> Option<(u32, u32)> {
        let lines: Vec<&str> = text.split('\n').collect();
        let range = super::node_lines(&lines, from)?;
        Some((*range.start(), *range.end()))
    }

    #[test]
    fn a_node_runs_to_the_next_line_as_little_indented() {
        let text = "a:\n  # c\n  - b: 1\n    c: |\n      x\n\n      y\n  - d: 2\ne: 3\n";
        assert_eq!(lines_of(text, 2), Some((3, 7)));
        assert_eq!(lines_of(text, 0), Some((1, 8)));
        let indentless = "# c\nsteps:\n- a\n- b\nnext: 1\n";
        assert_eq!(lines_of(indentless, 1), Some((2, 4)));
        assert_eq!(lines_of("x: 1\n# c\n", 2), None);
    }
}
