//! A bounded property test: whatever a writer types into a markdown file or
//! site.yaml, the build never panics, and every error it reports points at a
//! real line and column of that file. (A few hundred cases, to keep `cargo
//! test` fast; raise PROPTEST_CASES for a longer run.)

mod common;

use clinicsite::diagnostics::Diagnostic;
use clinicsite::{BuildError, BuildOptions};
use common::*;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Pieces that steer random text towards the constructs the parsers care about.
const PIECES: &[&str] = &[
    "---",
    "\n",
    "\r\n",
    "\r",
    "title: ",
    "title: A\n",
    "\"",
    "'",
    "[",
    "]",
    "](",
    ")",
    "![",
    "{#",
    "}",
    "{",
    ":",
    ": ",
    "- ",
    "  ",
    "\t",
    "#",
    "# ",
    "## ",
    "é",
    "治疗",
    "🎉",
    "\u{feff}",
    "`",
    "*",
    "&a ",
    "*a",
    "|",
    ">",
    "<script>",
    "<b>",
    "%",
    "../",
    "a.md",
    "_index.md",
    "#x",
    "kind: ",
    "page_kind: ",
    "faq",
    "phase",
    "step",
    "when: ",
    "also_called: ",
    "sources:\n  - title: ",
    "url: ",
    "draft: true",
    "weight: ",
    "2026-13-45",
    "last_reviewed: ",
    "reviewed_by: ",
    "template: ",
    "x.png",
    "\"decorative\"",
    "[^1]",
    "[^1]: ",
    "~~",
    "| a |\n|---|\n",
    "=====",
    "base_url: ",
    "https://example.org/c/",
    "language: ",
    "en",
    "clinic:\n  name: ",
    "raw_html: ",
];

fn writer_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z ]{1,8}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(96),
        failure_persistence: None,
        ..Config::default()
    }
}

/// The lines of `text` as an editor shows them (the text after a last `\n` is a line too).
fn lines_of(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// Renders the site (no writing) and checks every diagnostic about `path`.
fn check(site: &Fixture, path: &str, text: &str) -> Result<(), TestCaseError> {
    let options = BuildOptions::new(site.path());
    let diagnostics: Vec<Diagnostic> = match clinicsite::render_site(&options) {
        Ok(rendered) => rendered.warnings,
        Err(BuildError::Site(d)) => d,
        Err(e) => return Err(TestCaseError::fail(format!("unexpected: {e}"))),
    };
    let lines = lines_of(text);
    for d in diagnostics.iter().filter(|d| d.path == path) {
        let Some(p) = d.position else { continue };
        prop_assert!(
            p.line >= 1 && p.line <= lines.len(),
            "{d}\nline {} of {} in {text:?}",
            p.line,
            lines.len()
        );
        let width = lines[p.line - 1].chars().count();
        prop_assert!(
            p.column >= 1 && p.column <= width + 1,
            "{d}\ncolumn {} of a {width}-character line in {text:?}",
            p.column
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_markdown_file(text in writer_text()) {
        let site = Fixture::new(&[]);
        site.write("content/a.md", &text);
        check(&site, "content/a.md", &text)?;
    }

    #[test]
    fn any_body_after_valid_front_matter(body in writer_text()) {
        let site = Fixture::new(&[]);
        let text = format!("---\ntitle: A\n---\n{body}");
        site.write("content/a.md", &text);
        check(&site, "content/a.md", &text)?;
    }

    #[test]
    fn any_front_matter(yaml in writer_text()) {
        let site = Fixture::new(&[]);
        let text = format!("---\n{yaml}\n---\n\nText.\n");
        site.write("content/s/_index.md", &text);
        check(&site, "content/s/_index.md", &text)?;
    }

    #[test]
    fn any_site_yaml(extra in writer_text()) {
        let text = format!("title: T\nbase_url: https://example.org/\n{extra}\nlanguage: en\n");
        let site = Fixture::new(&[("site.yaml", &text)]);
        check(&site, "site.yaml", &text)?;
    }

    #[test]
    fn any_bytes_as_a_markdown_file(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let site = Fixture::new(&[]);
        site.write("content/a.md", &bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check(&site, "content/a.md", &text)?;
    }
}
