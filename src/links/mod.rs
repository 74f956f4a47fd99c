//! Resolving what a page links to: other pages (written as links to their `.md`
//! files), anchors, static files and files next to the page.

mod index;
pub(crate) mod paths;
mod resolver;
pub(crate) mod suggest;
pub(crate) use index::PageLookups;
pub use index::SiteIndex;
pub(crate) use resolver::Resolver;
