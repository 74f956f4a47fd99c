//! What markdown asks of the site: [`LinkResolver`] and the answers it gives.

use crate::diagnostics::Position;

/// Resolves the links and images written on one page. Markdown defines what it
/// needs; the site's link index answers it, so markdown does not
/// depend on how the site is laid out.
pub(crate) trait LinkResolver {
    /// Resolves the destination of a `[text](dest)` link.
    fn resolve(&self, dest: &str) -> Result<LinkTarget, LinkProblem>;
    /// Resolves the source of an `![alt](src)` image.
    fn resolve_image(&self, dest: &str) -> Result<ResolvedImage, LinkProblem>;
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// Another website, an email address or a phone number: left as written.
    External,
    /// A page of the site.
    Page {
        /// The page's index.
        index: usize,
        /// The anchor, if any.
        anchor: Option<String>,
        /// The rewritten `href`.
        href: String,
    },
    /// A static file or a file next to the page.
    File {
        /// The rewritten `href`.
        href: String,
        /// The file to copy, when it lives in `content/`.
        asset: Option<PageAsset>,
    },
}

/// An image ready to be written as `<img>`.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedImage {
    /// The rewritten `src`.
    pub(crate) href: String,
    /// Width and height in pixels, read from the file.
    pub(crate) size: Option<(u32, u32)>,
    /// The file to copy, when it lives in `content/`.
    pub(crate) asset: Option<PageAsset>,
    /// Its path in the output (`about/clinic.jpg`).
    pub(crate) output: String,
}

/// Why a link or image could not be resolved.
#[derive(Debug, Clone)]
pub(crate) struct LinkProblem {
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) hint: String,
}

/// A link to a page (or an anchor on it) to check once every page is known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct PageLink {
    /// Index of the target page.
    pub(crate) target: usize,
    /// The anchor after `#`, if any.
    pub(crate) anchor: Option<String>,
    /// Where the link is written.
    pub(crate) position: Position,
}

/// A file next to a page that the page uses, copied into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageAsset {
    /// Absolute path of the source file.
    pub(crate) source: std::path::PathBuf,
    /// Output path relative to the output folder (`conditions/acne/photo.jpg`).
    pub(crate) output: String,
}
