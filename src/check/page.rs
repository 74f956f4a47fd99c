//! The checks of one page: review status, reading level, sources, raw HTML, external loads.

use super::review::{self, Review, ReviewStatus};
use super::{PageReport, Problem, ProblemCode, lints, readability};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, LineIndex, Position, Severity};
use crate::output::{Contents, OutputFile};
use crate::site::{PageNode, Site};
use jiff::civil::Date;

/// Measures and lints the page at `index`; `built` says whether `files` holds its rendered HTML.
pub(super) fn check_page(
    site: &Site,
    index: usize,
    page: &PageNode,
    config: &SiteConfig,
    today: Date,
    files: &[OutputFile],
    built: bool,
) -> PageReport {
    let path = page.file.source.display_path.clone();
    let body = page.file.text.get(page.file.body_offset..).unwrap_or("");
    let mut prose = readability::prose_blocks(body);
    if let Some(q) = &page.file.front.questionnaire {
        prose.extend(readability::questionnaire_blocks(q));
    }
    let readability = readability::measure_blocks(&prose);
    let review = review::review(page, today);
    let mut problems = Vec::new();
    let warn = |code, diagnostic| Problem { code, diagnostic };

    // A page the treatments make shows what their own (reviewed, sourced) pages say.
    let generated = site.treatments.is_generated(index);
    if let Some(d) = review_problem(page, &review).filter(|_| !generated) {
        problems.push(warn(review_code(review.status), d));
    }
    if let Some(r) = &readability
        && r.above(config.readability.max_grade)
    {
        let lines = LineIndex::new(&page.file.text);
        let at = lines.position(&page.file.text, page.file.body_offset);
        problems.push(warn(
            ProblemCode::ReadabilityGrade,
            Diagnostic::warning(
                &path,
                at,
                format!(
                    "the page reads at grade {:.1} (Flesch-Kincaid; SMOG {:.1}), above the site's target of {}",
                    r.fk_grade, r.smog, config.readability.max_grade
                ),
            )
            .with_hint("use shorter sentences and everyday words, and explain medical terms in plain words"),
        ));
    }
    if let Some(d) = lints::missing_sources(page, site.home == Some(index)).filter(|_| !generated) {
        problems.push(warn(ProblemCode::MissingSources, d));
    }
    for d in lints::raw_html(page) {
        problems.push(warn(ProblemCode::RawHtml, d));
    }
    let origin = lints::origin_of(&config.base_url).unwrap_or_default();
    let html = if built {
        let out_path = page.output_path();
        // render_site sorts its files by path
        files
            .binary_search_by(|f| f.path.as_str().cmp(&out_path))
            .ok()
            .and_then(|at| files.get(at))
            .and_then(|f| match &f.contents {
                Contents::Bytes(b) => std::str::from_utf8(b).ok(),
                Contents::Copy(_) | Contents::Kept => None,
            })
            .unwrap_or(&page.body.html)
    } else {
        &page.body.html
    };
    if built && !std::ptr::eq(html, page.body.html.as_str()) {
        let weight = super::weight::weigh(html, files, &config.base_path);
        problems.extend(super::weight::problem(page, weight, config));
    }
    let mut seen = Vec::new();
    for load in lints::external_loads(html, &origin) {
        if !seen.contains(&load.url) {
            problems.push(warn(
                ProblemCode::ExternalResource,
                lints::external_load_warning(page, &load),
            ));
            seen.push(load.url);
        }
    }
    PageReport {
        path,
        url: if page.included { page.url() } else { "" }.to_string(),
        title: page.title().to_string(),
        kind: page.kind.name(),
        is_section: page.is_section(),
        treatment: (site.treatments.of(index))
            .and_then(|t| site.page(t.page))
            .map(|t| t.title().to_string()),
        review,
        readability,
        word_count: page.body.word_count,
        sources: page.file.front.sources.len(),
        problems,
    }
}

fn review_code(status: ReviewStatus) -> ProblemCode {
    match status {
        ReviewStatus::MissingReviewer => ProblemCode::ReviewMissingReviewer,
        ReviewStatus::MissingDate => ProblemCode::ReviewMissingDate,
        ReviewStatus::Overdue => ProblemCode::ReviewOverdue,
        _ => ProblemCode::ReviewDueSoon,
    }
}

fn review_problem(page: &PageNode, review: &Review) -> Option<Diagnostic> {
    let path = &page.file.source.display_path;
    let due = review.review_due.map(|d| d.to_string()).unwrap_or_default();
    let days = review.days_until_due.unwrap_or(0);
    let date_key = if page.file.front.next_review.is_some() {
        "next_review"
    } else {
        "last_reviewed"
    };
    let (at, message, hint) = match review.status {
        ReviewStatus::Ok => return None,
        ReviewStatus::MissingReviewer => (
            key_position(page, "reviewed_by"),
            "no clinician is named as the page's reviewer".to_string(),
            "add `reviewed_by:` with a reviewer id from site.yaml, or a name",
        ),
        ReviewStatus::MissingDate => (
            key_position(page, "last_reviewed"),
            "the page has no `last_reviewed` date".to_string(),
            "add `last_reviewed: YYYY-MM-DD` with the date a clinician last reviewed the page",
        ),
        ReviewStatus::Overdue => (
            key_position(page, date_key),
            format!(
                "the page's review is overdue: it was due on {due} ({} days ago)",
                -days
            ),
            "ask a clinician to review the page, then update `last_reviewed`",
        ),
        ReviewStatus::DueSoon => (
            key_position(page, date_key),
            format!("the page's review is due on {due} (in {days} days)"),
            "plan the review with a clinician, then update `last_reviewed`",
        ),
    };
    Some(Diagnostic::warning(path, at, message).with_hint(hint))
}

/// The line of a top-level front matter key, or the front matter's opening line.
fn key_position(page: &PageNode, key: &str) -> Position {
    let front = page.file.text.get(..page.file.body_offset).unwrap_or("");
    front
        .lines()
        .enumerate()
        .skip(1)
        .find(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(page.file.front.opening, |(n, _)| Position::new(n + 1, 1))
}

/// External loads in the site's CSS files (theme or `static/`).
pub(super) fn css_external_loads(files: &[OutputFile], config: &SiteConfig) -> Vec<Problem> {
    let origin = lints::origin_of(&config.base_url).unwrap_or_default();
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| f.path.ends_with(".css")) {
        let bytes = match &file.contents {
            Contents::Bytes(b) => std::borrow::Cow::Borrowed(&b[..]),
            Contents::Copy(source) => match source.bytes() {
                Ok(b) => b,
                Err(_) => continue,
            },
            // `check` renders every file; only a build reuses files.
            Contents::Kept => continue,
        };
        let css = String::from_utf8_lossy(&bytes);
        for url in lints::css_urls(&css) {
            if lints::is_other_origin(&url, &origin) {
                problems.push(
                    Problem {
                        code: ProblemCode::ExternalResource,
                        diagnostic: Diagnostic::file_error(
                            format!("static/{}", file.path),
                            format!("the stylesheet loads `{url}` from another origin"),
                        )
                        .with_hint(
                            "copy the file into static/ and refer to it with a path on the site",
                        ),
                    }
                    .into_warning(),
                );
            }
        }
    }
    problems
}

impl Problem {
    fn into_warning(mut self) -> Self {
        self.diagnostic.severity = Severity::Warning;
        self
    }
}
