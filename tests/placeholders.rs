//! Nothing placeholder is published: placeholder text, example clinic details,
//! placeholder sources and future review dates are errors for `build` and
//! `check`, warnings with `--drafts`, and allowed on a site marked
//! `example_site: true`, which says so on every page. An empty section (a heading
//! with nothing under it) is always a warning.

mod common;

use clinicsite::diagnostics::{Diagnostic, Severity};
use common::*;

/// A site with one of each kind of placeholder.
fn site_with_placeholders(extra_yaml: &str) -> Fixture {
    Fixture::new(&[
        (
            "site.yaml",
            &format!(
                "{extra_yaml}title: T\nbase_url: https://example.org/\nlanguage: en\nclinic:\n  name: Example Clinic\n  address: 1 High Street, Exampletown\n  telephone: 01632 960001\n"
            ),
        ),
        (
            "content/dots.md",
            "---\ntitle: Dots\n---\n\nWrite about the condition ...\n",
        ),
        (
            "content/replace.md",
            "---\ntitle: Replace\n---\n\nSome text. Replace with your own words.\n",
        ),
        (
            "content/empty.md",
            "---\ntitle: Empty\n---\n\n## Results\n\n## Side effects\n\nThey are mild.\n",
        ),
        (
            "content/source.md",
            "---\ntitle: Source\nsources:\n  - title: Replace with the title of a source\n---\n\nText.\n",
        ),
        (
            "content/future.md",
            "---\ntitle: Future\nlast_reviewed: 2999-01-01\n---\n\nText.\n",
        ),
        (
            "content/front.md",
            "---\ntitle: Front\ndescription: \"...\"\n---\n\nText.\n",
        ),
    ])
}

/// Each placeholder: file, line, column, message.
const EXPECTED: &[(&str, usize, usize, &str)] = &[
    (
        "content/dots.md",
        5,
        27,
        "`...` is placeholder text: something is still to be written here",
    ),
    (
        "content/replace.md",
        5,
        12,
        "\"Replace with\" is placeholder text from the starter site",
    ),
    (
        "content/source.md",
        4,
        5,
        "this source is a placeholder, not a real one",
    ),
    (
        "content/future.md",
        3,
        16,
        "`last_reviewed` is in the future: 2999-01-01",
    ),
    (
        "content/front.md",
        3,
        14,
        "`...` is placeholder text: something is still to be written here",
    ),
    (
        "site.yaml",
        5,
        9,
        "the clinic's name is an example, not a real one: `Example Clinic`",
    ),
    (
        "site.yaml",
        6,
        12,
        "the clinic's address is an example, not a real one: `1 High Street, Exampletown`",
    ),
    (
        "site.yaml",
        7,
        14,
        "the clinic's telephone is an example, not a real one: `01632 960001`",
    ),
];

fn find<'a>(
    found: &'a [Diagnostic],
    (path, line, column, message): (&str, usize, usize, &str),
) -> Option<&'a Diagnostic> {
    found.iter().find(|d| {
        d.path == path
            && d.position.map(|p| (p.line, p.column)) == Some((line, column))
            && d.message == message
    })
}

#[test]
fn every_placeholder_is_a_build_error_with_its_place_and_a_hint() {
    let site = site_with_placeholders("");
    let errors = site.build_errors();
    for &expected in EXPECTED {
        let d = find(&errors, expected)
            .unwrap_or_else(|| panic!("no error {expected:?} among:\n{}", render(&errors)));
        assert!(d.hint.as_ref().is_some_and(|h| !h.is_empty()), "{d}");
    }
    assert_eq!(errors.len(), EXPECTED.len(), "{}", render(&errors));
    assert!(!site.public().exists(), "nothing is written");
}

#[test]
fn an_empty_section_is_a_warning() {
    let site = site_with_placeholders("");
    let Err(clinicsite::BuildError::Site(found)) = clinicsite::build(&site.options()) else {
        panic!("the other placeholders fail the build");
    };
    let d = find(
        &found,
        (
            "content/empty.md",
            5,
            1,
            "the section \"Results\" has no text under its heading",
        ),
    )
    .unwrap_or_else(|| panic!("no warning for the empty section:\n{}", render(&found)));
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn check_reports_the_same_placeholders_as_errors() {
    let site = site_with_placeholders("");
    let today = jiff::civil::date(2026, 12, 1);
    let report = clinicsite::check::check(&site.options(), today);
    assert!(!report.builds);
    let found: Vec<Diagnostic> = report.problems().map(|p| p.diagnostic.clone()).collect();
    for &expected in EXPECTED {
        let d = find(&found, expected)
            .unwrap_or_else(|| panic!("check misses {expected:?}:\n{}", render(&found)));
        assert_eq!(d.severity, Severity::Error);
    }
}

#[test]
fn a_build_with_drafts_shows_them_as_warnings() {
    let site = site_with_placeholders("");
    let mut options = site.options();
    options.drafts = true;
    let report = clinicsite::build(&options).expect("a build with drafts succeeds");
    for &expected in EXPECTED {
        let d = find(&report.warnings, expected)
            .unwrap_or_else(|| panic!("no warning {expected:?}:\n{}", render(&report.warnings)));
        assert_eq!(d.severity, Severity::Warning);
    }
}

#[test]
fn an_example_site_builds_and_says_so_on_every_page() {
    let site = site_with_placeholders("example_site: true\n");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    let today = jiff::civil::date(2026, 12, 1);
    let check = clinicsite::check::check(&site.options(), today);
    let placeholders: Vec<_> = check
        .problems()
        .filter(|p| EXPECTED.iter().any(|e| e.3 == p.diagnostic.message))
        .collect();
    assert!(placeholders.is_empty(), "{placeholders:?}");
    for url in ["/", "/dots/", "/empty/", "404.html"] {
        let html = site.page(url);
        let banner = select_one(&html, "body > section.example-banner");
        assert_eq!(banner.value().attr("aria-label"), Some("Example site"));
        let text: String = banner.text().collect();
        assert!(text.contains("This is an example website"), "{url}: {text}");
    }

    // Without the flag, no banner (and the placeholders are errors again).
    let site = Fixture::new(&[("content/a.md", &page("A", "Text.\n"))]);
    site.build_ok();
    for url in ["/", "/a/", "404.html"] {
        assert!(
            select(&site.page(url), ".example-banner").is_empty(),
            "{url}"
        );
    }
}
