//! `clinicsite check`: what a build rejects, plus review, readability and privacy lints per page.
//!
//! [`check`] builds the site in memory (never writing), then measures every page.
//! The result, [`CheckReport`], is plain data that serialises to the JSON format
//! documented in `docs/check.md` (`format_version` 1).

pub mod lints;
mod page;
pub mod readability;
pub mod review;
pub mod syllables;
pub mod text;
mod weight;

use crate::diagnostics::{Diagnostic, Severity};
use crate::{BuildError, BuildOptions};
use jiff::civil::Date;
use rayon::prelude::*;
use readability::Readability;
use review::Review;
use serde::{Serialize, Serializer};

/// The version of the JSON format; bumped only when a field changes meaning or goes away.
pub const FORMAT_VERSION: u32 = 1;

/// What kind of problem a [`Problem`] is; serialised in kebab-case (`review-overdue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemCode {
    /// Something `build` rejects (always an error).
    Build,
    /// A warning the build itself gives (for example sanitised raw HTML).
    BuildWarning,
    /// No `reviewed_by`.
    ReviewMissingReviewer,
    /// No `last_reviewed`.
    ReviewMissingDate,
    /// The review date has passed.
    ReviewOverdue,
    /// The review is due within 30 days.
    ReviewDueSoon,
    /// The Flesch-Kincaid grade is above the site's target.
    ReadabilityGrade,
    /// A page that should cite sources cites none.
    MissingSources,
    /// Raw HTML in the markdown.
    RawHtml,
    /// Something the page would load from another origin.
    ExternalResource,
    /// The page weighs more than the site's `page_weight.max_kb`.
    PageWeight,
}

/// One problem: a diagnostic with a stable code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// What kind of problem it is.
    pub code: ProblemCode,
    /// Severity, path, position, message and hint.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
}

/// Everything `check` found about one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    /// The source file, relative to the site folder (`content/conditions/acne-scars.md`).
    pub path: String,
    /// The page's URL, root-relative, without the base path.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The page's kind (`page`, `condition`, `step`, `phase`, `faq`, `questionnaire`).
    pub kind: &'static str,
    /// True for a section's `_index.md`.
    pub is_section: bool,
    /// The treatment the page belongs to (its `kind: treatment` section's title);
    /// left out for a site without treatment sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment: Option<String>,
    /// Review facts and status on the report's day.
    pub review: Review,
    /// Reading level of the prose; `null` when the page has no prose.
    pub readability: Option<Readability>,
    /// Words on the page (the figure the site shows).
    pub word_count: usize,
    /// Number of sources the page cites.
    pub sources: usize,
    /// Problems found on this page, errors first.
    pub problems: Vec<Problem>,
}

/// Totals for the whole site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Pages checked.
    pub pages: usize,
    /// Errors (what the build rejects).
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

/// The result of `clinicsite check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The JSON format's version ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The day review status was computed for.
    #[serde(serialize_with = "iso_date")]
    pub today: Date,
    /// The site's highest acceptable Flesch-Kincaid grade.
    pub max_grade: f64,
    /// The site's title (empty when site.yaml could not be read).
    pub site_title: String,
    /// The site's language tag (empty when site.yaml could not be read).
    pub language: String,
    /// True when the site builds (no errors from the build).
    pub builds: bool,
    /// Totals.
    pub summary: Summary,
    /// Every page that could be read, in site order (by path).
    pub pages: Vec<PageReport>,
    /// Problems not tied to a page that could be read: site.yaml, templates, static
    /// files, or a page whose front matter could not be read.
    pub site_problems: Vec<Problem>,
}

impl CheckReport {
    /// True when any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// True when any problem is a warning.
    pub fn has_warnings(&self) -> bool {
        self.summary.warnings > 0
    }

    /// Every problem, page by page, then the site's.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.pages
            .iter()
            .flat_map(|p| p.problems.iter())
            .chain(self.site_problems.iter())
    }
}

fn iso_date<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// Builds the site in memory and checks every page as of `today`.
///
/// Never writes anything. When the build fails, its errors are reported and the pages
/// that could be read are still measured.
pub fn check(options: &BuildOptions, today: Date) -> CheckReport {
    let (build_problems, loaded, files) = match crate::render_site(options) {
        Ok(rendered) => (
            rendered.warnings,
            Some((rendered.config, rendered.site)),
            rendered.files,
        ),
        // The build failed: still measure every page that could be read (its
        // diagnostics are the build's own, already in hand).
        Err(BuildError::Site(diagnostics)) => (
            diagnostics,
            crate::load_site(options).ok().map(|l| (l.config, l.site)),
            Vec::new(),
        ),
        Err(BuildError::Write(e)) => (
            vec![Diagnostic::file_error("public", e.to_string())],
            None,
            Vec::new(),
        ),
    };
    let builds = !build_problems.iter().any(Diagnostic::is_error);
    let mut report = CheckReport {
        format_version: FORMAT_VERSION,
        today,
        max_grade: loaded
            .as_ref()
            .map_or(8.0, |(c, _)| c.readability.max_grade),
        site_title: loaded
            .as_ref()
            .map(|(c, _)| c.title.clone())
            .unwrap_or_default(),
        language: loaded
            .as_ref()
            .map(|(c, _)| c.language.clone())
            .unwrap_or_default(),
        builds,
        summary: Summary::default(),
        pages: Vec::new(),
        site_problems: Vec::new(),
    };
    if let Some((config, site)) = &loaded {
        // The help box file is no page of its own, but is reviewed like one.
        let help = site.help_box.and_then(|h| Some((h, site.page(h)?)));
        let included: Vec<_> = site.included().chain(help).collect();
        report.pages = included
            .into_par_iter()
            .map(|(i, page)| page::check_page(site, i, page, config, today, &files, builds))
            .collect();
        report.pages.sort_by(|a, b| a.path.cmp(&b.path));
        report
            .site_problems
            .extend(page::css_external_loads(&files, config));
    }
    for diagnostic in build_problems {
        let code = if diagnostic.is_error() {
            ProblemCode::Build
        } else {
            ProblemCode::BuildWarning
        };
        let problem = Problem { code, diagnostic };
        match report
            .pages
            .iter_mut()
            .find(|p| p.path == problem.diagnostic.path)
        {
            Some(page) => page.problems.push(problem),
            None => report.site_problems.push(problem),
        }
    }
    for page in &mut report.pages {
        sort_problems(&mut page.problems);
    }
    sort_problems(&mut report.site_problems);
    report.summary = Summary {
        pages: report.pages.len(),
        errors: count(&report, Severity::Error),
        warnings: count(&report, Severity::Warning),
    };
    report
}

fn count(report: &CheckReport, severity: Severity) -> usize {
    report
        .problems()
        .filter(|p| p.diagnostic.severity == severity)
        .count()
}

fn sort_problems(problems: &mut [Problem]) {
    problems.sort_by(|a, b| {
        let key = |p: &Problem| (p.diagnostic.severity, p.diagnostic.position, p.code);
        key(a).cmp(&key(b))
    });
}
