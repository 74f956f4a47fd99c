//! Several treatments in one site, sharing their conditions.
//!
//! A treatment is a section whose `_index.md` says `kind: treatment`; its
//! `treats:` lists condition pages (shared, anywhere in the site) with an
//! evidence level and a note. This module enters the pipeline once, at the end
//! of the link stage ([`link`]): it resolves `treats:` (checked like links),
//! knows the treatment of every page, and adds the generated pages ("find a
//! treatment for your concern" and one "compare treatments" page per condition
//! two or more treatments treat), which then go through the body and page-HTML
//! stages like any page. What pages show of it is in [`context`]; the page
//! stage's key reads it through [`Treatments::page_sig`]. A site with no
//! treatment section has none of this: one treatment is implied, as before.

pub(crate) mod context;
pub(crate) mod front;
mod generated;
mod resolve;

use crate::diagnostics::Diagnostic;
use crate::site::Site;
use front::Evidence;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

pub(crate) use generated::{STYLESHEET, STYLESHEET_FILE};

/// One treatment of the site.
#[derive(Debug)]
pub(crate) struct Treatment {
    /// Its section's page index.
    pub page: usize,
    /// Its folder's name.
    pub slug: String,
    /// The conditions it treats (page indices), in the order written.
    pub treats: Vec<Link>,
}

/// A treatment's link to a condition, or a condition's to a treatment.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Link {
    /// The page (condition) or treatment number it goes to.
    pub page: usize,
    pub evidence: Evidence,
    pub note: Option<String>,
}

/// The site's treatments, as the link stage found them.
#[derive(Debug, Default)]
pub struct Treatments {
    /// Every treatment, in page order.
    pub(crate) list: Vec<Treatment>,
    /// Per page index: the number of the treatment it belongs to.
    pub(crate) of_page: Vec<Option<usize>>,
    /// Per condition page: the treatments that treat it (`Link::page` is a
    /// treatment number), by title.
    pub(crate) of_condition: HashMap<usize, Vec<Link>>,
    /// The generated "find a treatment" page.
    pub(crate) find: Option<usize>,
    /// Per condition page: its generated compare page.
    pub(crate) compare: HashMap<usize, usize>,
    /// Per generated compare page: the condition it compares treatments for.
    pub(crate) compare_for: HashMap<usize, usize>,
}

impl Treatments {
    /// True when the site has no treatment section (one treatment is implied).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The treatment the page at `index` belongs to, if any.
    pub(crate) fn of(&self, index: usize) -> Option<&Treatment> {
        let n = (*self.of_page.get(index)?)?;
        self.list.get(n)
    }

    /// True for a page this module made (not a file of the site).
    pub fn is_generated(&self, index: usize) -> bool {
        self.find == Some(index) || self.compare_for.contains_key(&index)
    }

    /// What the page at `index` shows of the treatments, as a hash for the page
    /// stage's key (nothing for a site without treatments).
    pub(crate) fn page_sig(&self, site: &Site, index: usize, h: &mut impl Hasher) {
        if self.is_empty() {
            return;
        }
        let title = |page: usize| site.page(page).map(|p| (p.title(), p.url()));
        let treatment_title = |n: usize| self.list.get(n).and_then(|t| title(t.page));
        self.of(index).and_then(|t| title(t.page)).hash(h);
        // A condition lists its treatments; a treatment its conditions.
        for link in self.of_condition.get(&index).into_iter().flatten() {
            (treatment_title(link.page), link).hash(h);
        }
        self.compare.get(&index).and_then(|&c| title(c)).hash(h);
        if let Some(t) = self.list.iter().find(|t| t.page == index) {
            for link in &t.treats {
                (title(link.page), link).hash(h);
            }
        }
        // The generated pages show every treatment's facts and conditions.
        if self.is_generated(index) {
            for t in &self.list {
                let front = site
                    .page(t.page)
                    .and_then(|p| p.file.front.treatment.as_deref());
                (title(t.page), front).hash(h);
                for link in &t.treats {
                    title(link.page).hash(h);
                    self.compare.get(&link.page).and_then(|&c| title(c)).hash(h);
                }
            }
        }
    }
}

/// The treatments' part of the link stage: resolves every treatment's
/// `treats:`, finds each page's treatment and adds the generated pages to
/// `site`. Mistakes go to `diagnostics`.
pub(crate) fn link(site: &mut Site, diagnostics: &mut Vec<Diagnostic>) {
    let list = resolve::treatments(site, diagnostics);
    if list.is_empty() {
        return;
    }
    let mut of_page = vec![None; site.pages.len()];
    for (n, t) in list.iter().enumerate() {
        of_page[t.page] = Some(n);
    }
    for (i, slot) in of_page.clone().iter().enumerate() {
        if slot.is_some() {
            continue;
        }
        let mut current = site.page(i).and_then(|p| p.parent);
        let mut depth = 0;
        while let Some(a) = current.filter(|_| depth <= site.pages.len()) {
            if let Some(n) = of_page.get(a).copied().flatten() {
                of_page[i] = Some(n);
                break;
            }
            depth += 1;
            current = site.page(a).and_then(|p| p.parent);
        }
    }
    let of_condition = resolve::by_condition(site, &list);
    site.treatments = Treatments {
        list,
        of_page,
        of_condition,
        ..Treatments::default()
    };
    generated::add(site, diagnostics);
}
