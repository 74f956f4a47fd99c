//! `clinicsite check` and `clinicsite report` on fixture sites in temp folders.

use clinicsite::BuildOptions;
use clinicsite::check::{CheckReport, ProblemCode, check};
use jiff::civil::{Date, date};
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const TODAY: &str = "2026-11-24";

fn today() -> Date {
    date(2026, 11, 24)
}

const SITE_YAML: &str = "title: Test Clinic
base_url: https://example.org/
language: en-GB
reviewers:
  lead:
    name: Dr Ada Example
    role: Clinical lead
";

const SOURCES: &str = "sources:
  - title: Skin care after treatment
    publisher: Example Health Service
    year: 2025
    url: https://example.net/skin
";

const EASY: &str = "Your skin may be red for a day or two. This is normal.

## What to do

- Keep the skin clean.
- Use a gentle cream.
- Call us if it gets worse.
";

const HARD: &str = "Microneedling-associated dermatological complications, including postinflammatory hyperpigmentation and prolonged erythema, necessitate comprehensive consultation with appropriately qualified practitioners, particularly considering individual susceptibility, concurrent medication, and previous procedural interventions.
";

/// A page's front matter and body: reviewed by `lead` on `last_reviewed`, with sources.
fn page(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n{extra}{SOURCES}---\n\n{body}"
    )
}

fn write(dir: &Path, files: &[(&str, String)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }
}

/// A site with nothing wrong on `TODAY`.
fn clean_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        &[
            ("site.yaml", SITE_YAML.to_string()),
            (
                "content/_index.md",
                "---\ntitle: Home\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n---\n\nThis site is about skin care. Read about [care after your visit](aftercare.md).\n".to_string(),
            ),
            ("content/aftercare.md", page("Aftercare", "", EASY)),
            (
                "content/acne.md",
                page("Acne scars", "kind: condition\n", EASY),
            ),
            (
                "content/contact.md",
                "---\ntitle: Contact us\ntemplate: contact.html\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n---\n\nCall us to book a visit.\n".to_string(),
            ),
        ],
    );
    dir
}

/// The clean site plus one page for each kind of problem `check` warns about.
fn planted_site() -> tempfile::TempDir {
    let dir = clean_site();
    let no_sources = "---\ntitle: No sources\nkind: condition\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n---\n\nShort and clear.\n";
    write(
        dir.path(),
        &[
            (
                "content/overdue.md",
                page("Overdue", "", EASY).replace("2026-06-01", "2025-06-01"),
            ),
            (
                "content/due-soon.md",
                page("Due soon", "next_review: 2026-12-10\n", EASY),
            ),
            (
                "content/no-reviewer.md",
                page("No reviewer", "", EASY).replace("reviewed_by: lead\n", ""),
            ),
            (
                "content/no-date.md",
                page("No date", "", EASY).replace("last_reviewed: 2026-06-01\n", ""),
            ),
            ("content/hard.md", page("Hard", "", HARD)),
            ("content/no-sources.md", no_sources.to_string()),
            (
                "content/raw.md",
                page(
                    "Raw",
                    "",
                    "Some text.\n\n<img src=\"https://cdn.example.com/pixel.gif\" alt=\"\">\n",
                ),
            ),
            (
                "content/widget.md",
                page("Widget", "template: widget.html\n", EASY),
            ),
            (
                "templates/widget.html",
                "{% extends \"page.html\" %}{% block after_content %}<script src=\"https://cdn.example.com/widget.js\"></script>{% endblock after_content %}".to_string(),
            ),
        ],
    );
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clinicsite"))
        .args(args)
        .output()
        .expect("run clinicsite")
}

fn site_arg(dir: &Path) -> String {
    dir.display().to_string()
}

fn codes_for(report: &CheckReport, path: &str) -> Vec<ProblemCode> {
    report
        .pages
        .iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no page {path} in the report"))
        .problems
        .iter()
        .map(|p| p.code)
        .collect()
}

#[test]
fn clean_site_has_no_problems() {
    let site = clean_site();
    let report = check(&BuildOptions::new(site.path()), today());
    let problems: Vec<String> = report
        .problems()
        .map(|p| p.diagnostic.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(report.builds);
    assert_eq!(report.summary.pages, 4);
    let out = run(&[
        "check",
        "--site",
        &site_arg(site.path()),
        "--strict",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("4 pages checked on 2026-11-24: 0 errors, 0 warnings"),
        "{text}"
    );
}

#[test]
fn every_planted_problem_is_found_where_it_was_planted() {
    let site = planted_site();
    let report = check(&BuildOptions::new(site.path()), today());
    assert!(report.builds, "{:#?}", report.site_problems);
    let expect = [
        ("content/overdue.md", ProblemCode::ReviewOverdue),
        ("content/due-soon.md", ProblemCode::ReviewDueSoon),
        ("content/no-reviewer.md", ProblemCode::ReviewMissingReviewer),
        ("content/no-date.md", ProblemCode::ReviewMissingDate),
        ("content/hard.md", ProblemCode::ReadabilityGrade),
        ("content/no-sources.md", ProblemCode::MissingSources),
        ("content/raw.md", ProblemCode::RawHtml),
        ("content/raw.md", ProblemCode::ExternalResource),
        ("content/widget.md", ProblemCode::ExternalResource),
    ];
    for (path, code) in expect {
        assert!(
            codes_for(&report, path).contains(&code),
            "{path} should have {code:?}: {:?}",
            codes_for(&report, path)
        );
    }
    // nothing else: the clean pages stay clean, and each planted page has only its problem
    for path in [
        "content/_index.md",
        "content/aftercare.md",
        "content/acne.md",
        "content/contact.md",
    ] {
        assert_eq!(codes_for(&report, path), [], "{path}");
    }
    let all: Vec<(String, ProblemCode)> = report
        .pages
        .iter()
        .flat_map(|p| p.problems.iter().map(|q| (p.path.clone(), q.code)))
        .collect();
    // raw.md: the raw HTML, its external image, and the build's own sanitising warning if any
    let unexpected: Vec<_> = all
        .iter()
        .filter(|(path, code)| {
            let sanitised = path == "content/raw.md" && *code == ProblemCode::BuildWarning;
            !(sanitised || expect.contains(&(path.as_str(), *code)))
        })
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_eq!(report.summary.errors, 0);
}

#[test]
fn warnings_point_at_the_line_to_fix() {
    let site = planted_site();
    let out = run(&["check", "--site", &site_arg(site.path()), "--today", TODAY]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings alone pass without --strict"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "content/overdue.md:4:1: warning: the page's review is overdue: it was due on 2026-06-01 (176 days ago) [review-overdue]",
        "content/due-soon.md:5:1: warning: the page's review is due on 2026-12-10 (in 16 days) [review-due-soon]",
        "content/no-reviewer.md:1:1: warning: no clinician is named as the page's reviewer [review-missing-reviewer]",
        "content/no-sources.md:1:1: warning: this condition page lists no sources [missing-sources]",
        "content/raw.md:14:1: warning: raw HTML in the page's markdown [raw-html]",
        "content/raw.md:14:11: warning: this page loads `https://cdn.example.com/pixel.gif` from another origin (<img src>) [external-resource]",
        "content/widget.md: warning: this page loads `https://cdn.example.com/widget.js` from another origin (<script src>) [external-resource]",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing line:\n{line}\nin:\n{text}"
        );
    }
    let hard = text
        .lines()
        .find(|l| l.starts_with("content/hard.md:"))
        .expect("a line for hard.md");
    assert!(
        hard.contains(": warning: the page reads at grade "),
        "{hard}"
    );
    assert!(
        hard.ends_with("above the site's target of 8 [readability-grade]"),
        "{hard}"
    );
    // the table has one row per page, with its review status in words
    let row = text
        .lines()
        .find(|l| l.starts_with("content/overdue.md "))
        .expect("a row for overdue.md");
    assert!(row.contains("Overdue"), "{row}");
}

#[test]
fn build_errors_are_all_reported_and_pages_are_still_checked() {
    let site = planted_site();
    write(
        site.path(),
        &[
            (
                "content/broken.md",
                page("Broken", "", "See [the missing page](missing.md).\n"),
            ),
            (
                "content/bad-front.md",
                "---\ntitel: Typo\n---\n\nText.\n".to_string(),
            ),
        ],
    );
    let out = run(&[
        "check",
        "--site",
        &site_arg(site.path()),
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["builds"], false);
    let errors: Vec<&Value> = all_problems(&json)
        .into_iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    let paths: Vec<&str> = errors.iter().filter_map(|e| e["path"].as_str()).collect();
    assert!(paths.contains(&"content/broken.md"), "{paths:?}");
    assert!(paths.contains(&"content/bad-front.md"), "{paths:?}");
    assert!(errors.iter().all(|e| e["code"] == "build"));
    let typo = errors
        .iter()
        .find(|e| e["path"] == "content/bad-front.md")
        .expect("front matter error");
    assert!(
        typo["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `title`")),
        "{typo}"
    );
    // the pages that could be read are still measured and linted
    let overdue = page_json(&json, "content/overdue.md");
    assert_eq!(overdue["review"]["status"], "overdue");
    let raw = page_json(&json, "content/raw.md");
    let codes: Vec<&str> = raw["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"raw-html") && codes.contains(&"external-resource"),
        "{codes:?}"
    );
    assert!(
        page_json(&json, "content/hard.md")["readability"]["fk_grade"]
            .as_f64()
            .is_some_and(|g| g > 8.0)
    );
}

fn all_problems(json: &Value) -> Vec<&Value> {
    let pages = json["pages"].as_array().into_iter().flatten();
    pages
        .flat_map(|p| p["problems"].as_array().into_iter().flatten())
        .chain(json["site_problems"].as_array().into_iter().flatten())
        .collect()
}

fn page_json<'j>(json: &'j Value, path: &str) -> &'j Value {
    json["pages"]
        .as_array()
        .and_then(|pages| pages.iter().find(|p| p["path"] == path))
        .unwrap_or_else(|| panic!("no page {path}"))
}

#[test]
fn json_output_has_the_documented_fields() {
    let site = planted_site();
    let out = run(&[
        "check",
        "--site",
        &site_arg(site.path()),
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["today"], TODAY);
    assert_eq!(json["max_grade"], 8.0);
    assert_eq!(json["site_title"], "Test Clinic");
    assert_eq!(json["language"], "en-GB");
    assert_eq!(json["builds"], true);
    for key in ["pages", "errors", "warnings"] {
        assert!(json["summary"][key].is_u64(), "summary.{key}");
    }
    assert!(json["site_problems"].is_array());
    let pages = json["pages"].as_array().expect("pages");
    assert_eq!(json["summary"]["pages"].as_u64(), Some(pages.len() as u64));
    for p in pages {
        for key in ["path", "url", "title", "kind"] {
            assert!(p[key].is_string(), "{key} in {p}");
        }
        assert!(p["is_section"].is_boolean());
        assert!(p["word_count"].is_u64() && p["sources"].is_u64());
        let review = &p["review"];
        assert!(review["status"].is_string());
        for key in [
            "reviewer",
            "reviewer_role",
            "last_reviewed",
            "review_due",
            "days_until_due",
        ] {
            assert!(review.get(key).is_some(), "review.{key} in {p}");
        }
        let r = &p["readability"];
        for key in ["words", "sentences", "syllables", "polysyllables"] {
            assert!(r[key].is_u64(), "readability.{key} in {p}");
        }
        assert!(r["fk_grade"].is_f64() && r["smog"].is_f64());
    }
    let overdue = page_json(&json, "content/overdue.md");
    assert_eq!(overdue["review"]["reviewer"], "Dr Ada Example");
    assert_eq!(overdue["review"]["reviewer_role"], "Clinical lead");
    assert_eq!(overdue["review"]["last_reviewed"], "2025-06-01");
    assert_eq!(overdue["review"]["review_due"], "2026-06-01");
    assert_eq!(overdue["review"]["days_until_due"], -176);
    let problem = &overdue["problems"][0];
    assert_eq!(problem["code"], "review-overdue");
    assert_eq!(problem["severity"], "warning");
    assert_eq!(problem["path"], "content/overdue.md");
    assert_eq!(problem["position"]["line"], 4);
    assert_eq!(problem["position"]["column"], 1);
    assert!(problem["message"].is_string() && problem["hint"].is_string());
    let warnings = all_problems(&json).len() as u64;
    assert_eq!(json["summary"]["warnings"].as_u64(), Some(warnings));
}

#[test]
fn review_status_boundaries() {
    let site = clean_site();
    let due = |path: &str, next: &str| {
        (
            path.to_string(),
            page("P", &format!("next_review: {next}\n"), EASY),
        )
    };
    let files = [
        due("content/today.md", "2026-11-24"),
        due("content/in-30.md", "2026-12-24"),
        due("content/in-31.md", "2026-12-25"),
        due("content/yesterday.md", "2026-11-23"),
    ];
    let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    write(site.path(), &files);
    let report = check(&BuildOptions::new(site.path()), today());
    let status = |path: &str| {
        report
            .pages
            .iter()
            .find(|p| p.path == path)
            .map(|p| p.review.status.label())
            .unwrap_or("missing")
    };
    assert_eq!(status("content/today.md"), "Due soon");
    assert_eq!(status("content/in-30.md"), "Due soon");
    assert_eq!(status("content/in-31.md"), "OK");
    assert_eq!(status("content/yesterday.md"), "Overdue");
}

#[test]
fn strict_turns_warnings_into_failure_and_bad_usage_exits_2() {
    let planted = planted_site();
    let planted = site_arg(planted.path());
    let clean = clean_site();
    let clean = site_arg(clean.path());
    let code = |args: &[&str]| run(args).status.code();
    assert_eq!(
        code(&["check", "--site", &planted, "--today", TODAY]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--site", &planted, "--strict", "--today", TODAY]),
        Some(1)
    );
    assert_eq!(
        code(&["check", "--site", &clean, "--strict", "--today", TODAY]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--site", &clean, "--today", "2026-13-01"]),
        Some(2)
    );
    assert_eq!(
        code(&[
            "check", "--site", &clean, "--format", "yaml", "--today", TODAY
        ]),
        Some(2)
    );
    let missing = tempfile::tempdir().expect("temp dir");
    let out = run(&[
        "check",
        "--site",
        &site_arg(missing.path()),
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("site.yaml: error: no site.yaml in the site folder")
    );
}

#[test]
fn report_lists_every_page_and_says_overdue_in_words() {
    let site = planted_site();
    let out_file = site.path().join("review.html");
    let out = run(&[
        "report",
        "--site",
        &site_arg(site.path()),
        "--out",
        &out_file.display().to_string(),
        "--today",
        TODAY,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&out_file).expect("report written");
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).expect("selector");
    assert_eq!(doc.select(&sel("html[lang=en-GB]")).count(), 1);
    let title: String = doc.select(&sel("title")).flat_map(|t| t.text()).collect();
    assert!(title.contains("Test Clinic"));
    assert_eq!(doc.select(&sel("table > caption")).count(), 1);
    assert_eq!(doc.select(&sel("thead th[scope=col]")).count(), 8);
    let rows: Vec<_> = doc.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), 12);
    assert!(
        rows.iter()
            .all(|r| r.select(&sel("th[scope=row]")).count() == 1)
    );
    let overdue = rows
        .iter()
        .find(|r| r.text().any(|t| t.contains("content/overdue.md")))
        .expect("overdue row");
    let text: String = overdue.text().collect();
    assert!(text.contains("Overdue"), "{text}");
    assert!(text.contains("Dr Ada Example"));
    let hard = rows
        .iter()
        .find(|r| r.text().any(|t| t.contains("content/hard.md")))
        .expect("hard row");
    let meter = hard.select(&sel("meter")).next().expect("a meter");
    assert!(
        meter
            .value()
            .attr("value")
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|v| v > 8.0)
    );
    assert!(hard.text().any(|t| t.contains("Above target")));
    // self-contained: CSS inside, no script, nothing from elsewhere
    assert_eq!(doc.select(&sel("style")).count(), 1);
    assert_eq!(doc.select(&sel("script, link, img, iframe")).count(), 0);
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn report_goes_to_the_site_folder_and_never_into_public() {
    let site = clean_site();
    let dir = site_arg(site.path());
    let out = run(&["report", "--site", &dir, "--today", TODAY]);
    assert_eq!(out.status.code(), Some(0));
    assert!(site.path().join("report.html").is_file());
    let inside = site.path().join("public").join("report.html");
    let out = run(&[
        "report",
        "--site",
        &dir,
        "--out",
        &inside.display().to_string(),
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!inside.exists());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is inside the output folder"), "{stderr}");
}

#[test]
fn bundled_site_passes_strict_check() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = run(&["check", "--site", root, "--strict", "--today", TODAY]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
