//! `stepguide serve`: a preview of the site with live reload, on 127.0.0.1 unless told.
//!
//! The site is built into memory, never into `site/`, from any state of the content: the
//! guides without errors are served, and every page shows the problems in an overlay. A
//! watcher thread rebuilds after each change (`preview`) and tells the open pages through
//! server-sent events; the axum app (`app`) answers from the site in memory (`site`).

mod app;
mod live;
mod preview;
mod site;
mod watch;

use anyhow::{Context, Result, bail};
use std::net::{IpAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 4000;
/// How many ports from [`DEFAULT_PORT`] on to try when no port was given.
const PORT_TRIES: u16 = 20;

/// What `stepguide serve` is asked to do.
pub struct Options {
    /// Project folder holding `content/`.
    pub root: PathBuf,
    /// The port; the first free one from [`DEFAULT_PORT`] on when `None`.
    pub port: Option<u16>,
    /// The address to listen on.
    pub bind: IpAddr,
    /// Open the preview in the browser.
    pub open: bool,
}

pub fn run(options: Options) -> Result<()> {
    let listener = bind(options.bind, options.port)?;
    let port = listener.local_addr()?.port();
    if options.port.is_none() && port != DEFAULT_PORT {
        println!("port {DEFAULT_PORT} is in use; using {port} instead");
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}:{port}: the preview is visible to every device on that \
             network",
            url_host(options.bind)
        );
    }
    let shown = if options.bind.is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        options.bind
    };
    let url = format!("http://{}:{port}/", url_host(shown));

    let site = site::Site::new();
    let started = Instant::now();
    let mut preview = preview::Preview::new(&options.root, url.clone());
    preview.rebuild(&site)?;
    println!(
        "built in {} ms; serving {url} (Ctrl-C to stop)",
        started.elapsed().as_millis()
    );
    let _watcher = watch::start(&options.root, preview, Arc::clone(&site))?;
    if options.open
        && let Err(err) = opener::open_browser(&url)
    {
        eprintln!("warning: cannot open a browser ({err}); open {url} yourself");
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server")?;
    runtime.block_on(async {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let hosts = app::Hosts::new(options.bind, port);
        tokio::select! {
            () = app::serve(listener, site, hosts) => Ok(()),
            // Nothing was written anywhere, so stopping is all there is to do.
            stop = tokio::signal::ctrl_c() => stop.context("cannot wait for Ctrl-C"),
        }
    })
}

/// Binds `ip`. A port that was asked for must be free; otherwise the first free port from
/// the default on is taken.
fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    let candidates = match port {
        Some(port) => port..=port,
        None => DEFAULT_PORT..=DEFAULT_PORT + PORT_TRIES - 1,
    };
    for candidate in candidates {
        if let Ok(listener) = TcpListener::bind((ip, candidate)) {
            return Ok(listener);
        }
    }
    let ip = url_host(ip);
    match port {
        Some(port) => {
            bail!("port {port} on {ip} is in use (or not allowed); pass another with --port")
        }
        None => bail!(
            "ports {DEFAULT_PORT}–{} on {ip} are all in use; pass a free one with --port",
            DEFAULT_PORT + PORT_TRIES - 1
        ),
    }
}

/// An address as the host of a URL: IPv6 in brackets.
fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    }
}
