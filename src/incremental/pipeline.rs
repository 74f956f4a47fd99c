//! The stages of an incremental build, in the order of [`crate::render_site`]:
//! inputs, link, bodies, checks, pages, site files; each redoing only what changed.

use super::fingerprint::{self, PageInputs, hash_of};
use super::inputs::{self, Loaded, Plan, Redo};
use super::{BuildSummary, Cached, IncrementalBuild, IndexParts, Served, SiteFiles, Templates};
use crate::config::SiteConfig;
use crate::content::{self, Kind};
use crate::diagnostics::{self, Diagnostic};
use crate::links::SiteIndex;
use crate::markdown::RenderedMarkdown;
use crate::render::Renderer;
use crate::theme::TemplateSources;
use crate::{json_ld, site, site_files};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Runs every stage after site.yaml loaded.
pub(super) fn run(
    b: &mut IncrementalBuild,
    plan: &Plan,
    config: &SiteConfig,
    config_changed: bool,
    summary: &mut BuildSummary,
) -> Result<SiteFiles, Vec<Diagnostic>> {
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
    let slots = std::mem::take(&mut b.slots);
    let mut olds: Vec<Option<Loaded>> = slots.into_iter().zip(old).map(Some).collect();
    let jobs: Vec<(content::SourceFile, Option<Loaded>, Redo)> = if structural {
        let sources = match content::discover(&site_dir, &site_dir.join("content")) {
            Ok(s) => {
                b.discover_errors.clear();
                s
            }
            Err(d) => {
                b.discover_errors = d;
                Vec::new()
            }
        };
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
                            && slot.stamp == inputs::stamp(&source.path) =>
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
                (source, old, redo)
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
                    Redo::Keep
                };
                Some((old.0.source.clone(), Some(old), redo))
            })
            .collect()
    };
    let loaded: Vec<(Loaded, bool, Option<u64>)> = jobs
        .into_par_iter()
        .map(|(source, old, redo)| {
            let before = old.as_ref().map(|(s, _)| s.text_hash);
            let (loaded, read) = inputs::refresh(source, old, redo, config);
            (loaded, read, before)
        })
        .collect();
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
    b.known = b
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.source.path.clone(), i))
        .collect();
    let flipped: Vec<usize> = if structural {
        Vec::new()
    } else {
        (0..b.slots.len())
            .filter(|&i| old_ok[i] != b.slots[i].failed.is_none())
            .collect()
    };

    // Link, then decide which bodies are still right.
    let mut link_diagnostics = Vec::new();
    b.site = site::link(files, config, b.options.drafts, &mut link_diagnostics);
    let n = b.slots.len();
    if structural || all_bodies {
        b.body_ok = vec![false; n];
    } else {
        mark_stale_bodies(b, plan, &bodies, &kinds, &changed, &flipped);
    }
    b.body_sigs.resize(n, 0);
    for (i, body) in bodies.into_iter().enumerate().take(n) {
        match b.site.pages.get_mut(i).and_then(Option::as_mut) {
            Some(page) if page.included && b.body_ok[i] => page.body = body,
            _ => b.body_ok[i] = false,
        }
    }
    if structural || !flipped.is_empty() {
        b.index = index_parts(&b.site);
    }
    summary.bodies_rendered = render_bodies(b, config);

    // Everything `build` rejects, all at once.
    let mut found = Vec::new();
    found.extend(b.statics.errors.iter().cloned());
    found.extend(b.templates.errors.iter().cloned());
    found.extend(b.discover_errors.iter().cloned());
    for slot in &b.slots {
        found.extend(slot.failed.iter().flat_map(|f| f.errors.iter().cloned()));
    }
    found.extend(link_diagnostics);
    for (_, page) in b.site.included() {
        found.extend(page.body.diagnostics.iter().cloned());
    }
    site::check_links(&b.site, &mut found);
    fail_on_errors(&mut found)?;

    let files = render_pages(b, config, summary, found)?;
    summary.pages = b.pages.len() + usize::from(b.not_found.is_some());
    Ok(files)
}

/// Moves every page's file, body and kind out of the site tree.
#[allow(clippy::type_complexity)]
fn take_site(
    b: &mut IncrementalBuild,
) -> (
    Vec<Option<content::ParsedFile>>,
    Vec<RenderedMarkdown>,
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
                bodies.push(node.body);
                files.push(Some(node.file));
            }
            None => {
                kinds.push(None);
                bodies.push(RenderedMarkdown::default());
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
    bodies: &[RenderedMarkdown],
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
    for (i, body) in bodies.iter().enumerate().take(n) {
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

/// The lookups of [`SiteIndex`], built like [`crate::render_site`] does.
fn index_parts(site: &site::Site) -> IndexParts {
    let mut parts = IndexParts {
        urls: Vec::with_capacity(site.pages.len()),
        ..IndexParts::default()
    };
    for (i, page) in site.pages.iter().enumerate() {
        match page {
            Some(p) => {
                let source = &p.file.source;
                parts.by_content_path.insert(source.content_path.clone(), i);
                parts.by_url.insert(source.url.clone(), i);
                parts.urls.push(source.url.clone());
            }
            None => parts.urls.push(String::new()),
        }
    }
    parts
}

/// Renders the bodies of included pages whose body is not known to be right.
fn render_bodies(b: &mut IncrementalBuild, config: &SiteConfig) -> usize {
    let dirty: Vec<bool> = (0..b.site.pages.len())
        .map(|i| !b.body_ok[i] && b.site.page(i).is_some_and(|p| p.included))
        .collect();
    let count = dirty.iter().filter(|&&d| d).count();
    if count == 0 {
        return 0;
    }
    let index = SiteIndex {
        by_content_path: std::mem::take(&mut b.index.by_content_path),
        by_url: std::mem::take(&mut b.index.by_url),
        urls: std::mem::take(&mut b.index.urls),
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
                page.body = content::render_body(&page.file, i, page.kind, &index, config);
            }
        });
    b.index = IndexParts {
        by_content_path: index.by_content_path,
        by_url: index.by_url,
        urls: index.urls,
    };
    for (i, _) in dirty.iter().enumerate().filter(|(_, d)| **d) {
        b.body_ok[i] = true;
        if let Some(page) = b.site.page(i) {
            b.body_sigs[i] = fingerprint::body_sig(&page.body);
        }
    }
    count
}

/// Renders the pages whose fingerprint changed, then assembles the site's files.
fn render_pages(
    b: &mut IncrementalBuild,
    config: &SiteConfig,
    summary: &mut BuildSummary,
    mut found: Vec<Diagnostic>,
) -> Result<SiteFiles, Vec<Diagnostic>> {
    let renderer = Renderer::new(&b.templates.sources, config, &b.site)?;
    let site = &b.site;
    let links: Vec<u64> = site
        .pages
        .iter()
        .map(|p| p.as_ref().map_or(0, fingerprint::link_sig))
        .collect();
    let text: Vec<u64> = b.slots.iter().map(|s| s.text_hash).collect();
    let config_hash = b.config.as_ref().map_or(0, |c| c.text_hash);
    let nav: Vec<u64> = site.nav.iter().map(|&i| links[i]).collect();
    let global = hash_of(&(config_hash, b.options.drafts, nav));
    let inputs = PageInputs {
        site,
        global,
        text: &text,
        body: &b.body_sigs,
        links: &links,
    };
    let mut old = std::mem::take(&mut b.pages);
    let mut cache: HashMap<Arc<str>, Cached> = HashMap::with_capacity(old.len());
    let mut jobs = Vec::new();
    let mut order = Vec::new();
    for (i, page) in site.included() {
        let template = match renderer.template_for(site, i) {
            Ok(t) => t,
            Err(d) => {
                found.push(d);
                continue;
            }
        };
        let sig = b.templates.closures.get(&template).copied().unwrap_or(0);
        let fp = inputs.page(i, &template, sig);
        let path: Arc<str> = format!("{}index.html", page.url().trim_start_matches('/')).into();
        order.push(path.clone());
        match old.remove(&path) {
            Some(c) if c.fingerprint == fp => {
                cache.insert(path, c);
            }
            _ => jobs.push((i, path, fp)),
        }
    }
    let rendered: Vec<(Arc<str>, u64, Result<String, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|(i, path, fp)| {
            let json_ld = json_ld::for_page(site, i, config);
            (path, fp, renderer.render_page(site, i, &json_ld))
        })
        .collect();
    summary.pages_rendered = rendered.len();
    for (path, fingerprint, html) in rendered {
        match html {
            Ok(html) => {
                let bytes: Arc<[u8]> = html.into_bytes().into();
                cache.insert(path, Cached { fingerprint, bytes });
            }
            Err(d) => found.push(d),
        }
    }
    b.pages = cache;
    let fp_404 = hash_of(&(global, b.templates.closures.get("404.html")));
    match b.not_found.take() {
        Some(c) if c.fingerprint == fp_404 => b.not_found = Some(c),
        _ => match renderer.render_not_found() {
            Ok(html) => {
                summary.pages_rendered += 1;
                b.not_found = Some(Cached {
                    fingerprint: fp_404,
                    bytes: html.into_bytes().into(),
                });
            }
            Err(d) => found.push(d),
        },
    }
    fail_on_errors(&mut found)?;
    drop(renderer);
    b.warnings = found;

    let extras_fp = hash_of(&(
        config_hash,
        b.site
            .included()
            .map(|(_, p)| (p.url(), p.file.front.last_reviewed.map(|d| d.to_string())))
            .collect::<Vec<_>>(),
    ));
    if b.extras.as_ref().is_none_or(|(fp, _)| *fp != extras_fp) {
        let generated = site_files::generate(&b.site, config)
            .into_iter()
            .filter_map(|f| match f.contents {
                crate::output::Contents::Bytes(bytes) => Some((f.path.into(), bytes.into())),
                crate::output::Contents::Copy(_) => None,
            })
            .collect();
        b.extras = Some((extras_fp, generated));
    }

    // First of each path wins, as in the full build's sort-and-dedup.
    let mut files = SiteFiles::with_capacity(order.len() + 64);
    for path in order {
        if let Some(c) = b.pages.get(&path) {
            files.entry(path).or_insert(Served::Bytes(c.bytes.clone()));
        }
    }
    if let Some(c) = &b.not_found {
        files
            .entry("404.html".into())
            .or_insert(Served::Bytes(c.bytes.clone()));
    }
    for (path, bytes) in b.extras.iter().flat_map(|(_, e)| e) {
        files
            .entry(path.clone())
            .or_insert(Served::Bytes(bytes.clone()));
    }
    for (path, source) in b.statics.files.iter() {
        files
            .entry(path.into())
            .or_insert(Served::Source(source.clone()));
    }
    for (_, page) in b.site.included() {
        for asset in &page.body.assets {
            files
                .entry(asset.output.as_str().into())
                .or_insert(Served::Source(crate::theme::FileSource::Disk(
                    asset.source.clone(),
                )));
        }
    }
    Ok(files)
}

fn fail_on_errors(found: &mut Vec<Diagnostic>) -> Result<(), Vec<Diagnostic>> {
    diagnostics::sort(found);
    if found.iter().any(Diagnostic::is_error) {
        return Err(std::mem::take(found));
    }
    Ok(())
}
