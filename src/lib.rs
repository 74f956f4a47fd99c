//! clinicsite: a static site generator for patient-information websites.
//!
//! The pipeline, top-down: discover -> parse -> link -> validate -> render -> write.
//! Every stage passes plain data to the next; errors are collected, not thrown,
//! so a writer sees all of them at once, and nothing is written unless all went well.

mod assemble;
mod body;
pub mod build_record;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod faq;
pub mod file_stamp;
pub mod heading_ids;
mod image_size;
pub mod incremental;
pub mod json_ld;
pub mod links;
pub mod markdown;
mod new_folder;
pub mod new_site;
pub mod output;
pub mod questionnaire;
pub mod render;
pub mod report;
pub mod sanitise;
pub mod serve;
pub mod site;
pub mod site_files;
mod source_text;
pub mod theme;
pub mod yaml;

use diagnostics::Diagnostic;
use rayon::prelude::*;
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
    /// Where `build` keeps its records of earlier builds (see [`build_record`]);
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
            cache_dir: build_record::default_cache_dir(),
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
    /// What was written.
    pub write: output::WriteReport,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site and writes it, leaving the previous output untouched on any error.
/// Pages the last build into the same folder made from the same inputs are not
/// rendered again (see [`build_record`]).
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    check_output_folder(options)?;
    if output::is_new_folder(&options.out_dir) {
        return new_folder::build_into_new_folder(options);
    }
    let records = options.cache_dir.as_deref();
    let previous = build_record::BuildRecord::load(records, &options.out_dir);
    let (loaded, reuse) = load_site_reusing(options, previous)?;
    write_loaded(options, loaded, reuse)
}

/// Renders a loaded site and writes it (comparing each file with the one there).
pub(crate) fn write_loaded(
    options: &BuildOptions,
    mut loaded: LoadedSite,
    reuse: build_record::Reuse,
) -> Result<BuildReport, BuildError> {
    // Nothing after the page bodies reads the source texts, and a build keeps nothing:
    // free them before every rendered page is held at once (peak memory), and each
    // page's body as soon as that page is rendered.
    for page in loaded.site.pages.iter_mut().flatten() {
        page.file.text = String::new();
    }
    let rendered = render_loaded(options, loaded, true, &reuse)?;
    let (write, stamps) = output::write(&options.out_dir, &rendered.files)?;
    Ok(finish_build(options, rendered, reuse, write, &stamps))
}

/// The end of every build once its files are written: saves the record (unless
/// nothing changed) and reports.
pub(crate) fn finish_build(
    options: &BuildOptions,
    mut rendered: RenderedSite,
    reuse: build_record::Reuse,
    write: output::WriteReport,
    stamps: &output::OutputStamps,
) -> BuildReport {
    let pages = (rendered.files.iter())
        .filter(|f| f.path.ends_with(".html"))
        .count();
    // The written pages are done with: their memory serves the record.
    drop(std::mem::take(&mut rendered.files));
    // A record that cannot be saved costs the next build time, not correctness:
    // an older record only matches files this build left exactly as they were.
    let reused = reuse.kept.iter().flatten().count();
    let files_read = (reuse.sources.files.iter().flatten())
        .filter(|r| !r.from_record)
        .count();
    if !reuse.changes_nothing(&rendered.site) {
        let records = options.cache_dir.as_deref();
        let previous = reuse.previous;
        let record = build_record::record(&rendered.site, reuse, stamps);
        let _ = record.save(records, &options.out_dir, previous);
    }
    let warnings = std::mem::take(&mut rendered.warnings);
    // Freeing every page is a last serial step the caller need not wait for.
    std::thread::spawn(move || drop(rendered));
    BuildReport {
        pages,
        reused,
        files_read,
        write,
        warnings,
    }
}

/// The site read, linked and with every page body rendered, before templates run.
#[derive(Debug)]
pub struct LoadedSite {
    /// The site's settings.
    pub config: config::SiteConfig,
    /// Theme and site static files.
    pub static_files: theme::StaticFiles,
    /// Theme and site templates.
    pub templates: theme::TemplateSources,
    /// The linked site model, bodies rendered.
    pub site: site::Site,
    /// Every error and warning found so far.
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs discover -> parse -> link -> validate; fails only when site.yaml cannot be used,
/// so callers such as `check` still get every page that could be read.
pub fn load_site(options: &BuildOptions) -> Result<LoadedSite, BuildError> {
    let (loaded, _) = load_site_reusing(options, build_record::BuildRecord::default())?;
    Ok(loaded)
}

/// [`load_site`], taking from `previous` the bodies of pages whose output is still right.
fn load_site_reusing(
    options: &BuildOptions,
    previous: build_record::BuildRecord,
) -> Result<(LoadedSite, build_record::Reuse), BuildError> {
    let (mut loaded, reuse) = load_unrendered(options, previous)?;
    let index = site_index(options, &loaded.site, &loaded.config, &loaded.static_files);
    render_bodies(&mut loaded.site, &reuse, &index, &loaded.config);
    check_bodies_and_links(&loaded.site, &mut loaded.diagnostics);
    Ok((loaded, reuse))
}

/// The lookups page links are resolved against.
pub(crate) fn site_index<'a>(
    options: &BuildOptions,
    site: &site::Site,
    config: &'a config::SiteConfig,
    static_files: &'a theme::StaticFiles,
) -> links::SiteIndex<'a> {
    let content_dir = options.site_dir.join("content");
    links::SiteIndex::new(site, content_dir, &config.base_path, static_files)
}

/// discover -> parse -> link, and the plan of what the last build left that is still
/// right; page bodies are not rendered yet.
pub(crate) fn load_unrendered(
    options: &BuildOptions,
    mut previous: build_record::BuildRecord,
) -> Result<(LoadedSite, build_record::Reuse), BuildError> {
    let site_dir = &options.site_dir;
    let config = config::load(site_dir).map_err(BuildError::Site)?;
    let mut diagnostics = Vec::new();
    let static_files =
        collect(theme::StaticFiles::load(site_dir), &mut diagnostics).unwrap_or_default();
    let templates =
        collect(theme::TemplateSources::load(site_dir), &mut diagnostics).unwrap_or_default();

    // discover -> parse (a file the last build read, unchanged since, is not read again)
    let content_dir = site_dir.join("content");
    let (sources, problems) = content::discover(site_dir, &content_dir);
    diagnostics.extend(problems);
    let settings_key = build_record::settings_key(site_dir);
    let (parsed, sources) = parse_sources(
        sources,
        &mut previous,
        settings_key,
        &config,
        &mut diagnostics,
    );

    // link: the tree (page bodies, rendered next, need every URL; a page the last
    // build made from the same inputs keeps its output)
    let site = site::link(parsed, &config, options.drafts, &mut diagnostics);
    let inputs = build_record::SiteInputs {
        settings_key,
        drafts: options.drafts,
        templates: &templates,
        static_files: &static_files,
    };
    let reuse = build_record::plan(previous, &options.out_dir, &site, sources, &inputs);
    let loaded = LoadedSite {
        config,
        static_files,
        templates,
        site,
        diagnostics,
    };
    Ok((loaded, reuse))
}

/// Once every page body is rendered: collects their problems and front matter
/// warnings, then checks the links between pages.
pub(crate) fn check_bodies_and_links(site: &site::Site, diagnostics: &mut Vec<Diagnostic>) {
    for (_, page) in site.included() {
        diagnostics.extend(page.body.diagnostics.iter().cloned());
        diagnostics.extend(page.file.front.warnings.iter().cloned());
    }
    site::check_links(site, diagnostics);
}

/// Reads and parses every markdown file, taking unchanged ones from `previous`.
fn parse_sources(
    sources: Vec<content::SourceFile>,
    previous: &mut build_record::BuildRecord,
    settings_key: u64,
    config: &config::SiteConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Option<content::ParsedFile>>, build_record::SourcesRead) {
    let started = std::time::SystemTime::now();
    let known = previous.take_sources(settings_key);
    let recorded = known.len();
    let (parsed, files): (Vec<_>, Vec<_>) = build_record::read_sources(sources, known, config)
        .into_iter()
        .map(|r| collect(r, diagnostics).unzip())
        .unzip();
    let read = build_record::SourcesRead {
        files,
        started,
        settings_key,
        recorded,
    };
    (parsed, read)
}

/// Renders the body of every included page that `reuse` does not keep; a kept
/// page that a rendered page links into gets its heading ids.
pub(crate) fn render_bodies(
    site: &mut site::Site,
    reuse: &build_record::Reuse,
    index: &links::SiteIndex,
    config: &config::SiteConfig,
) {
    let render = |i: usize, page: &mut site::PageNode| {
        if let Err(errors) = build_record::load_text(page, reuse.read(i)) {
            page.body.diagnostics = errors;
            return;
        }
        (page.body, page.questionnaire) =
            body::render(&page.file, &page.file.text, i, page.kind, index, config);
    };
    site.pages.par_iter_mut().enumerate().for_each(|(i, page)| {
        if let Some(page) = page.as_mut().filter(|p| p.included)
            && reuse.kept(i).is_none()
        {
            render(i, page);
        }
    });
    let wanted = build_record::restore_bodies(site, reuse, index);
    site.pages.par_iter_mut().enumerate().for_each(|(i, page)| {
        if let Some(page) = page.as_mut()
            && wanted.binary_search(&i).is_ok()
        {
            let assets = std::mem::take(&mut page.body.assets);
            let links = std::mem::take(&mut page.body.links);
            render(i, page);
            // Only the ids are wanted: the page's output and links stay as recorded.
            page.body = markdown::RenderedMarkdown {
                anchors: std::mem::take(&mut page.body.anchors),
                diagnostics: std::mem::take(&mut page.body.diagnostics),
                assets,
                links,
                ..Default::default()
            };
            page.questionnaire = None;
        }
    });
}

/// Runs every stage but writing.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    render_loaded(
        options,
        load_site(options)?,
        false,
        &build_record::Reuse::default(),
    )
}

/// The render half of [`render_site`], from a loaded site; with `free_bodies`, each
/// page body is freed once its page is rendered (the returned site has none left).
/// Pages `reuse` keeps are not rendered: their files are left as they are.
fn render_loaded(
    options: &BuildOptions,
    mut loaded: LoadedSite,
    free_bodies: bool,
    reuse: &build_record::Reuse,
) -> Result<RenderedSite, BuildError> {
    fail_on_errors(&mut loaded.diagnostics)?;

    // render
    let mut renderer = render::Renderer::new(&loaded.templates, &loaded.config, &loaded.site)
        .map_err(BuildError::Site)?;
    if free_bodies {
        renderer.take_bodies(&mut loaded.site);
    }
    let (site, config) = (&loaded.site, &loaded.config);
    let included: Vec<usize> = site
        .included()
        .map(|(i, _)| i)
        .filter(|&i| reuse.kept(i).is_none())
        .collect();
    let pages: Vec<Result<output::OutputFile, Diagnostic>> = included
        .par_iter()
        .map(|&i| {
            let json_ld = json_ld::for_page(site, i, config);
            let html = renderer.render_page(site, i, &json_ld)?;
            let path = site.page(i).map(site::PageNode::output_path);
            Ok(output::OutputFile {
                path: path.unwrap_or_else(|| "index.html".to_string()),
                contents: output::Contents::Bytes(html.into_bytes()),
            })
        })
        .collect();
    let mut files = Vec::with_capacity(pages.len() + 1);
    for page in pages {
        match page {
            Ok(f) => files.push(f),
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    let not_found = renderer.render_not_found();
    drop(renderer);
    let statics = assemble::StaticOutput::ToCopy;
    assemble::finish_render(options, loaded, files, not_found, reuse, statics)
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

/// Keeps the value of a stage, moving its diagnostics into `all`.
fn collect<T>(result: Result<T, Vec<Diagnostic>>, all: &mut Vec<Diagnostic>) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(d) => {
            all.extend(d);
            None
        }
    }
}

pub(crate) fn fail_on_errors(diagnostics: &mut Vec<Diagnostic>) -> Result<(), BuildError> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics::sort(diagnostics);
        return Err(BuildError::Site(std::mem::take(diagnostics)));
    }
    Ok(())
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
