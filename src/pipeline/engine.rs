//! The pipeline as `serve` runs it: the cache kept in memory between builds,
//! the files built into memory, and each build told which files changed, so a
//! save re-does only what it touches. The result is byte for byte what a build
//! into a new folder gives (tested in `tests/incremental.rs`).

use super::cache::StageCache;
use super::in_place::LastRun;
use super::sink::{self, Finished, Sink, SiteFiles};
use super::sources::{Changes, Sources};
use super::{Counts, RunInput, Stopped};
use crate::BuildOptions;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// A site build that keeps its work in memory for the next run.
pub struct Engine {
    options: BuildOptions,
    /// Changed files not yet taken into a build.
    pending: BTreeSet<PathBuf>,
    sources: Option<Sources>,
    /// The last run kept whole, when it succeeded; else the cache.
    last: Option<LastRun>,
    cache: StageCache,
    warnings: Vec<Diagnostic>,
}

impl Engine {
    /// A build of the site in `options` that has not run yet.
    pub fn new(options: BuildOptions) -> Self {
        Engine {
            options,
            pending: BTreeSet::new(),
            sources: None,
            last: None,
            cache: StageCache::default(),
            warnings: Vec::new(),
        }
    }

    /// The options this build runs with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// The site's settings as last read successfully.
    pub fn config(&self) -> Option<&SiteConfig> {
        self.sources.as_ref().map(|s| &s.config)
    }

    /// Warnings of the last successful build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Builds the site, re-doing only what the files in `changed` (absolute
    /// paths) affect; the first call builds everything. On failure, every
    /// diagnostic (errors and warnings) is returned, like [`crate::render_site`];
    /// what was made is kept, so the next build after a fix is quick too.
    pub fn build(
        &mut self,
        changed: &[PathBuf],
    ) -> Result<(Arc<SiteFiles>, BuildSummary), Vec<Diagnostic>> {
        let started = Instant::now();
        self.pending.extend(changed.iter().cloned());
        let full = self.sources.is_none();
        let changes = match full {
            true => Changes::Unknown,
            false => Changes::Named(&self.pending),
        };
        let sources = Sources::load(&self.options.site_dir, self.sources.take(), changes)?;
        // From here on every pending change is taken into account.
        self.pending.clear();
        let input = RunInput {
            site_dir: &self.options.site_dir,
            drafts: self.options.drafts,
            sources: &sources,
            cache_dir: self.options.cache_dir.as_deref(),
        };
        let summary = |counts: Counts| BuildSummary {
            full,
            files_read: counts.files_read,
            bodies_rendered: counts.bodies_rendered,
            pages_rendered: counts.pages_rendered,
            pages: counts.html_files,
            elapsed: started.elapsed(),
        };
        let rerun = self.last.as_mut().and_then(|last| last.rerun(&input));
        let result = match rerun {
            Some(Ok((files, counts, warnings))) => {
                self.warnings = warnings;
                Ok((files, summary(counts)))
            }
            Some(Err(diagnostics)) => Err(diagnostics),
            None => {
                let cache = match self.last.take() {
                    Some(last) => last.into_cache(),
                    None => std::mem::take(&mut self.cache),
                };
                match super::run(&input, cache, Sink::Memory) {
                    Ok(mut ran) => {
                        self.warnings = std::mem::take(&mut ran.warnings);
                        let files = match std::mem::replace(
                            &mut ran.finished,
                            Finished::Memory(Vec::new()),
                        ) {
                            Finished::Memory(files) => Arc::new(sink::site_files(files)),
                            Finished::Written(..) => Arc::new(SiteFiles::default()),
                        };
                        let counts = ran.counts;
                        self.last = Some(LastRun::of(ran, files.clone()));
                        Ok((files, summary(counts)))
                    }
                    Err(Stopped::Site(diagnostics, partial)) => {
                        self.cache = partial.into_cache();
                        Err(diagnostics)
                    }
                    Err(Stopped::Write(e)) => {
                        Err(vec![Diagnostic::file_error("content", e.to_string())])
                    }
                }
            }
        };
        self.sources = Some(sources);
        result
    }
}
