//! `stepguide serve`: a real server on a free loopback port, driven over raw HTTP.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const GUIDE: &str = "content/guides/financial-certificate.yaml";

/// A running `serve` on a copy of the shipped content; killed on drop.
struct Server {
    child: Child,
    port: u16,
    root: tempfile::TempDir,
    /// The server's TMPDIR, to show it leaves nothing there.
    tmp: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let root = tempfile::tempdir().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        common::copy_dir(Path::new("content"), &root.path().join("content"));
        let port = free_port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_stepguide"))
            .env("TMPDIR", tmp.path())
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            port,
            root,
            tmp,
        };
        let mut line = String::new();
        BufReader::new(server.child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.contains(&format!("http://127.0.0.1:{port}/")),
            "first line: {line}"
        );
        server
    }

    fn get(&self, path: &str) -> (u16, String) {
        request(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        )
    }

    fn edit(&self, from: &str, to: &str) {
        let path = self.root.path().join(GUIDE);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from:?} not in the guide");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Opens the event stream and returns a reader positioned after the response head.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(b"GET /__stepguide/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && !line.ends_with("retry: 500\n") {}
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Sends a raw request; returns the status code and the body.
fn request(port: u16, raw: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Reads events until one named `name` arrives; returns its data line.
fn next_event(reader: &mut BufReader<TcpStream>, name: &str) -> String {
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
    let server = Server::start();
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("lang=\"ko\""));
    assert!(
        body.contains("/__stepguide/events"),
        "the reload script is injected"
    );
    let (status, body) = server.get("/guides/financial-certificate/");
    assert_eq!(status, 200);
    assert!(body.contains("KB국민은행 홈페이지에 접속하세요"));
    assert_eq!(server.get("/guides/financial-certificate").0, 301);
    assert_eq!(server.get("/no/such/page").0, 404);
    assert!(
        !server.root.path().join("site").exists(),
        "serve never writes site/"
    );
}

#[test]
fn editing_content_sends_reload_and_serves_the_new_page() {
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        "KB국민은행 홈페이지에 접속하세요",
        "KB국민은행 홈페이지를 여세요",
    );
    next_event(&mut events, "reload");
    let (_, body) = server.get("/guides/financial-certificate/");
    assert!(body.contains("KB국민은행 홈페이지를 여세요"));
}

#[test]
fn broken_content_sends_problems_and_keeps_the_last_good_page() {
    let server = Server::start();
    let mut events = server.events();
    server.edit(
        "        cautions:\n          - failure: wrong-info\n      - id: choose-ars",
        "      - id: choose-ars",
    );
    let data = next_event(&mut events, "problems");
    let problems: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(problems[0]["rule"], "step-without-caution");
    assert_eq!(problems[0]["file"], GUIDE);
    assert!(problems[0]["line"].as_u64().unwrap() > 1);
    assert!(problems[0]["hint"].as_str().unwrap().contains("cautions"));
    let (status, body) = server.get("/guides/financial-certificate/");
    assert_eq!(status, 200, "the last good page stays served");
    assert!(body.contains("KB국민은행 홈페이지에 접속하세요"));

    // A page opened now learns about the problems at once.
    let mut late = server.events();
    next_event(&mut late, "problems");

    server.edit(
        "      - id: choose-ars",
        "        cautions:\n          - failure: wrong-info\n      - id: choose-ars",
    );
    next_event(&mut events, "reload");
}

#[test]
fn traversal_and_other_methods_are_refused() {
    let server = Server::start();
    for path in [
        "/../Cargo.toml",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/guides/%2E%2E%2F%2E%2E%2Fcontent/site.yaml",
        "/..%5c..%5cetc/passwd",
        "//etc/passwd",
        "/content/site.yaml",
        "/%00",
    ] {
        let (status, body) = request(
            server.port,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked a file");
    }
    let absolute = request(
        server.port,
        "GET http://evil.example/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_ne!(absolute.0, 200);
    let post = request(
        server.port,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.0, 405);
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(5000)
    );
    assert_eq!(request(server.port, &long).0, 414);
    let head = request(
        server.port,
        "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.0, 200);
    assert!(head.1.is_empty(), "HEAD has no body");
}

#[test]
fn a_taken_port_is_reported() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = common::stepguide()
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
fn interrupt_stops_the_server() {
    let mut server = Server::start();
    let pid = server.child.id().to_string();
    let status = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "the port is released"
    );
    let names = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(server.root.path()),
        ["content"],
        "serve wrote into the project"
    );
    assert!(
        names(server.tmp.path()).is_empty(),
        "serve left files in TMPDIR"
    );
}

#[test]
fn an_open_page_follows_edits_in_chromium() {
    if !common::browser_ready("an_open_page_follows_edits_in_chromium") {
        return;
    }
    let server = Server::start();
    let url = format!(
        "http://127.0.0.1:{}/guides/financial-certificate/",
        server.port
    );
    let guide = server.root.path().join(GUIDE);
    let log = common::run_node("live_reload.mjs", &[&url, guide.to_str().unwrap()]);
    eprintln!("{log}");
}

#[test]
fn the_live_reload_script_never_reaches_the_built_site() {
    for entry in walkdir::WalkDir::new("site") {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("__stepguide"),
                "{} has the serve-only script",
                entry.path().display()
            );
        }
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

#[test]
fn after_edits_every_file_equals_a_full_build() {
    // serve rebuilds only what an edit touches; the result must be what `build` writes.
    let server = Server::start();
    let mut events = server.events();
    // A step (the guide's pages and the search index), then the guide's title (also the
    // home page and the comparison), then an error and its fix.
    server.edit(
        "KB국민은행 홈페이지에 접속하세요",
        "KB국민은행 홈페이지를 여세요",
    );
    next_event(&mut events, "reload");
    server.edit("title: KB국민은행 금융인증서", "title: 국민은행 금융인증서");
    next_event(&mut events, "reload");
    server.edit("    cautions:\n", "    cautons:\n");
    next_event(&mut events, "problems");
    server.edit("    cautons:\n", "    cautions:\n");
    next_event(&mut events, "reload");

    let out = server.root.path().join("built");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_stepguide"))
        .args(["build", "--root"])
        .arg(server.root.path())
        .arg("--out")
        .arg(&out)
        .args(["--base-url", &format!("http://127.0.0.1:{}/", server.port)])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(&out).unwrap();
        let path: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
        let path = path.join("/");
        let built = std::fs::read_to_string(entry.path()).unwrap();
        let (code, served) = server.get(&format!("/{path}"));
        assert_eq!(code, 200, "{path}");
        assert!(
            without_live_script(&served) == built,
            "{path} differs from a full build"
        );
        compared += 1;
    }
    assert!(compared > 10, "only {compared} files compared");
}
