//! The treatment-suitability questionnaire: a model a writer edits as data,
//! validated at build time, one reference evaluator, and the page that asks it.

pub mod cli;
pub mod evaluate;
pub mod page;
pub mod raw;
mod validate;

pub use cli::{describe, evaluate_lines};
pub use evaluate::{Evaluation, evaluate, evaluate_by_id};
pub use validate::validate;

use crate::diagnostics::Position;
use serde::Serialize;

/// A validated questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Questionnaire {
    /// Questions in the order they are asked.
    pub questions: Vec<Question>,
    /// Outcomes, most severe first; the last is the default when no rule matches.
    pub outcomes: Vec<Outcome>,
    /// Rules in the order written.
    pub rules: Vec<Rule>,
}

/// One question with its answer options.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Stable id (`infection`).
    pub id: String,
    /// The question text.
    pub text: String,
    /// Help shown under the question (markdown source).
    pub hint: Option<Text>,
    /// Answer options.
    pub answers: Vec<AnswerOption>,
}

/// One answer option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerOption {
    /// Stable id (`yes`).
    pub id: String,
    /// What the patient reads.
    pub label: String,
}

/// One outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Stable id (`not-now`).
    pub id: String,
    /// The result's heading.
    pub title: String,
    /// What the result means (markdown source).
    pub text: Text,
    /// What to do next (markdown source).
    pub next_steps: Option<Text>,
}

/// Markdown written in front matter, with where it starts for messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The markdown.
    pub markdown: String,
    /// Where the value starts in the file.
    #[serde(skip)]
    pub position: Position,
}

/// A rule's conditions: (question index, answer indexes any of which match).
pub type Conditions = Vec<(usize, Vec<usize>)>;

/// One rule: when every condition holds, the outcome applies, for this reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// 1-based number in the order written; shown in "how we decide".
    pub number: usize,
    /// (question index, answer indexes any of which match), in question order.
    pub conditions: Conditions,
    /// Index into `outcomes`.
    pub outcome: usize,
    /// Why, in words the patient reads.
    pub reason: String,
}

impl Rule {
    /// True when the answers (one answer index per question) meet every condition.
    pub fn matches(&self, answers: &[usize]) -> bool {
        self.conditions
            .iter()
            .all(|(q, allowed)| answers.get(*q).is_some_and(|a| allowed.contains(a)))
    }
}

/// The answer options every question gets unless it lists its own.
pub fn default_answers() -> Vec<AnswerOption> {
    [("yes", "Yes"), ("no", "No"), ("unsure", "I'm not sure")]
        .into_iter()
        .map(|(id, label)| AnswerOption {
            id: id.into(),
            label: label.into(),
        })
        .collect()
}
