//! A build into a new or empty output folder writes each page as soon as it is
//! rendered, instead of holding the whole site in memory, and a failed build still
//! leaves nothing behind. A folder that does not exist yet is built beside its place
//! and renamed into it at the end; an existing empty folder (perhaps a mount point,
//! or someone's working folder) is written in place and emptied again on failure.

use super::{WriteError, err};
use crate::file_stamp::Stamp;
use crate::theme::FileSource;
use std::path::{Path, PathBuf};

/// Where a build into a new or empty folder writes: a folder beside the output
/// folder that becomes it when [`Staging::finish`] is called, or the empty output
/// folder itself. Dropped unfinished (a failed build), it leaves the output folder
/// as it was: absent, or empty.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    out_dir: PathBuf,
    /// True when `dir` is the (empty) output folder itself.
    in_place: bool,
    finished: bool,
}

/// True when `out_dir` does not exist or is an empty folder (not a link to one): a
/// build there can go through a [`Staging`] folder.
pub fn is_new_folder(out_dir: &Path) -> bool {
    match std::fs::symlink_metadata(out_dir) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(meta) => {
            meta.is_dir() && std::fs::read_dir(out_dir).is_ok_and(|mut e| e.next().is_none())
        }
    }
}

impl Staging {
    /// Makes the staging folder in the output folder's parent (the same file system,
    /// so moving it into place is one rename), or, when the output folder exists and
    /// is empty, writes in it.
    pub fn create(out_dir: &Path) -> Result<Staging, WriteError> {
        let out_dir = std::path::absolute(out_dir).map_err(err(out_dir))?;
        if out_dir.is_dir() {
            return Ok(Staging {
                dir: out_dir.clone(),
                out_dir,
                in_place: true,
                finished: false,
            });
        }
        let (Some(parent), Some(name)) = (out_dir.parent(), out_dir.file_name()) else {
            return Err(WriteError {
                source: std::io::Error::other("the output folder needs a parent folder"),
                path: out_dir,
            });
        };
        std::fs::create_dir_all(parent).map_err(err(parent))?;
        let prefix = format!(".{}.clinicsite-", name.to_string_lossy());
        remove_abandoned(parent, &prefix);
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        // Left by a build with the same process id that was killed: never the output.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).map_err(err(&dir))?;
        Ok(Staging {
            dir,
            out_dir,
            in_place: false,
            finished: false,
        })
    }

    /// The staging folder, to write into as if it were the output folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (`path` relative and `/`-separated) and returns its stamp.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<Option<Stamp>, WriteError> {
        super::write_new(&self.dir.join(path), bytes)
    }

    /// Copies a static file or asset to `path` (relative and `/`-separated) and
    /// returns its stamp.
    pub fn copy(&self, path: &str, source: &FileSource) -> Result<Option<Stamp>, WriteError> {
        let to = self.dir.join(path);
        super::write_new(&to, &super::bytes_to_copy(source, &to)?)
    }

    /// Puts the staging folder in the output folder's place. Fails, removing the
    /// staging folder, if the output folder was made and given contents meanwhile.
    pub fn finish(mut self) -> Result<(), WriteError> {
        if self.in_place {
            self.finished = true;
            return Ok(());
        }
        if std::fs::rename(&self.dir, &self.out_dir).is_err() {
            // Some systems do not rename onto an empty folder: remove it first
            // (this fails, as it should, if it is no longer empty).
            std::fs::remove_dir(&self.out_dir).map_err(err(&self.out_dir))?;
            std::fs::rename(&self.dir, &self.out_dir).map_err(err(&self.out_dir))?;
        }
        self.finished = true;
        Ok(())
    }
}

/// How old a staging folder of a process that no longer runs must be before it is
/// removed: another container sharing this folder may run a build whose process
/// this one cannot see.
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes staging folders (`prefix` + process id) in `parent` left by builds that
/// were killed: their process is gone (where `/proc` tells) and they are old.
fn remove_abandoned(parent: &Path, prefix: &str) {
    let procs = Path::new("/proc");
    if !procs.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = (name.to_str())
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let old = (entry.metadata().and_then(|m| m.modified()).ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        if old && !procs.join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if !self.in_place {
            let _ = std::fs::remove_dir_all(&self.dir);
            return;
        }
        // The folder was empty: everything in it is this build's.
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let _ = match entry.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn finished_staging_becomes_the_output_folder_new_or_empty() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        for out in [dir.path().join("new/public"), empty] {
            assert!(is_new_folder(&out));
            let staging = Staging::create(&out).unwrap();
            let stamp = staging.write("a/index.html", b"A").unwrap();
            staging.finish().unwrap();
            let page = out.join("a/index.html");
            assert_eq!(std::fs::read(&page).unwrap(), b"A");
            assert_eq!(stamp, Stamp::of(&page), "the stamp survives the move");
            assert!(!is_new_folder(&out));
        }
        assert_eq!(entries(dir.path()), ["empty", "new"]);
        assert_eq!(entries(&dir.path().join("new")), ["public"]);
    }

    #[test]
    #[cfg(unix)]
    fn unfinished_staging_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        staging.write("a/index.html", b"A").unwrap();
        drop(staging);
        assert!(
            entries(dir.path()).is_empty(),
            "no folder, no staging folder"
        );

        std::fs::create_dir(&out).unwrap();
        let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        let before = inode(&out);
        let staging = Staging::create(&out).unwrap();
        staging.write("a/b/index.html", b"A").unwrap();
        staging.write("index.html", b"H").unwrap();
        drop(staging);
        assert_eq!(entries(dir.path()), ["public"]);
        assert!(entries(&out).is_empty(), "emptied again");
        assert_eq!(
            inode(&out),
            before,
            "the very same folder (a mount point stays one)"
        );
    }

    #[test]
    fn an_empty_folder_is_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        let staging = Staging::create(&out).unwrap();
        assert_eq!(staging.path(), std::path::absolute(&out).unwrap());
        staging.write("index.html", b"H").unwrap();
        staging.finish().unwrap();
        assert_eq!(entries(dir.path()), ["public"]);
        assert_eq!(entries(&out), ["index.html"]);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn staging_folders_of_killed_builds_are_removed_once_old() {
        let dir = tempfile::tempdir().unwrap();
        let an_hour_ago = std::time::SystemTime::now() - ABANDONED_AFTER * 2;
        // Process ids above the kernel's limit (4,194,304) never run.
        let folder = |name: &str, old: bool| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.join("a")).unwrap();
            if old {
                let folder = std::fs::File::open(&path).unwrap();
                folder.set_modified(an_hour_ago).unwrap();
            }
        };
        folder(".public.clinicsite-4294967", true);
        folder(".public.clinicsite-4294968", false);
        // This test's parent process runs: its old folder is kept.
        let running = std::os::unix::process::parent_id();
        folder(&format!(".public.clinicsite-{running}"), true);
        folder(".public.clinicsite-notanid", true);
        folder(".www.clinicsite-4294967", true);
        let staging = Staging::create(&dir.path().join("public")).unwrap();
        let mine = format!(".public.clinicsite-{}", std::process::id());
        let mut expected = vec![
            ".public.clinicsite-4294968".to_string(),
            format!(".public.clinicsite-{running}"),
            ".public.clinicsite-notanid".to_string(),
            ".www.clinicsite-4294967".to_string(),
            mine,
        ];
        expected.sort();
        assert_eq!(entries(dir.path()), expected);
        drop(staging);
    }

    #[test]
    fn a_folder_made_and_given_contents_meanwhile_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::create(&out).unwrap();
        staging.write("index.html", b"new").unwrap();
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("mine.txt"), "user file").unwrap();
        assert!(staging.finish().is_err());
        assert_eq!(entries(dir.path()), ["public"]);
        assert_eq!(entries(&out), ["mine.txt"]);
        assert!(!is_new_folder(&out));
    }
}
