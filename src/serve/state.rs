//! The site state: one owner thread holds the incremental build, receives
//! changes from the watcher and subscriptions from the HTTP side over one
//! channel, rebuilds, publishes an immutable [`Snapshot`] for HTTP workers to
//! read, and tells every open page about the new build.

use super::overlay;
use crate::diagnostics::Diagnostic;
use crate::pipeline::{BuildSummary, Engine, SiteFiles};
use arc_swap::ArcSwap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;

/// What HTTP workers serve: the last good build, and the latest build's errors.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Files of the last build that worked (`None` until one has).
    pub files: Option<Arc<SiteFiles>>,
    /// Number of the last build that worked (0: none yet).
    pub good: u64,
    /// Number of the latest build, whether it worked or not.
    pub version: u64,
    /// Errors of the latest build (empty when it worked).
    pub errors: Arc<Vec<Diagnostic>>,
    /// The path the site is served under (`/` or `/clinic/`).
    pub base_path: String,
}

/// The snapshot shared between the owner (writer) and HTTP workers (readers).
pub type Shared = Arc<ArcSwap<Snapshot>>;

/// A message to the owner thread.
pub enum Message {
    /// Files changed; `at` is when the watcher's debounced event arrived.
    Changed {
        /// Absolute paths.
        paths: Vec<PathBuf>,
        /// When the debounced event was received.
        at: Instant,
    },
    /// A page opened the event stream: send it every state message.
    Subscribe(UnboundedSender<String>),
    /// The watcher reported a problem.
    WatchError(String),
    /// Stop: the server is shutting down.
    Shutdown,
}

/// How one rebuild went, for the terminal and the benchmark.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// What the build did.
    pub summary: Option<BuildSummary>,
    /// From the debounced event to the reload message handed to every open page.
    pub latency: Duration,
    /// Errors of the build (empty when it worked).
    pub errors: usize,
    /// The files that changed, relative to the site folder.
    pub changed: Vec<String>,
}

/// Owns the build; applies changes until every sender is gone.
pub struct Owner {
    build: Engine,
    shared: Shared,
    subscribers: Vec<UnboundedSender<String>>,
    warnings: Vec<Diagnostic>,
    on_rebuild: Box<dyn FnMut(&Rebuild) + Send>,
}

impl Owner {
    /// An owner for `build`, publishing into `shared`; `on_rebuild` hears of every rebuild.
    pub fn new(build: Engine, shared: Shared, on_rebuild: Box<dyn FnMut(&Rebuild) + Send>) -> Self {
        Owner {
            build,
            shared,
            subscribers: Vec::new(),
            warnings: Vec::new(),
            on_rebuild,
        }
    }

    /// Runs the first (full) build and publishes it; returns its summary.
    pub fn first_build(&mut self) -> Result<BuildSummary, usize> {
        let outcome = self.rebuild(&[]);
        match outcome.summary {
            Some(s) => Ok(s),
            None => Err(outcome.errors),
        }
    }

    /// Handles messages until the channel closes.
    pub fn run(mut self, inbox: Receiver<Message>) {
        while let Ok(message) = inbox.recv() {
            if matches!(message, Message::Shutdown) {
                break;
            }
            let mut changed = Vec::new();
            let mut first_at = None;
            let mut handle = |m: Message, owner: &mut Owner| match m {
                Message::Changed { paths, at } => {
                    changed.extend(paths);
                    first_at.get_or_insert(at);
                }
                Message::Subscribe(tx) => {
                    let snap = owner.shared.load();
                    let hello = overlay::state_event(snap.version, snap.good, snap.errors.len());
                    if tx.send(hello).is_ok() {
                        owner.subscribers.push(tx);
                    }
                }
                Message::WatchError(e) => eprintln!("warning: watching files: {e}"),
                Message::Shutdown => {}
            };
            handle(message, &mut self);
            // Changes that queued up while busy go into the same build.
            while let Ok(more) = inbox.try_recv() {
                handle(more, &mut self);
            }
            if let Some(at) = first_at {
                changed.sort();
                changed.dedup();
                let mut outcome = self.rebuild(&changed);
                outcome.latency = at.elapsed();
                (self.on_rebuild)(&outcome);
            }
        }
    }

    /// Builds, publishes the new snapshot and tells every open page.
    fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        let site_dir = self.build.options().site_dir.clone();
        let relative: Vec<String> = changed
            .iter()
            .map(|p| crate::diagnostics::display_path(&site_dir, p))
            .collect();
        let result = self.build.build(changed);
        let old = self.shared.load_full();
        let version = old.version + 1;
        let (snapshot, summary, errors) = match result {
            Ok((files, summary)) => {
                let base_path = self
                    .build
                    .config()
                    .map_or_else(|| old.base_path.clone(), |c| c.base_path.clone());
                let warnings = self.build.warnings().to_vec();
                if warnings != self.warnings {
                    for w in &warnings {
                        eprintln!("{w}");
                    }
                    self.warnings = warnings;
                }
                let snapshot = Snapshot {
                    files: Some(files),
                    good: version,
                    version,
                    errors: Arc::new(Vec::new()),
                    base_path,
                };
                (snapshot, Some(summary), 0)
            }
            Err(diagnostics) => {
                for d in &diagnostics {
                    eprintln!("{d}");
                }
                let errors: Vec<Diagnostic> = diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect();
                let count = errors.len().max(1);
                let errors = if errors.is_empty() {
                    vec![Diagnostic::file_error(
                        crate::config::CONFIG_FILE,
                        "the site could not be built",
                    )]
                } else {
                    errors
                };
                let snapshot = Snapshot {
                    files: old.files.clone(),
                    good: old.good,
                    version,
                    errors: Arc::new(errors),
                    base_path: old.base_path.clone(),
                };
                (snapshot, None, count)
            }
        };
        let message = overlay::state_event(snapshot.version, snapshot.good, errors);
        self.shared.store(Arc::new(snapshot));
        self.subscribers
            .retain(|tx| tx.send(message.clone()).is_ok());
        Rebuild {
            summary,
            latency: Duration::ZERO,
            errors,
            changed: relative,
        }
    }
}
