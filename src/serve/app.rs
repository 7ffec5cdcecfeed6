//! The HTTP side of `serve`: an axum app on hyper's HTTP/1.1 server. It answers GET and HEAD
//! from the site in memory and streams live-reload events, only to requests whose `Host` is
//! an address it listens on (a web page elsewhere could otherwise read the preview through
//! DNS rebinding). Only paths that name a built file are served, so traversal (`..`, encoded
//! or not), absolute paths and anything outside the site get 404.

use super::live::{self, EVENTS_PATH, Event};
use super::site::{Content, Site};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION};
use axum::http::uri::Authority;
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::broadcast::error::RecvError;

/// A connection that has not sent a whole request head this long after it opened, or after
/// its last answer, is closed: slow and silent clients cannot hold the server.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A comment on each event stream this often notices pages that went away.
const KEEP_ALIVE: Duration = Duration::from_secs(5);
/// Longest request path answered; real pages have short paths.
const MAX_PATH: usize = 2048;

/// Accepts connections until the process ends; each is served on its own task.
pub async fn serve(listener: TcpListener, site: Arc<Site>, hosts: Hosts) {
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(site)
        .layer(from_fn_with_state(Arc::new(hosts), check_host));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, or a connection reset before it was accepted.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        // A connection's end (closed, timed out, malformed) concerns only itself.
        tokio::spawn(connection);
    }
}

/// The `Host` values a request may carry: the names of the address `serve` listens on.
pub struct Hosts {
    names: Vec<String>,
    port: u16,
    /// Listening on every interface: any IP address is one of ours. (DNS rebinding needs a
    /// name, never an address.)
    any_address: bool,
}

impl Hosts {
    pub fn new(ip: IpAddr, port: u16) -> Hosts {
        let mut names: Vec<String> = ["127.0.0.1", "localhost", "[::1]"].map(String::from).into();
        if !ip.is_loopback() {
            if !ip.is_unspecified() {
                names.push(super::url_host(ip));
            }
            if let Some(name) = hostname() {
                names.push(format!("{name}.local"));
                names.push(name);
            }
        }
        Hosts {
            names,
            port,
            any_address: ip.is_unspecified(),
        }
    }

    pub fn allow(&self, host: &str) -> bool {
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        let name = authority.host().to_ascii_lowercase();
        !host.contains('@')
            && authority.port_u16().unwrap_or(80) == self.port
            && (self.names.contains(&name)
                || self.any_address && name.trim_matches(['[', ']']).parse::<IpAddr>().is_ok())
    }
}

/// The machine's name, which devices on the network may use to reach it.
fn hostname() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| {
            let output = std::process::Command::new("hostname").output().ok()?;
            String::from_utf8(output.stdout).ok()
        })?;
    let name = name.trim().to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// Refuses requests for another host, or with none, before anything else sees them.
async fn check_host(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(HOST).and_then(|v| v.to_str().ok());
    let target = request.uri().authority().map(Authority::as_str);
    match host {
        Some(host) if hosts.allow(host) && target.is_none_or(|t| hosts.allow(t)) => {
            next.run(request).await
        }
        _ => text(
            StatusCode::MISDIRECTED_REQUEST,
            "this preview answers only to the address it listens on",
        ),
    }
}

/// A file of the site, or why not. A request for a file being remade waits until it is in.
async fn page(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = uri.path();
    if path.len() > MAX_PATH {
        return text(StatusCode::URI_TOO_LONG, "URI too long");
    }
    let key = resolve(path).unwrap_or_default();
    loop {
        let mut settled = site.settled();
        {
            let content = site.read();
            if !content.is_stale(&key) {
                return answer(&content, &key, path);
            }
        }
        if settled.changed().await.is_err() {
            return text(StatusCode::SERVICE_UNAVAILABLE, "stopping");
        }
    }
}

fn answer(content: &Content, key: &str, path: &str) -> Response {
    if let Some(bytes) = content.files.get(key) {
        return file(StatusCode::OK, key, bytes);
    }
    if !key.is_empty() && content.files.contains_key(&format!("{key}/index.html")) {
        // A folder without its slash: relative links need the slash.
        let mut response = text(StatusCode::MOVED_PERMANENTLY, "moved");
        if let Ok(location) = HeaderValue::from_str(&format!("{path}/")) {
            response.headers_mut().insert(LOCATION, location);
        }
        return response;
    }
    let guide = key
        .strip_prefix("guides/")
        .and_then(|rest| rest.split('/').next());
    if guide.is_some_and(|id| content.broken.contains(id)) && key.ends_with(".html") {
        return html(StatusCode::OK, live::placeholder());
    }
    match content.files.get("404.html") {
        Some(bytes) => file(StatusCode::NOT_FOUND, "404.html", bytes),
        // Nothing was built (the settings have errors): the placeholder shows the overlay.
        None => html(StatusCode::NOT_FOUND, live::placeholder()),
    }
}

/// The live-reload stream: the current problems at once, then every event.
async fn events(
    State(site): State<Arc<Site>>,
) -> Sse<impl Stream<Item = Result<axum::response::sse::Event, Infallible>>> {
    let (problems, receiver) = site.subscribe();
    let hello = axum::response::sse::Event::default().retry(Duration::from_millis(500));
    let first = std::iter::once(hello).chain(problems.map(|p| p.sse()));
    let later = stream::unfold(receiver, |mut receiver| async move {
        let event = match receiver.recv().await {
            Ok(event) => event,
            // Missed events: the page is out of date.
            Err(RecvError::Lagged(_)) => Event::Reload,
            Err(RecvError::Closed) => return None,
        };
        Some((event.sse(), receiver))
    });
    Sse::new(stream::iter(first).chain(later).map(Ok))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

fn text(status: StatusCode, body: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", body.into())
}

fn html(status: StatusCode, body: Vec<u8>) -> Response {
    respond(status, "text/html; charset=utf-8", body.into())
}

/// A file of the site; HTML gets the live-reload script.
fn file(status: StatusCode, key: &str, bytes: &[u8]) -> Response {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        live::inject(bytes)
    } else {
        bytes.to_vec()
    };
    respond(status, content_type, body.into())
}

fn respond(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let headers = [
        (CONTENT_TYPE, content_type),
        (CACHE_CONTROL, "no-store"),
        (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    (status, headers, body).into_response()
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

/// Maps a request path to a key of the built site, or `None` when it can name no file in it.
pub fn resolve(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path.strip_prefix('/')?)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
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
            "/%ff",
            "etc/passwd",
            "/./x",
        ] {
            assert_eq!(resolve(path), None, "{path}");
        }
    }

    #[test]
    fn only_the_listening_address_is_a_host() {
        let local = Hosts::new(IpAddr::from([127, 0, 0, 1]), 4000);
        for good in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST:4000",
            "[::1]:4000",
        ] {
            assert!(local.allow(good), "{good}");
        }
        for bad in [
            "attacker.example:4000",
            "127.0.0.1:4001",
            "127.0.0.1",
            "localhost.:4000",
            "user@127.0.0.1:4000",
            "192.168.1.5:4000",
            "",
        ] {
            assert!(!local.allow(bad), "{bad}");
        }
        let lan = Hosts::new(IpAddr::from([192, 168, 1, 5]), 4000);
        assert!(lan.allow("192.168.1.5:4000") && lan.allow("localhost:4000"));
        assert!(!lan.allow("192.168.1.6:4000") && !lan.allow("attacker.example:4000"));
        let every = Hosts::new(IpAddr::from([0, 0, 0, 0]), 80);
        assert!(every.allow("10.0.0.7") && every.allow("[fe80::1]:80"));
        assert!(!every.allow("attacker.example"));
    }
}
