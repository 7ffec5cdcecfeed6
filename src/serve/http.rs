//! The HTTP side of `serve`: binding to loopback, answering GET and HEAD from the in-memory
//! site, and streaming live-reload events. Only paths that name a built file are served, so
//! traversal (`..`, encoded or not), absolute paths and anything outside the site get 404.
//!
//! A small HTTP/1.1 server of its own, with every resource bounded, so that slow or hostile
//! clients cannot starve the preview: at most [`MAX_CONNECTIONS`] open connections (one thread
//! each, with a small stack), a request head of at most [`MAX_HEAD`] bytes that must arrive
//! within [`HEAD_DEADLINE`], idle keep-alive connections closed after [`IDLE_TIMEOUT`], writes
//! that give up after [`WRITE_TIMEOUT`], and live-reload streams capped at [`MAX_STREAMS`]
//! apart from page requests. (tiny_http, used before, had no timeouts and no limit on the
//! length of a request line: one client could hold a thread forever or fill memory.)

use super::live::{self, EVENTS_PATH};
use super::{Shared, lock};
use anyhow::{Result, bail};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longest request target accepted; real pages have short paths.
const MAX_URL: usize = 2048;
/// Longest request head (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// Open connections at once; more are answered 503 and closed.
const MAX_CONNECTIONS: usize = 512;
/// Live-reload streams at once, within [`MAX_CONNECTIONS`]: a browser tab holds one.
const MAX_STREAMS: usize = 64;
/// A request head must be complete this long after its first byte.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// A keep-alive connection with no new request for this long is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// A write that makes no progress for this long ends the connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Requests on one keep-alive connection before it is closed.
const MAX_REQUESTS_PER_CONNECTION: usize = 1000;
/// Stack of a connection thread; handlers keep little on the stack.
const STACK_SIZE: usize = 256 * 1024;
/// A comment on each event stream this often notices clients that went away.
const STREAM_KEEP_ALIVE: Duration = Duration::from_secs(5);
/// How many of the next ports to try when no port was given.
const PORT_TRIES: u16 = 20;

/// Binds 127.0.0.1. A port that was asked for must be free; otherwise the next free port
/// after the default is taken, and the caller says which.
pub fn bind(port: Option<u16>) -> Result<(TcpListener, u16)> {
    let candidates: Vec<u16> = match port {
        Some(port) => vec![port],
        None => (0..PORT_TRIES)
            .filter_map(|i| super::DEFAULT_PORT.checked_add(i))
            .collect(),
    };
    for candidate in &candidates {
        if let Ok(listener) = TcpListener::bind(("127.0.0.1", *candidate)) {
            let bound = listener.local_addr().map_or(*candidate, |addr| addr.port());
            return Ok((listener, bound));
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

/// Counts a resource in use; the count goes down when this is dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// Takes one of `limit` slots, or `None` when all are taken.
    fn take(counter: &Arc<AtomicUsize>, limit: usize) -> Option<Slot> {
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < limit).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(counter)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Accepts connections until the process ends, one thread each.
pub fn serve(listener: TcpListener, state: Shared) {
    let connections = Arc::new(AtomicUsize::new(0));
    let streams = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was accepted.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let Some(slot) = Slot::take(&connections, MAX_CONNECTIONS) else {
            refuse(stream);
            continue;
        };
        let state = Arc::clone(&state);
        let streams = Arc::clone(&streams);
        // If the thread cannot start, the closure (with the slot and the stream) is dropped,
        // which frees the slot and closes the connection.
        let _ = std::thread::Builder::new()
            .name("serve-connection".into())
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let _slot = slot;
                connection(stream, &state, &streams);
            });
    }
}

/// Answers 503 on a connection there is no room for, without waiting on it: what the client
/// has sent is read first (closing a socket with unread input resets it, and the client
/// would lose the answer), the answer fits in the socket buffer, and the write side is shut.
fn refuse(mut stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let mut sink = [0u8; 4096];
    for _ in 0..4 {
        if !matches!(std::io::Read::read(&mut stream, &mut sink), Ok(n) if n > 0) {
            break;
        }
    }
    let _ = write_response(
        &mut stream,
        &Response::text(503, "busy, try again"),
        false,
        false,
    );
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// A parsed request head.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    method: String,
    /// The path and query, in origin form (`/a/b?c`).
    target: String,
    keep_alive: bool,
    /// The client announced a body (Content-Length above 0, or Transfer-Encoding).
    has_body: bool,
}

/// Serves the requests of one connection, then closes it. Reading, writing and timeouts all
/// go through `&TcpStream`, so a connection costs one file descriptor.
fn connection(stream: TcpStream, state: &Shared, streams: &Arc<AtomicUsize>) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut reader = BufReader::with_capacity(4096, &stream);
    let mut writer = &stream;
    let mut set_timeout = |timeout: Duration| {
        let _ = stream.set_read_timeout(Some(timeout.max(Duration::from_millis(1))));
    };
    for served in 0..MAX_REQUESTS_PER_CONNECTION {
        let head = match read_head(&mut reader, &mut set_timeout) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(status) => {
                let _ = write_response(&mut writer, &Response::status(status), false, false);
                return;
            }
        };
        let request = match parse(&head) {
            Ok(request) => request,
            Err(status) => {
                let _ = write_response(&mut writer, &Response::status(status), false, false);
                return;
            }
        };
        if path_of(&request.target) == EVENTS_PATH && request.method == "GET" {
            match Slot::take(streams, MAX_STREAMS) {
                Some(_slot) => stream_events(writer, state),
                None => {
                    let busy = Response::text(503, "too many live-reload streams");
                    let _ = write_response(&mut writer, &busy, false, false);
                }
            }
            return;
        }
        let response = answer(&request, state);
        // Bodies are never read, so a request with one ends the connection.
        let keep_alive =
            request.keep_alive && !request.has_body && served + 1 < MAX_REQUESTS_PER_CONNECTION;
        let head_only = request.method == "HEAD";
        if write_response(&mut writer, &response, head_only, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

/// Reads one request head, up to and including the blank line. `Ok(None)` when the client
/// closed the connection or sent nothing for [`IDLE_TIMEOUT`]; `Err(status)` for a head that
/// is too long (414 or 431) or too slow (408).
fn read_head<R: BufRead>(
    reader: &mut R,
    set_timeout: &mut dyn FnMut(Duration),
) -> Result<Option<Vec<u8>>, u16> {
    let mut head = Vec::new();
    let mut skipped = 0;
    let mut deadline: Option<Instant> = None;
    loop {
        let wait = match deadline {
            None => IDLE_TIMEOUT,
            Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => left.min(IDLE_TIMEOUT),
                _ => return Err(408),
            },
        };
        set_timeout(wait);
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return if head.is_empty() { Ok(None) } else { Err(408) };
            }
            Err(_) => return Ok(None),
        };
        if available.is_empty() {
            return Ok(None);
        }
        // Take bytes up to the end of the head, if it is in this chunk. Blank lines before a
        // request line are skipped (RFC 9112, 2.2).
        let mut taken = available.len();
        let mut complete = false;
        for (i, &byte) in available.iter().enumerate() {
            // The deadline runs from the first byte, blank or not.
            if deadline.is_none() {
                deadline = Some(Instant::now() + HEAD_DEADLINE);
            }
            if head.is_empty() && matches!(byte, b'\r' | b'\n') {
                skipped += 1;
                if skipped > MAX_HEAD {
                    return Err(400);
                }
                continue;
            }
            head.push(byte);
            if byte == b'\n' && (head.ends_with(b"\r\n\r\n") || head.ends_with(b"\n\n")) {
                taken = i + 1;
                complete = true;
                break;
            }
            if head.len() > MAX_HEAD {
                return Err(if head.contains(&b'\n') { 431 } else { 414 });
            }
        }
        reader.consume(taken);
        if complete {
            return Ok(Some(head));
        }
    }
}

/// Parses a request head; `Err(status)` when it is not a request this server answers.
fn parse(head: &[u8]) -> Result<Request, u16> {
    let text = std::str::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = text.lines();
    let request_line = lines.next().ok_or(400u16)?.trim_end_matches('\r');
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(400);
    }
    let mut keep_alive = http11;
    let mut has_body = false;
    for line in lines {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or(400u16)?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(400);
        }
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "connection" => {
                let value = value.to_ascii_lowercase();
                if value.contains("close") {
                    keep_alive = false;
                } else if value.contains("keep-alive") {
                    keep_alive = true;
                }
            }
            "content-length" => {
                let length: u64 = value.parse().map_err(|_| 400u16)?;
                has_body |= length > 0;
            }
            "transfer-encoding" => has_body = true,
            _ => {}
        }
    }
    if target.len() > MAX_URL {
        return Err(414);
    }
    let target = origin_form(target).ok_or(400u16)?;
    Ok(Request {
        method: method.to_string(),
        target,
        keep_alive,
        has_body,
    })
}

/// The path and query of a request target: origin form as is; absolute form (`http://host/p`,
/// which proxies send) without its scheme and host. Anything else (`*`, authority form) is
/// not a page.
fn origin_form(target: &str) -> Option<String> {
    if target.starts_with('/') {
        return Some(target.to_string());
    }
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))?;
    match rest.find(['/', '?']) {
        Some(at) if rest[at..].starts_with('/') => Some(rest[at..].to_string()),
        Some(at) => Some(format!("/{}", &rest[at..])),
        None => Some("/".to_string()),
    }
}

fn path_of(target: &str) -> &str {
    target.split(['?', '#']).next().unwrap_or("/")
}

/// A response: status, headers beyond the usual ones, and body.
struct Response {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn status(status: u16) -> Response {
        Response::text(status, reason(status))
    }

    fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

/// The response to a GET or HEAD (or the refusal of another method).
fn answer(request: &Request, state: &Shared) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        return Response::text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD".into());
    }
    if request.has_body {
        return Response::text(413, "requests have no body here");
    }
    let path = path_of(&request.target);
    let mut state = lock(state);
    if let Some(key) = resolve(path) {
        // Pages and index files that depend on every guide are made on first request.
        state.refresh(&key);
        if let Some(bytes) = state.files.get(&key) {
            return page(&key, bytes, 200);
        }
        if state.files.contains_key(&format!("{key}/index.html")) {
            // A folder without its slash: relative links need the slash.
            return Response::text(301, "moved").with_header("Location", format!("{path}/"));
        }
    }
    match state.files.get("404.html") {
        Some(bytes) => page("404.html", bytes, 404),
        None => Response::text(404, "not found"),
    }
}

/// Writes a response with its length; `head_only` leaves the body out (HEAD).
fn write_response(
    out: &mut impl Write,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    for (name, value) in &response.headers {
        // Values are paths the client sent; a line break would split the header.
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    out.write_all(&bytes)?;
    out.flush()
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

fn page(key: &str, bytes: &[u8], status: u16) -> Response {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        live::inject(bytes)
    } else {
        bytes.to_vec()
    };
    Response {
        status,
        content_type,
        headers: Vec::new(),
        body,
    }
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

/// Keeps the connection open and writes each event as it comes. A new client is told at once
/// about problems that already exist, so a page opened while content is broken shows them.
fn stream_events(mut writer: &TcpStream, state: &Shared) {
    let (sender, events) = mpsc::channel();
    {
        let mut state = lock(state);
        if let Some(problems) = &state.problems {
            let _ = sender.send(live::Event::Problems(problems.clone()));
        }
        state.clients.push(sender);
    }
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
        let chunk = match events.recv_timeout(STREAM_KEEP_ALIVE) {
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
    use super::*;

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

    fn head(bytes: &[u8]) -> Result<Option<Vec<u8>>, u16> {
        read_head(&mut std::io::Cursor::new(bytes.to_vec()), &mut |_| {})
    }

    #[test]
    fn reads_a_head_and_leaves_the_rest() {
        let mut reader =
            std::io::Cursor::new(b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET /b".to_vec());
        let first = read_head(&mut reader, &mut |_| {}).unwrap().unwrap();
        assert_eq!(first, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(
            read_head(&mut reader, &mut |_| {}),
            Ok(None),
            "an unfinished head at EOF"
        );
        assert_eq!(head(b""), Ok(None));
    }

    #[test]
    fn an_endless_request_line_is_cut_off() {
        let endless = vec![b'a'; MAX_HEAD * 4];
        assert_eq!(head(&endless), Err(414));
        assert_eq!(
            head(&b"\r\n".repeat(MAX_HEAD)),
            Err(400),
            "endless blank lines"
        );
        let mut many_headers = b"GET / HTTP/1.1\r\n".to_vec();
        many_headers.extend(b"X: y\r\n".repeat(MAX_HEAD));
        assert_eq!(head(&many_headers), Err(431));
    }

    #[test]
    fn parses_requests() {
        let request = parse(b"GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(
            request,
            Request {
                method: "GET".into(),
                target: "/a?b".into(),
                keep_alive: true,
                has_body: false
            }
        );
        let request = parse(b"GET http://127.0.0.1:4000/../x HTTP/1.0\r\n\r\n").unwrap();
        assert_eq!(request.target, "/../x");
        assert!(!request.keep_alive);
        let request = parse(b"POST / HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
        assert!(request.as_ref().unwrap().has_body && !request.unwrap().keep_alive);
        assert_eq!(parse(b"GET / HTTP/2.0\r\n\r\n"), Err(505));
        for bad in [
            &b"GARBAGE\r\n\r\n"[..],
            b"GET  / HTTP/1.1\r\n\r\n",
            b"get / HTTP/1.1\r\n\r\n",
            b"GET * HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(parse(bad), Err(400), "{}", String::from_utf8_lossy(bad));
        }
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_URL));
        assert_eq!(parse(long.as_bytes()), Err(414));
    }

    #[test]
    fn header_values_cannot_split_the_response() {
        let mut out = Vec::new();
        let response =
            Response::text(301, "moved").with_header("Location", "/a\r\nSet-Cookie: x/".into());
        write_response(&mut out, &response, false, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Location: /aSet-Cookie: x/\r\n"), "{text}");
    }
}
