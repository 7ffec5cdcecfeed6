//! The adversarial corpus (issue 7): hostile content through the real `check` and `build`.
//!
//! Every case starts from a copy of `tests/fixtures/build/valid` (or a whole knowledge base in
//! `tests/fixtures/hostile/`), breaks it one way, and runs both commands under a 2 GiB
//! address-space cap and a 20 s deadline. Each must exit 0, 1 or 2 without a panic, and either
//! report an error that names the file (and `line:col` where there is one) while writing no
//! site, or build a site in which no page can run script. Big inputs are generated in a
//! temporary folder, never committed. Run with `--nocapture` to see each case's time and
//! peak memory.

use crate::support::html::{MARKDOWN_TAGS, audit_page, is_page, tag_names};
use crate::support::limits::{self, Run};
use crate::support::{fixture, names_in, read_tree, replace, repo};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

const VALID: &str = "build/valid";
const GUIDE: &str = "content/guides/alpha-cert.yaml";
/// Longest a single case may take, even in a debug build on a busy machine.
const CASE_TIME: Duration = Duration::from_secs(5);

/// What a case must lead to.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// `check` and `build` exit 1 with this rule on this file, at `line:col` when given (at
    /// least this line and column; `(line, 0)` checks the line only); no site is written.
    Error(&'static str, &'static str, Option<(u32, u32)>),
    /// Content is fine: `check` exits 0 and `build` writes a site that passes the audit.
    Builds,
    /// Content `check` passes but whose outputs `build` refuses: it exits 1 naming this rule
    /// and `file:line:col`, and writes no site.
    BuildRefuses(&'static str, &'static str, (u32, u32)),
}

struct Case {
    name: &'static str,
    setup: Box<dyn Fn(&Path)>,
    expect: Expect,
}

fn case(name: &'static str, expect: Expect, setup: impl Fn(&Path) + 'static) -> Case {
    Case {
        name,
        setup: Box::new(setup),
        expect,
    }
}

/// The hostile corpus.
fn corpus() -> std::path::PathBuf {
    repo().join("tests/fixtures/hostile")
}

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).unwrap()
}

fn write(root: &Path, file: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The guide file replaced by a file of the hostile corpus.
/// A guide whose `field` is 10,000 flow collections, each inside the last: `open` 10,000
/// times, `inner`, then `close` 10,000 times.
fn nested_flow(
    field: &'static str,
    open: &'static str,
    inner: &'static str,
    close: &'static str,
) -> impl Fn(&Path) {
    move |root| {
        let deep = format!("{}{inner}{}", open.repeat(10_000), close.repeat(10_000));
        write(root, GUIDE, format!("id: alpha-cert\n{field}: {deep}\n"));
    }
}

/// A case whose guide is the hostile corpus's YAML file `file`, refused by `rule` at `at`.
fn yaml_file(name: &'static str, rule: &'static str, at: (u32, u32), file: &'static str) -> Case {
    case(
        name,
        Expect::Error(rule, GUIDE, Some(at)),
        corpus_file(file),
    )
}

fn corpus_file(name: &'static str) -> impl Fn(&Path) {
    move |root| {
        let bytes = std::fs::read(corpus().join("yaml").join(name)).unwrap();
        write(root, GUIDE, bytes);
    }
}

/// One line of the report: case, command, exit code, wall time, peak memory.
struct Measured {
    case: String,
    command: &'static str,
    code: Option<i32>,
    wall: Duration,
    peak_kib: u64,
}

/// The tags a clean build of the templates uses, plus what Markdown can add.
fn allowed_tags() -> &'static BTreeSet<String> {
    static TAGS: OnceLock<BTreeSet<String>> = OnceLock::new();
    TAGS.get_or_init(|| {
        let dir = fixture(VALID);
        let out = dir.path().join("site");
        let run = stepguide(&["build"], dir.path(), Some(&out));
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let mut tags = tag_names(&read_tree(&out));
        tags.extend(MARKDOWN_TAGS.iter().map(|t| t.to_string()));
        tags
    })
}

fn stepguide(args: &[&str], root: &Path, out: Option<&Path>) -> Run {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.push(OsStr::new("--root"));
    all.push(root.as_os_str());
    if let Some(out) = out {
        all.push(OsStr::new("--out"));
        all.push(out.as_os_str());
    }
    limits::run(&all)
}

/// Every page of a built site is free of live script; the search index is data only.
fn audit_site(site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in read_tree(site) {
        if is_page(&path) {
            let html = String::from_utf8_lossy(&bytes);
            for problem in audit_page(&html, allowed_tags()) {
                problems.push(format!("{path}: {problem}"));
            }
        } else if path == "search-index.js" {
            let text = String::from_utf8_lossy(&bytes);
            let json = text
                .trim_end()
                .strip_prefix("window.STEPGUIDE_SEARCH = ")
                .and_then(|rest| rest.strip_suffix(';'));
            let data = json.and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok());
            if data.is_none() {
                problems.push("search-index.js is not one assignment of JSON data".to_string());
            }
        }
    }
    problems
}

/// Runs every case through `check --format json` and `build`; returns the failures and
/// prints the measurements.
fn run_cases(group: &str, cases: Vec<Case>) {
    let mut failures = Vec::new();
    let mut measured = Vec::new();
    for case in cases {
        let dir = fixture(VALID);
        (case.setup)(dir.path());
        let problems = run_case(&case, dir.path(), &mut measured);
        failures.extend(problems.into_iter().map(|p| format!("{}: {p}", case.name)));
    }
    report(group, &measured);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn run_case(case: &Case, root: &Path, measured: &mut Vec<Measured>) -> Vec<String> {
    let mut problems = Vec::new();
    let out = root.join("site");
    let check = stepguide(&["check", "--format", "json"], root, None);
    let build = stepguide(&["build"], root, Some(&out));
    for (command, run) in [("check", &check), ("build", &build)] {
        measured.push(Measured {
            case: case.name.to_string(),
            command,
            code: run.code,
            wall: run.wall,
            peak_kib: run.peak_kib,
        });
        if let Err(problem) = run.sanity(command) {
            problems.push(problem);
            return problems;
        }
        // Every case takes well under a second; a merge-key bomb once took 19 s.
        if run.wall > CASE_TIME {
            problems.push(format!("{command} took {:?}", run.wall));
        }
    }
    match case.expect {
        Expect::Error(rule, file, at) => {
            if check.code != Some(1) || build.code != Some(1) {
                problems.push(format!(
                    "expected exit 1 from check and build, got {:?} and {:?}\n{}",
                    check.code, build.code, build.stderr
                ));
            }
            let json: serde_json::Value = match serde_json::from_str(&check.stdout) {
                Ok(json) => json,
                Err(err) => {
                    problems.push(format!("check --format json: {err}\n{}", check.stdout));
                    return problems;
                }
            };
            let diagnostics = json["diagnostics"].as_array().cloned().unwrap_or_default();
            let found = diagnostics.iter().any(|d| {
                d["rule"] == rule
                    && d["file"] == file
                    && at.is_none_or(|(line, col)| {
                        d["line"] == line && (col == 0 || d["col"] == col)
                    })
            });
            if !found {
                problems.push(format!(
                    "no {rule} on {file} at {at:?}; got {}",
                    serde_json::to_string_pretty(&diagnostics).unwrap()
                ));
            }
            let place = match at {
                Some((line, col)) if col > 0 => format!("{file}:{line}:{col}"),
                Some((line, _)) => format!("{file}:{line}:"),
                None => file.to_string(),
            };
            if !build.stderr.contains(&place) {
                problems.push(format!(
                    "build's errors do not name {place}:\n{}",
                    build.stderr
                ));
            }
            if out.exists() {
                problems.push("build wrote a site from content with errors".to_string());
            }
        }
        Expect::BuildRefuses(rule, file, (line, col)) => {
            let place = format!("{file}:{line}:{col}");
            if check.code != Some(0) || build.code != Some(1) {
                problems.push(format!(
                    "expected check to pass and build to fail, got {:?} and {:?}\n{}",
                    check.code, build.code, build.stderr
                ));
            }
            if !build.stderr.contains(&format!("[{rule}]")) || !build.stderr.contains(&place) {
                problems.push(format!(
                    "build does not report {rule} at {place}:\n{}",
                    build.stderr
                ));
            }
            if out.exists() {
                problems.push("build wrote a site it refused".to_string());
            }
        }
        Expect::Builds => {
            if check.code != Some(0) || build.code != Some(0) {
                problems.push(format!(
                    "expected check and build to pass, got {:?} and {:?}\n{}\n{}",
                    check.code, build.code, check.stdout, build.stderr
                ));
            } else {
                problems.extend(audit_site(&out));
            }
        }
    }
    problems
}

fn report(group: &str, measured: &[Measured]) {
    eprintln!("\n{group}: case, command, exit, wall ms, peak RSS MiB");
    for m in measured {
        eprintln!(
            "  {:<34} {:<5} {:>4} {:>7} {:>8.1}",
            m.case,
            m.command,
            m.code.map_or("sig".to_string(), |c| c.to_string()),
            m.wall.as_millis(),
            m.peak_kib as f64 / 1024.0
        );
    }
    if let Some(worst) = measured.iter().max_by_key(|m| m.wall) {
        eprintln!(
            "  worst time: {} ms ({} {})",
            worst.wall.as_millis(),
            worst.case,
            worst.command
        );
    }
    if let Some(worst) = measured.iter().max_by_key(|m| m.peak_kib) {
        eprintln!(
            "  peak memory: {:.1} MiB ({} {})",
            worst.peak_kib as f64 / 1024.0,
            worst.case,
            worst.command
        );
    }
}

#[test]
fn script_in_every_field_renders_as_text() {
    let dir = fixture("hostile/script");
    let out = dir.path().join("site");
    // A language tag cannot hold a payload: `check` refuses it before any page is written.
    let check = stepguide(&["check"], dir.path(), None);
    check.assert_sane("check");
    assert_eq!(check.code, Some(1), "{}", check.stdout);
    assert!(
        check.stdout.contains("[invalid-language]"),
        "{}",
        check.stdout
    );
    replace(
        dir.path(),
        "content/site.yaml",
        "language: 'ko\" onload=\"alert(301)'",
        "language: ko",
    );
    let check = stepguide(&["check"], dir.path(), None);
    check.assert_sane("check");
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    let build = stepguide(&["build"], dir.path(), Some(&out));
    build.assert_sane("build");
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let problems = audit_site(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let site = read_tree(&out);
    let guide = String::from_utf8(site["guides/xss/index.html"].clone()).unwrap();
    // The payloads are still there for the reader to see, as text.
    assert!(
        guide.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || guide.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{guide}"
    );
    assert!(
        guide.contains("{{ 7*7 }}"),
        "template syntax in content must stay text"
    );
    // A good link survives the sanitiser, and a good image from another site becomes a
    // link to it (a page loads nothing from elsewhere).
    assert!(
        guide.contains(r#"<a href="https://ok.example/ref">good ref</a>"#),
        "{guide}"
    );
    assert!(
        guide.contains(r#"<a href="https://ok.example/a.png" title="t">ok</a>"#),
        "{guide}"
    );
    assert!(!guide.contains("<img"), "{guide}");
    // The hostile base_url is escaped wherever an absolute address is written.
    let sitemap = String::from_utf8(site["sitemap.xml"].clone()).unwrap();
    assert!(!sitemap.contains(r#"x"onmouseover"#), "{sitemap}");

    search_results_are_escaped(&out);
}

/// The browser half of search shows hits as HTML; run it in node against the hostile index
/// and check that only its own `<mark>` tags come out.
fn search_results_are_escaped(site: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("queries.txt");
    let dump = dir.path().join("dump.json");
    std::fs::write(
        &queries,
        "script\nalert\nonerror\n<script>\njavascript\nonmouseover\n인증서\n7*7\n",
    )
    .unwrap();
    let path = |file: &Path| file.to_str().unwrap().to_string();
    let (queries, dump_file) = (path(&queries), path(&dump));
    let args = [
        "--relevance",
        "/dev/null",
        "--queries",
        &queries,
        "--dump",
        &dump_file,
    ];
    let Some(output) = crate::search::search_js(site, &args) else {
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dump: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&dump).unwrap()).unwrap();
    let mut hits = 0;
    for (query, results) in dump["hits"].as_object().unwrap() {
        for hit in results.as_array().unwrap() {
            hits += 1;
            for field in ["title_html", "snippet_html"] {
                let html = hit[field].as_str().unwrap_or_default();
                let bare = html.replace("<mark>", "").replace("</mark>", "");
                assert!(
                    !bare.contains('<') && !bare.contains('>'),
                    "search for {query:?}: {field} is not escaped: {html}"
                );
            }
        }
    }
    assert!(hits > 0, "the hostile queries found nothing to check");
}

#[test]
fn script_through_the_base_url_flag_is_escaped() {
    let dir = fixture(VALID);
    let out = dir.path().join("site");
    let run = stepguide(
        &[
            "build",
            "--base-url",
            "https://x.example/\"><script>alert(1)</script><a/href=\"",
        ],
        dir.path(),
        Some(&out),
    );
    run.assert_sane("build");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let problems = audit_site(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for url in [
        "javascript:alert(1)",
        "https://x.example/ a",
        "data:text/html,x",
    ] {
        let run = stepguide(&["build", "--base-url", url], dir.path(), Some(&out));
        run.assert_sane("build");
        assert_eq!(run.code, Some(2), "--base-url {url} must be refused");
    }
}

#[test]
fn unsafe_ids_are_errors_and_nothing_is_written() {
    let dir = fixture("hostile/ids");
    let out = dir.path().join("site");
    let check = stepguide(&["check", "--format", "json"], dir.path(), None);
    check.assert_sane("check");
    assert_eq!(check.code, Some(1));
    let build = stepguide(&["build"], dir.path(), Some(&out));
    build.assert_sane("build");
    assert_eq!(build.code, Some(1));
    assert!(!out.exists(), "a site was written from unsafe ids");

    // Each hostile id gets its own invalid-id error at its own line and column.
    let file = "content/guides/ids.yaml";
    let text = read(dir.path(), file);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let mut expected = 0;
    for (index, line) in text.lines().enumerate() {
        let Some(at) = line.find("id: ") else {
            continue;
        };
        if line.trim_start().starts_with('#') {
            continue;
        }
        expected += 1;
        let (line_no, col) = (index as u32 + 1, line[..at].chars().count() as u32 + 5);
        let found = diagnostics.iter().any(|d| {
            d["rule"] == "invalid-id"
                && d["file"] == file
                && d["line"] == line_no
                && d["col"] == col
        });
        assert!(found, "no invalid-id at {file}:{line_no}:{col} ({line})");
        assert!(
            build.stderr.contains(&format!("{file}:{line_no}:{col}")),
            "build does not report {file}:{line_no}:{col}"
        );
    }
    assert_eq!(expected, 15, "every id in the fixture is hostile");
    let invalid = diagnostics
        .iter()
        .filter(|d| d["rule"] == "invalid-id")
        .count();
    assert_eq!(invalid, expected, "{diagnostics:?}");
}

#[test]
fn hostile_file_names_are_errors() {
    let named = |name: &'static str| {
        move |root: &Path| {
            let text = read(root, GUIDE);
            std::fs::remove_file(root.join(GUIDE)).unwrap();
            write(root, &format!("content/guides/{name}"), text);
        }
    };
    run_cases(
        "file names",
        vec![
            case(
                "file name with markup",
                Expect::Error(
                    "invalid-id",
                    "content/guides/<script>alert(1)<%2fscript>.yaml",
                    Some((1, 5)),
                ),
                named("<script>alert(1)<%2fscript>.yaml"),
            ),
            case(
                "file name `..yaml`",
                Expect::Error("invalid-id", "content/guides/..yaml", Some((1, 5))),
                named("..yaml"),
            ),
            case(
                "file name with a newline",
                Expect::Error("invalid-id", "content/guides/a\nb.yaml", Some((1, 5))),
                named("a\nb.yaml"),
            ),
            case(
                "file name with a space",
                Expect::Error("invalid-id", "content/guides/alpha cert.yaml", Some((1, 5))),
                named("alpha cert.yaml"),
            ),
        ],
    );
}

#[test]
fn hostile_yaml_gets_an_error_naming_the_file() {
    let error = |rule, at| Expect::Error(rule, GUIDE, at);
    run_cases(
        "yaml",
        vec![
            yaml_file(
                "alias bomb (billion laughs)",
                "invalid-type",
                (4, 8),
                "alias-bomb.yaml",
            ),
            yaml_file(
                "alias bomb in unknown keys",
                "unknown-field",
                (1, 1),
                "alias-bomb-top-level.yaml",
            ),
            yaml_file(
                "merge-key bomb",
                "yaml-syntax",
                (4, 10),
                "merge-key-bomb.yaml",
            ),
            case(
                "60,000 aliases of one anchor",
                error("yaml-limit", Some((1_041, 5))),
                |root| {
                    let aliases = "  - *s\n".repeat(60_000);
                    let to = format!("prepare:\n  - &s 출금 계좌\n{aliases}");
                    replace(root, GUIDE, "prepare:\n", &to);
                },
            ),
            case(
                "60,000 anchors",
                error("yaml-limit", Some((1_040, 12))),
                |root| {
                    let anchors: String = (0..60_000).map(|i| format!("  - &a{i} x\n")).collect();
                    replace(root, GUIDE, "prepare:\n", &format!("prepare:\n{anchors}"));
                },
            ),
            yaml_file(
                "unknown anchor",
                "yaml-syntax",
                (2, 8),
                "unknown-anchor.yaml",
            ),
            case(
                "10,000 nested flow lists",
                error("invalid-type", Some((2, 10))),
                nested_flow("summary", "[", "", "]"),
            ),
            case(
                "10,000 nested flow mappings",
                error("invalid-type", Some((2, 10))),
                nested_flow("summary", "{a: ", "b", "}"),
            ),
            case(
                "10,000 nested flow lists where a list is allowed",
                error("yaml-limit", Some((2, 0))),
                nested_flow("prepare", "[", "", "]"),
            ),
            case(
                "1,000 nested block mappings",
                error("unknown-field", Some((1, 1))),
                |root| {
                    let deep: String = (0..1_000)
                        .map(|i| format!("{}a:\n", " ".repeat(i)))
                        .collect();
                    write(root, GUIDE, deep);
                },
            ),
            case(
                "1,000 nested block lists",
                error("invalid-type", Some((4, 2))),
                |root| {
                    let deep: String = (0..1_000)
                        .map(|i| format!("{}-\n", " ".repeat(i)))
                        .collect();
                    write(root, GUIDE, format!("id: alpha-cert\nprepare:\n{deep}"));
                },
            ),
            yaml_file(
                "duplicate key",
                "duplicate-key",
                (4, 1),
                "duplicate-key.yaml",
            ),
            yaml_file("tab indentation", "yaml-syntax", (4, 1), "tab-indent.yaml"),
            case("tab inside text", Expect::Builds, |root| {
                replace(
                    root,
                    GUIDE,
                    "value: 발급일로부터 3년",
                    "value: \"발급일로부터\t3년\"",
                );
            }),
            case("byte-order mark", Expect::Builds, |root| {
                let text = read(root, GUIDE);
                write(root, GUIDE, format!("\u{feff}{text}"));
            }),
            case(
                "byte-order mark, then an error on line 2",
                error("unknown-field", Some((2, 1))),
                |root| {
                    let text = read(root, GUIDE).replacen("title:", "titel:", 1);
                    write(root, GUIDE, format!("\u{feff}{text}"));
                },
            ),
            case("CRLF line ends", Expect::Builds, |root| {
                let text = read(root, GUIDE).replace('\n', "\r\n");
                write(root, GUIDE, text);
            }),
            case(
                "CRLF line ends, error keeps its line",
                error("unknown-field", Some((72, 9))),
                |root| {
                    let text = read(root, GUIDE)
                        .replace(
                            "      - id: web-otp\n",
                            "      - id: web-otp\n        zzz: 1\n",
                        )
                        .replace('\n', "\r\n");
                    write(root, GUIDE, text);
                },
            ),
            case("CR-only line ends", Expect::Builds, |root| {
                let text = read(root, GUIDE).replace('\n', "\r");
                write(root, GUIDE, text);
            }),
            case(
                "CR-only line ends, error keeps its line",
                error("unknown-field", Some((3, 1))),
                |root| write(root, GUIDE, "id: alpha-cert\rtitle: x\rzz: 1\r"),
            ),
            case(
                "non-UTF-8 byte after Korean text",
                error("encoding", Some((13, 20))),
                |root| {
                    let bytes = read(root, GUIDE).into_bytes();
                    let text = String::from_utf8(bytes).unwrap();
                    let mut bytes = text.replacen("3년", "3@@", 1).into_bytes();
                    let at = bytes.windows(2).position(|w| w == b"@@").unwrap();
                    bytes[at] = 0xb3;
                    bytes[at + 1] = 0xe2;
                    write(root, GUIDE, bytes);
                },
            ),
            case(
                "UTF-16 with a BOM",
                error("encoding", Some((1, 1))),
                |root| {
                    let text = read(root, GUIDE);
                    let mut bytes = vec![0xff, 0xfe];
                    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                    write(root, GUIDE, bytes);
                },
            ),
            case("Latin-1", error("encoding", Some((2, 11))), |root| {
                write(root, GUIDE, b"id: alpha-cert\ntitle: caf\xe9\n");
            }),
            case("empty file", error("empty-file", None), |root| {
                write(root, GUIDE, "")
            }),
            case(
                "only blank lines and comments",
                error("empty-file", None),
                |root| write(root, GUIDE, "\n\n   \n# 주석만 있음\n---\n"),
            ),
            case("PNG bytes", error("encoding", Some((1, 1))), |root| {
                let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
                bytes.extend((0..=255u8).cycle().take(4096));
                write(root, GUIDE, bytes);
            }),
            case("NUL bytes", error("yaml-syntax", Some((1, 15))), |root| {
                write(root, GUIDE, b"id: alpha-cert\0\0\0\ntitle: x\n")
            }),
            case("ELF header", error("encoding", Some((1, 0))), |root| {
                let mut bytes = b"\x7fELF\x02\x01\x01\0".to_vec();
                bytes.extend((0u32..65_536).map(|i| (i.wrapping_mul(7919) >> 3) as u8));
                write(root, GUIDE, bytes);
            }),
            yaml_file(
                "raw escape character",
                "yaml-syntax",
                (2, 0),
                "control-character.yaml",
            ),
            case(
                "second YAML document",
                error("yaml-syntax", Some((200, 1))),
                |root| {
                    let text = read(root, GUIDE);
                    write(root, GUIDE, format!("{text}---\nid: other\n"));
                },
            ),
            yaml_file("YAML tag", "invalid-type", (2, 14), "yaml-tag.yaml"),
            yaml_file(
                "null where text is needed",
                "invalid-type",
                (2, 8),
                "null-title.yaml",
            ),
            yaml_file("complex key", "invalid-type", (1, 3), "complex-key.yaml"),
            yaml_file(
                "top-level list",
                "invalid-type",
                (1, 1),
                "top-level-list.yaml",
            ),
            yaml_file(
                "top-level scalar",
                "invalid-type",
                (1, 1),
                "top-level-scalar.yaml",
            ),
            yaml_file(
                "unclosed quote",
                "yaml-syntax",
                (2, 8),
                "unclosed-quote.yaml",
            ),
            case(
                "number out of range",
                Expect::Error("invalid-type", "content/site.yaml", Some((5, 23))),
                |root| {
                    let file = "content/site.yaml";
                    replace(
                        root,
                        file,
                        "review_interval_days: 180",
                        "review_interval_days: 99999999999999999999999",
                    );
                },
            ),
            case("merge keys", error("yaml-syntax", Some((25, 5))), |root| {
                replace(
                    root,
                    GUIDE,
                    "  - id: renewal\n",
                    "  - &f {id: renewal2, label: x, value: y, source: agency}\n  - <<: *f\n    id: renewal\n",
                );
            }),
            case("escaped NUL inside quotes", Expect::Builds, |root| {
                replace(
                    root,
                    GUIDE,
                    "value: 발급일로부터 3년",
                    r#"value: "발급일로부터\0 3년""#,
                );
            }),
        ],
    );
}

#[test]
fn huge_inputs_are_refused_quickly_in_bounded_memory() {
    const MIB: usize = 1024 * 1024;
    let error = |at| Expect::Error("yaml-limit", GUIDE, at);
    run_cases(
        "huge",
        vec![
            case("50 MB of Markdown in one field", error(None), |root| {
                let line =
                    "  금융인증서를 웹사이트에서 발급합니다. **굵게** [링크](https://a.org/)\n";
                let body = line.repeat(50 * MIB / line.len());
                replace(root, GUIDE, "summary: |\n", &format!("summary: |\n{body}"));
            }),
            case("50 MB of steps", error(None), |root| {
                let steps: String = (0..560_000)
                    .map(|i| format!("      - id: s{i}\n        action: 단계 {i}\n        cautions: [{{text: 조심 {i}}}]\n"))
                    .collect();
                replace(root, GUIDE, "    steps:\n", &format!("    steps:\n{steps}"));
            }),
            case("50 MB of comments", error(None), |root| {
                let text = read(root, GUIDE);
                let comments = format!("# {}\n", "x".repeat(98)).repeat(50 * MIB / 101);
                write(root, GUIDE, format!("{text}{comments}"));
            }),
            case("one 10 MB line", error(None), |root| {
                let line = "a".repeat(10 * MIB);
                write(
                    root,
                    GUIDE,
                    format!("id: alpha-cert\ntitle: {line} : : [\n"),
                );
            }),
            case("10,000 nested block lists (50 MB)", error(None), |root| {
                let deep: String = (0..10_000)
                    .map(|i| format!("{}-\n", " ".repeat(i)))
                    .collect();
                write(root, GUIDE, format!("id: alpha-cert\nprepare:\n{deep}"));
            }),
            // Valid YAML, but its one word would print a guide PDF of 136 pages.
            case(
                "a 900 KB word (over the PDF page cap)",
                Expect::BuildRefuses("pdf-too-long", GUIDE, (13, 12)),
                |root| {
                    let long = "가".repeat(300_000);
                    replace(
                        root,
                        GUIDE,
                        "value: 발급일로부터 3년",
                        &format!("value: 발급일로부터 3년 {long}"),
                    );
                },
            ),
            // Many short items: the checklist PDF would pass the cap, and the guide is named.
            case(
                "2,500 checklist items (over the PDF page cap)",
                Expect::BuildRefuses("pdf-too-long", GUIDE, (2, 8)),
                |root| {
                    let items: String = (0..2_500)
                        .map(|i| format!("      - id: item-{i}\n        text: 항목 {i}\n"))
                        .collect();
                    replace(root, GUIDE, "    items:\n", &format!("    items:\n{items}"));
                },
            ),
            case("a 900 KB word, PDFs off", Expect::Builds, |root| {
                let long = "가".repeat(300_000);
                replace(
                    root,
                    GUIDE,
                    "value: 발급일로부터 3년",
                    &format!("value: 발급일로부터 3년 {long}"),
                );
                replace(
                    root,
                    "content/site.yaml",
                    "language: ko",
                    "language: ko\npdf: false",
                );
            }),
            case(
                "a 900 KB line with an error at its end",
                Expect::Error("yaml-syntax", GUIDE, Some((13, 300_014))),
                |root| {
                    let long = "가".repeat(300_000);
                    replace(
                        root,
                        GUIDE,
                        "value: 발급일로부터 3년",
                        &format!("value: {long} [: x"),
                    );
                },
            ),
            // The node budget is what a 1 MiB file can hold, so 51,000 values (over the old
            // budget of 50,000) are read and the stray key after them is reported.
            case(
                "51,000 values in 102 KB (within the node budget)",
                Expect::Error("unknown-field", GUIDE, Some((40, 1))),
                |root| {
                    let items = vec!["x"; 51_000].join(",");
                    replace(
                        root,
                        GUIDE,
                        "prepare:\n",
                        &format!("prepare: [{items}]\nzz:\n"),
                    );
                },
            ),
        ],
    );
}

#[test]
fn links_that_loop_or_leave_the_root_are_errors() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.yaml"), "id: x\n").unwrap();
    let outside_dir = outside.path().to_path_buf();
    run_cases(
        "links",
        vec![
            case(
                "link to a folder above itself",
                Expect::Error("unreadable-file", "content/guides/loop", None),
                |root| symlink(".", root.join("content/guides/loop")).unwrap(),
            ),
            case(
                "link to itself",
                Expect::Error("unreadable-file", "content/guides/self.yaml", None),
                |root| symlink("self.yaml", root.join("content/guides/self.yaml")).unwrap(),
            ),
            case(
                "link to /etc/passwd",
                Expect::Error("unreadable-file", "content/guides/passwd.yaml", None),
                |root| symlink("/etc/passwd", root.join("content/guides/passwd.yaml")).unwrap(),
            ),
            case(
                "link to a folder outside",
                Expect::Error("unreadable-file", "content/guides/sub/x.yaml", None),
                move |root| symlink(&outside_dir, root.join("content/guides/sub")).unwrap(),
            ),
            case(
                "dangling link",
                Expect::Error("unreadable-file", "content/guides/gone.yaml", None),
                |root| symlink("nowhere.yaml", root.join("content/guides/gone.yaml")).unwrap(),
            ),
            case(
                "a folder in place of site.yaml",
                Expect::Error("unreadable-file", "content/site.yaml", None),
                |root| {
                    std::fs::remove_file(root.join("content/site.yaml")).unwrap();
                    std::fs::create_dir(root.join("content/site.yaml")).unwrap();
                },
            ),
            case("a link inside the root", Expect::Builds, |root| {
                std::fs::rename(root.join(GUIDE), root.join("content/alpha.yaml")).unwrap();
                symlink("../alpha.yaml", root.join(GUIDE)).unwrap();
            }),
        ],
    );
}

/// Special files where content files should be: a FIFO would block a plain read forever and
/// `/dev/zero` would fill memory, so each must be an `unreadable-file` error instead.
#[test]
fn special_files_in_place_of_content_are_errors() {
    use std::os::unix::fs::symlink;
    let fifo = |file: &'static str| {
        move |root: &Path| {
            let _ = std::fs::remove_file(root.join(file));
            let status = std::process::Command::new("mkfifo")
                .arg(root.join(file))
                .status()
                .unwrap();
            assert!(status.success());
        }
    };
    run_cases(
        "special files",
        vec![
            case(
                "a FIFO in place of site.yaml",
                Expect::Error("unreadable-file", "content/site.yaml", None),
                fifo("content/site.yaml"),
            ),
            case(
                "a FIFO in place of terminology.yaml",
                Expect::Error("unreadable-file", "content/terminology.yaml", None),
                fifo("content/terminology.yaml"),
            ),
            case(
                "site.yaml linked to /dev/zero",
                Expect::Error("unreadable-file", "content/site.yaml", None),
                |root| {
                    std::fs::remove_file(root.join("content/site.yaml")).unwrap();
                    symlink("/dev/zero", root.join("content/site.yaml")).unwrap();
                },
            ),
            case(
                "site.yaml linked outside the root",
                Expect::Error("unreadable-file", "content/site.yaml", None),
                |root| {
                    std::fs::remove_file(root.join("content/site.yaml")).unwrap();
                    symlink("/etc/passwd", root.join("content/site.yaml")).unwrap();
                },
            ),
            case(
                "link to /dev/zero",
                Expect::Error("unreadable-file", "content/guides/zero.yaml", None),
                |root| symlink("/dev/zero", root.join("content/guides/zero.yaml")).unwrap(),
            ),
            case(
                "a FIFO in place of a guide",
                Expect::Error("unreadable-file", GUIDE, None),
                fifo(GUIDE),
            ),
            case(
                "a folder in place of a guide",
                Expect::Error("unreadable-file", GUIDE, None),
                |root| {
                    std::fs::remove_file(root.join(GUIDE)).unwrap();
                    std::fs::create_dir(root.join(GUIDE)).unwrap();
                },
            ),
            case(
                "a file in place of content/guides",
                Expect::Error("unreadable-file", "content/guides", None),
                |root| {
                    std::fs::remove_dir_all(root.join("content/guides")).unwrap();
                    std::fs::write(root.join("content/guides"), "x").unwrap();
                },
            ),
            case(
                "a file name that is not UTF-8",
                Expect::Error("unreadable-file", "content/guides/\u{fffd}x.yaml", None),
                |root| {
                    use std::os::unix::ffi::OsStrExt;
                    let name = OsStr::from_bytes(b"\xffx.yaml");
                    std::fs::copy(root.join(GUIDE), root.join("content/guides").join(name))
                        .unwrap();
                },
            ),
        ],
    );
}

/// The fuzzers' seed corpora, and every input a fuzzer ever crashed on (kept beside the seeds
/// as `crash-*`), through the real `check` and the Markdown sanitiser, so they stay fixed in
/// a plain `cargo test` without libFuzzer.
#[test]
fn fuzz_seeds_and_past_crashes_stay_fixed() {
    let seeds = |target: &str| -> Vec<std::path::PathBuf> {
        let dir = repo().join("fuzz/seeds").join(target);
        names_in(&dir).iter().map(|name| dir.join(name)).collect()
    };
    let mut problems = Vec::new();
    let guides = seeds("load_guide");
    assert!(guides.len() >= 5, "the load_guide seeds are missing");
    for seed in &guides {
        let dir = fixture(VALID);
        std::fs::copy(seed, dir.path().join(GUIDE)).unwrap();
        let run = stepguide(&["check", "--format", "json"], dir.path(), None);
        if let Err(problem) = run.sanity("check") {
            problems.push(format!("{}: {problem}", seed.display()));
        }
    }
    let allowed: BTreeSet<String> = MARKDOWN_TAGS.iter().map(|t| t.to_string()).collect();
    let markdown = seeds("render_markdown");
    assert!(markdown.len() >= 5, "the render_markdown seeds are missing");
    for seed in &markdown {
        let bytes = std::fs::read(seed).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        for page in ["guides/g/index.html", "index.html"] {
            let place = stepguide::render::links::Place { guide: "g", page };
            let html = stepguide::render::markdown::to_html(text, place);
            for problem in audit_page(&html, &allowed) {
                problems.push(format!("{}: {problem}\n{html}", seed.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The audit itself: each of these pages could run script, and each must be caught.
#[test]
fn the_audit_catches_live_script() {
    let allowed: BTreeSet<String> = MARKDOWN_TAGS.iter().map(|t| t.to_string()).collect();
    for page in [
        "<p><script>alert(1)</script></p>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<p ONCLICK='x()'>a</p>",
        r#"<a href="javascript:alert(1)">a</a>"#,
        r#"<a href="&#106;avascript:alert(1)">a</a>"#,
        r#"<a href=" java&#x09;script:alert(1)">a</a>"#,
        r#"<a href="JAVASCRIPT&colon;alert(1)">a</a>"#,
        r#"<img src="data:image/svg+xml,<svg onload=alert(1)>">"#,
        r#"<a href="vbscript:msgbox">a</a>"#,
        "<iframe src=x></iframe>",
        "<svg><animate onbegin=alert(1)></svg>",
        "<base href=//evil.example/>",
        r#"<meta http-equiv="refresh" content="0;url=javascript:alert(1)">"#,
        "<div>a</div>",
    ] {
        assert!(
            !audit_page(page, &allowed).is_empty(),
            "the audit let through {page}"
        );
    }
    for page in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; a &lt; b</p>",
        r#"<p><a href="https://example.org/?a=1&amp;b=javascript">x</a></p>"#,
        r#"<p><a href="../x/index.html#step">x</a> <a href="mailto:a@b.c">m</a></p>"#,
        "<pre><code class=\"language-html\">&lt;script&gt;</code></pre>",
    ] {
        assert_eq!(audit_page(page, &allowed), Vec::<String>::new(), "{page}");
    }
}
