//! The questionnaire exactly as written in front matter (before validation).

use crate::yaml::Spanned;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::collections::HashMap;

/// The questionnaire keys of a `kind: questionnaire` page's front matter.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct RawQuestionnaire {
    /// Questions in the order they are asked.
    #[serde(default)]
    pub questions: Option<Spanned<Vec<RawQuestion>>>,
    /// Outcomes, most severe first; the last is the default.
    #[serde(default)]
    pub outcomes: Option<Spanned<Vec<RawOutcome>>>,
    /// Rules: answers -> outcome + reason.
    #[serde(default)]
    pub rules: Option<Spanned<Vec<RawRule>>>,
}

/// One question as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    /// Stable id used by rules (`infection`).
    pub id: Spanned<String>,
    /// The question text.
    pub question: Spanned<String>,
    /// Help shown under the question (markdown).
    #[serde(default)]
    pub hint: Option<Spanned<String>>,
    /// The answers; yes / no / I'm not sure when left out.
    #[serde(default)]
    pub answers: Option<Vec<RawAnswer>>,
}

/// One answer option as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAnswer {
    /// Stable id used by rules (`now`).
    pub id: Spanned<String>,
    /// What the patient reads.
    pub label: Spanned<String>,
}

/// One outcome as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    /// Stable id used by rules (`not-now`).
    pub id: Spanned<String>,
    /// The result's heading.
    pub title: Spanned<String>,
    /// What the result means (markdown).
    pub text: Spanned<String>,
    /// What to do next (markdown).
    #[serde(default)]
    pub next_steps: Option<Spanned<String>>,
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Question id -> the answer (or answers) that make the rule match.
    pub when: Spanned<HashMap<Spanned<String>, Spanned<AnswerIds>>>,
    /// The outcome id the rule leads to.
    pub outcome: Spanned<String>,
    /// Why, in words the patient reads.
    pub reason: Spanned<String>,
}

/// One answer id or a list of them (any of which matches).
///
/// YAML 1.1 readers turn a bare `yes`/`no` into booleans; they are read back as
/// the answer ids `yes` and `no`, which is what a writer means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerIds(pub Vec<String>);

impl<'de> Deserialize<'de> for AnswerIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerIdsVisitor;
        impl<'de> Visitor<'de> for AnswerIdsVisitor {
            type Value = AnswerIds;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an answer id or a list of answer ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnswerIds, E> {
                Ok(AnswerIds(vec![v.trim().to_string()]))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AnswerIds, E> {
                Ok(AnswerIds(vec![if v { "yes" } else { "no" }.to_string()]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnswerIds, E> {
                Ok(AnswerIds(vec![v.to_string()]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnswerIds, E> {
                Ok(AnswerIds(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerIds, A::Error> {
                let mut ids = Vec::new();
                while let Some(AnswerIds(more)) = seq.next_element::<AnswerIds>()? {
                    ids.extend(more);
                }
                Ok(AnswerIds(ids))
            }
        }
        deserializer.deserialize_any(AnswerIdsVisitor)
    }
}
