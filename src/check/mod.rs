//! `clinicsite check`: what a build rejects, plus review, readability and privacy lints per page.

pub mod readability;
pub mod syllables;
