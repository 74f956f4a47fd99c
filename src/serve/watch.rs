//! Watching the site's files: content/, templates/, static/ and site.yaml.
//! Bursts of events are merged by notify-debouncer-full over [`DEBOUNCE`];
//! editors' temporary files never trigger a build.

use super::state::Message;
use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

/// How long the watcher waits for a burst of events on a file to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// The folders of a site that are watched (recursively).
pub const WATCHED_DIRS: [&str; 3] = ["content", "templates", "static"];

/// True for files editors write while saving or as backups, and hidden files:
/// `.x.swp`, `x~`, `.#x`, `#x#`, vim's `4913`, `x.tmp`, JetBrains' `x___jb_tmp___`.
pub fn is_editor_temp(name: &str) -> bool {
    crate::content::is_ignored(name)
        || name == "4913"
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".kate-swp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".crswap")
}

/// True when a change at `path` can affect the site in `site_dir`.
pub fn is_relevant(site_dir: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(site_dir) else {
        return false;
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.first().map(String::as_str) {
        Some(crate::config::CONFIG_FILE) => parts.len() == 1,
        Some(top) if WATCHED_DIRS.contains(&top) => !parts.iter().any(|p| is_editor_temp(p)),
        _ => false,
    }
}

/// Keeps the watcher running; dropping it stops the watcher.
pub struct WatchHandle {
    _stop: Sender<()>,
}

/// Starts watching; relevant changes go to `owner` as [`Message::Changed`].
/// The watcher lives on its own thread until the handle is dropped or `owner` hangs up.
pub fn start(site_dir: &Path, owner: Sender<Message>) -> notify::Result<WatchHandle> {
    let (stop, stopped) = mpsc::channel::<()>();
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx)?;
    debouncer.watch(site_dir, RecursiveMode::NonRecursive)?;
    let mut watched = BTreeSet::new();
    for dir in WATCHED_DIRS {
        let path = site_dir.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
            watched.insert(path);
        }
    }
    let site_dir = site_dir.to_path_buf();
    std::thread::Builder::new()
        .name("clinicsite-watch".into())
        .spawn(move || {
            loop {
                let result = match rx.recv_timeout(Duration::from_millis(200)) {
                    Ok(result) => result,
                    Err(mpsc::RecvTimeoutError::Timeout) => match stopped.try_recv() {
                        Err(mpsc::TryRecvError::Empty) => continue,
                        _ => break,
                    },
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                };
                let at = Instant::now();
                let events = match result {
                    Ok(events) => events,
                    Err(errors) => {
                        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                        if owner.send(Message::WatchError(text.join("; "))).is_err() {
                            break;
                        }
                        continue;
                    }
                };
                let mut paths: BTreeSet<PathBuf> = BTreeSet::new();
                // Reads (including the build's own) are not changes.
                for event in events.iter().filter(|e| !e.kind.is_access()) {
                    paths.extend(event.paths.iter().cloned());
                }
                // A watched folder created after the start: watch it from now on.
                for dir in WATCHED_DIRS {
                    let path = site_dir.join(dir);
                    if paths.contains(&path) && path.is_dir() && !watched.contains(&path) {
                        if debouncer.watch(&path, RecursiveMode::Recursive).is_ok() {
                            watched.insert(path.clone());
                        }
                    } else if paths.contains(&path) && !path.exists() {
                        watched.remove(&path);
                    }
                }
                let paths: Vec<PathBuf> = paths
                    .into_iter()
                    .filter(|p| is_relevant(&site_dir, p))
                    .collect();
                if !paths.is_empty() && owner.send(Message::Changed { paths, at }).is_err() {
                    break;
                }
            }
            drop(debouncer);
        })
        .map_err(|e| notify::Error::generic(&e.to_string()))?;
    Ok(WatchHandle { _stop: stop })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".a.md.swp",
            "a.md~",
            ".#a.md",
            "#a.md#",
            "4913",
            "a.md.tmp",
            "a.md___jb_tmp___",
        ] {
            assert!(is_editor_temp(name), "{name}");
        }
        assert!(!is_editor_temp("a.md"));
    }

    #[test]
    fn only_site_inputs_are_relevant() {
        let site = Path::new("/s");
        assert!(is_relevant(site, Path::new("/s/content/a.md")));
        assert!(is_relevant(site, Path::new("/s/site.yaml")));
        assert!(is_relevant(site, Path::new("/s/static/css/site.css")));
        assert!(!is_relevant(site, Path::new("/s/public/index.html")));
        assert!(!is_relevant(site, Path::new("/s/content/.a.md.swp")));
        assert!(!is_relevant(site, Path::new("/s/content/4913")));
        assert!(!is_relevant(site, Path::new("/other/content/a.md")));
    }
}
