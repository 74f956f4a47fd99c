//! The repository is itself a site (site.yaml + content/): it must build cleanly
//! into pages that carry what a patient page needs and nothing a strict CSP forbids.

mod common;

use clinicsite::BuildOptions;
use common::*;
use scraper::Html;
use std::collections::BTreeMap;
use std::path::Path;

/// Builds the bundled site once into a temp folder; returns every HTML page by path.
fn build_bundled(out: &Path) -> BTreeMap<String, Html> {
    let options = BuildOptions {
        out_dir: out.to_path_buf(),
        ..BuildOptions::new(repo_root())
    };
    let report = match clinicsite::build(&options) {
        Ok(report) => report,
        Err(clinicsite::BuildError::Site(d)) => panic!("the bundled site fails:\n{}", render(&d)),
        Err(e) => panic!("the bundled site fails: {e}"),
    };
    assert!(
        report.warnings.is_empty(),
        "the bundled site has warnings:\n{}",
        render(&report.warnings)
    );
    snapshot(out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, (bytes, _))| (path, Html::parse_document(&String::from_utf8_lossy(&bytes))))
        .collect()
}

#[test]
fn the_bundled_site_builds_into_complete_pages() {
    let out = tempfile::tempdir().unwrap();
    let pages = build_bundled(out.path());
    assert!(pages.len() >= 20, "only {} HTML pages", pages.len());

    for (path, html) in &pages {
        assert_eq!(select(html, "h1").len(), 1, "{path}: one h1");
        let skip = select(html, "a.skip-link");
        assert_eq!(skip.len(), 1, "{path}: a skip link");
        assert_eq!(skip[0].value().attr("href"), Some("#main"), "{path}");
        assert_eq!(select(html, "main#main").len(), 1, "{path}: main#main");
        assert_eq!(
            attr(html, "html", "lang"),
            "en-GB",
            "{path}: the page's language"
        );

        // Tools, not patient information: no review box, no sources.
        if path == "404.html" || path == "search/index.html" {
            continue;
        }
        assert_eq!(
            select(html, "section.review").len(),
            1,
            "{path}: a review box"
        );
        let review: String = select_one(html, "section.review").text().collect();
        assert!(review.contains("Reviewed by"), "{path}: names the reviewer");
        assert!(review.contains("Page last reviewed"), "{path}: review date");
        assert!(review.contains("Next review due"), "{path}: next review");
        if path != "contact/index.html" {
            assert!(
                !select(html, "section.sources li").is_empty(),
                "{path}: a sources list"
            );
        }
    }
}

#[test]
fn no_page_has_inline_styles_or_executable_inline_scripts() {
    let out = tempfile::tempdir().unwrap();
    let pages = build_bundled(out.path());
    for (path, html) in &pages {
        assert!(
            select(html, "[style]").is_empty(),
            "{path}: a style= attribute"
        );
        assert!(
            select(html, "style").is_empty(),
            "{path}: a <style> element"
        );
        for script in select(html, "script") {
            let element = script.value();
            if element.attr("type") == Some("application/ld+json") {
                assert!(element.attr("src").is_none(), "{path}");
                continue;
            }
            // DESIGN.md allows same-origin script files, never inline code.
            let src = element
                .attr("src")
                .unwrap_or_else(|| panic!("{path}: an inline <script> that is not JSON-LD"));
            assert!(
                src.starts_with('/') && !src.starts_with("//"),
                "{path}: {src}"
            );
            assert!(script.inner_html().trim().is_empty(), "{path}");
        }
        for element in select(html, "*") {
            for (name, _) in element.value().attrs() {
                assert!(!name.starts_with("on"), "{path}: an {name}= attribute");
            }
        }
        // Nothing is loaded from another origin (links to other sites are fine).
        for (css, name) in [
            ("script[src]", "src"),
            ("img[src]", "src"),
            ("link[rel=stylesheet]", "href"),
            ("link[rel=icon]", "href"),
            ("iframe", "src"),
        ] {
            for element in select(html, css) {
                let url = element.value().attr(name).unwrap_or("");
                assert!(
                    url.starts_with('/') && !url.starts_with("//"),
                    "{path}: {css} loads {url}"
                );
            }
        }
        let csp = attr(html, "meta[http-equiv=Content-Security-Policy]", "content");
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
    }
}

#[test]
fn every_internal_link_and_anchor_of_the_bundled_site_exists() {
    let out = tempfile::tempdir().unwrap();
    let pages = build_bundled(out.path());
    for (path, html) in &pages {
        let ids: Vec<&str> = select(html, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{path}: an id is used twice");

        for (element, name) in select(html, "a[href]")
            .iter()
            .map(|e| (*e, "href"))
            .chain(select(html, "[src]").iter().map(|e| (*e, "src")))
        {
            let url = element.value().attr(name).unwrap_or("");
            let (target, fragment) = url.split_once('#').unwrap_or((url, ""));
            let target_page = if target.is_empty() {
                path.clone()
            } else if target.starts_with('/') && !target.starts_with("//") {
                let rel = target.trim_start_matches('/');
                let file = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                };
                assert!(
                    out.path().join(&file).is_file(),
                    "{path}: {url} goes nowhere"
                );
                file
            } else {
                continue;
            };
            if !fragment.is_empty() {
                let target_html = &pages[&target_page];
                assert_eq!(
                    select(target_html, &format!("[id=\"{fragment}\"]")).len(),
                    1,
                    "{path}: {url} has no such anchor"
                );
            }
        }
    }
}
