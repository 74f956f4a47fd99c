//! The link stage: pages placed in sections, kinds resolved, order, navigation,
//! and every link between pages checked once all pages are known.

mod help;
mod placeholders;

use crate::config::SiteConfig;
use crate::content::help_box::HelpBox;
use crate::content::{FrontMatter, Kind, ParsedFile};
use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::RenderedMarkdown;
use crate::questionnaire::page::QuestionnairePage;
use jiff::ToSpan;
use jiff::civil::Date;
use std::collections::HashMap;

/// One page (or section) in the site tree.
#[derive(Debug)]
pub struct PageNode {
    /// The file it comes from.
    pub file: ParsedFile,
    /// The page's kind (its own, or its section's `page_kind`, or `page`).
    pub kind: Kind,
    /// The section this page belongs to (none for the home page).
    pub parent: Option<usize>,
    /// For sections: their pages and subsections, in order.
    pub children: Vec<usize>,
    /// The previous step or phase in the same section.
    pub prev: Option<usize>,
    /// The next step or phase in the same section.
    pub next: Option<usize>,
    /// False for pages this build does not publish: drafts left out, and the help
    /// box file (shown inside other pages, never as a page of its own).
    pub included: bool,
    /// When the page is due for review (`next_review`, or `last_reviewed` + the interval).
    pub review_due: Option<Date>,
    /// The rendered body, filled by the markdown stage.
    pub body: RenderedMarkdown,
    /// For a questionnaire page: its form, rules table, CSS and data.
    pub questionnaire: Option<QuestionnairePage>,
}

impl PageNode {
    /// True for a section's `_index.md` (the home page included).
    pub fn is_section(&self) -> bool {
        self.file.source.is_section
    }

    /// Root-relative URL without the base path.
    pub fn url(&self) -> &str {
        &self.file.source.url
    }

    /// The folder of the page's files, relative to the output folder
    /// (`conditions/acne-scars/`; empty for the home page).
    pub fn output_dir(&self) -> &str {
        self.url().trim_start_matches('/')
    }

    /// The page's HTML file, relative to the output folder.
    pub fn output_path(&self) -> String {
        format!("{}index.html", self.output_dir())
    }

    /// The page's title.
    pub fn title(&self) -> &str {
        &self.file.front.title
    }
}

/// The whole site as linked data.
#[derive(Debug, Default)]
pub struct Site {
    /// Every page, indexed like the discovered files (`None` where the front matter failed).
    pub pages: Vec<Option<PageNode>>,
    /// The home page (`content/_index.md`).
    pub home: Option<usize>,
    /// Top-level sections and pages for the main navigation, in order.
    pub nav: Vec<usize>,
    /// The help box file (`kind: help`), whose box pages with `help_box: true` show.
    pub help_box: Option<usize>,
    /// This build publishes drafts.
    pub drafts: bool,
    /// The treatments (`kind: treatment` sections), their conditions and the pages
    /// they make; empty for a site of one implied treatment.
    pub treatments: crate::treatments::Treatments,
}

impl Site {
    /// The page at `index`, if it parsed.
    pub fn page(&self, index: usize) -> Option<&PageNode> {
        self.pages.get(index).and_then(Option::as_ref)
    }

    /// Pages that are part of this build.
    pub fn included(&self) -> impl Iterator<Item = (usize, &PageNode)> {
        self.pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.as_ref().filter(|p| p.included).map(|p| (i, p)))
    }

    /// The help box the page at `index` shows, if it shows one.
    pub fn help_box_for(&self, index: usize) -> Option<&HelpBox> {
        let wanted = self.page(index)?.file.front.help_box;
        let help = self.page(self.help_box?)?.file.front.help.as_ref()?;
        wanted.is_some_and(|(on, _)| on).then_some(help)
    }

    /// Sections from the home page down to the page's parent.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.page(index).and_then(|p| p.parent);
        while let Some(i) = current {
            chain.push(i);
            current = self.page(i).and_then(|p| p.parent);
        }
        chain.reverse();
        chain
    }
}

/// The link stage's key for one page: a hash of everything [`link`] reads of its
/// front matter (the title and weight order pages; kind, draft and dates set a
/// page's place, status and review date; the kind-specific keys are checked).
/// Written out field by field, so a new front matter field cannot be added
/// without saying here whether the link stage reads it.
pub(crate) fn link_key(front: &FrontMatter) -> u64 {
    use std::hash::{Hash, Hasher};
    let FrontMatter {
        title,
        description: _,
        kind,
        page_kind,
        weight,
        draft,
        reviewed_by: _,
        last_reviewed,
        next_review,
        sources: _,
        when,
        also_called: _,
        stage: _,
        kind_keys,
        template: _,
        help_box,
        last_reviewed_at,
        placeholders,
        help,
        opening: _,
        questionnaire,
        warnings: _,
        treatment,
    } = front;
    let mut h = std::hash::DefaultHasher::new();
    (
        title,
        kind,
        page_kind,
        weight,
        draft,
        last_reviewed,
        next_review,
        when,
    )
        .hash(&mut h);
    for (key, at) in kind_keys {
        (key, at.line, at.column).hash(&mut h);
    }
    questionnaire.is_some().hash(&mut h);
    // Resolved by the link stage; its facts are shown on the generated pages.
    treatment.hash(&mut h);
    // Checked by the link stage (where the help box is asked for, placeholders,
    // review dates), or shown on other pages (the help box itself).
    format!("{help_box:?}{last_reviewed_at:?}{placeholders:?}{help:?}").hash(&mut h);
    h.finish()
}

/// Places parsed files in the site tree.
pub fn link(
    files: Vec<Option<ParsedFile>>,
    config: &SiteConfig,
    include_drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    let section_of_dir: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            f.as_ref()
                .filter(|f| f.source.is_section)
                .map(|f| (dir_of(&f.source.content_path).to_string(), i))
        })
        .collect();
    let home = section_of_dir.get("").copied();
    let all_sections_parsed = files.iter().all(|f| f.is_some());
    if home.is_none() && all_sections_parsed {
        diagnostics.push(
            Diagnostic::file_error("content/_index.md", "the site has no home page")
                .with_hint("create content/_index.md with a `title:` in its front matter"),
        );
    }
    let mut pages: Vec<Option<PageNode>> = files
        .into_iter()
        .map(|f| {
            f.map(|file| {
                let own_dir = dir_of(&file.source.content_path);
                let start = if file.source.is_section {
                    parent_dir(own_dir)
                } else {
                    Some(own_dir)
                };
                let parent = nearest_section(start, &section_of_dir);
                let included = include_drafts || !file.front.draft;
                let review_due = file.front.next_review.or_else(|| {
                    file.front.last_reviewed.and_then(|d| {
                        d.checked_add((config.review.interval_months as i64).months())
                            .ok()
                    })
                });
                PageNode {
                    kind: file.front.kind.unwrap_or_default(),
                    file,
                    parent,
                    children: Vec::new(),
                    prev: None,
                    next: None,
                    included,
                    review_due,
                    body: RenderedMarkdown::default(),
                    questionnaire: None,
                }
            })
        })
        .collect();

    // A page's kind defaults to its section's `page_kind`.
    let page_kinds: Vec<Option<Kind>> = pages
        .iter()
        .map(|p| p.as_ref().and_then(|p| p.file.front.page_kind))
        .collect();
    for page in pages.iter_mut().flatten() {
        if page.file.front.kind.is_none() && !page.file.source.is_section {
            page.kind = page.parent.and_then(|s| page_kinds[s]).unwrap_or_default();
        }
        if page.kind == Kind::Questionnaire
            && page.file.front.questionnaire.is_none()
            && page.file.front.kind != Some(Kind::Questionnaire)
        {
            diagnostics.push(
                Diagnostic::error(&page.file.source.display_path, Position::start(), "a questionnaire page must say `kind: questionnaire` itself")
                    .with_hint("add `kind: questionnaire` with its `questions`, `outcomes` and `rules` to this page's front matter"),
            );
        }
        if page.kind == Kind::Help && page.file.front.kind != Some(Kind::Help) {
            diagnostics.push(
                Diagnostic::error(&page.file.source.display_path, Position::start(), "the help box file must say `kind: help` itself")
                    .with_hint("a section's `page_kind` cannot be `help`; set `kind: help` in the one help box file"),
            );
        }
        for (key, position) in &page.file.front.kind_keys {
            let (wanted, what) = match *key {
                "when" => (Kind::Phase, "healing phase"),
                "also_called" => (Kind::Condition, "condition"),
                _ => (Kind::Step, "procedure step"),
            };
            if page.kind != wanted || page.is_section() {
                diagnostics.push(
                    Diagnostic::error(
                        &page.file.source.display_path,
                        *position,
                        format!("`{key}` is only for {what} pages"),
                    )
                    .with_hint(format!("remove `{key}:`, or set `kind: {}`", wanted.name())),
                );
            }
        }
        if page.kind == Kind::Phase && page.file.front.when.is_none() {
            diagnostics.push(
                Diagnostic::error(
                    &page.file.source.display_path,
                    Position::start(),
                    "a healing phase needs `when`",
                )
                .with_hint("add a line such as `when: Days 1 to 3` to the front matter"),
            );
        }
    }

    let help_box = help::link(&mut pages, include_drafts, all_sections_parsed, diagnostics);
    let today = placeholders::today();
    placeholders::report(&pages, help_box, config, include_drafts, today, diagnostics);

    // Children of each section, in order; a draft parent keeps its children out too.
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(page) = page
            && page.included
            && let Some(parent) = page.parent
        {
            children.entry(parent).or_default().push(i);
        }
    }
    for (section, mut kids) in children {
        kids.sort_by_cached_key(|&k| order_key(&pages[k]));
        let sequence: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|&k| {
                pages[k]
                    .as_ref()
                    .is_some_and(|p| !p.is_section() && matches!(p.kind, Kind::Step | Kind::Phase))
            })
            .collect();
        for (n, &k) in sequence.iter().enumerate() {
            if let Some(p) = pages[k].as_mut() {
                p.prev = n.checked_sub(1).map(|m| sequence[m]);
                p.next = sequence.get(n + 1).copied();
            }
        }
        if let Some(s) = pages[section].as_mut() {
            s.children = kids;
        }
    }
    let nav = home
        .and_then(|h| pages[h].as_ref())
        .map(|h| h.children.clone())
        .unwrap_or_default();
    let mut site = Site {
        pages,
        home,
        nav,
        help_box,
        drafts: include_drafts,
        treatments: Default::default(),
    };
    crate::treatments::link(&mut site, diagnostics);
    site
}

fn order_key(page: &Option<PageNode>) -> (i64, String, String) {
    match page {
        Some(p) => (
            p.file.front.weight.unwrap_or(i64::MAX),
            p.title().to_lowercase(),
            p.url().to_string(),
        ),
        None => (i64::MAX, String::new(), String::new()),
    }
}

fn dir_of(content_path: &str) -> &str {
    content_path.rsplit_once('/').map_or("", |(d, _)| d)
}

fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() {
        None
    } else {
        Some(dir.rsplit_once('/').map_or("", |(d, _)| d))
    }
}

fn nearest_section(mut dir: Option<&str>, sections: &HashMap<String, usize>) -> Option<usize> {
    while let Some(d) = dir {
        if let Some(&s) = sections.get(d) {
            return Some(s);
        }
        dir = parent_dir(d);
    }
    None
}

/// Checks links between pages: the target exists in this build and has the anchor.
pub fn check_links(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.extend(links_checked(site).into_iter().flatten());
}

/// The problems of each page's links to other pages, by page index (none for a
/// page not published).
pub(crate) fn links_checked(site: &Site) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    (site.pages.par_iter())
        .map(|page| match page.as_ref().filter(|p| p.included) {
            Some(page) => link_problems(site, page),
            None => Vec::new(),
        })
        .collect()
}

/// The problems of the links on `page` to other pages of `site`.
pub(crate) fn link_problems(site: &Site, page: &PageNode) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let path = &page.file.source.display_path;
    for link in &page.body.links {
        let Some(target) = site.page(link.target) else {
            continue;
        };
        if target.kind == Kind::Help {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    link.position,
                    format!(
                        "this links to `{}`, the help box file, which is not a page of its own",
                        target.file.source.display_path
                    ),
                )
                .with_hint("link to a page that shows the help box instead"),
            );
            continue;
        }
        if !target.included {
            diagnostics.push(
                Diagnostic::error(path, link.position, format!("this links to `{}`, which is a draft", target.file.source.display_path))
                    .with_hint("publish that page (remove `draft: true`), remove the link, or build with --drafts"),
            );
            continue;
        }
        let Some(anchor) = &link.anchor else { continue };
        if anchor.is_empty() || target.body.anchors.iter().any(|a| a == anchor) {
            continue;
        }
        let mut message = format!(
            "`#{anchor}` is not a heading on `{}`",
            target.file.source.display_path
        );
        if let Some(best) = crate::yaml::suggest(anchor, &target.body.anchors) {
            message.push_str(&format!("; did you mean `#{best}`?"));
        }
        let hint = if target.body.anchors.is_empty() {
            "that page has no headings to link to; remove the `#...` part".to_string()
        } else {
            format!(
                "headings on that page: {}",
                target
                    .body
                    .anchors
                    .iter()
                    .map(|a| format!("#{a}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        diagnostics.push(Diagnostic::error(path, link.position, message).with_hint(hint));
    }
    diagnostics
}
