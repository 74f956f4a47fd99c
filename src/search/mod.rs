//! Offline site search: each page body's terms (counted by the body stage), an
//! index of them written as same-origin scripts, and the search page, whose
//! script looks terms up in the browser. Nothing is sent anywhere: the query
//! stays in the page.

pub(crate) mod az;
pub(crate) mod index;
pub(crate) mod terms;

pub(crate) use terms::{PageTerms, TermCounter};

/// The search page's URL (below the site's base path).
pub(crate) const PAGE_URL: &str = "/search/";

/// The search page's output path.
pub(crate) const PAGE_FILE: &str = "search/index.html";

/// The search page's template.
pub(crate) const TEMPLATE: &str = "search.html";
