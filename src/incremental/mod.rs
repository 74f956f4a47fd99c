//! Incremental builds for `serve`: the same pipeline as [`crate::render_site`],
//! remembering its work between runs so a save re-does only what it touches.
//!
//! Kept between builds: each markdown file's text and parsed front matter
//! (read again only when the watcher names it or its size/mtime changed), each
//! page's rendered body, and each page's HTML with a fingerprint of everything
//! it was made from (see [`fingerprint`]). A content edit therefore reads one
//! file, renders one body, and renders the pages whose fingerprint changed: the
//! page itself, its section and neighbours when its title or order changed, and
//! every page when the main navigation changed. A template edit re-renders the
//! pages whose template pulls it in. Adding or removing a page, a settings edit,
//! or a change to what pages can link to re-renders every body (pages whose HTML
//! comes out the same are still not re-rendered).
//!
//! The result is byte-for-byte what a full build gives (tested in `tests/incremental.rs`).

mod assemble;
mod fast;
pub mod fingerprint;
pub mod inputs;
mod pages;
mod pipeline;
pub mod statics;

use crate::BuildOptions;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::theme::{FileSource, TemplateSources};
use inputs::Slot;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One file of the built site, held in memory or read from its source when asked.
#[derive(Debug, Clone)]
pub enum Served {
    /// Rendered bytes.
    Bytes(Arc<[u8]>),
    /// A static file or page asset, read from the theme or the disk.
    Source(FileSource),
}

impl Served {
    /// The file's bytes.
    pub fn bytes(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Served::Bytes(b) => Ok(Cow::Borrowed(b)),
            Served::Source(s) => s.bytes(),
        }
    }
}

/// Every file of a built site by output path (`conditions/acne-scars/index.html`).
pub type SiteFiles = HashMap<Arc<str>, Served>;

/// What one build did.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    /// True for the first build (everything read and rendered).
    pub full: bool,
    /// Markdown files read from disk.
    pub files_read: usize,
    /// Page bodies (markdown) rendered.
    pub bodies_rendered: usize,
    /// Pages rendered through their template.
    pub pages_rendered: usize,
    /// HTML pages in the site.
    pub pages: usize,
    /// How long the build took.
    pub elapsed: Duration,
}

#[derive(Debug)]
struct ConfigState {
    text_hash: u64,
    result: Result<SiteConfig, Vec<Diagnostic>>,
}

/// Templates with the fingerprint of what each one pulls in.
#[derive(Debug, Default)]
struct Templates {
    sources: TemplateSources,
    errors: Vec<Diagnostic>,
    closures: BTreeMap<String, u64>,
}

/// An output path and its rendered bytes.
type RenderedFile = (Arc<str>, Arc<[u8]>);

/// A rendered file and the fingerprint of its inputs.
#[derive(Debug, Clone)]
struct Cached {
    fingerprint: u64,
    bytes: Arc<[u8]>,
}

/// A site build that keeps its work for the next run.
pub struct IncrementalBuild {
    options: BuildOptions,
    pending: BTreeSet<PathBuf>,
    first_done: bool,
    config: Option<ConfigState>,
    templates: Templates,
    statics: statics::StaticState,
    slots: Vec<Slot>,
    known: HashMap<PathBuf, usize>,
    discover_errors: Vec<Diagnostic>,
    site: Site,
    body_ok: Vec<bool>,
    body_sigs: Vec<u64>,
    index: crate::links::PageLookups,
    pages: HashMap<Arc<str>, Cached>,
    not_found: Option<Cached>,
    extras: Option<(u64, Vec<RenderedFile>)>,
    warnings: Vec<Diagnostic>,
    link_diagnostics: Vec<Diagnostic>,
    link_sigs: Vec<u64>,
    global: u64,
    order: Vec<Arc<str>>,
    paths: Vec<Arc<str>>,
    assets_sig: u64,
    output: Option<Arc<SiteFiles>>,
    last_ok: bool,
}

impl IncrementalBuild {
    /// A build of the site in `options` that has not run yet.
    pub fn new(options: BuildOptions) -> Self {
        IncrementalBuild {
            options,
            pending: BTreeSet::new(),
            first_done: false,
            config: None,
            templates: Templates::default(),
            statics: statics::StaticState::default(),
            slots: Vec::new(),
            known: HashMap::new(),
            discover_errors: Vec::new(),
            site: empty_site(),
            body_ok: Vec::new(),
            body_sigs: Vec::new(),
            index: crate::links::PageLookups::default(),
            pages: HashMap::new(),
            not_found: None,
            extras: None,
            warnings: Vec::new(),
            link_diagnostics: Vec::new(),
            link_sigs: Vec::new(),
            global: 0,
            order: Vec::new(),
            paths: Vec::new(),
            assets_sig: 0,
            output: None,
            last_ok: false,
        }
    }

    /// The options this build runs with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The site's settings as last read successfully.
    pub fn config(&self) -> Option<&SiteConfig> {
        self.config.as_ref().and_then(|c| c.result.as_ref().ok())
    }

    /// Warnings of the last successful build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Builds the site, re-doing only what the files in `changed` (absolute
    /// paths) affect; the first call builds everything. On failure, every
    /// diagnostic (errors and warnings) is returned, like [`crate::render_site`];
    /// what was learnt is kept, so the next build after a fix is incremental too.
    pub fn build(
        &mut self,
        changed: &[PathBuf],
    ) -> Result<(Arc<SiteFiles>, BuildSummary), Vec<Diagnostic>> {
        let started = Instant::now();
        self.pending.extend(changed.iter().cloned());
        let mut plan = inputs::plan(&self.options.site_dir, &self.pending, &self.known);
        plan.full |= !self.first_done;

        let config_changed = self.update_config(plan.full || plan.config);
        let config = match &self.config {
            Some(ConfigState { result: Ok(c), .. }) => c.clone(),
            Some(ConfigState { result: Err(d), .. }) => {
                self.last_ok = false;
                return Err(d.clone());
            }
            None => return Err(Vec::new()),
        };
        // From here on every pending change is taken into account.
        self.pending.clear();
        self.first_done = true;
        let mut summary = BuildSummary {
            full: plan.full,
            ..BuildSummary::default()
        };
        let result = match fast::try_fast(self, &plan, &config, config_changed, &mut summary) {
            Some(result) => result,
            None => pipeline::run(self, &plan, &config, config_changed, &mut summary),
        };
        self.last_ok = result.is_ok();
        result.map(|files| {
            summary.pages = self.pages.len() + usize::from(self.not_found.is_some());
            summary.elapsed = started.elapsed();
            (files, summary)
        })
    }

    /// Reloads site.yaml if asked; true when its text changed.
    fn update_config(&mut self, reload: bool) -> bool {
        if !reload {
            return false;
        }
        let path = self.options.site_dir.join(crate::config::CONFIG_FILE);
        let text_hash = match std::fs::read(&path) {
            Ok(bytes) => fingerprint::hash_of(&bytes),
            Err(e) => fingerprint::hash_of(&e.to_string()),
        };
        if self.config.as_ref().map(|c| c.text_hash) == Some(text_hash) {
            return false;
        }
        self.config = Some(ConfigState {
            text_hash,
            result: crate::config::load(&self.options.site_dir),
        });
        true
    }
}

fn empty_site() -> Site {
    Site::default()
}
