//! Images the site publishes: metadata stripped from every copy ([`strip`]),
//! and more to come.

pub(crate) mod strip;
