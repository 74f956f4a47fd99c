//! The pages the treatments make: "find a treatment for your concern" (every
//! treated condition, A to Z, with its treatments) and, for each condition two
//! or more treatments treat, "compare treatments" (their facts side by side).
//! They are pages of the site like any other, with no file of their own.

use super::resolve::TreatmentError;
use crate::content::{FrontMatter, ParsedFile, SourceFile};
use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::RenderedMarkdown;
use crate::site::{PageNode, Site};
use std::collections::HashMap;

/// The stylesheet of the treatments' parts of pages, written as `css/treatments.css`
/// for a site with treatments (a site without them gets no new file).
pub(crate) const STYLESHEET: &str = include_str!("treatments.css");

/// Where the stylesheet goes in the output.
pub(crate) const STYLESHEET_FILE: &str = "css/treatments.css";

/// The find page's address.
const FIND_URL: &str = "/find-a-treatment/";

/// Adds the generated pages to `site`, below its home page; a page of the site
/// at one of their addresses is reported instead.
pub(super) fn add(site: &mut Site, diagnostics: &mut Vec<Diagnostic>) {
    let Some(home) = site.home else { return };
    let mut conditions: Vec<usize> = (site.treatments.of_condition.iter())
        .filter(|(_, links)| links.len() >= 2)
        .map(|(&c, _)| c)
        .collect();
    let key = |c: &usize| {
        site.page(*c)
            .map(|p| (p.title().to_lowercase(), p.url().to_string()))
    };
    conditions.sort_by_cached_key(key);
    let mut wanted = vec![(
        FIND_URL.to_string(),
        "Find a treatment for your concern".to_string(),
        "Conditions from A to Z, with the treatments that may help each one.".to_string(),
        None,
    )];
    for &c in &conditions {
        let Some(page) = site.page(c) else { continue };
        let slug = page
            .url()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        let names = (site.treatments.of_condition.get(&c).into_iter().flatten())
            .filter_map(|l| site.page(site.treatments.list[l.page].page))
            .map(|t| t.title().to_string())
            .collect::<Vec<_>>();
        wanted.push((
            format!("/compare/{slug}/"),
            format!("Compare treatments: {}", page.title()),
            format!(
                "{} side by side for {}.",
                and_list(&names),
                page.title().to_lowercase()
            ),
            Some(c),
        ));
    }
    let taken: HashMap<&str, &str> = (site.pages.iter().flatten())
        .map(|p| (p.url(), p.file.source.display_path.as_str()))
        .collect();
    let mut clashes = Vec::new();
    for (url, ..) in &wanted {
        if let Some(path) = taken.get(url.as_str()) {
            let error = TreatmentError::AddressTaken { url: url.clone() };
            clashes.push(error.at(path, Position::start()));
        }
    }
    if !clashes.is_empty() {
        diagnostics.extend(clashes);
        return;
    }
    let find = site.pages.len();
    for (n, (url, title, description, condition)) in wanted.into_iter().enumerate() {
        let index = site.pages.len();
        let parent = if n == 0 { home } else { find };
        site.pages.push(Some(node(
            &url,
            title,
            description,
            parent,
            condition.is_some(),
        )));
        if let Some(c) = condition {
            site.treatments.compare.insert(c, index);
            site.treatments.compare_for.insert(index, c);
            if let Some(f) = site.pages[find].as_mut() {
                f.children.push(index);
            }
        }
    }
    site.treatments.find = Some(find);
    if let Some(h) = site.pages[home].as_mut() {
        h.children.push(find);
    }
    site.nav.push(find);
}

/// A generated page at `url`.
fn node(url: &str, title: String, description: String, parent: usize, compare: bool) -> PageNode {
    let name = url.trim_matches('/');
    let template = match compare {
        true => "treatments-compare.html",
        false => "treatments-find.html",
    };
    let source = SourceFile {
        path: std::path::PathBuf::from(format!("(generated)/{name}")),
        content_path: format!("(generated)/{name}"),
        display_path: format!("(generated) {url}"),
        url: url.to_string(),
        is_section: false,
    };
    let front = FrontMatter::generated(title, description, template);
    PageNode {
        file: ParsedFile {
            source,
            text: String::new(),
            body_offset: 0,
            front,
        },
        kind: crate::content::Kind::Page,
        parent: Some(parent),
        children: Vec::new(),
        prev: None,
        next: None,
        included: true,
        review_due: None,
        body: RenderedMarkdown::default(),
        questionnaire: None,
    }
}

/// "a, b and c".
pub(super) fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
