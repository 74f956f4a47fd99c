//! Fingerprints: small hashes of everything a rendered file depends on, so a
//! rebuild can tell which pages must be rendered again.
//!
//! A page's HTML is a function of: the site settings and main navigation, the
//! templates its template pulls in, its own file and rendered body, and the
//! links it shows to other pages (children, breadcrumbs, previous/next). Each
//! of those is hashed here; equal fingerprints mean equal HTML.

use crate::site::{PageNode, Site};
use crate::theme::TemplateSources;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Hashes any hashable value (deterministic within one process).
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// What a link to a page shows (title, URL, description, kind, section, `when`),
/// which is also what breadcrumbs and structured data read from other pages
/// (a procedure section's structured data also reads its steps' `stage`).
pub fn link_sig(page: &PageNode) -> u64 {
    let mut h = DefaultHasher::new();
    page.title().hash(&mut h);
    page.url().hash(&mut h);
    page.file.front.description.hash(&mut h);
    page.kind.name().hash(&mut h);
    page.is_section().hash(&mut h);
    page.file.front.when.hash(&mut h);
    page.file.front.stage.map(|s| s as u8).hash(&mut h);
    h.finish()
}

/// The parts of a rendered body that templates and structured data read
/// (the HTML, contents, word count, FAQ entries, questionnaire parts).
pub fn body_sig(page: &PageNode) -> u64 {
    let body = &page.body;
    let mut h = DefaultHasher::new();
    body.html.hash(&mut h);
    body.word_count.hash(&mut h);
    for entry in &body.toc {
        hash_toc(entry, &mut h);
    }
    body.faq.len().hash(&mut h);
    for q in &body.faq {
        (&q.question, &q.id, &q.group, &q.answer_html).hash(&mut h);
    }
    if let Some(q) = &page.questionnaire {
        (&q.form_html, &q.rules_html, &q.css, &q.data_js).hash(&mut h);
    }
    h.finish()
}

fn hash_toc(entry: &crate::markdown::TocEntry, h: &mut DefaultHasher) {
    entry.id.hash(h);
    entry.title.hash(h);
    entry.level.hash(h);
    entry.children.len().hash(h);
    for child in &entry.children {
        hash_toc(child, h);
    }
}

/// For every template, a hash of its own text and of every template it can pull
/// in (`extends`, `include`, `import`; components are global, so a template that
/// defines one counts as pulled in by all).
pub fn template_closures(sources: &TemplateSources) -> BTreeMap<String, u64> {
    let names: BTreeSet<&str> = sources.templates.keys().map(String::as_str).collect();
    let direct: BTreeMap<&str, BTreeSet<&str>> = sources
        .templates
        .iter()
        .map(|(name, (text, _))| (name.as_str(), quoted_names(text, &names)))
        .collect();
    let global: BTreeSet<&str> = sources
        .templates
        .iter()
        .filter(|(_, (text, _))| defines_component(text))
        .map(|(name, _)| name.as_str())
        .collect();
    let mut out = BTreeMap::new();
    for &name in &names {
        let mut seen: BTreeSet<&str> = global.clone();
        seen.insert(name);
        let mut stack: Vec<&str> = seen.iter().copied().collect();
        while let Some(n) = stack.pop() {
            for &d in direct.get(n).into_iter().flatten() {
                if seen.insert(d) {
                    stack.push(d);
                }
            }
        }
        let mut h = DefaultHasher::new();
        for n in &seen {
            n.hash(&mut h);
            if let Some((text, origin)) = sources.templates.get(*n) {
                text.hash(&mut h);
                origin.hash(&mut h);
            }
        }
        out.insert(name.to_string(), h.finish());
    }
    out
}

/// Every quoted string in a template that names another template.
fn quoted_names<'a>(text: &str, names: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
    let mut found = BTreeSet::new();
    for quote in ['"', '\'', '`'] {
        // Every other piece sits between two quotes; checking all of them
        // over-approximates (an apostrophe in prose shifts the pairs), which is safe.
        for part in text.split(quote).skip(1) {
            if let Some(&name) = names.get(part) {
                found.insert(name);
            }
        }
    }
    found
}

fn defines_component(text: &str) -> bool {
    text.split("{%").skip(1).any(|tag| {
        tag.trim_start_matches('-')
            .trim_start()
            .starts_with("component")
    })
}

/// Fingerprints of every included page, keyed by page index.
pub struct PageInputs<'a> {
    /// The site as linked.
    pub site: &'a Site,
    /// Hash of settings, navigation and build flags.
    pub global: u64,
    /// Per page index: hash of the file's text.
    pub text: &'a [u64],
    /// Per page index: hash of its rendered body.
    pub body: &'a [u64],
    /// Per page index: its link signature.
    pub links: &'a [u64],
}

impl PageInputs<'_> {
    /// The fingerprint of page `index` rendered with `template` (whose closure hash is `template_sig`).
    pub fn page(&self, index: usize, template: &str, template_sig: u64) -> u64 {
        let site = self.site;
        let mut h = DefaultHasher::new();
        self.global.hash(&mut h);
        template.hash(&mut h);
        template_sig.hash(&mut h);
        self.text.get(index).hash(&mut h);
        self.body.get(index).hash(&mut h);
        self.links.get(index).hash(&mut h);
        (site.home == Some(index)).hash(&mut h);
        if let Some(page) = site.page(index) {
            page.review_due.hash(&mut h);
            page.file.front.page_kind.map(|k| k.name()).hash(&mut h);
            let sig = |i: &usize| self.links.get(*i).copied();
            page.children.len().hash(&mut h);
            page.children.iter().map(sig).for_each(|s| s.hash(&mut h));
            // The breadcrumbs, nearest first (the tree has no cycles; the
            // bound only guards against a malformed one).
            let mut current = page.parent;
            let mut depth = 0;
            while let Some(a) = current.filter(|_| depth <= site.pages.len()) {
                sig(&a).hash(&mut h);
                depth += 1;
                current = site.page(a).and_then(|p| p.parent);
            }
            depth.hash(&mut h);
            page.prev.as_ref().map(sig).hash(&mut h);
            page.next.as_ref().map(sig).hash(&mut h);
            // The help box it shows, and the box's title (the help box file's).
            site.help_box_for(index).hash(&mut h);
            let help_file = site.help_box.and_then(|i| site.page(i));
            help_file.map(PageNode::title).hash(&mut h);
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(list: &[(&str, &str)]) -> TemplateSources {
        TemplateSources {
            templates: list
                .iter()
                .map(|(n, t)| (n.to_string(), (t.to_string(), n.to_string())))
                .collect(),
        }
    }

    #[test]
    fn closure_follows_includes_and_extends() {
        let s = sources(&[
            ("base.html", "{% include \"partials/a.html\" %}"),
            ("page.html", "{% extends 'base.html' %}"),
            ("partials/a.html", "a"),
            ("partials/b.html", "b"),
            ("other.html", "x"),
        ]);
        let before = template_closures(&s);
        let s2 = sources(&[
            ("base.html", "{% include \"partials/a.html\" %}"),
            ("page.html", "{% extends 'base.html' %}"),
            ("partials/a.html", "a changed"),
            ("partials/b.html", "b"),
            ("other.html", "x"),
        ]);
        let after = template_closures(&s2);
        assert_ne!(before["page.html"], after["page.html"]);
        assert_ne!(before["base.html"], after["base.html"]);
        assert_eq!(before["other.html"], after["other.html"]);
        assert_eq!(before["partials/b.html"], after["partials/b.html"]);
    }

    #[test]
    fn components_are_everyones_dependency() {
        let a = sources(&[
            ("c.html", "{% component Box() %}1{% endcomponent Box %}"),
            ("page.html", "{{<Box/>}}"),
        ]);
        let b = sources(&[
            ("c.html", "{% component Box() %}2{% endcomponent Box %}"),
            ("page.html", "{{<Box/>}}"),
        ]);
        assert_ne!(
            template_closures(&a)["page.html"],
            template_closures(&b)["page.html"]
        );
    }
}
