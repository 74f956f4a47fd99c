//! The content model: finding markdown files, reading their front matter, rendering their bodies.

pub mod discover;
pub mod front_matter;
pub mod help_box;
pub mod placeholder;
pub mod source_text;

pub use discover::{SourceFile, discover, is_ignored};
pub use front_matter::{FrontMatter, Kind, Source};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::file_stamp::Stamp;
use crate::links::{Resolver, SiteIndex};
use crate::markdown::{self, MarkdownInput, RenderedMarkdown};
use crate::questionnaire::page::QuestionnairePage;

/// A markdown file read from disk with its front matter checked.
#[derive(Debug)]
pub struct ParsedFile {
    /// Where the file is and its URL.
    pub source: SourceFile,
    /// The file's text (BOM removed, `\n` line ends).
    pub text: String,
    /// Byte offset of the body in `text`.
    pub body_offset: usize,
    /// The front matter.
    pub front: FrontMatter,
}

/// The text of `source`'s file.
pub fn read_text(source: &SourceFile) -> Result<String, Vec<Diagnostic>> {
    read_text_stamped(source).map(|(text, _)| text)
}

/// The text of `source`'s file and its stamp, taken from the open file before reading.
pub fn read_text_stamped(source: &SourceFile) -> Result<(String, Option<Stamp>), Vec<Diagnostic>> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        vec![Diagnostic::file_error(
            &source.display_path,
            format!("cannot read: {e}"),
        )]
    };
    let mut file = std::fs::File::open(&source.path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    let stamp = Stamp::of_metadata(&meta);
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    // `take` reads to the end without asking the file for its size again.
    (&mut file)
        .take(u64::MAX)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    let text = source_text::decode(bytes).map_err(|(position, message)| {
        vec![
            Diagnostic::error(&source.display_path, position, message).with_hint(
                "save the file as UTF-8 (most editors have this under \"Save with encoding\")",
            ),
        ]
    })?;
    Ok((text, stamp))
}

/// Splits a file and checks its front matter.
pub fn parse_file(
    source: SourceFile,
    text: String,
    config: &SiteConfig,
) -> Result<ParsedFile, Vec<Diagnostic>> {
    let split = front_matter::split(&text).map_err(|mut d| {
        d.path = source.display_path.clone();
        vec![d]
    })?;
    let mut front = front_matter::parse(&split, &source.display_path, source.is_section, config)?;
    let body_offset = split.body_offset;
    if front.kind == Some(Kind::Help) {
        let (help, findings) = help_box::parse(&text, body_offset, &source.display_path);
        front.help = Some(help?);
        front.placeholders.extend(findings);
    }
    Ok(ParsedFile {
        source,
        text,
        body_offset,
        front,
    })
}

/// Renders the markdown body of a page whose index in the site is `index` and whose
/// file's text is `text` (`file.text`, or that text moved out of it), and for a
/// questionnaire page, its form and rules.
pub fn render_body(
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
        placeholders: placeholder::severity(config.example_site, site.pages.drafts),
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
