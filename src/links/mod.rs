//! Resolving what a page links to: other pages (written as links to their `.md`
//! files), anchors, static files and files next to the page.

mod index;
mod paths;
mod resolver;
mod suggest;
pub(crate) use index::PageLookups;
pub use index::SiteIndex;
pub(crate) use resolver::Resolver;
