//! `stepguide serve` on a free loopback port, started and waited for, and raw HTTP to it.

use super::binary;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `serve`; killed on drop.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// The project it serves.
    pub root: tempfile::TempDir,
    /// The server's TMPDIR, to show it leaves nothing there.
    pub tmp: tempfile::TempDir,
    /// What the server printed on stderr so far.
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `serve` on the project in `root` with `args`, on a free port.
    pub fn start(root: tempfile::TempDir, args: &[&str]) -> Server {
        Server::launch(root, free_port(), args, None)
    }

    /// Starts `serve --port PORT` with `args`, with `PATH` set to `path` when given, and
    /// waits until it says where it listens.
    pub fn launch(
        root: tempfile::TempDir,
        port: u16,
        args: &[&str],
        path: Option<&Path>,
    ) -> Server {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let mut command = binary();
        command
            .env("TMPDIR", tmp.path())
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(path) = path {
            command.env("PATH", path);
        }
        let mut child = command.spawn().expect("serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        collect(
            child.stderr.take().expect("a pipe"),
            Some(Arc::clone(&stderr)),
        );
        let mut stdout = BufReader::new(child.stdout.take().expect("a pipe"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("serve's first line");
        assert!(
            line.contains(&format!("http://127.0.0.1:{port}/")),
            "first line: {line}\n{}",
            stderr.lock().map(|s| s.clone()).unwrap_or_default()
        );
        // Read the rest, so that a full pipe never blocks the server.
        collect(stdout, None);
        Server {
            child,
            port,
            root,
            tmp,
            stderr,
        }
    }

    /// The project folder.
    pub fn path(&self) -> &Path {
        self.root.path()
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// GET `path` from a page of the site itself: the status and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let raw = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host()
        );
        let (status, _, body) = request(self.port, &raw);
        (status, body)
    }

    /// Opens the event stream and returns a reader positioned after the response head.
    pub fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("serve listens");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        let raw = format!(
            "GET /__stepguide/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.host()
        );
        stream
            .write_all(raw.as_bytes())
            .expect("the request is sent");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 && !line.ends_with("retry: 500\n") {}
        reader
    }

    /// Waits until the server printed `needle` on stderr.
    pub fn wait_for_stderr(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let stderr = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
            if stderr.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} in stderr: {stderr}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends Ctrl-C (SIGINT) and waits for the server to end.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let kill = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status();
        assert!(kill.is_ok_and(|status| status.success()), "kill -INT {pid}");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = self.child.try_wait().expect("the server's status") {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resident memory of the server, in KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()));
        let status = status.unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads a pipe to its end on a thread, into `sink` when given.
fn collect(mut pipe: impl Read + Send + 'static, sink: Option<Arc<Mutex<String>>>) {
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n @ 1..) = pipe.read(&mut chunk) {
            if let Some(Ok(mut text)) = sink.as_ref().map(|s| s.lock()) {
                text.push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        }
    });
}

/// A port nothing listens on.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}

/// A response to one request on its own connection.
pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
    /// From connecting to the last byte.
    pub took: Duration,
}

/// Sends `raw` on a new connection and reads the response to the end.
pub fn exchange(port: u16, raw: &[u8]) -> std::io::Result<Response> {
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    stream.set_write_timeout(Some(Duration::from_secs(15)))?;
    stream.write_all(raw)?;
    let mut response = Vec::new();
    // A server may reset the connection right after its answer (a 400 to a broken head).
    if let Err(err) = stream.read_to_end(&mut response)
        && response.is_empty()
    {
        return Err(err);
    }
    let took = started.elapsed();
    let head_end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(response.len(), |p| p + 4);
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response[head_end..].to_vec();
    Ok(Response {
        status,
        head,
        body,
        took,
    })
}

/// Sends a raw request; returns the status code, the head and the body (status 0 and
/// nothing else when the connection broke before an answer).
pub fn request(port: u16, raw: &str) -> (u16, String, String) {
    match exchange(port, raw.as_bytes()) {
        Ok(r) => (
            r.status,
            r.head,
            String::from_utf8_lossy(&r.body).into_owned(),
        ),
        Err(_) => (0, String::new(), String::new()),
    }
}
