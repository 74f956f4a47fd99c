//! The quick route for the most common save: a page's text changed but not
//! anything other pages show of it (title, description, kind, order, draft,
//! review dates, `when`). Then no page but the edited ones can change, so the
//! site tree is kept as it is and only the edited pages are rendered. Taken
//! only after a build that worked, when every other page's HTML is current.

use super::fingerprint::hash_of;
use super::inputs::{Plan, Stamp};
use super::pipeline::{collect_diagnostics, fail_on_errors, render_bodies};
use super::{BuildSummary, IncrementalBuild, SiteFiles, pages};
use crate::config::SiteConfig;
use crate::content::{self, FrontMatter, ParsedFile};
use crate::diagnostics::Diagnostic;
use std::sync::Arc;

/// True when two versions of a page's front matter look the same to every
/// other page and to the linking stage (whose checks read the kind-specific
/// keys and where they are written, and whether a questionnaire is defined).
fn same_to_others(a: &FrontMatter, b: &FrontMatter) -> bool {
    a.title == b.title
        && a.description == b.description
        && a.kind == b.kind
        && a.page_kind == b.page_kind
        && a.weight == b.weight
        && a.draft == b.draft
        && a.when == b.when
        && a.last_reviewed == b.last_reviewed
        && a.next_review == b.next_review
        && a.stage == b.stage
        && a.kind_keys == b.kind_keys
        && a.questionnaire.is_some() == b.questionnaire.is_some()
        // The help box other pages show, and what the linking stage checks:
        // `help_box:`, placeholders and where `last_reviewed` is written.
        && a.help == b.help
        && a.help_box == b.help_box
        && a.placeholders == b.placeholders
        && a.last_reviewed_at == b.last_reviewed_at
}

/// Builds by the quick route, or returns `None` (having changed nothing) when
/// the change needs the full one.
pub(super) fn try_fast(
    b: &mut IncrementalBuild,
    plan: &Plan,
    config: &SiteConfig,
    config_changed: bool,
    summary: &mut BuildSummary,
) -> Option<Result<Arc<SiteFiles>, Vec<Diagnostic>>> {
    let quick = !plan.full
        && !config_changed
        && !plan.templates
        && !plan.structural
        && plan.statics.is_empty()
        && plan.assets.is_empty()
        && b.last_ok
        && b.output.is_some()
        && b.site.pages.len() == b.slots.len();
    if !quick {
        return None;
    }
    let mut updates: Vec<(usize, Option<ParsedFile>, Option<Stamp>)> = Vec::new();
    for &i in &plan.modified {
        let slot = b.slots.get(i)?;
        let page = b.site.page(i)?;
        let now = Stamp::of(&slot.source.path);
        let text = content::read_text(&slot.source).ok()?;
        if text == page.file.text {
            updates.push((i, None, now));
            continue;
        }
        let parsed = content::parse_file(slot.source.clone(), text, config).ok()?;
        if !same_to_others(&page.file.front, &parsed.front) {
            return None;
        }
        updates.push((i, Some(parsed), now));
    }

    summary.files_read = updates.len();
    let mut changed = Vec::new();
    let mut old_assets = Vec::new();
    for (i, parsed, now) in updates {
        b.slots[i].stamp = now;
        let (Some(parsed), Some(page)) = (parsed, b.site.pages[i].as_mut()) else {
            continue;
        };
        b.slots[i].text_hash = hash_of(parsed.text.as_str());
        page.file = parsed;
        b.body_ok[i] = false;
        old_assets.push((
            std::mem::take(&mut page.body.assets),
            page.questionnaire.take(),
        ));
        changed.push(i);
    }
    summary.bodies_rendered = render_bodies(b, config);
    // Files the page brings along (assets, questionnaire CSS and data).
    let assets_changed = changed.iter().zip(&old_assets).any(|(&i, (assets, q))| {
        b.site
            .page(i)
            .is_none_or(|p| p.body.assets != *assets || p.questionnaire != *q)
    });
    let mut found = collect_diagnostics(b);
    if let Err(e) = fail_on_errors(&mut found) {
        return Some(Err(e));
    }
    Some(pages::render_some(
        b,
        config,
        summary,
        &changed,
        assets_changed,
        found,
    ))
}
