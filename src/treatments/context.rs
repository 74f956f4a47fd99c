//! What pages show of the treatments, as templates see it (`page.treatments`):
//! a page's treatment, a condition's treatments, a treatment's conditions and
//! facts, the compare table and the A to Z list. `None` on every page of a site
//! without treatments, so those pages are as they were.

use super::front::FACT_KEYS;
use super::{Link, Treatments};
use crate::config::SiteConfig;
use crate::render::href;
use crate::site::{PageNode, Site};
use serde::Serialize;

/// The treatments' part of one page's context.
#[derive(Serialize, Default)]
pub(crate) struct PageTreatments<'a> {
    /// The treatment the page belongs to (on its own section too).
    treatment: Option<Named<'a>>,
    /// True on the treatment's own section page.
    is_treatment: bool,
    /// On a condition: every treatment that may help it.
    treated_by: Vec<Entry<'a>>,
    /// On a condition: its compare page, when two or more treatments treat it.
    compare_url: Option<String>,
    /// The "find a treatment" page.
    find_url: Option<String>,
    /// On a treatment: the conditions it may help.
    treats: Vec<Entry<'a>>,
    /// On a treatment: its facts.
    facts: Vec<Fact<'a>>,
    /// On a compare page: the condition and one row per treatment.
    compare: Option<Compare<'a>>,
    /// On the find page: the conditions by first letter.
    letters: Vec<Letter<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    title: &'a str,
    url: String,
}

/// A treatment (on a condition) or a condition (on a treatment).
#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    evidence: &'static str,
    evidence_words: &'static str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Fact<'a> {
    label: &'static str,
    value: Option<&'a str>,
}

#[derive(Serialize)]
struct Compare<'a> {
    condition: Named<'a>,
    rows: Vec<Row<'a>>,
    labels: [&'static str; 4],
}

#[derive(Serialize)]
struct Row<'a> {
    slug: &'a str,
    #[serde(flatten)]
    entry: Entry<'a>,
    facts: Vec<Fact<'a>>,
}

#[derive(Serialize)]
struct Letter<'a> {
    letter: String,
    conditions: Vec<Condition<'a>>,
}

#[derive(Serialize)]
struct Condition<'a> {
    title: &'a str,
    url: String,
    also_called: &'a [String],
    treatments: Vec<Entry<'a>>,
    compare_url: Option<String>,
}

/// The labels of the facts, in [`FACT_KEYS`] order.
const LABELS: [&str; 4] = ["Sessions", "Downtime", "Discomfort", "Results after"];

/// The treatments' part of the context of the page at `index`; `None` for a site
/// without treatments.
pub(crate) fn for_page<'a>(
    site: &'a Site,
    index: usize,
    config: &SiteConfig,
) -> Option<PageTreatments<'a>> {
    let t = &site.treatments;
    if t.is_empty() {
        return None;
    }
    let named = |p: &'a PageNode| Named {
        title: p.title(),
        url: href(config, p.url()),
    };
    let compare_url = |c: usize| {
        t.compare
            .get(&c)
            .and_then(|&p| site.page(p))
            .map(|p| href(config, p.url()))
    };
    let mut ctx = PageTreatments {
        treatment: t.of(index).and_then(|tr| site.page(tr.page)).map(named),
        find_url: t
            .find
            .and_then(|f| site.page(f))
            .map(|p| href(config, p.url())),
        treated_by: treated_by(site, t, index, config),
        compare_url: compare_url(index),
        ..PageTreatments::default()
    };
    if let Some(tr) = t.list.iter().find(|tr| tr.page == index) {
        ctx.is_treatment = true;
        ctx.treats = tr
            .treats
            .iter()
            .filter_map(|l| entry(site, l.page, l, config))
            .collect();
        ctx.facts = facts(site.page(index));
    }
    if let Some(&c) = t.compare_for.get(&index) {
        let rows = (t.of_condition.get(&c).into_iter().flatten())
            .filter_map(|l| {
                let tr = &t.list[l.page];
                Some(Row {
                    slug: &tr.slug,
                    entry: entry(site, tr.page, l, config)?,
                    facts: facts(site.page(tr.page)),
                })
            })
            .collect();
        ctx.compare = site.page(c).map(|p| Compare {
            condition: named(p),
            rows,
            labels: LABELS,
        });
    }
    if t.find == Some(index) {
        ctx.letters = letters(site, t, config, &compare_url);
    }
    Some(ctx)
}

/// The treatments of the condition at `index`.
fn treated_by<'a>(
    site: &'a Site,
    t: &'a Treatments,
    index: usize,
    config: &SiteConfig,
) -> Vec<Entry<'a>> {
    (t.of_condition.get(&index).into_iter().flatten())
        .filter_map(|l| entry(site, t.list[l.page].page, l, config))
        .collect()
}

/// The entry for the page at `page`, linked as `link` says.
fn entry<'a>(
    site: &'a Site,
    page: usize,
    link: &'a Link,
    config: &SiteConfig,
) -> Option<Entry<'a>> {
    let p = site.page(page)?;
    Some(Entry {
        title: p.title(),
        url: href(config, p.url()),
        evidence: link.evidence.name(),
        evidence_words: link.evidence.words(),
        note: link.note.as_deref(),
    })
}

/// A treatment's facts, every one, unset ones `None`.
fn facts(page: Option<&PageNode>) -> Vec<Fact<'_>> {
    let front = page.and_then(|p| p.file.front.treatment.as_deref());
    (0..FACT_KEYS.len())
        .map(|n| Fact {
            label: LABELS[n],
            value: front.and_then(|f| f.facts[n].as_deref()),
        })
        .collect()
}

/// Every treated condition, A to Z, grouped by first letter.
fn letters<'a>(
    site: &'a Site,
    t: &'a Treatments,
    config: &SiteConfig,
    compare_url: &dyn Fn(usize) -> Option<String>,
) -> Vec<Letter<'a>> {
    let mut conditions: Vec<(String, usize)> = (t.of_condition.keys())
        .filter_map(|&c| Some((site.page(c)?.title().to_lowercase(), c)))
        .collect();
    conditions.sort();
    let mut letters: Vec<Letter> = Vec::new();
    for (key, c) in conditions {
        let Some(page) = site.page(c) else { continue };
        let letter = key
            .chars()
            .next()
            .map_or(String::new(), |ch| ch.to_uppercase().collect());
        let condition = Condition {
            title: page.title(),
            url: href(config, page.url()),
            also_called: &page.file.front.also_called,
            treatments: treated_by(site, t, c, config),
            compare_url: compare_url(c),
        };
        match letters.last_mut() {
            Some(last) if last.letter == letter => last.conditions.push(condition),
            _ => letters.push(Letter {
                letter,
                conditions: vec![condition],
            }),
        }
    }
    letters
}
