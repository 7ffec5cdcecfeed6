//! `serve` under load (issue 7): 10,000 requests from 50 concurrent clients against 127.0.0.1,
//! mixing pages, HEAD, POST, traversal attempts (`..`, `%2e%2e`, `%2f`, `\`, absolute-form
//! targets, overlong paths), first on a quiet server and then while slow clients hang: silent
//! connections, clients that dribble a request a byte at a time, clients that pipeline
//! requests and never read, live-reload streams, and one endless request line. The server
//! must stay up, answer every request correctly, never send a byte of a file outside its
//! output, and keep its memory bounded. Figures are printed (run with `--nocapture`;
//! `--release` for realistic throughput).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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

    fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.child.id()))
            .map(|d| d.count())
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

fn get(target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").into_bytes()
}

/// The request mix: 60% pages, 10% HEAD, 10% POST and other methods, 20% hostile targets.
fn probes(server: &Server) -> Vec<Probe> {
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
                raw: format!("HEAD /{page} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .into_bytes(),
                check: Check::Head,
            },
            7 => Probe {
                raw: match i % 3 {
                    0 => b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello".to_vec(),
                    1 => b"PUT /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                    _ => b"DELETE /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
                },
                check: Check::Status(405),
            },
            8 => Probe {
                raw: get(hostile[i / 10 % hostile.len()]),
                check: Check::Refused,
            },
            _ => match i / 10 % 5 {
                0 => Probe {
                    raw: get(&format!("/{}", "a/".repeat(3000))),
                    check: Check::Status(414),
                },
                1 => Probe {
                    raw: get("http://127.0.0.1/../../secret.txt"),
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

/// Slow and hostile clients that hold connections open until `stop` is set.
fn start_slow_clients(
    server: &Server,
    stop: &Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<String>> {
    let port = server.port;
    let biggest = server
        .site
        .iter()
        .max_by_key(|(_, bytes)| bytes.len())
        .map(|(path, _)| path.clone())
        .unwrap();
    let mut handles = Vec::new();
    // 100 connections that send nothing.
    {
        let stop = Arc::clone(stop);
        handles.push(std::thread::spawn(move || {
            let held: Vec<TcpStream> = (0..100)
                .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
                .collect();
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            format!("{} silent connections", held.len())
        }));
    }
    // 50 clients that send a request one byte every 100 ms, never finishing it.
    for _ in 0..50 {
        let stop = Arc::clone(stop);
        handles.push(std::thread::spawn(move || {
            let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
                return "dribbler could not connect".to_string();
            };
            let request = format!(
                "GET /index.html HTTP/1.1\r\nHost: x\r\nX-Slow: {}",
                "s".repeat(10_000)
            );
            let mut sent = 0;
            for byte in request.bytes() {
                if stop.load(Ordering::SeqCst) || stream.write_all(&[byte]).is_err() {
                    break;
                }
                sent += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            format!("dribbler sent {sent} bytes")
        }));
    }
    // 32 clients that pipeline requests for the biggest file and never read the answers.
    for _ in 0..32 {
        let stop = Arc::clone(stop);
        let request = get(&format!("/{biggest}")).into_iter().collect::<Vec<u8>>();
        let keep_alive = String::from_utf8(request)
            .unwrap()
            .replace("Connection: close", "Connection: keep-alive");
        handles.push(std::thread::spawn(move || {
            let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
                return "non-reader could not connect".to_string();
            };
            let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
            let mut sent = 0;
            for _ in 0..2_000 {
                if stop.load(Ordering::SeqCst) || stream.write_all(keep_alive.as_bytes()).is_err() {
                    break;
                }
                sent += 1;
            }
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            format!("non-reader pipelined {sent} requests")
        }));
    }
    // 64 live-reload streams held open and never read.
    {
        let stop = Arc::clone(stop);
        handles.push(std::thread::spawn(move || {
            let held: Vec<TcpStream> = (0..64)
                .filter_map(|_| {
                    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
                    stream
                        .write_all(b"GET /__stepguide/events HTTP/1.1\r\nHost: x\r\n\r\n")
                        .ok()?;
                    Some(stream)
                })
                .collect();
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
            format!("{} event streams", held.len())
        }));
    }
    // One request line that never ends: 64 MiB without a newline.
    {
        let stop = Arc::clone(stop);
        handles.push(std::thread::spawn(move || {
            let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
                return "endless line could not connect".to_string();
            };
            let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
            let chunk = vec![b'a'; 64 * 1024];
            let mut sent = 0usize;
            let _ = stream.write_all(b"GET /");
            for _ in 0..1024 {
                if stop.load(Ordering::SeqCst) || stream.write_all(&chunk).is_err() {
                    break;
                }
                sent += chunk.len();
            }
            let _ = stream.shutdown(Shutdown::Write);
            format!("endless line: sent {} MiB", sent >> 20)
        }));
    }
    handles
}

#[test]
fn serve_stays_up_and_correct_under_hostile_load() {
    let mut server = Server::start();
    let probes = Arc::new(probes(&server));
    let rss_start = server.rss_kib();

    let quiet = load(&server, &probes);
    quiet.print("quiet server");

    let stop = Arc::new(AtomicBool::new(false));
    let slow = start_slow_clients(&server, &stop);
    std::thread::sleep(Duration::from_secs(2));
    let threads_under_attack = server.threads();
    let busy = load(&server, &probes);
    busy.print("with slow clients hanging");
    let rss_peak = server.rss_kib();
    stop.store(true, Ordering::SeqCst);
    let slow: Vec<String> = slow.into_iter().map(|h| h.join().unwrap()).collect();
    eprintln!(
        "server: {} threads under attack; RSS {} MiB at start, {} MiB after the attack",
        threads_under_attack,
        rss_start >> 10,
        rss_peak >> 10
    );
    eprintln!("slow clients: {}", summarize(&slow));

    assert!(server.alive(), "the server died");
    assert!(
        quiet.errors.is_empty(),
        "{} errors on a quiet server",
        quiet.errors.len()
    );
    assert!(
        busy.errors.is_empty(),
        "{} errors while slow clients hang",
        busy.errors.len()
    );
    assert!(
        rss_peak < 256 * 1024,
        "the server grew to {} MiB",
        rss_peak >> 10
    );
    // Still answering after the slow clients left.
    let (status, _, _) = exchange(server.port, &get("/")).unwrap();
    assert_eq!(status, 200);
    let _ = &server.root;
}

fn summarize(lines: &[String]) -> String {
    let mut groups: BTreeMap<String, (usize, &String)> = BTreeMap::new();
    for line in lines {
        let key: String = line.chars().filter(|c| !c.is_ascii_digit()).collect();
        groups.entry(key).or_insert((0, line)).0 += 1;
    }
    groups
        .values()
        .map(|(count, example)| format!("{count}× ({example})"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn connections_past_the_limit_get_503_and_slow_clients_are_cut_off() {
    let server = Server::start();
    // Past the server's 512 open connections, a new one is answered 503 at once.
    let held: Vec<TcpStream> = (0..520)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", server.port)).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, latency) = exchange(server.port, &get("/")).unwrap();
    assert_eq!(status, 503, "a full server refuses at once");
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    // Connections that send nothing are closed after the idle timeout (5 s), freeing room.
    let started = Instant::now();
    let mut first = held.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(
        first.read(&mut byte).unwrap_or(0),
        0,
        "an idle connection is closed"
    );
    let idle = started.elapsed();
    assert!(idle < Duration::from_secs(8), "closed after {idle:?}");
    std::thread::sleep(Duration::from_millis(500));
    let (status, _, _) = exchange(server.port, &get("/")).unwrap();
    assert_eq!(status, 200, "room again once the idle connections are gone");
    // A request that dribbles in is answered 408 once its head takes longer than 10 s.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    'dribble: for byte in b"GET / HTTP/1.1\r\nX-Slow: "
        .iter()
        .chain(b"s".repeat(1_000).iter())
    {
        if slow.write_all(&[*byte]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        let mut chunk = [0u8; 256];
        match slow.read(&mut chunk) {
            Ok(0) => break 'dribble,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            Err(_) => {}
        }
        if started.elapsed() > Duration::from_secs(20) {
            panic!("a dribbling client was never cut off");
        }
    }
    let cut = started.elapsed();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        cut >= Duration::from_secs(9) && cut < Duration::from_secs(13),
        "{cut:?}"
    );
    eprintln!("idle connection closed after {idle:?}; dribbling request cut off after {cut:?}");
}
