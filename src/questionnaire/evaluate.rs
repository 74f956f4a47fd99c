//! The reference evaluator: the browser must agree with it on every combination.

use super::Questionnaire;
use serde::Serialize;

/// The result of a complete set of answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// Index of the outcome: the most severe one a matching rule leads to, or the last (default).
    pub outcome: usize,
    /// Numbers of every matching rule, most severe outcome first, then in the order written.
    pub reasons: Vec<usize>,
}

/// Evaluates one answer index per question.
pub fn evaluate(questionnaire: &Questionnaire, answers: &[usize]) -> Evaluation {
    let mut matched: Vec<&super::Rule> = questionnaire
        .rules
        .iter()
        .filter(|r| r.matches(answers))
        .collect();
    matched.sort_by_key(|r| (r.outcome, r.number));
    let default = questionnaire.outcomes.len().saturating_sub(1);
    Evaluation {
        outcome: matched.first().map_or(default, |r| r.outcome),
        reasons: matched.iter().map(|r| r.number).collect(),
    }
}

/// Evaluates answers given by id (`{"infection": "yes", ...}`); every question must be answered.
pub fn evaluate_by_id(
    questionnaire: &Questionnaire,
    answers: &std::collections::HashMap<String, String>,
) -> Result<Evaluation, String> {
    let mut indexes = Vec::with_capacity(questionnaire.questions.len());
    for question in &questionnaire.questions {
        let Some(answer) = answers.get(&question.id) else {
            return Err(format!("no answer for the question `{}`", question.id));
        };
        let Some(index) = question.answers.iter().position(|a| &a.id == answer) else {
            return Err(format!(
                "`{answer}` is not an answer to the question `{}`",
                question.id
            ));
        };
        indexes.push(index);
    }
    if let Some(extra) = answers
        .keys()
        .find(|k| !questionnaire.questions.iter().any(|q| &q.id == *k))
    {
        return Err(format!("there is no question `{extra}`"));
    }
    Ok(evaluate(questionnaire, &indexes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;
    use crate::questionnaire::{Outcome, Question, Rule, Text, default_answers};

    fn text() -> Text {
        Text {
            markdown: "x".into(),
            position: Position::start(),
        }
    }

    fn sample() -> Questionnaire {
        let q = |id: &str| Question {
            id: id.into(),
            text: id.into(),
            hint: None,
            answers: default_answers(),
        };
        let o = |id: &str| Outcome {
            id: id.into(),
            title: id.into(),
            text: text(),
            next_steps: None,
        };
        Questionnaire {
            questions: vec![q("infection"), q("keloid")],
            outcomes: vec![o("not-now"), o("talk"), o("likely")],
            rules: vec![
                Rule {
                    number: 1,
                    conditions: vec![(1, vec![0, 2])],
                    outcome: 1,
                    reason: "keloid".into(),
                },
                Rule {
                    number: 2,
                    conditions: vec![(0, vec![0])],
                    outcome: 0,
                    reason: "infection".into(),
                },
            ],
        }
    }

    #[test]
    fn no_match_gives_the_default() {
        assert_eq!(
            evaluate(&sample(), &[1, 1]),
            Evaluation {
                outcome: 2,
                reasons: vec![]
            }
        );
    }

    #[test]
    fn most_severe_wins_and_every_reason_is_kept() {
        assert_eq!(
            evaluate(&sample(), &[0, 2]),
            Evaluation {
                outcome: 0,
                reasons: vec![2, 1]
            }
        );
        assert_eq!(
            evaluate(&sample(), &[1, 0]),
            Evaluation {
                outcome: 1,
                reasons: vec![1]
            }
        );
    }
}
