//! Shared helpers for the integration tests: fixture sites in temp folders,
//! builds through the library or the compiled binary, and parsed pages.
#![allow(dead_code)] // each test crate uses a different part of this module

use clinicsite::diagnostics::Diagnostic;
use clinicsite::{BuildError, BuildOptions, BuildReport};
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

mod images;
pub mod walk;

#[allow(unused_imports)] // each test crate uses a different part of this module
pub use images::png;

/// The smallest valid site.yaml.
pub const SITE_YAML: &str = "title: Test clinic\nbase_url: https://example.org/\nlanguage: en\n";

/// A home page, so a fixture without one still builds.
pub const HOME: &str = "---\ntitle: Home\n---\n\nWelcome.\n";

/// A page with only a title and a body.
pub fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}")
}

/// A site in a temporary folder, removed when dropped.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A site holding `files` (path relative to the site folder, contents), plus
    /// the minimal `site.yaml` and `content/_index.md` unless `files` has its own.
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let fixture = Fixture::empty();
        if !files.iter().any(|(p, _)| *p == "site.yaml") {
            fixture.write("site.yaml", SITE_YAML);
        }
        if !files.iter().any(|(p, _)| *p == "content/_index.md") {
            fixture.write("content/_index.md", HOME);
        }
        for (path, contents) in files {
            fixture.write(path, contents);
        }
        fixture
    }

    /// An empty folder.
    pub fn empty() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("create a temp folder"),
        }
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder, `<site>/public`.
    pub fn public(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Writes (or overwrites) a file of the site, creating its folders.
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent folder")).expect("mkdir");
        std::fs::write(&full, contents).expect("write a fixture file");
    }

    /// Build options for this site with the default output folder.
    pub fn options(&self) -> BuildOptions {
        BuildOptions::new(self.path())
    }

    /// Builds through the library.
    pub fn build(&self) -> Result<BuildReport, BuildError> {
        clinicsite::build(&self.options())
    }

    /// Builds through the library and expects success without warnings.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(BuildError::Site(d)) => panic!("the build failed:\n{}", render(&d)),
            Err(e) => panic!("the build failed: {e}"),
        }
    }

    /// Builds through the library and returns the errors it must report.
    pub fn build_errors(&self) -> Vec<Diagnostic> {
        build_errors(&self.options())
    }

    /// Runs the compiled binary with `args` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Runs the compiled binary with `args` in the site folder, `input` on its stdin.
    pub fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        run_with_input(self.path(), args, input)
    }

    /// Parses the built page at `url` (`/a/b/`) in the default output folder.
    pub fn page(&self, url: &str) -> Html {
        read_page(&self.public(), url)
    }
}

/// Builds with `options` and returns its errors, failing the test if it succeeds.
pub fn build_errors(options: &BuildOptions) -> Vec<Diagnostic> {
    match clinicsite::build(options) {
        Ok(_) => panic!("the build succeeded but was expected to fail"),
        Err(BuildError::Site(d)) => d.into_iter().filter(Diagnostic::is_error).collect(),
        Err(e) => panic!("expected site errors, got: {e}"),
    }
}

/// Diagnostics as the command prints them, one per line (hints included).
pub fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that `diagnostics` hold exactly one error, with this location and message.
pub fn assert_one_error(
    diagnostics: &[Diagnostic],
    path: &str,
    line: usize,
    column: usize,
    message: &str,
) -> Diagnostic {
    assert_eq!(
        diagnostics.len(),
        1,
        "expected one error, got:\n{}",
        render(diagnostics)
    );
    assert_error(diagnostics, path, line, column, message)
}

/// Asserts that one of `diagnostics` is an error with this location and message.
pub fn assert_error(
    diagnostics: &[Diagnostic],
    path: &str,
    line: usize,
    column: usize,
    message: &str,
) -> Diagnostic {
    let wanted = format!("{path}:{line}:{column}: error: {message}");
    diagnostics
        .iter()
        .find(|d| d.to_string().lines().next() == Some(wanted.as_str()))
        .cloned()
        .unwrap_or_else(|| panic!("no error `{wanted}` among:\n{}", render(diagnostics)))
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Everything printed to stderr.
    pub stderr: String,
    /// Everything printed to stdout.
    pub stdout: String,
}

impl Run {
    /// Lines of stderr that report an error (`path:line:col: error: ...`).
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect()
    }
}

/// The compiled `clinicsite` binary, without colours in its messages.
pub fn clinicsite() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clinicsite"));
    command.env("NO_COLOR", "1");
    command
}

/// Runs the compiled `clinicsite` binary in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_input(dir, args, "")
}

/// Runs the compiled `clinicsite` binary in `dir`, with `input` on its stdin.
pub fn run_with_input(dir: &Path, args: &[&str], input: &str) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = clinicsite()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the clinicsite binary");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write stdin");
    drop(stdin);
    let output = child.wait_with_output().expect("wait for clinicsite");
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    }
}

/// The 1-based line and column (in characters) of the `nth` (from 0) `needle` in `text`.
pub fn position_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no `{needle}` number {nth} in the text"));
    let line = text[..offset].matches('\n').count() + 1;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// Parses the built page at `url` (`/`, `/a/b/`) or file (`404.html`) under `out`.
pub fn read_page(out: &Path, url: &str) -> Html {
    let rel = url.trim_start_matches('/');
    let path = if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Html::parse_document(&text)
}

/// The CSS selector `css`.
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Every element matching the CSS selector `css`.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&selector(css)).collect()
}

/// Every element inside `element` matching the CSS selector `css`.
pub fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&selector(css)).collect()
}

/// The text of an element, trimmed.
pub fn text_of(element: ElementRef<'_>) -> String {
    element.text().collect::<String>().trim().to_string()
}

/// The one element matching `css`.
pub fn select_one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`");
    found[0]
}

/// An attribute of the one element matching `css`.
pub fn attr(html: &Html, css: &str, name: &str) -> String {
    select_one(html, css)
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("`{css}` has no attribute {name}"))
        .to_string()
}

/// The `href` of every link inside the page's `main` element.
pub fn main_links(html: &Html) -> Vec<String> {
    select(html, "main a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

/// The `id`s of every `h2` in the page body (`.prose`), in order.
pub fn heading_ids(html: &Html) -> Vec<String> {
    select(html, ".prose h2, .prose h3")
        .iter()
        .filter_map(|h| h.value().attr("id").map(str::to_string))
        .collect()
}

/// Every file under `dir` (relative path -> bytes and modification time).
pub fn snapshot(
    dir: &Path,
) -> std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let entry = entry.expect("dir entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                let meta = entry.metadata().expect("metadata");
                let bytes = std::fs::read(&path).expect("read");
                files.insert(rel, (bytes, meta.modified().expect("mtime")));
            }
        }
    }
    files
}

/// Every file under `dir` (relative path -> bytes); none if `dir` does not exist.
pub fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return std::collections::BTreeMap::new();
    }
    snapshot(dir)
        .into_iter()
        .map(|(path, (bytes, _))| (path, bytes))
        .collect()
}

/// The repository root (the bundled site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A temp folder holding `site/`, a copy of the bundled site (its settings and
/// content; the theme is built in).
pub fn bundled_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().canonicalize().expect("canonical").join("site");
    std::fs::create_dir_all(&site).expect("create site");
    std::fs::copy(repo_root().join("site.yaml"), site.join("site.yaml")).expect("copy");
    copy_dir(&repo_root().join("content"), &site.join("content"));
    (dir, site)
}

/// Asserts two sets of files (path -> bytes) are the same, naming those that differ.
pub fn assert_same_files(
    expected: &std::collections::BTreeMap<String, Vec<u8>>,
    got: &std::collections::BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let differing: Vec<&String> = expected
        .keys()
        .chain(got.keys())
        .filter(|k| expected.get(*k) != got.get(*k))
        .collect();
    assert!(differing.is_empty(), "{what}: files differ: {differing:?}");
}

/// The content-hashed name a stylesheet or script of the site in `site` is
/// published under (`css/site.css` -> `css/site.1a2b3c4d.css`).
pub fn published_name(site: &Path, path: &str) -> String {
    let statics = clinicsite::theme::StaticFiles::load(site).expect("static files");
    statics.published_name(path).to_string()
}
