//! The body and page stages, run page by page in one parallel pass: a page's
//! markdown body, then its HTML through its template, handed to the sink at once
//! (a new folder gets each page as it is made, and nothing waits in memory).
//! Their keys are made beside them, in [`super::keys`].

use super::cache::{BodyEntry, HtmlEntry, Made};
use super::keys::{Keys, body_sig};
use super::parse::{Earlier, SourceRead};
use super::sink::Sink;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::file_stamp::Stamp;
use crate::links::SiteIndex;
use crate::markdown::{PageAsset, RenderedMarkdown};
use crate::output::{Contents, OutputFile, WriteError};
use crate::questionnaire::page::{self as questionnaire, QuestionnairePage};
use crate::render::{PageBody, Renderer};
use crate::site::{PageNode, Site};
use std::collections::BTreeMap;

/// A page's cache entry and its files.
type PageFiles = (HtmlEntry, Vec<OutputFile>);

/// What the body and page stages need of the run.
pub(crate) struct PageStage<'a> {
    /// The linked site (bodies not in it yet).
    pub site: &'a Site,
    /// What links resolve against.
    pub links: &'a SiteIndex<'a>,
    /// The settings.
    pub config: &'a SiteConfig,
    /// The templates, unless they failed to compile (then bodies only are made).
    pub renderer: Option<&'a Renderer<'a>>,
    /// Per template: its key.
    pub template_keys: &'a BTreeMap<String, u64>,
    /// The site-wide parts of the keys.
    pub keys: &'a Keys,
    /// Where pages go.
    pub sink: &'a Sink,
    /// When the search index is made again: the terms kept from earlier runs
    /// (a body from the cache without its terms is rendered again).
    pub terms: Option<&'a super::search::TermStore>,
}

/// One page as the body and page stages left it.
pub(crate) struct PageMade {
    /// Its index in the site.
    pub index: usize,
    /// Its body (without its HTML unless the run keeps payloads).
    pub body: RenderedMarkdown,
    /// For a questionnaire page: its parts.
    pub questionnaire: Option<QuestionnairePage>,
    /// The body's cache entry, when it had no problems.
    pub body_entry: Option<BodyEntry>,
    /// The page's cache entry, when its files were made or kept.
    pub html_entry: Option<HtmlEntry>,
    /// Its files (HTML, questionnaire files), to assemble.
    pub files: Vec<OutputFile>,
    /// Why its template failed, if it did.
    pub problem: Option<Diagnostic>,
    /// Whether its body and its HTML were rendered (not taken from the cache).
    pub rendered: (bool, bool),
    /// Its text, when the run keeps payloads.
    pub text: Option<String>,
}

/// A body as the page stage has it.
struct Body {
    markdown: RenderedMarkdown,
    questionnaire: Option<QuestionnairePage>,
    sig: u64,
    /// Its cache entry, when it came from the cache.
    entry: Option<BodyEntry>,
    /// Only what other stages read (from a record): rendered again if its page is.
    hollow: bool,
}

impl PageStage<'_> {
    /// Makes the body and files of `page`, the page at `index`, read as `read` with
    /// `text` (empty when it came from a record), using what the last run left.
    pub fn page(
        &self,
        index: usize,
        page: &PageNode,
        read: &SourceRead,
        mut text: String,
        earlier: Earlier,
    ) -> Result<PageMade, WriteError> {
        let (old_body, old_html) = earlier;
        let body_key = self.keys.body(page, read);
        let cached = old_body.filter(|b| b.key == body_key && assets_unchanged(b));
        let mut rendered = (cached.is_none(), false);
        let mut body = match cached {
            Some(entry) => cached_body(entry),
            None => match self.render_body(index, page, read, &mut text) {
                Ok(body) => body,
                Err(problems) => return Ok(failed_body(index, problems)),
            },
        };
        if let Some(store) = self.terms
            && body.markdown.terms.is_none()
        {
            match store.get(&page.file.source.content_path) {
                Some((key, terms)) if *key == body_key => body.markdown.terms = Some(terms.clone()),
                _ => {
                    body = match self.render_body(index, page, read, &mut text) {
                        Ok(body) => body,
                        Err(problems) => return Ok(failed_body(index, problems)),
                    };
                    rendered.0 = true;
                }
            }
        }
        let mut made = PageMade {
            index,
            body: RenderedMarkdown::default(),
            questionnaire: None,
            body_entry: None,
            html_entry: None,
            files: Vec::new(),
            problem: None,
            rendered,
            text: None,
        };
        let template = self.renderer.map(|r| r.template_for(self.site, index));
        match template {
            None => {}
            Some(Err(problem)) => made.problem = Some(problem),
            Some(Ok(template)) => {
                let key = self.template_keys.get(&template).copied().unwrap_or(0);
                let page_key = (self.keys).page(self.site, index, (&template, key), read, body.sig);
                match old_html
                    .filter(|h| h.key == page_key)
                    .and_then(|h| self.kept(h))
                {
                    Some((entry, files)) => (made.html_entry, made.files) = (Some(entry), files),
                    None => {
                        if body.hollow {
                            body = match self.render_body(index, page, read, &mut text) {
                                Ok(body) => body,
                                Err(problems) => return Ok(failed_body(index, problems)),
                            };
                            rendered.0 = true;
                        }
                        rendered.1 = true;
                        match self.render_page(index, page, &body, page_key)? {
                            Ok((entry, files)) => {
                                (made.html_entry, made.files) = (Some(entry), files)
                            }
                            Err(problem) => made.problem = Some(problem),
                        }
                    }
                }
            }
        }
        let keep = self.sink.keeps_payloads();
        if !keep {
            body.markdown.html = String::new();
        }
        made.body_entry = match body.entry.take() {
            Some(entry) => Some(entry),
            None if body.markdown.diagnostics.is_empty() => body_entry(body_key, &body),
            None => None,
        };
        made.rendered = rendered;
        made.body = body.markdown;
        made.questionnaire = body.questionnaire;
        made.text = keep.then_some(text);
        Ok(made)
    }

    /// Renders the body of `page` from `text`, reading the text first when it came
    /// from a record.
    fn render_body(
        &self,
        index: usize,
        page: &PageNode,
        read: &SourceRead,
        text: &mut String,
    ) -> Result<Body, Vec<Diagnostic>> {
        if text.is_empty() && !read.read_now {
            *text = super::parse::load_text(&page.file, read)?;
        }
        let (markdown, questionnaire) =
            crate::body::render(&page.file, text, index, page.kind, self.links, self.config);
        let sig = body_sig(&markdown, questionnaire.as_ref());
        Ok(Body {
            markdown,
            questionnaire,
            sig,
            entry: None,
            hollow: false,
        })
    }

    /// The 404 page (none when the templates failed): kept when its key (the
    /// settings, the navigation and its template) holds, else rendered; true when rendered.
    pub fn not_found(
        &self,
        old: Option<HtmlEntry>,
    ) -> Option<Result<(PageFiles, bool), Diagnostic>> {
        const NAME: &str = "404.html";
        let renderer = self.renderer?;
        let template_key = self.template_keys.get(NAME).copied().unwrap_or(0);
        let key = self.keys.not_found(template_key);
        if let Some((entry, files)) = old.filter(|h| h.key == key).and_then(|h| self.kept(h)) {
            return Some(Ok(((entry, files), false)));
        }
        let html = match renderer.render_not_found() {
            Ok(html) => html,
            Err(problem) => return Some(Err(problem)),
        };
        let (contents, made) = match self.sink.take(NAME, html.as_bytes()) {
            Ok(taken) => taken,
            Err(e) => return Some(Err(Diagnostic::file_error(NAME, e.to_string()))),
        };
        let entry = HtmlEntry {
            key,
            outputs: vec![(NAME.to_string(), made.unwrap_or(Made::Pending))],
        };
        let file = OutputFile {
            path: NAME.to_string(),
            contents,
        };
        Some(Ok(((entry, vec![file]), true)))
    }

    /// The files of a page made by an earlier run, when every one is still as made.
    fn kept(&self, html: HtmlEntry) -> Option<PageFiles> {
        let files = (html.outputs.iter())
            .map(|(path, made)| {
                let contents = self.sink.still_there(path, made)?;
                Some(OutputFile {
                    path: path.clone(),
                    contents,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some((html, files))
    }

    /// Renders the page's HTML and makes its questionnaire files, handing each to the sink.
    fn render_page(
        &self,
        index: usize,
        page: &PageNode,
        body: &Body,
        key: u64,
    ) -> Result<Result<PageFiles, Diagnostic>, WriteError> {
        let Some(renderer) = self.renderer else {
            return Ok(Err(Diagnostic::file_error(
                "templates",
                "the templates did not compile",
            )));
        };
        let json_ld =
            crate::json_ld::for_page_with_faq(self.site, index, &body.markdown.faq, self.config);
        let path = page.output_path();
        let page_body = PageBody {
            html: &body.markdown.html,
            markdown: &body.markdown,
            questionnaire: body.questionnaire.as_ref(),
        };
        let taken = renderer.render_page_with(self.site, index, page_body, &json_ld, |bytes| {
            self.sink.take(&path, bytes)
        });
        let mut outputs = Vec::new();
        let mut files = Vec::new();
        let mut add = |path: String, (contents, made): (Contents, Option<Made>)| {
            outputs.push((path.clone(), made));
            files.push(OutputFile { path, contents });
        };
        match taken {
            Ok(taken) => add(path, taken?),
            Err(problem) => return Ok(Err(problem)),
        }
        if let Some(q) = &body.questionnaire {
            let dir = page.output_dir();
            for (name, text) in [
                (questionnaire::CSS_FILE, &q.css),
                (questionnaire::DATA_FILE, &q.data_js),
            ] {
                let path = format!("{dir}{name}");
                let taken = self.sink.take(&path, text.as_bytes())?;
                add(path, taken);
            }
        }
        let entry = HtmlEntry {
            key,
            outputs: (outputs.into_iter())
                .map(|(path, made)| (path, made.unwrap_or(Made::Pending)))
                .collect(),
        };
        Ok(Ok((entry, files)))
    }
}

/// A page whose text could not be had: its problems, nothing made.
fn failed_body(index: usize, problems: Vec<Diagnostic>) -> PageMade {
    PageMade {
        index,
        body: RenderedMarkdown {
            diagnostics: problems,
            ..RenderedMarkdown::default()
        },
        questionnaire: None,
        body_entry: None,
        html_entry: None,
        files: Vec::new(),
        problem: None,
        rendered: (false, false),
        text: None,
    }
}

/// A body from the cache: whole (memory), or what other stages read of it (record).
fn cached_body(mut entry: BodyEntry) -> Body {
    let sig = entry.sig;
    match entry.full.take() {
        Some(full) => Body {
            markdown: full.markdown,
            questionnaire: full.questionnaire,
            sig,
            entry: Some(entry),
            hollow: false,
        },
        None => Body {
            markdown: RenderedMarkdown {
                anchors: entry.anchors.clone(),
                links: entry.links.clone(),
                assets: (entry.assets.iter())
                    .map(|(source, output, _)| PageAsset {
                        source: source.clone(),
                        output: output.clone(),
                    })
                    .collect(),
                pictures: entry.pictures.clone(),
                ..RenderedMarkdown::default()
            },
            questionnaire: None,
            sig,
            entry: Some(entry),
            hollow: true,
        },
    }
}

/// The cache entry of a body that had no problems (none when a file it uses has no stamp).
fn body_entry(key: u64, body: &Body) -> Option<BodyEntry> {
    let assets = (body.markdown.assets.iter())
        .map(|a| Some((a.source.clone(), a.output.clone(), Stamp::of(&a.source)?)))
        .collect::<Option<Vec<_>>>()?;
    Some(BodyEntry {
        key,
        sig: body.sig,
        anchors: body.markdown.anchors.clone(),
        links: body.markdown.links.clone(),
        assets,
        pictures: body.markdown.pictures.clone(),
        full: None,
    })
}

/// True when every file a cached body uses is as it was when the body was made.
fn assets_unchanged(body: &BodyEntry) -> bool {
    (body.assets.iter()).all(|(source, _, stamp)| Stamp::of(source) == Some(*stamp))
}
