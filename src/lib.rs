//! clinicsite: a static site generator for patient-information websites.
//!
//! The pipeline, top-down: discover -> parse -> link -> validate -> render -> write.
//! Every stage passes plain data to the next; errors are collected, not thrown,
//! so a writer sees all of them at once, and nothing is written unless all went well.

mod body;
pub mod check;
pub(crate) mod config;
pub mod content;
pub mod diagnostics;
pub(crate) mod faq;
pub(crate) mod file_stamp;
pub(crate) mod heading_ids;
mod image_size;
pub(crate) mod images;
pub(crate) mod json_ld;
pub(crate) mod links;
pub(crate) mod markdown;
pub mod new_site;
pub mod output;
pub mod pipeline;
pub(crate) mod placeholder;
pub mod questionnaire;
pub(crate) mod render;
pub mod report;
pub(crate) mod sanitise;
pub(crate) mod search;
pub mod serve;
pub(crate) mod site;
pub(crate) mod site_files;
mod source_text;
pub mod theme;
pub(crate) mod treatments;
pub(crate) mod yaml;

use diagnostics::Diagnostic;
use pipeline::cache::StageCache;
use pipeline::sink::{Finished, Sink};
use pipeline::sources::{Changes, Sources};
use std::path::{Path, PathBuf};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds site.yaml and content/).
    pub site_dir: PathBuf,
    /// Where the built site goes (default `<site>/public`).
    pub out_dir: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Where `build` keeps its records of earlier builds (see [`pipeline`]);
    /// `None`: every build renders every page.
    pub cache_dir: Option<PathBuf>,
}

impl BuildOptions {
    /// Options for a site folder with the default output folder.
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        let site_dir = site_dir.into();
        BuildOptions {
            out_dir: site_dir.join("public"),
            site_dir,
            drafts: false,
            cache_dir: pipeline::default_cache_dir(),
        }
    }
}

/// Why a build did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site has mistakes; every one is listed (warnings too).
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Site(Vec<Diagnostic>),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] output::WriteError),
}

/// A site rendered in memory, ready to be written or inspected.
#[derive(Debug)]
pub struct RenderedSite {
    /// Every output file.
    pub files: Vec<output::OutputFile>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// The linked site model (for checks and reports).
    pub site: site::Site,
    /// The site's settings.
    pub config: config::SiteConfig,
}

/// The result of a successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// Number of HTML pages.
    pub pages: usize,
    /// Pages not rendered again: the last build made them from the same inputs.
    pub reused: usize,
    /// Markdown files read (the others were unchanged since the last build).
    pub files_read: usize,
    /// Pictures resized and encoded (the others came from the cache folder).
    pub images_encoded: usize,
    /// What was written.
    pub write: output::WriteReport,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

impl From<pipeline::Stopped> for BuildError {
    fn from(stopped: pipeline::Stopped) -> Self {
        match stopped {
            pipeline::Stopped::Site(diagnostics, _) => BuildError::Site(diagnostics),
            pipeline::Stopped::Write(e) => BuildError::Write(e),
        }
    }
}

/// Builds the site and writes it, leaving the previous output untouched on any error.
/// Pages the last build into the same folder made from the same inputs are not
/// rendered again (see [`pipeline`]).
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    check_output_folder(options)?;
    let sources = load_sources(options)?;
    let sink = Sink::for_folder(&options.out_dir)?;
    let records = options.cache_dir.as_deref();
    let cache = match sink.streams() {
        // A new folder holds none of the files a record would know.
        true => StageCache::default(),
        false => StageCache::load_record(records, &options.out_dir),
    };
    let (recorded, read_hash) = (cache.pages.len(), cache.read_hash);
    let started = std::time::SystemTime::now();
    let mut ran = pipeline::run(&run_input(options, &sources), cache, sink)?;
    let counts = ran.counts;
    let write = match std::mem::replace(&mut ran.finished, Finished::Memory(Vec::new())) {
        Finished::Written(report, _) => report,
        Finished::Memory(_) => output::WriteReport::default(),
    };
    // A record that cannot be saved costs the next build time, not correctness.
    let warnings = std::mem::take(&mut ran.warnings);
    if !ran.changes_no_record(recorded, started) {
        let mut cache = ran.next_cache();
        cache.read_hash = read_hash;
        let _ = cache.save_record(records, &options.out_dir, started);
    }
    // Freeing every page is a last serial step the caller need not wait for.
    std::thread::spawn(move || drop(ran));
    Ok(BuildReport {
        pages: counts.html_files,
        reused: counts.pages_kept,
        files_read: counts.files_read,
        images_encoded: counts.images_encoded,
        write,
        warnings,
    })
}

/// The sources stage of a command's build.
fn load_sources(options: &BuildOptions) -> Result<Sources, BuildError> {
    Sources::load(&options.site_dir, None, Changes::Unknown).map_err(BuildError::Site)
}

/// What a command's run needs besides the cache and the sink.
fn run_input<'a>(options: &'a BuildOptions, sources: &'a Sources) -> pipeline::RunInput<'a> {
    pipeline::RunInput {
        site_dir: &options.site_dir,
        drafts: options.drafts,
        sources,
        cache_dir: options.cache_dir.as_deref(),
    }
}

/// The site read, linked and with every page body rendered, with every problem
/// found (for `check`, which measures what could be read even when the build fails).
#[derive(Debug)]
pub struct LoadedSite {
    /// The site's settings.
    pub config: config::SiteConfig,
    /// The linked site model, bodies rendered.
    pub site: site::Site,
    /// Every error and warning found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the pipeline in memory; fails only when site.yaml cannot be used, so
/// callers such as `check` still get every page that could be read.
pub fn load_site(options: &BuildOptions) -> Result<LoadedSite, BuildError> {
    let sources = load_sources(options)?;
    let outcome = pipeline::run(
        &run_input(options, &sources),
        StageCache::default(),
        Sink::Memory,
    );
    let (site, diagnostics) = match outcome {
        Ok(ran) => (ran.site, ran.warnings),
        Err(pipeline::Stopped::Site(diagnostics, partial)) => (partial.site, diagnostics),
        Err(pipeline::Stopped::Write(e)) => return Err(BuildError::Write(e)),
    };
    Ok(LoadedSite {
        config: sources.config,
        site,
        diagnostics,
    })
}

/// Runs every stage, with the files built into memory.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    let sources = load_sources(options)?;
    let ran = pipeline::run(
        &run_input(options, &sources),
        StageCache::default(),
        Sink::Memory,
    )?;
    let files = match ran.finished {
        Finished::Memory(files) => files,
        Finished::Written(..) => Vec::new(),
    };
    Ok(RenderedSite {
        files,
        warnings: ran.warnings,
        site: ran.site,
        config: sources.config,
    })
}

/// Builds the site in memory and returns the questionnaire on `page` (a site-relative
/// path such as `content/suitability.md`), or the only questionnaire of the site.
pub fn find_questionnaire(
    options: &BuildOptions,
    page: Option<&str>,
) -> Result<questionnaire::Questionnaire, BuildError> {
    let rendered = render_site(options)?;
    let mut found = rendered
        .site
        .included()
        .filter(|(_, p)| {
            page.is_none_or(|want| p.file.source.display_path == want.trim_start_matches("./"))
        })
        .filter_map(|(_, p)| p.file.front.questionnaire.clone());
    match (found.next(), found.next()) {
        (Some(q), None) => Ok(q),
        (None, _) => Err(BuildError::Site(vec![
            Diagnostic::file_error(page.unwrap_or("content"), "no questionnaire page found")
                .with_hint("a questionnaire page has `kind: questionnaire` in its front matter"),
        ])),
        (Some(_), Some(_)) => Err(BuildError::Site(vec![
            Diagnostic::file_error("content", "the site has more than one questionnaire")
                .with_hint("choose one with --page content/NAME.md"),
        ])),
    }
}

/// Refuses output folders that would overwrite the site's own files.
fn check_output_folder(options: &BuildOptions) -> Result<(), BuildError> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (site, out) = (abs(&options.site_dir), abs(&options.out_dir));
    let protected = ["content", "templates", "static"].map(|d| site.join(d));
    if site.starts_with(&out) || protected.iter().any(|p| out.starts_with(p)) {
        return Err(BuildError::Site(vec![
            Diagnostic::file_error(
                out.display().to_string(),
                "the output folder would overwrite the site's own files",
            )
            .with_hint("choose another folder with --out, e.g. `public`"),
        ]));
    }
    Ok(())
}
