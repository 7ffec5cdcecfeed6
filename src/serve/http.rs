//! The HTTP side of `serve`: binding to loopback, answering GET and HEAD from the in-memory
//! site, and streaming live-reload events. Only paths that name a built file are served, so
//! traversal (`..`, encoded or not), absolute paths and anything outside the site get 404.

use super::live::{self, EVENTS_PATH};
use super::{Shared, lock};
use anyhow::{Result, bail};
use std::io::Write;
use std::sync::mpsc;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// Longest request target accepted; real pages have short paths.
const MAX_URL: usize = 2048;
/// Most requests handled at once; more get 503 rather than unbounded threads.
const MAX_IN_FLIGHT: usize = 64;
/// How many of the next ports to try when no port was given.
const PORT_TRIES: u16 = 20;

/// Binds 127.0.0.1. A port that was asked for must be free; otherwise the next free port
/// after the default is taken, and the caller says which.
pub fn bind(port: Option<u16>) -> Result<(Server, u16)> {
    let candidates: Vec<u16> = match port {
        Some(port) => vec![port],
        None => (0..PORT_TRIES)
            .filter_map(|i| super::DEFAULT_PORT.checked_add(i))
            .collect(),
    };
    for candidate in &candidates {
        if let Ok(server) = Server::http(("127.0.0.1", *candidate)) {
            let bound = server
                .server_addr()
                .to_ip()
                .map_or(*candidate, |addr| addr.port());
            return Ok((server, bound));
        }
    }
    match port {
        Some(port) => {
            bail!("port {port} on 127.0.0.1 is in use (or not allowed); pass another with --port")
        }
        None => bail!(
            "ports {}–{} on 127.0.0.1 are all in use; pass a free one with --port",
            super::DEFAULT_PORT,
            super::DEFAULT_PORT + PORT_TRIES - 1
        ),
    }
}

pub fn serve(server: Server, state: Shared) {
    let in_flight = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for request in server.incoming_requests() {
        use std::sync::atomic::Ordering;
        if in_flight.load(Ordering::SeqCst) >= MAX_IN_FLIGHT {
            let _ = request.respond(text(503, "busy, try again"));
            continue;
        }
        in_flight.fetch_add(1, Ordering::SeqCst);
        let state = std::sync::Arc::clone(&state);
        let in_flight = std::sync::Arc::clone(&in_flight);
        std::thread::spawn(move || {
            handle(request, &state);
            in_flight.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn handle(request: Request, state: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let allow = header("Allow", "GET, HEAD");
        let _ = request.respond(text(405, "only GET and HEAD").with_header(allow));
        return;
    }
    if request.url().len() > MAX_URL {
        let _ = request.respond(text(414, "request target too long"));
        return;
    }
    if request.body_length().is_some_and(|length| length > 0) {
        let _ = request.respond(text(413, "requests have no body here"));
        return;
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if path == EVENTS_PATH {
        stream_events(request, state);
        return;
    }
    let response = match resolve(&path) {
        Some(key) => {
            let state = lock(state);
            if let Some(bytes) = state.files.get(&key) {
                Some(page(&key, bytes, 200))
            } else if state.files.contains_key(&format!("{key}/index.html")) {
                // A folder without its slash: relative links need the slash.
                let location = header("Location", &format!("{path}/"));
                Some(text(301, "moved").with_header(location))
            } else {
                None
            }
        }
        None => None,
    };
    let response = response.unwrap_or_else(|| {
        let state = lock(state);
        match state.files.get("404.html") {
            Some(bytes) => page("404.html", bytes, 404),
            None => text(404, "not found"),
        }
    });
    let _ = request.respond(response);
}

/// Maps a request path to a key of the built site, or `None` when it can name no file in it.
pub fn resolve(path: &str) -> Option<String> {
    let decoded = percent_decode(path.strip_prefix('/')?)?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" if parts.is_empty() => {}
            ".." | "." => return None,
            "" => {}
            _ => parts.push(segment),
        }
    }
    let mut key = parts.join("/");
    if decoded.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// Decodes `%XX` escapes; `None` for malformed escapes or text that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn page(key: &str, bytes: &[u8], status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        live::inject(bytes)
    } else {
        bytes.to_vec()
    };
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn content_type(key: &str) -> &'static str {
    match key.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    // Both parts are ASCII constants or paths we built, which tiny_http always accepts.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("constant header is valid")
    })
}

/// Keeps the connection open and writes each event as it comes. A new client is told at once
/// about problems that already exist, so a page opened while content is broken shows them.
fn stream_events(request: Request, state: &Shared) {
    let (sender, events) = mpsc::channel();
    {
        let mut state = lock(state);
        if let Some(problems) = &state.problems {
            let _ = sender.send(live::Event::Problems(problems.clone()));
        }
        state.clients.push(sender);
    }
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\n\r\nretry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        // A comment line every few seconds notices closed connections.
        let chunk = match events.recv_timeout(std::time::Duration::from_secs(15)) {
            Ok(event) => event.encode(),
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(chunk.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolves_pages_and_folders() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/guides/a/").as_deref(),
            Some("guides/a/index.html")
        );
        assert_eq!(
            resolve("/assets/style.css").as_deref(),
            Some("assets/style.css")
        );
        assert_eq!(resolve("/guides/%EA%B0%80").as_deref(), Some("guides/가"));
    }

    #[test]
    fn refuses_traversal() {
        for path in [
            "/../etc/passwd",
            "/guides/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/..%2fx",
            "/%2fetc/passwd",
            "//etc/passwd",
            "/a%5c..%5cb",
            "/a%00b",
            "/%zz",
            "/%ff",
            "etc/passwd",
            "/./x",
        ] {
            assert_eq!(resolve(path), None, "{path}");
        }
    }
}
