//! The default theme compiled into the binary, overridden file by file by a site's own.

pub mod brand;
pub mod identity;

use crate::diagnostics::{Diagnostic, display_path};
use include_dir::{Dir, include_dir};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static THEME_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static THEME_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Where the bytes of a theme or site file come from.
#[derive(Debug, Clone)]
pub enum FileSource {
    /// Part of the default theme, inside the binary.
    Embedded(&'static [u8]),
    /// A file of the site, read when needed.
    Disk(PathBuf),
}

impl FileSource {
    /// The file's bytes.
    pub fn bytes(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            FileSource::Embedded(b) => Ok(Cow::Borrowed(b)),
            FileSource::Disk(p) => std::fs::read(p).map(Cow::Owned),
        }
    }

    /// The bytes published for the file: an image's without its metadata
    /// (see [`crate::images::strip`]), any other file's as they are.
    pub fn published(&self) -> std::io::Result<Cow<'static, [u8]>> {
        self.bytes().map(crate::images::strip::published)
    }
}

/// Static files (CSS, JS, images), keyed by their path in the output (`css/site.css`).
#[derive(Debug, Clone, Default)]
pub struct StaticFiles {
    files: BTreeMap<String, StaticEntry>,
    /// Stylesheets and scripts by path, with the content-hashed name each is
    /// published under (`css/site.css` -> `css/site.1a2b3c4d.css`).
    hashed: BTreeMap<String, String>,
}

/// One static file, with its image size worked out the first time a page needs it
/// (a picture used on thousands of pages is read once, not once per page).
#[derive(Debug, Clone)]
struct StaticEntry {
    source: FileSource,
    image_size: OnceLock<Option<(u32, u32)>>,
}

impl StaticEntry {
    fn new(source: FileSource) -> Self {
        StaticEntry {
            source,
            image_size: OnceLock::new(),
        }
    }
}

impl StaticFiles {
    /// The theme's static files, then the site's `static/` over them.
    pub fn load(site_dir: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut files = BTreeMap::new();
        collect_embedded(&THEME_STATIC, &mut |path, bytes| {
            files.insert(path, StaticEntry::new(FileSource::Embedded(bytes)));
        });
        let dir = site_dir.join("static");
        for (rel, path) in walk_site_dir(site_dir, &dir)? {
            files.insert(rel, StaticEntry::new(FileSource::Disk(path)));
        }
        let hashed = (files.iter())
            .filter_map(|(path, entry)| {
                let (stem, ext) = path.rsplit_once('.')?;
                let bytes = entry.source.bytes().ok()?;
                let hash = xxhash_rust::xxh3::xxh3_64(&bytes) as u32;
                matches!(ext, "css" | "js")
                    .then(|| (path.clone(), format!("{stem}.{hash:08x}.{ext}")))
            })
            .collect();
        Ok(StaticFiles { files, hashed })
    }

    /// The file served at a root-relative path such as `/images/a.png`.
    pub fn get(&self, url_path: &str) -> Option<&FileSource> {
        self.files
            .get(url_path.trim_start_matches('/'))
            .map(|e| &e.source)
    }

    /// Width and height of the image at a root-relative path (`None` when there is no
    /// such file, it cannot be read, or its size is not known), read once per file.
    pub fn image_size(&self, url_path: &str) -> Option<(u32, u32)> {
        let entry = self.files.get(url_path.trim_start_matches('/'))?;
        *entry.image_size.get_or_init(|| match &entry.source {
            FileSource::Embedded(bytes) => crate::image_size::image_size(bytes),
            FileSource::Disk(path) => crate::image_size::file_image_size(path).ok().flatten(),
        })
    }

    /// Every file with its output path (a stylesheet's or script's hashed name).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FileSource)> {
        (self.files.iter()).map(|(k, v)| (self.published_name(k), &v.source))
    }

    /// Every file with its path in `static/` (or the theme's).
    pub fn originals(&self) -> impl Iterator<Item = (&str, &FileSource)> {
        self.files.iter().map(|(k, v)| (k.as_str(), &v.source))
    }

    /// The name the file at `path` (`css/site.css`) is published under.
    pub fn published_name<'a>(&'a self, path: &'a str) -> &'a str {
        self.hashed.get(path).map_or(path, String::as_str)
    }

    /// Stylesheets and scripts with the content-hashed names they are published under.
    pub fn hashed(&self) -> &BTreeMap<String, String> {
        &self.hashed
    }
}

/// A file of the default theme's `static/` folder (`images/logo.svg`), if there is one.
pub fn embedded_static(path: &str) -> Option<&'static [u8]> {
    THEME_STATIC.get_file(path).map(|f| f.contents())
}

/// Template sources by name (`page.html`, `partials/review.html`).
#[derive(Debug, Clone, Default)]
pub struct TemplateSources {
    /// Name -> (template text, where it came from for messages).
    pub templates: BTreeMap<String, (String, String)>,
}

impl TemplateSources {
    /// The theme's templates, then the site's `templates/` over them.
    pub fn load(site_dir: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut templates = BTreeMap::new();
        let mut errors = Vec::new();
        collect_embedded(
            &THEME_TEMPLATES,
            &mut |name, bytes| match std::str::from_utf8(bytes) {
                Ok(text) => {
                    templates.insert(
                        name.clone(),
                        (
                            text.to_string(),
                            format!("templates/{name} (built-in theme)"),
                        ),
                    );
                }
                Err(_) => errors.push(Diagnostic::file_error(
                    format!("templates/{name}"),
                    "built-in template is not UTF-8",
                )),
            },
        );
        let dir = site_dir.join("templates");
        for (name, path) in walk_site_dir(site_dir, &dir)? {
            let display = display_path(site_dir, &path);
            match std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    crate::source_text::decode(b).map_err(|(p, m)| format!("line {}: {m}", p.line))
                }) {
                Ok(text) => {
                    templates.insert(name, (text, display));
                }
                Err(e) => errors.push(Diagnostic::file_error(
                    display,
                    format!("cannot read template: {e}"),
                )),
            }
        }
        if errors.is_empty() {
            Ok(TemplateSources { templates })
        } else {
            Err(errors)
        }
    }

    /// True when a template of this name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }
}

fn collect_embedded(dir: &'static Dir<'static>, add: &mut dyn FnMut(String, &'static [u8])) {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        if !crate::content::is_ignored(name.rsplit('/').next().unwrap_or(&name)) {
            add(name, file.contents());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, add);
    }
}

/// Every file under `dir` as (path relative to `dir`, absolute path); nothing if `dir` is absent.
fn walk_site_dir(site_dir: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                out.push((display_path(dir, e.path()), e.into_path()))
            }
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic::file_error(
                display_path(site_dir, dir),
                format!("cannot read: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
