//! `serve` under load: 10,000 requests from 50 concurrent clients against 127.0.0.1, mixing
//! pages, HEAD, POST and other methods, traversal attempts (`..`, `%2e%2e`, `%2f`, `\`,
//! absolute-form targets, overlong paths) and requests for another host (DNS rebinding). The
//! server must answer every request correctly and never send a byte of a file outside its
//! output. Slow clients are the HTTP stack's business; one test checks that its timeout cuts
//! off silent and dribbling connections. Figures are printed (run with `--nocapture`;
//! `--release` for realistic throughput).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const REQUESTS: usize = 10_000;
const CONCURRENCY: usize = 50;
/// Written beside and above the served site; no response may ever contain it.
const SECRET: &str = "stepguide-secret-7f3a9c";

struct Server {
    child: Child,
    port: u16,
    root: tempfile::TempDir,
    /// What each path of the site holds, built with the same base URL as the server uses.
    site: BTreeMap<String, Vec<u8>>,
}

impl Server {
    fn start() -> Server {
        let root = tempfile::tempdir().unwrap();
        common::copy_dir(Path::new("content"), &root.path().join("content"));
        std::fs::write(root.path().join("secret.txt"), SECRET).unwrap();
        std::fs::write(root.path().join("content/secret.txt"), SECRET).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let built = root.path().join("expected");
        let output = common::stepguide()
            .arg("build")
            .arg("--root")
            .arg(root.path())
            .arg("--out")
            .arg(&built)
            .arg("--base-url")
            .arg(format!("http://127.0.0.1:{port}/"))
            .output()
            .unwrap();
        assert!(output.status.success());
        let site = walkdir::WalkDir::new(&built)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = e.path().strip_prefix(&built).unwrap();
                (
                    path.to_string_lossy().replace('\\', "/"),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        std::fs::remove_dir_all(&built).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_stepguide"))
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.contains(&format!("127.0.0.1:{port}")), "{line}");
        Server {
            child,
            port,
            root,
            site,
        }
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Resident memory of the server, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
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

/// One request and what must come back.
struct Probe {
    raw: Vec<u8>,
    check: Check,
}

enum Check {
    /// 200 with exactly the page's bytes (HTML: plus the injected live-reload script).
    Page(String),
    /// 200 with no body.
    Head,
    /// This status.
    Status(u16),
    /// Anything but 200, and nothing from outside the site.
    Refused,
}

/// A request from a page of the site itself.
fn request(method: &str, target: &str, port: u16) -> Vec<u8> {
    format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// The request mix: 60% pages, 10% HEAD, 10% POST and other methods, 20% hostile targets
/// and hosts.
fn probes(server: &Server) -> Vec<Probe> {
    let port = server.port;
    let get = |target: &str| request("GET", target, port);
    let pages: Vec<String> = server.site.keys().cloned().collect();
    let hostile = [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/guides/../../secret.txt",
        "/guides/%2e%2e/%2e%2e/content/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/content/site.yaml",
        "/content/secret.txt",
        "/secret.txt",
        "//secret.txt",
        "/%2fsecret.txt",
        "/%00",
        "/index.html%00.txt",
        "/%252e%252e/secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/./secret.txt",
        "/guides/..;/secret.txt",
    ];
    let mut probes = Vec::new();
    for i in 0..REQUESTS {
        let page = &pages[i % pages.len()];
        let probe = match i % 10 {
            0..=5 => Probe {
                raw: get(&format!("/{page}")),
                check: Check::Page(page.clone()),
            },
            6 => Probe {
                raw: request("HEAD", &format!("/{page}"), port),
                check: Check::Head,
            },
            7 => Probe {
                raw: match i % 3 {
                    0 => format!("POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello").into_bytes(),
                    1 => format!("PUT /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes(),
                    _ => request("DELETE", "/index.html", port),
                },
                check: Check::Status(405),
            },
            8 => Probe {
                raw: get(hostile[i / 10 % hostile.len()]),
                check: Check::Refused,
            },
            _ => match i / 10 % 7 {
                0 => Probe {
                    raw: get(&format!("/{}", "a/".repeat(3000))),
                    check: Check::Status(414),
                },
                1 => Probe {
                    raw: get(&format!("http://127.0.0.1:{port}/../../secret.txt")),
                    check: Check::Refused,
                },
                2 => Probe {
                    raw: get("*"),
                    check: Check::Refused,
                },
                3 => Probe {
                    raw: b"GET /../secret.txt HTTP/1.0\r\n\r\n".to_vec(),
                    check: Check::Refused,
                },
                4 => Probe {
                    raw: format!("GET /{page} HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n").into_bytes(),
                    check: Check::Status(421),
                },
                5 => Probe {
                    raw: format!("GET /__stepguide/events HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n").into_bytes(),
                    check: Check::Status(421),
                },
                _ => Probe {
                    raw: b"GARBAGE\r\n\r\n".to_vec(),
                    check: Check::Refused,
                },
            },
        };
        probes.push(probe);
    }
    probes
}

/// A response: status, body, and how long it took.
fn exchange(port: u16, raw: &[u8]) -> std::io::Result<(u16, Vec<u8>, Duration)> {
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    stream.set_write_timeout(Some(Duration::from_secs(15)))?;
    stream.write_all(raw)?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let elapsed = started.elapsed();
    let head_end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(response.len(), |p| p + 4);
    let head = String::from_utf8_lossy(&response[..head_end]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, response[head_end..].to_vec(), elapsed))
}

fn verify(
    server_site: &BTreeMap<String, Vec<u8>>,
    check: &Check,
    status: u16,
    body: &[u8],
) -> Result<(), String> {
    if body.windows(SECRET.len()).any(|w| w == SECRET.as_bytes())
        || body.windows(20).any(|w| w == b"review_interval_days")
    {
        return Err("a file outside the site was served".to_string());
    }
    match check {
        Check::Page(path) => {
            let expected = &server_site[path];
            let ok = status == 200
                && if path.ends_with(".html") {
                    let at = expected
                        .windows(7)
                        .rposition(|w| w == b"</body>")
                        .unwrap_or(expected.len());
                    body.starts_with(&expected[..at]) && body.ends_with(&expected[at..])
                } else {
                    body == expected.as_slice()
                };
            if !ok {
                return Err(format!("{path}: status {status}, {} bytes", body.len()));
            }
        }
        Check::Head if status != 200 || !body.is_empty() => {
            return Err(format!("HEAD: status {status}, {} bytes", body.len()));
        }
        Check::Status(want) if status != *want => {
            return Err(format!("expected {want}, got {status}"));
        }
        Check::Refused if status == 200 || status == 0 => {
            return Err(format!("hostile target answered {status}"));
        }
        _ => {}
    }
    Ok(())
}

/// Figures of one load run.
struct Figures {
    elapsed: Duration,
    latencies: Vec<Duration>,
    errors: Vec<String>,
    statuses: BTreeMap<u16, usize>,
}

impl Figures {
    fn print(&self, what: &str) {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let at = |q: f64| {
            sorted
                .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        eprintln!(
            "{what}: {} requests, {CONCURRENCY} at once, {:.2?}: {:.0} requests/s; latency p50 {:.2?}, p90 {:.2?}, p99 {:.2?}, max {:.2?}; {} errors; statuses {:?}",
            self.latencies.len() + self.errors.len(),
            self.elapsed,
            (self.latencies.len() + self.errors.len()) as f64 / self.elapsed.as_secs_f64(),
            at(0.5),
            at(0.9),
            at(0.99),
            sorted.last().copied().unwrap_or_default(),
            self.errors.len(),
            self.statuses
        );
        for error in self.errors.iter().take(10) {
            eprintln!("  {error}");
        }
    }
}

/// Sends every probe from `CONCURRENCY` threads, each on its own connection.
fn load(server: &Server, probes: &Arc<Vec<Probe>>) -> Figures {
    let next = Arc::new(AtomicUsize::new(0));
    let site = Arc::new(server.site.clone());
    let port = server.port;
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (next, probes, site) = (Arc::clone(&next), Arc::clone(probes), Arc::clone(&site));
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                let mut statuses = BTreeMap::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(probe) = probes.get(i) else { break };
                    match exchange(port, &probe.raw) {
                        Ok((status, body, latency)) => {
                            *statuses.entry(status).or_insert(0) += 1;
                            match verify(&site, &probe.check, status, &body) {
                                Ok(()) => latencies.push(latency),
                                Err(problem) => errors.push(format!(
                                    "#{i} {:?}: {problem}",
                                    String::from_utf8_lossy(&probe.raw[..probe.raw.len().min(60)])
                                )),
                            }
                        }
                        Err(err) => errors.push(format!("#{i}: {err}")),
                    }
                }
                (latencies, errors, statuses)
            })
        })
        .collect();
    let mut figures = Figures {
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
        errors: Vec::new(),
        statuses: BTreeMap::new(),
    };
    for worker in workers {
        let (latencies, errors, statuses) = worker.join().unwrap();
        figures.latencies.extend(latencies);
        figures.errors.extend(errors);
        for (status, count) in statuses {
            *figures.statuses.entry(status).or_insert(0) += count;
        }
    }
    figures.elapsed = started.elapsed();
    figures
}

#[test]
fn serve_stays_up_and_correct_under_load() {
    let mut server = Server::start();
    let probes = Arc::new(probes(&server));
    let rss_start = server.rss_kib();
    let figures = load(&server, &probes);
    figures.print("10,000 requests");
    let rss_peak = server.rss_kib();
    eprintln!(
        "server: RSS {} MiB at start, {} MiB after the load",
        rss_start >> 10,
        rss_peak >> 10
    );
    assert!(server.alive(), "the server died");
    assert!(figures.errors.is_empty(), "{} errors", figures.errors.len());
    assert!(
        rss_peak < 256 * 1024,
        "the server grew to {} MiB",
        rss_peak >> 10
    );
    let _ = &server.root;
}

#[test]
fn silent_and_dribbling_connections_are_cut_off() {
    // A connection gets the HTTP stack's header timeout (10 s) to send a whole request head.
    let server = Server::start();
    let port = server.port;
    let dribbler = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let started = Instant::now();
        let head = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ");
        for byte in head.bytes().chain(std::iter::repeat(b's')) {
            if stream.write_all(&[byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
            // An answer (408) or the end of the connection: cut off.
            if stream.read(&mut [0u8; 256]).is_ok() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "a dribbling client was never cut off"
            );
        }
        started.elapsed()
    });
    let started = Instant::now();
    let mut silent = TcpStream::connect(("127.0.0.1", port)).unwrap();
    silent
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let read = silent.read(&mut [0u8; 1]);
    let idle = started.elapsed();
    assert!(!matches!(read, Ok(1)), "a silent connection got an answer");
    assert!(
        idle >= Duration::from_secs(9) && idle < Duration::from_secs(13),
        "a silent connection closed after {idle:?}"
    );
    let cut = dribbler.join().unwrap();
    assert!(
        cut >= Duration::from_secs(9) && cut < Duration::from_secs(13),
        "a dribbling request cut off after {cut:?}"
    );
    eprintln!("silent connection closed after {idle:?}; dribbling request cut off after {cut:?}");
    let (status, _, _) = exchange(port, &request("GET", "/", port)).unwrap();
    assert_eq!(status, 200, "the server still answers");
}
