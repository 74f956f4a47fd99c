//! The Tera environment and the context each template gets.

use crate::config::{Clinic, Reviewer, SiteConfig};
use crate::content::help_box::{HelpBox, numbers::HelpNumbers};
use crate::content::{Kind, Source};
use crate::diagnostics::Diagnostic;
use crate::markdown::{RenderedMarkdown, TocEntry};
use crate::questionnaire::page::QuestionnairePage;
use crate::site::{PageNode, Site};
use crate::theme::TemplateSources;
use crate::theme::brand::{Palette, hex};
use jiff::civil::Date;
use serde::Serialize;
use std::cell::Cell;
use std::sync::OnceLock;
use tera::{Context, Tera, Value};

/// The Content-Security-Policy every built page carries as a meta tag.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'none'; form-action 'none'; base-uri 'none'; object-src 'none'";

/// Site-wide values, serialised once into Tera's global context.
#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    clinic: Option<&'a Clinic>,
    csp: &'a str,
    home_url: &'a str,
    /// The clinic's logo for the header, if site.yaml sets one.
    logo: Option<LogoContext>,
    /// The stylesheet of the site's brand colour, if site.yaml sets one.
    brand_css_url: Option<String>,
    /// The browser's interface colour (`<meta name="theme-color">`) in each scheme.
    theme_colour: ThemeColour,
    /// The numbers the help box gives.
    help_numbers: &'a HelpNumbers,
    /// An example site: every page carries a banner saying so.
    example_site: bool,
    /// The site has a search page (the header links to it).
    search: bool,
    /// The site has treatments (their stylesheet is linked).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    treatments: bool,
    /// Stylesheets and scripts by path (`css/site.css`), each with the URL of its
    /// content-hashed name.
    assets: std::collections::BTreeMap<String, String>,
}

/// The logo, as templates see it.
#[derive(Serialize)]
struct LogoContext {
    url: String,
    width: u32,
    height: u32,
    /// The clinic's name (or the site's title): what the logo says.
    alt: String,
}

/// The browser's interface colour in the light and dark schemes.
#[derive(Serialize)]
struct ThemeColour {
    light: String,
    dark: String,
}

/// A link to another page, as templates see it.
#[derive(Serialize)]
struct PageLink<'a> {
    title: &'a str,
    url: String,
    description: Option<&'a str>,
    kind: &'static str,
    is_section: bool,
    when: Option<&'a str>,
}

/// A date as a machine value and as words.
#[derive(Serialize)]
struct DateContext {
    iso: String,
    text: String,
}

fn date(d: Option<Date>) -> Option<DateContext> {
    d.map(|d| DateContext {
        iso: d.to_string(),
        text: d.strftime("%-d %B %Y").to_string(),
    })
}

/// One page, as templates see it.
#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
    kind: &'static str,
    is_section: bool,
    is_home: bool,
    content: &'a str,
    toc: &'a [TocEntry],
    word_count: usize,
    reviewed_by: Option<&'a Reviewer>,
    last_reviewed: Option<DateContext>,
    review_due: Option<DateContext>,
    sources: &'a [Source],
    when: Option<&'a str>,
    also_called: &'a [String],
    page_kind: Option<&'static str>,
    /// The URL of the top-level nav entry this page sits under.
    nav_root: Option<String>,
    /// For the FAQ page: its questions, grouped.
    faq: Vec<crate::faq::FaqGroup>,
    /// For a questionnaire page: its parts.
    questionnaire: Option<QuestionnaireContext<'a>>,
    /// The help box, on pages that show it.
    help_box: Option<HelpBoxContext<'a>>,
    /// What the page shows of the treatments (none for a site without them).
    #[serde(skip_serializing_if = "Option::is_none")]
    treatments: Option<crate::treatments::context::PageTreatments<'a>>,
}

/// The help box as templates see it: its title (the help box file's) and text.
#[derive(Serialize)]
struct HelpBoxContext<'a> {
    title: &'a str,
    #[serde(flatten)]
    text: &'a HelpBox,
}

/// A questionnaire page's parts, as templates see them.
#[derive(Serialize)]
struct QuestionnaireContext<'a> {
    form_html: &'a str,
    rules_html: &'a str,
    css_url: String,
    data_url: String,
    script_url: String,
}

/// What a page shows of its own markdown, given to [`Renderer::render_page_with`].
#[derive(Debug, Clone, Copy)]
pub struct PageBody<'b> {
    /// The body as HTML.
    pub html: &'b str,
    /// The rest of the rendered markdown (table of contents, FAQ entries, word count).
    pub markdown: &'b RenderedMarkdown,
    /// For a questionnaire page: its parts.
    pub questionnaire: Option<&'b QuestionnairePage>,
}

thread_local! {
    /// Where this thread renders pages (see [`Renderer::render_page`]).
    static RENDER_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Renders pages with the site's templates.
pub struct Renderer<'a> {
    tera: Tera,
    sources: &'a TemplateSources,
    config: &'a SiteConfig,
    /// Each page's [`PageLink`] as a template value, by page index, made the first time
    /// a page links to it: a page is listed by its parent, in its descendants'
    /// breadcrumbs and as its neighbours' prev/next, and a value is shared (counted
    /// references) rather than serialised again for each of them.
    links: Vec<OnceLock<Value>>,
    /// Stylesheets and scripts by path, with their hashed names' URLs.
    assets: std::collections::BTreeMap<String, String>,
}

impl<'a> Renderer<'a> {
    /// Compiles every template once and sets the site-wide context.
    pub fn new(
        sources: &'a TemplateSources,
        config: &'a SiteConfig,
        site: &Site,
        statics: &crate::theme::StaticFiles,
    ) -> Result<Self, Vec<Diagnostic>> {
        let assets: std::collections::BTreeMap<String, String> = (statics.hashed().iter())
            .map(|(path, hashed)| (path.clone(), href(config, hashed)))
            .collect();
        let mut tera = Tera::new();
        let templates: Vec<(&str, &str)> = sources
            .templates
            .iter()
            .map(|(n, (t, _))| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(vec![template_error(sources, &e)]);
        }
        tera.set_escape_fn(escape_html);
        let home_url = config.base_path.clone();
        let palette = config
            .brand_colour
            .map_or_else(Palette::default_theme, Palette::derive);
        let site_ctx = SiteContext {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            base_url: &config.base_url,
            base_path: &config.base_path,
            clinic: config.clinic.as_ref(),
            csp: CSP,
            home_url: &home_url,
            logo: config.logo.as_ref().map(|logo| LogoContext {
                url: href(config, &logo.path),
                width: logo.width,
                height: logo.height,
                alt: config
                    .clinic
                    .as_ref()
                    .map_or(&config.title, |c| &c.name)
                    .clone(),
            }),
            brand_css_url: config
                .brand_colour
                .map(|_| href(config, crate::theme::brand::BRAND_CSS_FILE)),
            theme_colour: ThemeColour {
                light: hex(palette.light.accent),
                dark: hex(palette.dark.surface),
            },
            help_numbers: &config.help_numbers,
            example_site: config.example_site,
            search: config.search,
            treatments: !site.treatments.is_empty(),
            assets: assets.clone(),
        };
        let nav: Vec<PageLink> = site
            .nav
            .iter()
            .filter_map(|&i| site.page(i))
            .map(|p| link_to(p, config))
            .collect();
        tera.global_context().insert("site", &site_ctx);
        tera.global_context().insert("nav", &nav);
        Ok(Renderer {
            tera,
            sources,
            config,
            links: site.pages.iter().map(|_| OnceLock::new()).collect(),
            assets,
        })
    }

    /// The template a page uses: its own `template:`, or one chosen by its kind.
    pub fn template_for(&self, site: &Site, index: usize) -> Result<String, Diagnostic> {
        let Some(page) = site.page(index) else {
            return Err(Diagnostic::file_error("content", "page failed to parse"));
        };
        if let Some((name, position)) = &page.file.front.template {
            if self.sources.contains(name) {
                return Ok(name.clone());
            }
            let known: Vec<String> = self
                .sources
                .templates
                .keys()
                .filter(|k| !k.starts_with("partials/"))
                .cloned()
                .collect();
            let mut message = format!("there is no template `{name}`");
            if let Some(best) = crate::yaml::suggest(name, &known) {
                message.push_str(&format!("; did you mean `{best}`?"));
            }
            return Err(
                Diagnostic::error(&page.file.source.display_path, *position, message)
                    .with_hint(format!("templates available: {}", known.join(", "))),
            );
        }
        let name = if site.home == Some(index) {
            "home.html".to_string()
        } else if page.is_section() {
            "section.html".to_string()
        } else {
            format!("{}.html", page.kind.name())
        };
        Ok(if self.sources.contains(&name) {
            name
        } else {
            "page.html".to_string()
        })
    }

    /// Renders the page at `index` with `body` (which `site` need not hold yet) and
    /// hands the HTML to `output` straight from this thread's render buffer.
    pub fn render_page_with<T>(
        &self,
        site: &Site,
        index: usize,
        body: PageBody<'_>,
        json_ld: &str,
        output: impl FnOnce(&[u8]) -> T,
    ) -> Result<T, Diagnostic> {
        let template = self.template_for(site, index)?;
        let Some(page) = site.page(index) else {
            return Err(Diagnostic::file_error("content", "page failed to parse"));
        };
        let config = self.config;
        let content = body.html;
        let ancestors = site.ancestors(index);
        let nav_root = ancestors.get(1).copied().or(if site.home == Some(index) {
            None
        } else {
            Some(index)
        });
        let ctx_page = PageContext {
            title: page.title(),
            description: page.file.front.description.as_deref(),
            url: href(config, page.url()),
            permalink: crate::json_ld::permalink(config, page.url()),
            kind: page.kind.name(),
            is_section: page.is_section(),
            is_home: site.home == Some(index),
            content,
            toc: &body.markdown.toc,
            word_count: body.markdown.word_count,
            reviewed_by: page.file.front.reviewed_by.as_ref(),
            last_reviewed: date(page.file.front.last_reviewed),
            review_due: date(page.review_due),
            sources: &page.file.front.sources,
            when: page.file.front.when.as_deref(),
            also_called: &page.file.front.also_called,
            page_kind: page.file.front.page_kind.map(Kind::name),
            nav_root: nav_root
                .and_then(|i| site.page(i))
                .map(|p| href(config, p.url())),
            faq: crate::faq::groups(&body.markdown.faq),
            questionnaire: body.questionnaire.map(|q| QuestionnaireContext {
                form_html: &q.form_html,
                rules_html: &q.rules_html,
                css_url: format!(
                    "{}{}",
                    href(config, page.url()),
                    crate::questionnaire::page::CSS_FILE
                ),
                data_url: format!(
                    "{}{}",
                    href(config, page.url()),
                    crate::questionnaire::page::DATA_FILE
                ),
                script_url: (self.assets.get("js/questionnaire.js"))
                    .map_or_else(|| href(config, "/js/questionnaire.js"), String::clone),
            }),
            help_box: site.help_box_for(index).map(|text| HelpBoxContext {
                title: site
                    .help_box
                    .and_then(|h| site.page(h))
                    .map_or("", |p| p.title()),
                text,
            }),
            treatments: crate::treatments::context::for_page(site, index, config),
        };
        let mut context = Context::new();
        context.insert("page", &ctx_page);
        context.insert_value("pages", self.links_to(site, &page.children));
        context.insert_value("breadcrumbs", self.links_to(site, &ancestors));
        context.insert_value("prev", Value::from(self.link(site, page.prev)));
        context.insert_value("next", Value::from(self.link(site, page.next)));
        context.insert("json_ld", json_ld);
        let failed = |e: &tera::Error| {
            let origin = self
                .sources
                .templates
                .get(&template)
                .map_or(template.clone(), |(_, o)| o.clone());
            Diagnostic::file_error(
                &page.file.source.display_path,
                format!("the template {origin} failed: {}", flatten(e)),
            )
            .with_hint("fix the template, or remove `template:` to use the default one")
        };
        // Rendered into this thread's buffer, which keeps its capacity from page to page.
        let mut buffer = RENDER_BUFFER.take();
        buffer.clear();
        let rendered = self.tera.render_to(&template, &context, &mut buffer);
        let output = rendered.map(|()| output(&buffer));
        RENDER_BUFFER.set(buffer);
        output.map_err(|e| failed(&e))
    }

    /// Renders the "page not found" page.
    pub fn render_not_found(&self) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert("page", &serde_json::json!({ "title": "Page not found", "url": href(self.config, "/404.html"), "is_home": false }));
        self.tera
            .render("404.html", &context)
            .map_err(|e| Diagnostic::file_error("templates/404.html", flatten(&e)))
    }
}

impl Renderer<'_> {
    /// Renders the search page: every page from A to Z in `groups`, and the
    /// index file at `index_url` for its script.
    pub(crate) fn render_search(
        &self,
        groups: &[crate::search::az::AzGroup],
        index_url: &str,
    ) -> Result<String, Diagnostic> {
        let url = crate::search::PAGE_URL;
        let mut context = Context::new();
        context.insert(
            "page",
            &serde_json::json!({
                "title": "Search",
                "description": "Search the pages of this site, or find one in the list from A to Z.",
                "url": href(self.config, url),
                "permalink": crate::json_ld::permalink(self.config, url),
                "is_home": false,
            }),
        );
        context.insert("groups", groups);
        context.insert("index_url", index_url);
        let template = crate::search::TEMPLATE;
        self.tera.render(template, &context).map_err(|e| {
            let origin = (self.sources.templates.get(template))
                .map_or("templates/search.html", |(_, o)| o.as_str());
            Diagnostic::file_error(
                origin,
                format!("the template {origin} failed: {}", flatten(&e)),
            )
        })
    }

    /// The link to the page at `index`, if there is one and it parsed.
    fn link(&self, site: &Site, index: Option<usize>) -> Option<Value> {
        let index = index?;
        let page = site.page(index)?;
        let make = || Value::from_serializable(&link_to(page, self.config));
        // An index past the table (a site other than the renderer's) is served uncached.
        Some(match self.links.get(index) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        })
    }

    /// The links to the pages at `indices` that parsed, as a template list.
    fn links_to(&self, site: &Site, indices: &[usize]) -> Value {
        let links: Vec<Value> = indices
            .iter()
            .filter_map(|&i| self.link(site, Some(i)))
            .collect();
        Value::from(links)
    }
}

fn link_to<'p>(page: &'p PageNode, config: &SiteConfig) -> PageLink<'p> {
    PageLink {
        title: page.title(),
        url: href(config, page.url()),
        description: page.file.front.description.as_deref(),
        kind: page.kind.name(),
        is_section: page.is_section(),
        when: page.file.front.when.as_deref(),
    }
}

/// Tera's own HTML escaping (`&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;`
/// `&#39;`), with the text between them written in one piece rather than byte by byte.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// A root-relative URL with the site's base path.
pub fn href(config: &SiteConfig, url: &str) -> String {
    format!("{}{}", config.base_path, url.trim_start_matches('/'))
}

fn flatten(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n    ")
}

fn template_error(sources: &TemplateSources, e: &tera::Error) -> Diagnostic {
    let text = flatten(e);
    let origin = sources
        .templates
        .iter()
        .find(|(name, _)| text.contains(name.as_str()))
        .map_or("templates".to_string(), |(_, (_, o))| o.clone());
    Diagnostic::file_error(origin, format!("template error: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_tera() {
        for text in [
            "",
            "plain",
            "Bell's palsy & <b>\"quotes\"</b>",
            "&&<<>>''\"\"",
            "治疗 – café's",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text:?}");
        }
    }
}
