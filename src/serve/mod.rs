//! `clinicsite serve`: a development server that builds the site in memory,
//! serves it on a loopback address, rebuilds what a saved file touches, and
//! reloads open pages; when a build fails, the pages show its errors.
//!
//! - [`browser`]: `--open`: the reader's browser, or why it could not be opened.
//! - [`state`]: the owner thread holding the incremental build and the snapshot HTTP serves.
//! - [`watch`]: file watching and debouncing.
//! - [`http`]: the HTTP workers and the live-reload event stream (Server-Sent Events).
//! - [`inject`]: what serve adds to each page (never to built files).
//! - [`overlay`]: the error overlay data, the reload client and the error page.
//! - [`request_path`]: request paths to files, refusing any way out of the site.
//!
//! With a `base_url` that has a path (`https://example.org/clinic/`), the site
//! is served under that path (`http://127.0.0.1:1111/clinic/`), so every link
//! works as it will on the real host; `/` redirects there.

pub mod browser;
pub mod http;
pub mod inject;
pub mod overlay;
pub mod request_path;
pub mod state;
pub mod watch;

use crate::BuildOptions;
use crate::pipeline::Engine;
use arc_swap::ArcSwap;
use state::{Message, Owner, Rebuild, Snapshot};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub site_dir: PathBuf,
    /// Address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

impl ServeOptions {
    /// Serving `site_dir` on 127.0.0.1:1111.
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        ServeOptions {
            site_dir: site_dir.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site folder does not exist.
    #[error("the site folder {0} does not exist")]
    NoSite(PathBuf),
    /// The address is taken or not available.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why not.
        message: String,
    },
    /// The file watcher could not start.
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
}

impl ServeError {
    /// How to fix it, for the terminal.
    pub fn hint(&self) -> Option<String> {
        match self {
            ServeError::Bind { addr, message } if message.contains("in use") => Some(format!(
                "another program is using port {}: stop it, or pick another port with --port (--port 0 picks a free one)",
                addr.port()
            )),
            ServeError::NoSite(_) => {
                Some("pass the folder that holds site.yaml with --site DIR".into())
            }
            _ => None,
        }
    }
}

/// A running server.
pub struct RunningServer {
    /// The address it listens on (with the real port when 0 was asked).
    pub addr: SocketAddr,
    /// The site's home page URL.
    pub url: String,
    http: std::thread::JoinHandle<()>,
    stop_http: tokio::sync::oneshot::Sender<()>,
    owner: mpsc::Sender<Message>,
    watcher: watch::WatchHandle,
}

impl RunningServer {
    /// Blocks while the server runs (forever, for the command line).
    pub fn wait(self) {
        let _ = self.http.join();
    }

    /// Stops the watcher, the site thread and the HTTP workers.
    pub fn stop(self) {
        let _ = self.owner.send(Message::Shutdown);
        drop(self.watcher);
        let _ = self.stop_http.send(());
        let _ = self.http.join();
    }
}

/// Builds the site, starts the watcher and the HTTP workers, and returns.
/// A failed first build does not stop it: pages then list the errors.
/// `on_rebuild` hears of every rebuild after the first (for the terminal).
pub fn start(
    options: &ServeOptions,
    on_rebuild: Box<dyn FnMut(&Rebuild) + Send>,
) -> Result<RunningServer, ServeError> {
    let site_dir = options
        .site_dir
        .canonicalize()
        .map_err(|_| ServeError::NoSite(options.site_dir.clone()))?;
    if !site_dir.is_dir() {
        return Err(ServeError::NoSite(options.site_dir.clone()));
    }
    let addr = SocketAddr::new(options.bind, options.port);
    let bind_error = |e: std::io::Error| ServeError::Bind {
        addr,
        message: bind_message(&e.to_string()),
    };
    let listener = std::net::TcpListener::bind(addr).map_err(bind_error)?;
    listener.set_nonblocking(true).map_err(bind_error)?;
    let addr = listener.local_addr().unwrap_or(addr);
    // Two threads answer every request: serving files from memory is quick,
    // and the site's builds need the cores.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("clinicsite-http")
        .enable_io()
        .enable_time()
        .build()
        .map_err(bind_error)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(bind_error)?
    };

    let build_options = BuildOptions {
        out_dir: site_dir.join("public"),
        site_dir: site_dir.clone(),
        drafts: options.drafts,
        cache_dir: None,
    };
    let shared = Arc::new(ArcSwap::from_pointee(Snapshot {
        base_path: "/".into(),
        ..Snapshot::default()
    }));
    let mut owner = Owner::new(Engine::new(build_options), shared.clone(), on_rebuild);
    let (tx, rx) = mpsc::channel::<Message>();
    let watcher = watch::start(&site_dir, tx.clone())?;
    let started = std::time::Instant::now();
    match owner.first_build() {
        Ok(summary) => eprintln!(
            "built {} pages in {} ms",
            summary.pages,
            started.elapsed().as_millis()
        ),
        Err(n) => eprintln!(
            "the site has {n} error(s); serving a page that lists them until they are fixed"
        ),
    }
    std::thread::Builder::new()
        .name("clinicsite-site".into())
        .spawn(move || owner.run(rx))
        .map_err(|e| ServeError::Watch(notify::Error::generic(&e.to_string())))?;
    let (stop_http, stopped) = tokio::sync::oneshot::channel();
    let served = (shared.clone(), tx.clone());
    let http = std::thread::Builder::new()
        .name("clinicsite-serve".into())
        .spawn(move || {
            runtime.block_on(http::serve(listener, served.0, served.1, stopped));
            // Open event streams never end by themselves: drop them unwaited.
            runtime.shutdown_background();
        })
        .map_err(|e| ServeError::Watch(notify::Error::generic(&e.to_string())))?;
    let base_path = shared.load().base_path.clone();
    // Listening on every address (0.0.0.0, as in a container) includes this
    // computer's own, which is the one a browser here can open on every system.
    let host = match addr.ip() {
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[{}]", std::net::Ipv6Addr::LOCALHOST),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) if ip.is_unspecified() => Ipv4Addr::LOCALHOST.to_string(),
        IpAddr::V4(ip) => ip.to_string(),
    };
    Ok(RunningServer {
        url: format!("http://{host}:{}{base_path}", addr.port()),
        addr,
        http,
        stop_http,
        owner: tx,
        watcher,
    })
}

fn bind_message(raw: &str) -> String {
    if raw.contains("Address already in use") || raw.contains("os error 98") {
        "the address is already in use".into()
    } else {
        raw.to_string()
    }
}
