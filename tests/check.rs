//! `clinicsite check` and `clinicsite report` on fixture sites in temp folders.

mod common;

use clinicsite::check::{CheckReport, ProblemCode, check};
use common::*;
use jiff::civil::{Date, date};
use serde_json::Value;

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
fn reviewed_page(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n{extra}{SOURCES}---\n\n{body}"
    )
}

/// A site with nothing wrong on `TODAY`.
fn clean_site() -> Fixture {
    Fixture::new(&[
        ("site.yaml", SITE_YAML),
        (
            "content/_index.md",
            "---\ntitle: Home\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n---\n\nThis site is about skin care. Read about [care after your visit](aftercare.md).\n",
        ),
        (
            "content/aftercare.md",
            &reviewed_page("Aftercare", "", EASY),
        ),
        (
            "content/acne.md",
            &reviewed_page("Acne scars", "kind: condition\n", EASY),
        ),
        (
            "content/contact.md",
            "---\ntitle: Contact us\ntemplate: contact.html\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n---\n\nCall us to book a visit.\n",
        ),
    ])
}

/// The clean site plus one page for each kind of problem `check` warns about.
fn planted_site() -> Fixture {
    let site = clean_site();
    site.write(
        "content/overdue.md",
        reviewed_page("Overdue", "", EASY).replace("2026-06-01", "2025-06-01"),
    );
    site.write(
        "content/due-soon.md",
        reviewed_page("Due soon", "next_review: 2026-12-10\n", EASY),
    );
    site.write(
        "content/no-reviewer.md",
        reviewed_page("No reviewer", "", EASY).replace("reviewed_by: lead\n", ""),
    );
    site.write(
        "content/no-date.md",
        reviewed_page("No date", "", EASY).replace("last_reviewed: 2026-06-01\n", ""),
    );
    site.write("content/hard.md", reviewed_page("Hard", "", HARD));
    site.write(
        "content/no-sources.md",
        "---\ntitle: No sources\nkind: condition\nreviewed_by: lead\nlast_reviewed: 2026-06-01\n---\n\nShort and clear.\n",
    );
    site.write(
        "content/raw.md",
        reviewed_page(
            "Raw",
            "",
            "Some text.\n\n<img src=\"https://cdn.example.com/pixel.gif\" alt=\"\">\n",
        ),
    );
    site.write(
        "content/widget.md",
        reviewed_page("Widget", "template: widget.html\n", EASY),
    );
    site.write(
        "templates/widget.html",
        "{% extends \"page.html\" %}{% block after_content %}<script src=\"https://cdn.example.com/widget.js\"></script>{% endblock after_content %}",
    );
    site
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
    let report = check(&site.options(), today());
    let problems: Vec<String> = report
        .problems()
        .map(|p| p.diagnostic.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(report.builds);
    assert_eq!(report.summary.pages, 4);
    let out = site.run(&["check", "--strict", "--today", TODAY]);
    assert_eq!(out.code, Some(0));
    let text = &out.stdout;
    assert!(
        text.contains("4 pages checked on 2026-11-24: 0 errors, 0 warnings"),
        "{text}"
    );
}

#[test]
fn every_planted_problem_is_found_where_it_was_planted() {
    let site = planted_site();
    let report = check(&site.options(), today());
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
    let out = site.run(&["check", "--today", TODAY]);
    assert_eq!(out.code, Some(0), "warnings alone pass without --strict");
    let text = &out.stdout;
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
    site.write(
        "content/broken.md",
        reviewed_page("Broken", "", "See [the missing page](missing.md).\n"),
    );
    site.write("content/bad-front.md", "---\ntitel: Typo\n---\n\nText.\n");
    let out = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(out.code, Some(1));
    let json: Value = serde_json::from_str(&out.stdout).expect("valid JSON");
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
    let out = site.run(&["check", "--format", "json", "--today", TODAY]);
    assert_eq!(out.code, Some(0));
    let json: Value = serde_json::from_str(&out.stdout).expect("valid JSON");
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
        site.write(
            path,
            reviewed_page("P", &format!("next_review: {next}\n"), EASY),
        )
    };
    due("content/today.md", "2026-11-24");
    due("content/in-30.md", "2026-12-24");
    due("content/in-31.md", "2026-12-25");
    due("content/yesterday.md", "2026-11-23");
    let report = check(&site.options(), today());
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
    let planted = planted.path().to_str().expect("a UTF-8 path");
    let clean = clean_site();
    let clean = clean.path().to_str().expect("a UTF-8 path");
    // Run from another folder: `--site` names the site.
    let elsewhere = Fixture::empty();
    let code = |args: &[&str]| run_in(elsewhere.path(), args).code;
    assert_eq!(
        code(&["check", "--site", planted, "--today", TODAY]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--site", planted, "--strict", "--today", TODAY]),
        Some(1)
    );
    assert_eq!(
        code(&["check", "--site", clean, "--strict", "--today", TODAY]),
        Some(0)
    );
    assert_eq!(
        code(&["check", "--site", clean, "--today", "2026-13-01"]),
        Some(2)
    );
    assert_eq!(
        code(&[
            "check", "--site", clean, "--format", "yaml", "--today", TODAY
        ]),
        Some(2)
    );
    let missing = Fixture::empty();
    let out = missing.run(&["check", "--today", TODAY]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .contains("site.yaml: error: no site.yaml in the site folder")
    );
    // The error comes first: no empty table of pages above it.
    assert!(!out.stdout.contains("Grade"), "{}", out.stdout);
}

#[test]
fn report_lists_every_page_and_says_overdue_in_words() {
    let site = planted_site();
    let out_file = site.path().join("review.html");
    let out = site.run(&[
        "report",
        "--out",
        &out_file.display().to_string(),
        "--today",
        TODAY,
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = std::fs::read_to_string(&out_file).expect("report written");
    let doc = scraper::Html::parse_document(&html);
    assert_eq!(select(&doc, "html[lang=en-GB]").len(), 1);
    assert!(text_of(select_one(&doc, "title")).contains("Test Clinic"));
    assert_eq!(select(&doc, "table > caption").len(), 1);
    assert_eq!(select(&doc, "thead th[scope=col]").len(), 8);
    let rows = select(&doc, "tbody tr");
    assert_eq!(rows.len(), 12);
    assert!(
        rows.iter()
            .all(|r| select_in(*r, "th[scope=row]").len() == 1)
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
    let meter = select_in(*hard, "meter")[0];
    assert!(
        meter
            .value()
            .attr("value")
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|v| v > 8.0)
    );
    assert!(hard.text().any(|t| t.contains("Above target")));
    // self-contained: CSS inside, no script, nothing from elsewhere
    assert_eq!(select(&doc, "style").len(), 1);
    assert_eq!(select(&doc, "script, link, img, iframe").len(), 0);
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn report_goes_to_the_site_folder_and_never_into_public() {
    let site = clean_site();
    let dir = site.path().to_str().expect("a UTF-8 path");
    // Run from another folder: the report goes to the site's folder, not this one.
    let elsewhere = Fixture::empty();
    let run = |args: &[&str]| run_in(elsewhere.path(), args);
    let out = run(&["report", "--site", dir, "--today", TODAY]);
    assert_eq!(out.code, Some(0));
    assert!(site.path().join("report.html").is_file());
    assert!(!elsewhere.path().join("report.html").exists());
    let inside = site.public().join("report.html");
    let out = run(&[
        "report",
        "--site",
        dir,
        "--out",
        &inside.display().to_string(),
        "--today",
        TODAY,
    ]);
    assert_eq!(out.code, Some(1));
    assert!(!inside.exists());
    assert!(
        out.stderr.contains("is inside the output folder"),
        "{}",
        out.stderr
    );
}

#[test]
fn bundled_site_passes_strict_check() {
    let out = run_in(&repo_root(), &["check", "--strict", "--today", TODAY]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
}
