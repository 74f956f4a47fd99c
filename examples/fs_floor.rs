//! The file system's share of a cold build, for `benches/bench.sh`: reads every
//! markdown file of a corpus, then writes a copy of a built site's files into a new
//! folder (a folder made for each, then the file created and written), on every
//! core, with nothing in between. No generator that reads those files and writes
//! that site can be faster on the same machine.
//!
//! ```text
//! cargo run --release --example fs_floor -- CONTENT_DIR BUILT_SITE NEW_FOLDER
//! ```
//!
//! Prints `read SECONDS` and `write SECONDS` (wall time of each step; loading the
//! built site into memory first is not timed).

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [content, built, new_folder] = args.as_slice() else {
        eprintln!("usage: fs_floor CONTENT_DIR BUILT_SITE NEW_FOLDER");
        return ExitCode::from(2);
    };
    match measure(content, built, new_folder) {
        Ok((read, write)) => {
            println!("read {read:.6}");
            println!("write {write:.6}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fs_floor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Seconds to read the corpus, and to write the built site's files anew.
fn measure(content: &Path, built: &Path, new_folder: &Path) -> std::io::Result<(f64, f64)> {
    let sources: Vec<PathBuf> = files_under(content)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let site: Vec<(PathBuf, Vec<u8>)> = files_under(built)?
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path)?;
            let relative = path.strip_prefix(built).map_err(std::io::Error::other)?;
            Ok((new_folder.join(relative), bytes))
        })
        .collect::<std::io::Result<_>>()?;

    let started = Instant::now();
    let read: usize = sources
        .par_iter()
        .map(|p| std::fs::read(p).map(|b| b.len()))
        .sum::<std::io::Result<usize>>()?;
    let read_secs = started.elapsed().as_secs_f64();
    std::hint::black_box(read);

    let started = Instant::now();
    std::fs::create_dir(new_folder)?;
    site.par_iter().try_for_each(|(path, bytes)| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    })?;
    Ok((read_secs, started.elapsed().as_secs_f64()))
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}
