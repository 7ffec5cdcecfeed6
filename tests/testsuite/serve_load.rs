//! `serve` under load: 10,000 requests from 50 concurrent clients against 127.0.0.1, mixing
//! pages, HEAD, POST and other methods, traversal attempts (`..`, `%2e%2e`, `%2f`, `\`,
//! absolute-form targets, overlong paths) and requests for another host (DNS rebinding). The
//! server must answer every request correctly and never send a byte of a file outside its
//! output. Slow clients are the HTTP stack's business; one test checks that its timeout cuts
//! off silent and dribbling connections. Figures are printed (run with `--nocapture`;
//! `--release` for realistic throughput).

use crate::support::server::{Server, exchange, free_port};
use crate::support::{Tree, build_site, read_tree, shipped_project};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const REQUESTS: usize = 10_000;
const CONCURRENCY: usize = 50;
/// Written beside and above the served site; no response may ever contain it.
const SECRET: &str = "stepguide-secret-7f3a9c";

/// `serve` on the shipped content with secrets beside it, and what each path of the site
/// holds, built with the same base URL as the server uses.
fn start() -> (Server, Tree) {
    let root = shipped_project();
    std::fs::write(root.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(root.path().join("content/secret.txt"), SECRET).unwrap();
    let port = free_port();
    let built = root.path().join("expected");
    build_site(
        root.path(),
        &built,
        &["--base-url", &format!("http://127.0.0.1:{port}/")],
    );
    let site = read_tree(&built);
    std::fs::remove_dir_all(&built).unwrap();
    (Server::launch(root, port, &[], None), site)
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
fn probes(port: u16, site: &Tree) -> Vec<Probe> {
    let get = |target: &str| request("GET", target, port);
    let pages: Vec<String> = site.keys().cloned().collect();
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

fn verify(server_site: &Tree, check: &Check, status: u16, body: &[u8]) -> Result<(), String> {
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
fn load(port: u16, site: &Tree, probes: &Arc<Vec<Probe>>) -> Figures {
    let next = Arc::new(AtomicUsize::new(0));
    let site = Arc::new(site.clone());
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
                        Ok(response) => {
                            *statuses.entry(response.status).or_insert(0) += 1;
                            match verify(&site, &probe.check, response.status, &response.body) {
                                Ok(()) => latencies.push(response.took),
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
    let (mut server, site) = start();
    let probes = Arc::new(probes(server.port, &site));
    let rss_start = server.rss_kib();
    let figures = load(server.port, &site, &probes);
    figures.print("10,000 requests");
    let rss_peak = server.rss_kib();
    eprintln!(
        "server: RSS {} MiB at start, {} MiB after the load",
        rss_start >> 10,
        rss_peak >> 10
    );
    let alive = server.child.try_wait().unwrap().is_none();
    assert!(alive, "the server died");
    assert!(figures.errors.is_empty(), "{} errors", figures.errors.len());
    assert!(
        rss_peak < 256 * 1024,
        "the server grew to {} MiB",
        rss_peak >> 10
    );
}

#[test]
fn silent_and_dribbling_connections_are_cut_off() {
    // A connection gets the HTTP stack's header timeout (10 s) to send a whole request head.
    let server = Server::start(shipped_project(), &[]);
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
    let response = exchange(port, &request("GET", "/", port)).unwrap();
    assert_eq!(response.status, 200, "the server still answers");
}
