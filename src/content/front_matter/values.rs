//! The values front matter holds that other stages read: a page's kind, a step's
//! stage, a source, a date.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What a page is about, which decides its template and structured data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A plain content page.
    #[default]
    Page,
    /// A condition the treatment may help.
    Condition,
    /// One step of the procedure, ordered by weight.
    Step,
    /// One phase of healing, ordered by weight, with `when`.
    Phase,
    /// The frequently asked questions page.
    Faq,
    /// The treatment-suitability questionnaire.
    Questionnaire,
    /// The help box file: shown inside the pages that ask for it, never a page of its own.
    Help,
    /// A treatment: a section (`_index.md`) holding its steps, phases, FAQ and
    /// questionnaire, with the conditions it treats (see [`crate::treatments`]).
    Treatment,
}

impl Kind {
    /// The name used in front matter and template file names.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Condition => "condition",
            Kind::Step => "step",
            Kind::Phase => "phase",
            Kind::Faq => "faq",
            Kind::Questionnaire => "questionnaire",
            Kind::Help => "help",
            Kind::Treatment => "treatment",
        }
    }
}

/// Which part of the procedure a step page describes (for structured data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Stage {
    /// Getting ready: schema.org `preparation`.
    Before,
    /// The treatment itself: schema.org `howPerformed`.
    During,
    /// Aftercare: schema.org `followup`.
    After,
}

/// One source a page cites.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    /// Title of the article, page or book.
    pub(crate) title: String,
    /// Who published it.
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    /// Year of publication.
    #[serde(default)]
    pub(crate) year: Option<u32>,
    /// Where to read it.
    #[serde(default)]
    pub(crate) url: Option<String>,
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    text.parse::<Date>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real() {
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-2-3").is_none());
        assert_eq!(
            parse_date("2026-11-01"),
            Some(jiff::civil::date(2026, 11, 1))
        );
    }
}
