//! `clinicsite report`: one self-contained HTML file for the clinic's manager, listing
//! every page with its reviewer, review dates, reading grade, word count and sources.
//!
//! The file is not part of the public site: its CSS sits in a `<style>` element, it has
//! no script, and it loads nothing from anywhere.

use crate::BuildOptions;
use crate::check::review::ReviewStatus;
use crate::check::{self, CheckReport, PageReport, ProblemCode};
use crate::diagnostics::Diagnostic;
use jiff::civil::Date;
use pulldown_cmark_escape::escape_html;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The report's file name in the site folder when no `--out` is given.
pub const DEFAULT_FILE: &str = "report.html";

/// Why no report was written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The path is inside the site's output folder, which `build` owns.
    #[error("{} is inside the output folder {}; the report is not part of the public site, so write it elsewhere (for example the site folder)", .path.display(), .output.display())]
    InsideOutput {
        /// Where the report was to go.
        path: PathBuf,
        /// The output folder.
        output: PathBuf,
    },
    /// The site could not be read at all (for example no site.yaml).
    #[error("the site could not be read")]
    Site(Vec<Diagnostic>),
    /// Writing the file failed.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        /// Where the report was to go.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// A report that was written.
#[derive(Debug)]
pub struct Written {
    /// Where it was written.
    pub path: PathBuf,
    /// What it says.
    pub report: CheckReport,
}

/// Checks the site as of `today` and writes the HTML report to `out` (default `<site>/report.html`).
pub fn write(
    options: &BuildOptions,
    out: Option<&Path>,
    today: Date,
) -> Result<Written, ReportError> {
    let path = out.map_or_else(|| options.site_dir.join(DEFAULT_FILE), Path::to_path_buf);
    if is_inside(&path, &options.out_dir) {
        return Err(ReportError::InsideOutput {
            path,
            output: options.out_dir.clone(),
        });
    }
    let report = check::check(options, today);
    if report.pages.is_empty() && !report.builds {
        let diagnostics = report.problems().map(|p| p.diagnostic.clone()).collect();
        return Err(ReportError::Site(diagnostics));
    }
    std::fs::write(&path, render(&report)).map_err(|source| ReportError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(Written { path, report })
}

/// True when `path` is `dir` or inside it (symbolic links in existing folders resolved).
fn is_inside(path: &Path, dir: &Path) -> bool {
    let resolve = |p: &Path| -> PathBuf {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // resolve the longest existing ancestor, keep the rest as written
        let mut existing = abs.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return abs,
            }
        }
        let mut resolved = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        resolved.extend(rest.iter().rev());
        resolved
    };
    resolve(path).starts_with(resolve(dir))
}

const CSS: &str = "
:root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--line:#b1b4b6;--bad:#a3000b;--bad-bg:#fdeeee;--warn:#6e4400;--warn-bg:#fff6dc;--good:#1d6b32;--head:#1f3b57}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:80rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.75rem;margin:0 0 .5rem}h2{font-size:1.3rem;margin:2rem 0 .5rem}
.muted,.path,.role{color:var(--muted)}.path{font:.85rem/1.3 ui-monospace,Consolas,monospace;word-break:break-all}
.alert{border-left:.4rem solid var(--bad);background:var(--bad-bg);padding:.75rem 1rem}
.table-wrap{overflow-x:auto;border:1px solid var(--line)}
.table-wrap:focus{outline:3px solid #0b0c0c;outline-offset:2px}
table{border-collapse:collapse;width:100%;min-width:60rem}
caption{text-align:left;font-weight:700;padding:.5rem .75rem}
th,td{border-top:1px solid var(--line);padding:.5rem .75rem;text-align:left;vertical-align:top}
thead th{background:var(--head);color:#fff}
tbody th{font-weight:400}.title{font-weight:700;display:block}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.attention{background:var(--bad-bg)}tr.due-soon{background:var(--warn-bg)}
.status{font-weight:700;display:block}
.status-bad{color:var(--bad)}.status-warn{color:var(--warn)}.status-ok{color:var(--good)}
meter{width:6rem;height:1rem;display:block}
ul.problems{margin:0;padding-left:1.1rem}
@media print{.table-wrap{overflow:visible;border:0}table{min-width:0}tr{break-inside:avoid}}
";

/// The report as one HTML document.
pub fn render(report: &CheckReport) -> String {
    let mut h = String::with_capacity(16 * 1024);
    let title = if report.site_title.is_empty() {
        "Content review report".to_string()
    } else {
        format!("Content review report: {}", report.site_title)
    };
    let lang = if report.language.is_empty() {
        "en"
    } else {
        &report.language
    };
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>Content review report</h1>\n",
        esc(lang),
        esc(&title)
    );
    let _ = writeln!(
        h,
        "<p>{}Checked on <time datetime=\"{}\">{}</time>. Reading level target: grade {} or below (Flesch-Kincaid).</p>",
        if report.site_title.is_empty() {
            String::new()
        } else {
            format!("{}. ", esc(&report.site_title))
        },
        report.today,
        long_date(report.today),
        report.max_grade
    );
    if !report.builds {
        h.push_str("<p class=\"alert\"><strong>The site does not build.</strong> Some pages may be missing below. Run <code>clinicsite check</code> to see the errors.</p>\n");
    }
    summary(&mut h, report);
    h.push_str("<h2 id=\"pages\">Every page</h2>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"pages-caption\" tabindex=\"0\">\n<table>\n<caption id=\"pages-caption\">Review and reading level of every page</caption>\n<thead><tr><th scope=\"col\">Page</th><th scope=\"col\">Reviewed by</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">Next review</th><th scope=\"col\">Reading grade</th><th scope=\"col\">Words</th><th scope=\"col\">Sources</th><th scope=\"col\">Other problems</th></tr></thead>\n<tbody>\n");
    for page in &report.pages {
        row(&mut h, page, report.max_grade);
    }
    h.push_str("</tbody>\n</table>\n</div>\n<p class=\"muted\">Reading grade is the US school grade a reader needs (Flesch-Kincaid); SMOG is a second measure shown beside it. Review dates come from each page's front matter; the next review is <code>next_review</code>, or <code>last_reviewed</code> plus the site's review interval.</p>\n</main>\n</body>\n</html>\n");
    h
}

fn summary(h: &mut String, report: &CheckReport) {
    let count = |s: ReviewStatus| report.pages.iter().filter(|p| p.review.status == s).count();
    let above = report
        .pages
        .iter()
        .filter(|p| p.readability.is_some_and(|r| r.above(report.max_grade)))
        .count();
    let unreviewed = count(ReviewStatus::MissingReviewer) + count(ReviewStatus::MissingDate);
    let _ = writeln!(
        h,
        "<h2>Summary</h2>\n<ul>\n<li>{} pages</li>\n<li>{} with the review overdue</li>\n<li>{} due for review within 30 days</li>\n<li>{} without a named reviewer or review date</li>\n<li>{} reading above grade {}</li>\n</ul>",
        report.summary.pages,
        count(ReviewStatus::Overdue),
        count(ReviewStatus::DueSoon),
        unreviewed,
        above,
        report.max_grade
    );
}

fn row(h: &mut String, page: &PageReport, target: f64) {
    let review = &page.review;
    let class = match review.status {
        ReviewStatus::Overdue | ReviewStatus::MissingReviewer | ReviewStatus::MissingDate => {
            " class=\"attention\""
        }
        ReviewStatus::DueSoon => " class=\"due-soon\"",
        ReviewStatus::Ok => "",
    };
    let _ = write!(
        h,
        "<tr{class}><th scope=\"row\"><span class=\"title\">{}</span>{}<span class=\"path\">{}</span></th>",
        esc(&page.title),
        // On a site with treatments, the treatment the page belongs to.
        (page.treatment.as_deref())
            .map(|t| format!("<span class=\"path\">{}</span>", esc(t)))
            .unwrap_or_default(),
        esc(&page.path)
    );
    match &review.reviewer {
        Some(name) => {
            let role = review
                .reviewer_role
                .as_deref()
                .map(|r| format!("<br><span class=\"role\">{}</span>", esc(r)))
                .unwrap_or_default();
            let _ = write!(h, "<td>{}{role}</td>", esc(name));
        }
        None => h.push_str("<td><span class=\"status status-bad\">No reviewer named</span></td>"),
    }
    match review.last_reviewed {
        Some(d) => {
            let _ = write!(h, "<td>{}</td>", time(d));
        }
        None => h.push_str("<td><span class=\"status status-bad\">No date</span></td>"),
    }
    let due = review
        .review_due
        .map(time)
        .unwrap_or_else(|| "Unknown".into());
    let days = review.days_until_due.unwrap_or(0);
    let _ = match review.status {
        ReviewStatus::Overdue => write!(
            h,
            "<td><span class=\"status status-bad\">Overdue</span>since {due} ({} days)</td>",
            -days
        ),
        ReviewStatus::DueSoon => write!(
            h,
            "<td><span class=\"status status-warn\">Due soon</span>{due} (in {days} days)</td>"
        ),
        ReviewStatus::Ok => write!(h, "<td>{due}</td>"),
        _ => write!(h, "<td>{due}</td>"),
    };
    match &page.readability {
        Some(r) => {
            let above = r.above(target);
            let max = (target * 2.0).max(r.fk_grade.ceil());
            let _ = write!(
                h,
                "<td><meter min=\"0\" max=\"{max}\" low=\"{target}\" high=\"{high}\" optimum=\"0\" value=\"{v:.1}\" aria-label=\"Reading grade {v:.1}, target {target} or below\">{v:.1}</meter>{v:.1}{}<br><span class=\"muted\">SMOG {s:.1}</span></td>",
                if above {
                    " <span class=\"status status-bad\">Above target</span>"
                } else {
                    ""
                },
                high = target * 1.5,
                v = r.fk_grade,
                s = r.smog
            );
        }
        None => h.push_str("<td>No prose</td>"),
    }
    let _ = write!(
        h,
        "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
        page.word_count, page.sources
    );
    let others: Vec<&'static str> = page
        .problems
        .iter()
        .filter_map(|p| other_problem(p.code))
        .fold(Vec::new(), |mut acc, label| {
            if !acc.contains(&label) {
                acc.push(label);
            }
            acc
        });
    if others.is_empty() {
        h.push_str("<td>None</td></tr>\n");
    } else {
        h.push_str("<td><ul class=\"problems\">");
        for label in others {
            let _ = write!(h, "<li>{label}</li>");
        }
        h.push_str("</ul></td></tr>\n");
    }
}

/// Problems the other columns do not show, in words.
fn other_problem(code: ProblemCode) -> Option<&'static str> {
    match code {
        ProblemCode::Build => Some("Error that stops the site building"),
        ProblemCode::BuildWarning => Some("Build warning"),
        ProblemCode::MissingSources => Some("No sources listed"),
        ProblemCode::RawHtml => Some("Raw HTML in the text"),
        ProblemCode::ExternalResource => Some("Loads a file from another website"),
        _ => None,
    }
}

fn time(d: Date) -> String {
    format!("<time datetime=\"{d}\">{}</time>", long_date(d))
}

fn long_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(&mut out, text);
    out
}
