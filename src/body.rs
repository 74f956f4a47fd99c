//! The body stage: a page's markdown rendered to HTML with its links resolved
//! against the site, and for a questionnaire page, its form and rules.

use crate::config::SiteConfig;
use crate::content::{Kind, ParsedFile};
use crate::diagnostics::LineIndex;
use crate::links::{Resolver, SiteIndex};
use crate::markdown::{self, MarkdownInput, RenderedMarkdown};
use crate::questionnaire::page::QuestionnairePage;

/// Renders the markdown body of a page whose index in the site is `index` and whose
/// file's text is `text` (`file.text`, or that text moved out of it), and for a
/// questionnaire page, its form and rules.
pub(crate) fn render(
    file: &ParsedFile,
    text: &str,
    index: usize,
    kind: Kind,
    site: &SiteIndex,
    config: &SiteConfig,
) -> (RenderedMarkdown, Option<QuestionnairePage>) {
    let lines = LineIndex::new(text);
    let input = MarkdownInput {
        file_text: text,
        body_offset: file.body_offset,
        lines: &lines,
        path: &file.source.display_path,
        faq: kind == Kind::Faq,
        sanitise_html: config.raw_html == crate::config::RawHtml::Sanitise,
        placeholders: crate::placeholder::severity(config.example_site, site.pages.drafts),
        search: (config.search).then(|| crate::search::terms::stop_words(&config.language)),
    };
    let resolver = Resolver::new(site, index, &file.source.content_path, &file.source.url);
    let mut body = markdown::render(&input, &resolver);
    let questionnaire = match (&file.front.questionnaire, kind) {
        (Some(q), Kind::Questionnaire) => {
            let mut fragment = |text: &str, position| {
                markdown::render_fragment(
                    text,
                    position,
                    &file.source.display_path,
                    input.sanitise_html,
                    &resolver,
                )
            };
            Some(crate::questionnaire::page::render(
                q,
                &mut fragment,
                &mut body.diagnostics,
            ))
        }
        _ => None,
    };
    (body, questionnaire)
}
