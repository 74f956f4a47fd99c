//! The images stage: every picture the site's pages show, encoded at its widths
//! in parallel, or taken from the cache folder (`<cache>/images/<hash>-<width>.<ext>`,
//! the hash of the original's bytes and the encoder settings), so that a rebuild
//! with no image changed encodes nothing.

use super::encode::{self, QUALITY, WIDTHS, plan_widths};
use super::{Picture, PictureSource};
use crate::diagnostics::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::theme::{FileSource, StaticFiles};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bumped when the encoder's output changes for the same settings.
const ENCODER_VERSION: u32 = 1;

/// What the stage made: the files, how many pictures were encoded, and problems.
#[derive(Debug, Default)]
pub(crate) struct ImagesMade {
    /// Every resized file.
    pub files: Vec<OutputFile>,
    /// Pictures encoded by this run (not taken from the cache folder).
    pub encoded: usize,
    /// A picture that cannot be read, at the page that shows it.
    pub problems: Vec<Diagnostic>,
}

/// The stage's cache key for an original: its bytes and the encoder settings.
fn key(bytes: &[u8]) -> u64 {
    let settings = format!("{ENCODER_VERSION}/{QUALITY}/{WIDTHS:?}");
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, xxhash_rust::xxh3::xxh3_64(settings.as_bytes()))
}

/// Encodes (or finds in `cache_dir`) every picture of `pictures` (each stem once).
pub(crate) fn run(
    pictures: Vec<Picture>,
    statics: &StaticFiles,
    cache_dir: Option<&Path>,
) -> ImagesMade {
    let encoded = AtomicUsize::new(0);
    let cache = cache_dir.map(|d| d.join("images"));
    let results: Vec<Result<Vec<OutputFile>, Diagnostic>> = (pictures.into_par_iter())
        .map(|p| one(&p, statics, cache.as_deref(), &encoded))
        .collect();
    let mut made = ImagesMade::default();
    for r in results {
        match r {
            Ok(files) => made.files.extend(files),
            Err(d) => made.problems.push(d),
        }
    }
    made.encoded = encoded.into_inner();
    made
}

/// One picture's files.
fn one(
    picture: &Picture,
    statics: &StaticFiles,
    cache: Option<&Path>,
    encoded: &AtomicUsize,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let problem = |message: String| {
        let (page, at) = &picture.used_at;
        Diagnostic::error(page, *at, message).with_hint(
            "open the image in an image editor and save it again as JPEG or PNG, or use another file",
        )
    };
    let bytes = match &picture.source {
        PictureSource::Content(path) => std::fs::read(path).map_err(|e| e.to_string()),
        PictureSource::Static(path) => match statics.get(path) {
            Some(source) => source
                .bytes()
                .map(|b| b.into_owned())
                .map_err(|e| e.to_string()),
            None => Err("it is not in static/".into()),
        },
    }
    .map_err(|e| problem(format!("cannot read the image `{}`: {e}", picture.stem)))?;
    let widths = plan_widths(picture.size.0);
    let ext = picture.fallback.ext();
    let hash = key(&bytes);
    let cached = |w: u32, ext: &str| -> Option<PathBuf> {
        cache.map(|c| c.join(format!("{hash:016x}-{w}.{ext}")))
    };
    let output = |w: u32, e: &str, contents| OutputFile {
        path: Picture::variant(&picture.stem, w, e),
        contents,
    };
    let all_cached = widths.iter().all(|&w| {
        [cached(w, "webp"), cached(w, ext)]
            .iter()
            .all(|p| p.as_ref().is_some_and(|p| p.is_file()))
    });
    if all_cached {
        let disk = |w, e| Contents::Copy(FileSource::Disk(cached(w, e).unwrap_or_default()));
        return Ok((widths.iter())
            .flat_map(|&w| {
                [
                    output(w, "webp", disk(w, "webp")),
                    output(w, ext, disk(w, ext)),
                ]
            })
            .collect());
    }
    let made = encode::encode(&bytes, &widths, picture.fallback)
        .map_err(|e| problem(format!("the image `{}` cannot be used: {e}", picture.stem)))?;
    encoded.fetch_add(1, Ordering::Relaxed);
    let mut files = Vec::with_capacity(made.len() * 2);
    for e in made {
        // A cache that cannot be written costs the next build time, not correctness.
        for (bytes, x) in [(&e.webp, "webp"), (&e.fallback, ext)] {
            if let Some(path) = cached(e.width, x) {
                let _ = std::fs::create_dir_all(path.parent().unwrap_or(&path))
                    .and_then(|_| write_atomic(&path, bytes));
            }
        }
        files.push(output(e.width, "webp", Contents::Bytes(e.webp.into())));
        files.push(output(e.width, ext, Contents::Bytes(e.fallback.into())));
    }
    Ok(files)
}

/// Writes `bytes` to `path` through a temporary file, so a half-written file is never cached.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
