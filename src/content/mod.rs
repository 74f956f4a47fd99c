//! The content model: finding markdown files and reading their front matter.

pub(crate) mod discover;
pub mod front_matter;
pub mod help_box;

pub(crate) use discover::{SourceFile, discover, is_ignored};
pub use front_matter::Kind;
pub(crate) use front_matter::{FrontMatter, Source};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::file_stamp::Stamp;

/// A markdown file read from disk with its front matter checked.
#[derive(Debug)]
pub struct ParsedFile {
    /// Where the file is and its URL.
    pub(crate) source: SourceFile,
    /// The file's text (BOM removed, `\n` line ends).
    pub(crate) text: String,
    /// Byte offset of the body in `text`.
    pub(crate) body_offset: usize,
    /// The front matter.
    pub(crate) front: FrontMatter,
}

/// The text of `source`'s file.
pub(crate) fn read_text(source: &SourceFile) -> Result<String, Vec<Diagnostic>> {
    read_text_stamped(source).map(|(text, _)| text)
}

/// The text of `source`'s file and its stamp, taken from the open file before reading.
pub(crate) fn read_text_stamped(
    source: &SourceFile,
) -> Result<(String, Option<Stamp>), Vec<Diagnostic>> {
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
    let text = crate::source_text::decode(bytes).map_err(|(position, message)| {
        vec![
            Diagnostic::error(&source.display_path, position, message).with_hint(
                "save the file as UTF-8 (most editors have this under \"Save with encoding\")",
            ),
        ]
    })?;
    Ok((text, stamp))
}

/// Splits a file and checks its front matter.
pub(crate) fn parse_file(
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
