//! The stages of an incremental build, in the order of [`crate::render_site`]:
//! inputs, link, bodies, checks, pages, site files; each redoing only what changed.

use super::fingerprint;
use super::inputs::{self, Loaded, Plan, Redo};
use super::{BuildSummary, IncrementalBuild, SiteFiles, Templates, pages};
use crate::config::SiteConfig;
use crate::content::{self, Kind};
use crate::diagnostics::{self, Diagnostic};
use crate::links::{PageLookups, SiteIndex};
use crate::markdown::RenderedMarkdown;
use crate::questionnaire::page::QuestionnairePage;
use crate::site;
use crate::theme::TemplateSources;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Runs every stage after site.yaml loaded.
pub(super) fn run(
    b: &mut IncrementalBuild,
    plan: &Plan,
    config: &SiteConfig,
    config_changed: bool,
    summary: &mut BuildSummary,
) -> Result<Arc<SiteFiles>, Vec<Diagnostic>> {
    let site_dir = b.options.site_dir.clone();
    let mut all_bodies = plan.full || config_changed;
    if plan.full || plan.templates {
        b.templates = match TemplateSources::load(&site_dir) {
            Ok(sources) => Templates {
                closures: fingerprint::template_closures(&sources),
                sources,
                errors: Vec::new(),
            },
            Err(errors) => Templates {
                errors,
                ..Templates::default()
            },
        };
    }
    if plan.full || !plan.statics.is_empty() {
        all_bodies |= b.statics.reload(&site_dir, &plan.statics).0;
    }

    // Inputs: read and parse what changed.
    let old_ok: Vec<bool> = b.slots.iter().map(|s| s.failed.is_none()).collect();
    let (old, bodies, kinds) = take_site(b);
    let structural = plan.full || plan.structural || old.len() != b.slots.len();
    let (files, changed) = if structural || config_changed {
        reload_all(b, plan, config, config_changed, structural, old, summary)
    } else {
        reload_named(b, plan, config, old, summary)
    };
    if structural {
        b.known = b
            .slots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.source.path.clone(), i))
            .collect();
    }
    let flipped: Vec<usize> = if structural {
        Vec::new()
    } else {
        (0..b.slots.len())
            .filter(|&i| old_ok[i] != b.slots[i].failed.is_none())
            .collect()
    };

    // Link, then decide which bodies are still right.
    b.link_diagnostics.clear();
    b.site = site::link(files, config, b.options.drafts, &mut b.link_diagnostics);
    let n = b.slots.len();
    if structural || all_bodies {
        b.body_ok = vec![false; n];
    } else {
        mark_stale_bodies(b, plan, &bodies, &kinds, &changed, &flipped);
    }
    b.body_sigs.resize(n, 0);
    for (i, (body, questionnaire)) in bodies.into_iter().enumerate().take(n) {
        match b.site.pages.get_mut(i).and_then(Option::as_mut) {
            Some(page) if page.included && b.body_ok[i] => {
                page.body = body;
                page.questionnaire = questionnaire;
            }
            _ => b.body_ok[i] = false,
        }
    }
    if structural || !flipped.is_empty() {
        b.index = PageLookups::of(&b.site);
    }
    summary.bodies_rendered = render_bodies(b, config);

    let mut found = collect_diagnostics(b);
    fail_on_errors(&mut found)?;

    let layout_may_change = structural || !plan.statics.is_empty();
    let files = pages::render_all(b, config, summary, layout_may_change, found)?;
    Ok(files)
}

/// Reads and parses files again after a structural or settings change: every
/// file is looked at (kept if its stamp is unchanged, re-parsed from its kept
/// text after a settings change). Returns the parsed files and which changed.
fn reload_all(
    b: &mut IncrementalBuild,
    plan: &Plan,
    config: &SiteConfig,
    config_changed: bool,
    structural: bool,
    old: Vec<Option<content::ParsedFile>>,
    summary: &mut BuildSummary,
) -> (Vec<Option<content::ParsedFile>>, Vec<usize>) {
    let slots = std::mem::take(&mut b.slots);
    let mut olds: Vec<Option<Loaded>> = slots.into_iter().zip(old).map(Some).collect();
    let jobs: Vec<Job> = if structural {
        let site_dir = &b.options.site_dir;
        let (sources, problems) = content::discover(site_dir, &site_dir.join("content"));
        b.discover_errors = problems;
        sources
            .into_iter()
            .map(|source| {
                let j = b.known.get(&source.path).copied();
                let old = j.and_then(|j| olds.get_mut(j)).and_then(Option::take);
                let named = j.is_some_and(|j| plan.modified.contains(&j));
                let redo = match &old {
                    Some((slot, _))
                        if !named
                            && slot.stamp.is_some()
                            && slot.stamp == inputs::Stamp::of(&source.path) =>
                    {
                        if config_changed {
                            Redo::Parse
                        } else {
                            Redo::Keep
                        }
                    }
                    _ => Redo::Read {
                        force: config_changed,
                    },
                };
                match (redo, old) {
                    (Redo::Keep, Some(old)) => Job::Keep(old),
                    (redo, old) => Job::Redo(source, old, redo),
                }
            })
            .collect()
    } else {
        olds.into_iter()
            .enumerate()
            .filter_map(|(i, old)| {
                let old = old?;
                let redo = if plan.modified.contains(&i) {
                    Redo::Read {
                        force: config_changed,
                    }
                } else if config_changed {
                    Redo::Parse
                } else {
                    return Some(Job::Keep(old));
                };
                Some(Job::Redo(old.0.source.clone(), Some(old), redo))
            })
            .collect()
    };
    let work = |job: Job| match job {
        Job::Keep(old) => {
            let before = Some(old.0.text_hash);
            (old, false, before)
        }
        Job::Redo(source, old, redo) => {
            let before = old.as_ref().map(|(s, _)| s.text_hash);
            let (loaded, read) = inputs::refresh(source, old, redo, config);
            (loaded, read, before)
        }
    };
    let loaded: Vec<(Loaded, bool, Option<u64>)> = jobs.into_par_iter().map(work).collect();
    let mut files = Vec::with_capacity(loaded.len());
    let mut changed = Vec::new();
    b.slots.clear();
    for (i, ((slot, parsed), read, before)) in loaded.into_iter().enumerate() {
        summary.files_read += usize::from(read);
        if before != Some(slot.text_hash) {
            changed.push(i);
        }
        b.slots.push(slot);
        files.push(parsed);
    }
    (files, changed)
}

/// Reads again only the files the watcher named, in place.
fn reload_named(
    b: &mut IncrementalBuild,
    plan: &Plan,
    config: &SiteConfig,
    mut files: Vec<Option<content::ParsedFile>>,
    summary: &mut BuildSummary,
) -> (Vec<Option<content::ParsedFile>>, Vec<usize>) {
    let mut changed = Vec::new();
    for &i in &plan.modified {
        let (Some(slot), Some(file)) = (b.slots.get_mut(i), files.get_mut(i)) else {
            continue;
        };
        let source = slot.source.clone();
        let old = (
            std::mem::replace(slot, inputs::placeholder(&source)),
            file.take(),
        );
        let before = old.0.text_hash;
        let ((new_slot, parsed), read) =
            inputs::refresh(source, Some(old), Redo::Read { force: false }, config);
        summary.files_read += usize::from(read);
        if new_slot.text_hash != before {
            changed.push(i);
        }
        *slot = new_slot;
        *file = parsed;
    }
    (files, changed)
}

/// What to do with one markdown file.
enum Job {
    /// Keep what the last build read.
    Keep(Loaded),
    /// Redo it as asked.
    Redo(content::SourceFile, Option<Loaded>, Redo),
}

/// Moves every page's file, body and kind out of the site tree.
#[allow(clippy::type_complexity)]
fn take_site(
    b: &mut IncrementalBuild,
) -> (
    Vec<Option<content::ParsedFile>>,
    Vec<(RenderedMarkdown, Option<QuestionnairePage>)>,
    Vec<Option<Kind>>,
) {
    let pages = std::mem::take(&mut b.site.pages);
    let mut files = Vec::with_capacity(pages.len());
    let mut bodies = Vec::with_capacity(pages.len());
    let mut kinds = Vec::with_capacity(pages.len());
    for page in pages {
        match page {
            Some(node) => {
                kinds.push(Some(node.kind));
                bodies.push((node.body, node.questionnaire));
                files.push(Some(node.file));
            }
            None => {
                kinds.push(None);
                bodies.push((RenderedMarkdown::default(), None));
                files.push(None);
            }
        }
    }
    (files, bodies, kinds)
}

/// A body must be rendered again when its file changed, its kind changed, a
/// page it links to appeared or vanished, or a file it uses changed. Pages
/// whose body had problems are redone too: the change may have fixed them.
fn mark_stale_bodies(
    b: &mut IncrementalBuild,
    plan: &Plan,
    bodies: &[(RenderedMarkdown, Option<QuestionnairePage>)],
    kinds: &[Option<Kind>],
    changed: &[usize],
    flipped: &[usize],
) {
    let n = b.slots.len();
    b.body_ok.resize(n, false);
    for &i in changed.iter().chain(flipped) {
        b.body_ok[i] = false;
    }
    let flipped: HashSet<usize> = flipped.iter().copied().collect();
    for (i, (body, _)) in bodies.iter().enumerate().take(n) {
        let has_problems = !body.diagnostics.is_empty();
        let links_flipped =
            !flipped.is_empty() && body.links.iter().any(|l| flipped.contains(&l.target));
        let uses_changed_file =
            !plan.assets.is_empty() && body.assets.iter().any(|a| plan.assets.contains(&a.source));
        let kind_now = b.site.page(i).map(|p| p.kind);
        if ((!flipped.is_empty() || !plan.assets.is_empty()) && has_problems)
            || links_flipped
            || uses_changed_file
            || kinds.get(i).copied().flatten() != kind_now
        {
            b.body_ok[i] = false;
        }
    }
}

/// Renders the bodies of included pages whose body is not known to be right.
pub(super) fn render_bodies(b: &mut IncrementalBuild, config: &SiteConfig) -> usize {
    let dirty: Vec<bool> = (0..b.site.pages.len())
        .map(|i| !b.body_ok[i] && b.site.page(i).is_some_and(|p| p.included))
        .collect();
    let count = dirty.iter().filter(|&&d| d).count();
    if count == 0 {
        return 0;
    }
    let index = SiteIndex {
        pages: std::mem::take(&mut b.index),
        content_dir: b.options.site_dir.join("content"),
        base_path: &config.base_path,
        static_files: &b.statics.files,
    };
    b.site
        .pages
        .par_iter_mut()
        .enumerate()
        .filter(|(i, _)| dirty[*i])
        .for_each(|(i, page)| {
            if let Some(page) = page.as_mut() {
                (page.body, page.questionnaire) =
                    crate::body::render(&page.file, &page.file.text, i, page.kind, &index, config);
            }
        });
    b.index = index.pages;
    for (i, _) in dirty.iter().enumerate().filter(|(_, d)| **d) {
        b.body_ok[i] = true;
        if let Some(page) = b.site.page(i) {
            b.body_sigs[i] = fingerprint::body_sig(page);
        }
    }
    count
}

/// Everything `build` rejects (and warns about), all at once.
pub(super) fn collect_diagnostics(b: &IncrementalBuild) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(b.statics.errors.iter().cloned());
    found.extend(b.templates.errors.iter().cloned());
    found.extend(b.discover_errors.iter().cloned());
    for slot in &b.slots {
        found.extend(slot.failed.iter().flat_map(|f| f.errors.iter().cloned()));
    }
    found.extend(b.link_diagnostics.iter().cloned());
    for (_, page) in b.site.included() {
        found.extend(page.body.diagnostics.iter().cloned());
        found.extend(page.file.front.warnings.iter().cloned());
    }
    site::check_links(&b.site, &mut found);
    found
}

/// Sorts the diagnostics; fails if any is an error.
pub(super) fn fail_on_errors(found: &mut Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    diagnostics::sort(found);
    if found.iter().any(Diagnostic::is_error) {
        return Err(std::mem::take(found));
    }
    Ok(())
}
