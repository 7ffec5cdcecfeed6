//! `stepguide serve`: a real server on a free loopback port, driven over raw HTTP.

use crate::support::server::{Server, free_port, request};
use crate::support::{browser, build_site, names_in, read_tree, replace, shipped_project};
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

const GUIDE: &str = "content/guides/financial-certificate.yaml";
/// A step's caution, whose removal makes the guide fail `check`.
const CAUTION: &str = "        cautions:\n          - failure: wrong-info\n      - id: choose-ars";
const NO_CAUTION: &str = "      - id: choose-ars";
/// The first step's action.
const STEP: &str = "KB국민은행 홈페이지에 접속하세요";

/// The live-reload event stream of a page.
type Events = BufReader<TcpStream>;

/// `serve` on a copy of the shipped content, after `prepare` changed it.
fn start_with(prepare: impl FnOnce(&Path), args: &[&str]) -> Server {
    let root = shipped_project();
    prepare(root.path());
    Server::start(root, args)
}

fn start() -> Server {
    start_with(|_| {}, &[])
}

/// `serve` started while one guide has an error.
fn start_broken() -> Server {
    start_with(|root| replace(root, GUIDE, CAUTION, NO_CAUTION), &[])
}

/// Removes the shipped project's translations and its `translations:` from `site.yaml`.
fn without_translations(root: &Path) {
    let content = root.join("content");
    for dir in [content.clone(), content.join("guides")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".en.") {
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    let kept = site.split("translations:").next().unwrap();
    std::fs::write(content.join("site.yaml"), kept).unwrap();
}

/// Replaces `from` with `to` in the served guide, then waits for the event `name` on
/// `events`; returns its data.
fn edit(server: &Server, events: &mut Events, (from, to): (&str, &str), name: &str) -> String {
    replace(server.path(), GUIDE, from, to);
    next_event(events, name)
}

/// Reads events until one named `name` arrives; returns its data line.
fn next_event(reader: &mut Events, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut current = String::new();
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.trim().to_string();
        } else if let Some(data) = line.strip_prefix("data: ")
            && current == name
        {
            return data.trim().to_string();
        }
    }
    panic!("no `{name}` event arrived");
}

#[test]
fn serves_pages_with_the_live_reload_script() {
    let server = start();
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("lang=\"ko\""));
    assert!(
        body.contains("/__stepguide/events"),
        "the reload script is injected"
    );
    let (status, body) = server.get("/guides/financial-certificate/");
    assert_eq!(status, 200);
    assert!(body.contains(STEP));
    assert_eq!(server.get("/guides/financial-certificate").0, 301);
    assert_eq!(server.get("/no/such/page").0, 404);
    assert!(
        !server.path().join("site").exists(),
        "serve never writes site/"
    );
}

#[test]
fn editing_content_sends_reload_and_serves_the_new_page() {
    let server = start();
    let mut events = server.events();
    edit(
        &server,
        &mut events,
        (STEP, "KB국민은행 홈페이지를 여세요"),
        "reload",
    );
    let (_, body) = server.get("/guides/financial-certificate/");
    assert!(body.contains("KB국민은행 홈페이지를 여세요"));
}

/// The `problems` event's data, checked to be what `check` prints: the place, the source
/// line with a caret under it, the message and the hint.
fn assert_problems(data: &str) {
    let problems: serde_json::Value = serde_json::from_str(data).unwrap();
    // The step's own error; its English translation now has a caution too many, which is
    // reported as well.
    let diagnostics = problems["diagnostics"].as_array().unwrap();
    let first = diagnostics
        .iter()
        .find(|d| d["rule"] == "step-without-caution")
        .unwrap_or_else(|| panic!("no step-without-caution in {diagnostics:?}"));
    assert!(
        diagnostics
            .iter()
            .all(|d| d["rule"] == "step-without-caution" || d["rule"] == "translation-extra"),
        "{diagnostics:?}"
    );
    assert_eq!(first["file"], GUIDE);
    let line = first["line"].as_u64().unwrap();
    assert!(first["hint"].as_str().unwrap().contains("cautions"));
    let text = problems["errors"].as_str().unwrap();
    assert!(text.contains(&format!("--> {GUIDE}:{line}:")), "{text}");
    assert!(text.contains(&format!("{line} |       - id: ")), "{text}");
    assert!(text.contains("|         ^^^"), "{text}");
    assert!(text.contains("help: add `cautions:`"), "{text}");
    assert_eq!(problems["warnings"], "");
}

#[test]
fn broken_content_sends_problems_and_keeps_the_last_good_page() {
    let server = start();
    let mut events = server.events();
    assert_problems(&edit(
        &server,
        &mut events,
        (CAUTION, NO_CAUTION),
        "problems",
    ));
    let (status, body) = server.get("/guides/financial-certificate/");
    assert_eq!(status, 200, "the last good page stays served");
    assert!(body.contains(STEP));
    server.wait_for_stderr("error[step-without-caution]");

    // A page opened now learns about the problems at once.
    let mut late = server.events();
    assert_problems(&next_event(&mut late, "problems"));

    edit(&server, &mut events, (NO_CAUTION, CAUTION), "reload");
}

#[test]
fn started_on_broken_content_it_serves_what_it_can_and_the_overlay_everywhere() {
    let server = start_broken();
    let (status, body) = server.get("/guides/joint-certificate/");
    assert_eq!(status, 200, "a healthy guide is served");
    assert!(body.contains("/__stepguide/events"));
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("guides/joint-certificate/"));
    assert!(!home.contains("guides/financial-certificate/"));
    for path in [
        "/guides/financial-certificate/",
        "/guides/financial-certificate/checklist/",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 200, "{path}: a page carrying the overlay, not 404");
        assert!(body.contains("This page has errors"), "{path}");
        assert!(body.contains("/__stepguide/events"), "{path}");
    }
    let (_, search) = server.get("/search-index.js");
    assert!(!search.is_empty(), "the search index of the healthy guides");
    let mut events = server.events();
    assert_problems(&next_event(&mut events, "problems"));

    edit(&server, &mut events, (NO_CAUTION, CAUTION), "reload");
    let (status, body) = server.get("/guides/financial-certificate/");
    assert_eq!(status, 200);
    assert!(body.contains(STEP));
    let mut fresh = server.events();
    let mut line = String::new();
    fresh
        .get_mut()
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    while fresh.read_line(&mut line).is_ok_and(|n| n > 0) {}
    assert!(!line.contains("problems"), "fixed, yet: {line}");
    assert_same_as_build(&server);
}

#[test]
fn warnings_reach_the_terminal_and_the_pages() {
    let server = start();
    let mut events = server.events();
    let warned = (STEP, "KB국민은행 홈페이지에서 공인인증서를 찾으세요");
    edit(&server, &mut events, warned, "reload");
    let data = next_event(&mut server.events(), "problems");
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(problems["errors"], "");
    assert_eq!(problems["diagnostics"][0]["severity"], "warning");
    assert!(
        problems["warnings"]
            .as_str()
            .unwrap()
            .contains("공인인증서")
    );
    server.wait_for_stderr("warning[");
}

#[test]
fn traversal_and_other_methods_are_refused() {
    let server = start();
    let host = server.host();
    for path in [
        "/../Cargo.toml",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/guides/%2E%2E%2F%2E%2E%2Fcontent/site.yaml",
        "/..%5c..%5cetc/passwd",
        "//etc/passwd",
        "/content/site.yaml",
        "/%00",
        "/%c0%ae%c0%ae/etc/passwd",
    ] {
        let (status, _, body) = request(
            server.port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked a file");
    }
    let absolute = request(
        server.port,
        &format!(
            "GET http://{host}/../content/site.yaml HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_ne!(absolute.0, 200);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let (status, head, _) = request(
            server.port,
            &format!(
                "{method} / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
        );
        assert_eq!(status, 405, "{method}");
        assert!(head.to_lowercase().contains("allow: get, head"), "{head}");
    }
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
        "a".repeat(5000)
    );
    assert_eq!(request(server.port, &long).0, 414);
    let (status, _, body) = request(
        server.port,
        &format!("HEAD / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 200);
    assert!(body.is_empty(), "HEAD has no body");
}

#[test]
fn requests_for_another_host_are_refused() {
    // DNS rebinding: a page on attacker.example whose name now points at 127.0.0.1 sends
    // its own name as Host. Only the names of the address serve listens on are answered.
    let server = start();
    let port = server.port;
    let refused = [
        format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\n"),
        format!("GET /__stepguide/events HTTP/1.1\r\nHost: attacker.example:{port}\r\n"),
        "GET /guides/financial-certificate/ HTTP/1.1\r\nHost: attacker.example\r\n".to_string(),
        "GET / HTTP/1.1\r\n".to_string(),
        "GET / HTTP/1.0\r\n".to_string(),
        format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            port.wrapping_add(1)
        ),
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_string(),
        format!("GET / HTTP/1.1\r\nHost: localhost.attacker.example:{port}\r\n"),
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1.nip.io:{port}\r\n"),
        format!("GET / HTTP/1.1\r\nHost: evil@127.0.0.1:{port}\r\n"),
        format!("GET http://attacker.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"),
        format!(
            "GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\nOrigin: http://attacker.example:{port}\r\n"
        ),
    ];
    for head in &refused {
        let (status, response_head, body) =
            request(port, &format!("{head}Connection: close\r\n\r\n"));
        assert!(
            status == 421 || status == 400,
            "{head:?} got {status}: {body}"
        );
        assert!(!body.contains("<html"), "{head:?} leaked a page");
        assert!(
            !response_head.to_lowercase().contains("access-control"),
            "{response_head}"
        );
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, head, _) = request(
            port,
            &format!(
                "GET / HTTP/1.1\r\nHost: {host}\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n"
            ),
        );
        assert_eq!(status, 200, "{host}");
        assert!(!head.to_lowercase().contains("access-control"), "{head}");
    }
}

#[test]
fn malformed_request_heads_are_handled_by_the_http_stack() {
    let server = start();
    let host = server.host();
    // A head that ends in a bare LF, then CRLF, is complete: answered at once.
    let started = Instant::now();
    let (status, _, _) = request(
        server.port,
        &format!("GET / HTTP/1.1\r\nHost: {host}\nConnection: close\n\r\n"),
    );
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    for head in [
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: +0\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Note: a\0b\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {host}\0\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
        "GARBAGE\r\n\r\n".to_string(),
    ] {
        let started = Instant::now();
        let (status, _, _) = request(server.port, &head);
        assert_eq!(status, 400, "{head:?}");
        assert!(started.elapsed() < Duration::from_secs(2), "{head:?}");
    }
}

#[test]
fn a_taken_port_is_reported() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = crate::support::stepguide()
        .args(["serve", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("in use"),
        "{stderr}"
    );
}

#[test]
fn open_without_a_browser_is_a_warning() {
    // No PATH: neither xdg-open nor a shell for the fallback script can be found.
    let empty = tempfile::tempdir().unwrap();
    let server = Server::launch(
        shipped_project(),
        free_port(),
        &["--open"],
        Some(empty.path()),
    );
    assert_eq!(server.get("/").0, 200, "serve keeps serving");
    server.wait_for_stderr("warning: cannot open a browser");
}

#[test]
fn bind_to_the_network_warns_and_answers_to_the_machine_names() {
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let hostname = hostname.trim().to_lowercase();
    let server = start_with(|_| {}, &["--bind", "0.0.0.0"]);
    let port = server.port;
    server.wait_for_stderr("visible to every device on that network");
    let status = |host: &str| {
        request(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
        .0
    };
    assert_eq!(status(&format!("127.0.0.1:{port}")), 200);
    assert_eq!(
        status(&format!("192.168.1.20:{port}")),
        200,
        "an address of this machine"
    );
    if !hostname.is_empty() {
        assert_eq!(status(&format!("{hostname}:{port}")), 200);
        assert_eq!(status(&format!("{hostname}.local:{port}")), 200);
    }
    assert_eq!(status(&format!("attacker.example:{port}")), 421);
}

#[test]
fn interrupt_stops_the_server() {
    let mut server = start();
    server.interrupt();
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "the port is released"
    );
    assert_eq!(
        names_in(server.path()),
        ["content"],
        "serve wrote into the project"
    );
    assert!(
        names_in(server.tmp.path()).is_empty(),
        "serve left files in TMPDIR"
    );
}

#[test]
fn an_open_page_follows_edits_in_chromium() {
    if !browser::browser_ready("an_open_page_follows_edits_in_chromium") {
        return;
    }
    // Started on a project with one broken guide. The one-guide rebuild that the 1 s window
    // times is for a guide without translations (an edit of a translated one rebuilds the
    // site: README, `serve`), so the English edition is left out.
    let server = start_with(
        |root| {
            without_translations(root);
            replace(root, GUIDE, CAUTION, NO_CAUTION);
        },
        &[],
    );
    let url = format!("http://127.0.0.1:{}/", server.port);
    let guide = server.path().join(GUIDE);
    let log = browser::run_browser_script("live_reload.mjs", &[&url, guide.to_str().unwrap()]);
    eprintln!("{log}");
}

#[test]
fn the_live_reload_script_never_reaches_the_built_site() {
    let site = read_tree(&crate::support::repo().join("site"));
    assert!(site.len() > 10, "no committed site/");
    for (path, bytes) in site {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__stepguide"),
            "{path} has the serve-only script"
        );
    }
}

/// The served page without the live-reload script that `serve` adds to HTML.
fn without_live_script(body: &str) -> String {
    let start = "<script>\n(function () {\n  var source = new EventSource(";
    match body.find(start) {
        Some(at) => {
            let end = body[at..]
                .find("</script>\n")
                .map_or(body.len(), |e| at + e + 10);
            format!("{}{}", &body[..at], &body[end..])
        }
        None => body.to_string(),
    }
}

/// Every file a full build of the server's project writes is served, and the same.
fn assert_same_as_build(server: &Server) {
    let out = server.path().join("built");
    let base_url = format!("http://127.0.0.1:{}/", server.port);
    build_site(server.path(), &out, &["--base-url", &base_url]);
    let mut compared = 0;
    for (path, built) in read_tree(&out) {
        let (code, served) = server.get(&format!("/{path}"));
        assert_eq!(code, 200, "{path}");
        assert!(
            without_live_script(&served) == String::from_utf8_lossy(&built),
            "{path} differs from a full build"
        );
        compared += 1;
    }
    std::fs::remove_dir_all(&out).unwrap();
    assert!(compared > 10, "only {compared} files compared");
}

#[test]
fn after_edits_every_file_equals_a_full_build() {
    // serve rebuilds only what an edit touches; the result must be what `build` writes.
    let server = start();
    let mut events = server.events();
    // A step (the guide's pages and the search index), then the guide's title (also the
    // home page and the comparison), then an error and its fix.
    for (change, event) in [
        ((STEP, "KB국민은행 홈페이지를 여세요"), "reload"),
        (
            ("title: KB국민은행 금융인증서", "title: 국민은행 금융인증서"),
            "reload",
        ),
        (("    cautions:\n", "    cautons:\n"), "problems"),
        (("    cautons:\n", "    cautions:\n"), "reload"),
    ] {
        edit(&server, &mut events, change, event);
    }
    assert_same_as_build(&server);
}
