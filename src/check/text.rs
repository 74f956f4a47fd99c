//! `check`'s text output: a table grouped by page, each page's problems under its row
//! in the usual `path:line:col: warning: message` form, then a summary line.

use super::{CheckReport, PageReport, Problem};
use std::fmt::Write;

/// The report as a readable table for a terminal.
pub fn render(report: &CheckReport) -> String {
    let width = report
        .pages
        .iter()
        .map(|p| p.path.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = String::new();
    // A site that could not be read (no site.yaml, a missing folder) has no pages:
    // an empty table would only push its error out of sight.
    if !report.pages.is_empty() {
        let _ = writeln!(
            out,
            "{:<width$}  {:>5}  {:>5}  {:<14}  {:>8}",
            "Page", "Grade", "SMOG", "Review", "Problems"
        );
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            "-".repeat(width),
            "-".repeat(5),
            "-".repeat(5),
            "-".repeat(14),
            "-".repeat(8)
        );
    }
    for page in &report.pages {
        let _ = writeln!(out, "{}", row(page, width));
        for problem in &page.problems {
            write_problem(&mut out, problem);
        }
    }
    if !report.site_problems.is_empty() {
        let _ = writeln!(out, "\nOther files:");
        for problem in &report.site_problems {
            write_problem(&mut out, problem);
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{} page{} checked on {}: {} error{}, {} warning{} (reading grade target: {} or below)",
        s.pages,
        plural(s.pages),
        report.today,
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        report.max_grade
    );
    if !report.builds {
        let _ = writeln!(out, "the site does not build: fix the errors above first");
    }
    out
}

fn row(page: &PageReport, width: usize) -> String {
    let (grade, smog) = match &page.readability {
        Some(r) => (format!("{:.1}", r.fk_grade), format!("{:.1}", r.smog)),
        None => ("-".to_string(), "-".to_string()),
    };
    let problems = if page.problems.is_empty() {
        "-".to_string()
    } else {
        page.problems.len().to_string()
    };
    format!(
        "{:<width$}  {:>5}  {:>5}  {:<14}  {:>8}",
        page.path,
        grade,
        smog,
        page.review.status.label(),
        problems
    )
}

fn write_problem(out: &mut String, problem: &Problem) {
    let text = problem.diagnostic.to_string();
    let mut lines = text.lines();
    if let Some(first) = lines.next() {
        let _ = writeln!(out, "{first} [{}]", code_name(problem));
    }
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
}

/// The problem's code as it appears in JSON (`review-overdue`).
pub fn code_name(problem: &Problem) -> String {
    serde_json::to_value(problem.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
