//! The render stage of an incremental build: pages whose fingerprint changed
//! go through their template again; then the site's files are assembled.

use super::assemble::assemble;
use super::fingerprint::{self, PageInputs, hash_of};
use super::pipeline::fail_on_errors;
use super::{BuildSummary, Cached, IncrementalBuild, Served, SiteFiles};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::render::Renderer;
use crate::{json_ld, site_files};
use rayon::prelude::*;
use std::sync::Arc;

/// A page to render: its index, output path and fingerprint.
type Job = (usize, Arc<str>, u64);

fn output_path(url: &str) -> Arc<str> {
    format!("{}index.html", url.trim_start_matches('/')).into()
}

fn text_hashes(b: &IncrementalBuild) -> Vec<u64> {
    b.slots.iter().map(|s| s.text_hash).collect()
}

/// Renders `jobs` in parallel into the cache; problems go to `found`.
fn render_jobs(
    b: &IncrementalBuild,
    renderer: &Renderer,
    config: &SiteConfig,
    jobs: Vec<Job>,
    found: &mut Vec<Diagnostic>,
) -> Vec<(Arc<str>, Cached)> {
    let site = &b.site;
    let rendered: Vec<(Arc<str>, u64, Result<String, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|(i, path, fp)| {
            let json_ld = json_ld::for_page(site, i, config);
            (path, fp, renderer.render_page(site, i, &json_ld))
        })
        .collect();
    let mut out = Vec::with_capacity(rendered.len());
    for (path, fingerprint, html) in rendered {
        match html {
            Ok(html) => out.push((
                path,
                Cached {
                    fingerprint,
                    bytes: html.into_bytes().into(),
                },
            )),
            Err(d) => found.push(d),
        }
    }
    out
}

/// Renders every page whose fingerprint changed, the 404 page and the site
/// files if their inputs changed, and assembles the site.
/// `layout_may_change`: pages or static files may have been added or removed.
pub(super) fn render_all(
    b: &mut IncrementalBuild,
    config: &SiteConfig,
    summary: &mut BuildSummary,
    layout_may_change: bool,
    mut found: Vec<Diagnostic>,
) -> Result<Arc<SiteFiles>, Vec<Diagnostic>> {
    let renderer = Renderer::new(&b.templates.sources, config, &b.site)?;
    b.link_sigs = b
        .site
        .pages
        .iter()
        .map(|p| p.as_ref().map_or(0, fingerprint::link_sig))
        .collect();
    let config_hash = b.config.as_ref().map_or(0, |c| c.text_hash);
    let nav: Vec<u64> = b.site.nav.iter().map(|&i| b.link_sigs[i]).collect();
    b.global = hash_of(&(config_hash, b.options.drafts, nav));
    let text = text_hashes(b);
    let inputs = PageInputs {
        site: &b.site,
        global: b.global,
        text: &text,
        body: &b.body_sigs,
        links: &b.link_sigs,
    };
    if layout_may_change || b.paths.len() != b.site.pages.len() {
        b.paths = b
            .site
            .pages
            .iter()
            .map(|p| {
                p.as_ref()
                    .map_or_else(|| Arc::from(""), |p| output_path(p.url()))
            })
            .collect();
    }
    let previous_order = std::mem::take(&mut b.order);
    let mut jobs = Vec::new();
    for (i, _) in b.site.included() {
        let template = match renderer.template_for(&b.site, i) {
            Ok(t) => t,
            Err(d) => {
                found.push(d);
                continue;
            }
        };
        let sig = b.templates.closures.get(&template).copied().unwrap_or(0);
        let fp = inputs.page(i, &template, sig);
        let path = b.paths[i].clone();
        if b.pages.get(&path).is_none_or(|c| c.fingerprint != fp) {
            jobs.push((i, path.clone(), fp));
        }
        b.order.push(path);
    }
    summary.pages_rendered = jobs.len();
    let rendered = render_jobs(b, &renderer, config, jobs, &mut found);
    let mut changed: Vec<Arc<str>> = rendered.iter().map(|(p, _)| p.clone()).collect();
    b.pages.extend(rendered);
    let same_pages = !layout_may_change && previous_order == b.order;
    if !same_pages {
        let current: std::collections::HashSet<&Arc<str>> = b.order.iter().collect();
        b.pages.retain(|path, _| current.contains(path));
    }
    let fp_404 = hash_of(&(b.global, b.templates.closures.get("404.html")));
    match b.not_found.take() {
        Some(c) if c.fingerprint == fp_404 => b.not_found = Some(c),
        _ => match renderer.render_not_found() {
            Ok(html) => {
                summary.pages_rendered += 1;
                changed.push("404.html".into());
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

    let extras_fp = {
        let mut h = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&config_hash, &mut h);
        for (_, p) in b.site.included() {
            std::hash::Hash::hash(&(p.url(), p.file.front.last_reviewed), &mut h);
        }
        std::hash::Hasher::finish(&h)
    };
    let extras_changed = b.extras.as_ref().is_none_or(|(fp, _)| *fp != extras_fp);
    if extras_changed {
        let generated = site_files::generate(&b.site, config)
            .into_iter()
            .filter_map(|f| match f.contents {
                crate::output::Contents::Bytes(bytes) => Some((f.path.into(), bytes.into())),
                crate::output::Contents::Copy(_) | crate::output::Contents::Kept => None,
            })
            .collect();
        b.extras = Some((extras_fp, generated));
    }
    let assets = assets_sig(b);
    let reuse = same_pages && !extras_changed && assets == b.assets_sig;
    b.assets_sig = assets;
    let files = match (&b.output, reuse) {
        (Some(previous), true) => updated(b, previous, &changed),
        _ => assembled(b)?,
    };
    let files = Arc::new(files);
    b.output = Some(files.clone());
    Ok(files)
}

/// [`assemble`], with the warnings beside any error; after an error the next
/// build assembles every file again.
fn assembled(b: &mut IncrementalBuild) -> Result<SiteFiles, Vec<Diagnostic>> {
    assemble(b).map_err(|errors| {
        b.output = None;
        let mut all = std::mem::take(&mut b.warnings);
        all.extend(errors);
        crate::diagnostics::sort(&mut all);
        all
    })
}

/// A hash of every file pages bring along: assets (which file is copied
/// where) and questionnaire CSS and data.
fn assets_sig(b: &IncrementalBuild) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    for (i, page) in b.site.included() {
        if !page.body.assets.is_empty() || page.questionnaire.is_some() {
            std::hash::Hash::hash(&i, &mut h);
            for a in &page.body.assets {
                std::hash::Hash::hash(&(&a.source, &a.output), &mut h);
            }
            if let Some(q) = &page.questionnaire {
                std::hash::Hash::hash(&(&q.css, &q.data_js), &mut h);
            }
        }
    }
    std::hash::Hasher::finish(&h)
}

/// The previous site's files with the pages at `changed` replaced.
fn updated(b: &IncrementalBuild, previous: &SiteFiles, changed: &[Arc<str>]) -> SiteFiles {
    let mut files = SiteFiles::clone(previous);
    for path in changed {
        let bytes = if &**path == "404.html" {
            b.not_found.as_ref().map(|c| c.bytes.clone())
        } else {
            b.pages.get(path).map(|c| c.bytes.clone())
        };
        if let Some(bytes) = bytes {
            files.insert(path.clone(), Served::Bytes(bytes));
        }
    }
    files
}

/// Renders only the pages at `changed` (whose edit left every other page's
/// inputs alone) and updates the last site's files. With `assets_changed`,
/// the file list is assembled again in full.
pub(super) fn render_some(
    b: &mut IncrementalBuild,
    config: &SiteConfig,
    summary: &mut BuildSummary,
    changed: &[usize],
    assets_changed: bool,
    mut found: Vec<Diagnostic>,
) -> Result<Arc<SiteFiles>, Vec<Diagnostic>> {
    let renderer = Renderer::new(&b.templates.sources, config, &b.site)?;
    let text = text_hashes(b);
    let inputs = PageInputs {
        site: &b.site,
        global: b.global,
        text: &text,
        body: &b.body_sigs,
        links: &b.link_sigs,
    };
    let mut jobs = Vec::new();
    for &i in changed {
        let Some(page) = b.site.page(i).filter(|p| p.included) else {
            continue;
        };
        let template = match renderer.template_for(&b.site, i) {
            Ok(t) => t,
            Err(d) => {
                found.push(d);
                continue;
            }
        };
        let sig = b.templates.closures.get(&template).copied().unwrap_or(0);
        let fp = inputs.page(i, &template, sig);
        let path = output_path(page.url());
        if b.pages.get(&path).is_none_or(|c| c.fingerprint != fp) {
            jobs.push((i, path, fp));
        }
    }
    summary.pages_rendered = jobs.len();
    let rendered = render_jobs(b, &renderer, config, jobs, &mut found);
    drop(renderer);
    let paths: Vec<Arc<str>> = rendered.iter().map(|(p, _)| p.clone()).collect();
    b.pages.extend(rendered);
    fail_on_errors(&mut found)?;
    b.warnings = found;
    let files = match (&b.output, assets_changed) {
        (Some(previous), false) => updated(b, previous, &paths),
        _ => assembled(b)?,
    };
    if assets_changed {
        b.assets_sig = assets_sig(b);
    }
    let files = Arc::new(files);
    b.output = Some(files.clone());
    Ok(files)
}
