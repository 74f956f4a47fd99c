//! What `clinicsite questionnaire` prints: a verdict per answer set (with the
//! reasons' words, so a writer checking rules reads them beside the numbers),
//! and `--describe`, the questionnaire in the words and ids of its source.

use super::{Questionnaire, Text, evaluate_by_id};
use serde::Serialize;
use std::collections::BTreeMap;

/// How to write a line of answers, after a line that is not right.
const ANSWER_HINT: &str = "write one JSON object per line that answers every question with one of its answer ids, e.g. {\"infection\": \"no\", ...}; `clinicsite questionnaire --describe` lists them";

/// One verdict line.
#[derive(Serialize)]
struct Verdict<'a> {
    /// The outcome's id.
    outcome: &'a str,
    /// Numbers of the matching rules, most severe outcome first, then as written.
    reasons: Vec<usize>,
    /// Those rules' reasons, in the same order.
    reason_texts: Vec<&'a str>,
}

/// Reads answer sets as JSON lines (`{"infection": "yes", ...}`) and writes one verdict
/// per line (`{"outcome":"not-now","reasons":[2,5],"reason_texts":["...","..."]}`);
/// stops at the first bad line.
pub fn evaluate_lines(
    questionnaire: &Questionnaire,
    input: impl std::io::BufRead,
    mut output: impl std::io::Write,
) -> Result<(), String> {
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|e| format!("stdin: error: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let evaluation = serde_json::from_str(&line)
            .map_err(|e| e.to_string())
            .and_then(|answers| evaluate_by_id(questionnaire, &answers))
            .map_err(|e| format!("stdin:{}:1: error: {e}\n  hint: {ANSWER_HINT}", n + 1))?;
        let reason_of = |number: &usize| {
            let rule = questionnaire.rules.iter().find(|r| r.number == *number);
            rule.map_or("", |r| r.reason.as_str())
        };
        let verdict = Verdict {
            outcome: &questionnaire.outcomes[evaluation.outcome].id,
            reason_texts: evaluation.reasons.iter().map(reason_of).collect(),
            reasons: evaluation.reasons,
        };
        let json = serde_json::to_string(&verdict).map_err(|e| e.to_string())?;
        writeln!(output, "{json}").map_err(|e| format!("stdout: error: {e}"))?;
    }
    Ok(())
}

/// The questionnaire as its source writes it: ids, words, and rules by answer id.
#[derive(Serialize)]
struct Described<'a> {
    questions: Vec<DescribedQuestion<'a>>,
    outcomes: Vec<DescribedOutcome<'a>>,
    rules: Vec<DescribedRule<'a>>,
}

#[derive(Serialize)]
struct DescribedQuestion<'a> {
    id: &'a str,
    question: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
    answers: &'a [super::AnswerOption],
}

#[derive(Serialize)]
struct DescribedOutcome<'a> {
    id: &'a str,
    title: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_steps: Option<&'a str>,
}

#[derive(Serialize)]
struct DescribedRule<'a> {
    number: usize,
    /// Question id -> the answer ids any of which match.
    when: BTreeMap<&'a str, Vec<&'a str>>,
    outcome: &'a str,
    reason: &'a str,
}

fn markdown(text: &Option<Text>) -> Option<&str> {
    text.as_ref().map(|t| t.markdown.as_str())
}

/// Writes the questionnaire (questions, answers, outcomes, rules) as pretty JSON,
/// with ids where the source has ids.
pub fn describe(
    questionnaire: &Questionnaire,
    mut output: impl std::io::Write,
) -> Result<(), String> {
    let q = questionnaire;
    let described = Described {
        questions: q
            .questions
            .iter()
            .map(|question| DescribedQuestion {
                id: &question.id,
                question: &question.text,
                hint: markdown(&question.hint),
                answers: &question.answers,
            })
            .collect(),
        outcomes: q
            .outcomes
            .iter()
            .map(|o| DescribedOutcome {
                id: &o.id,
                title: &o.title,
                text: &o.text.markdown,
                next_steps: markdown(&o.next_steps),
            })
            .collect(),
        rules: q
            .rules
            .iter()
            .map(|rule| DescribedRule {
                number: rule.number,
                when: rule
                    .conditions
                    .iter()
                    .map(|(qi, answers)| {
                        let question = &q.questions[*qi];
                        let ids = answers.iter().map(|a| question.answers[*a].id.as_str());
                        (question.id.as_str(), ids.collect())
                    })
                    .collect(),
                outcome: &q.outcomes[rule.outcome].id,
                reason: &rule.reason,
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&described).map_err(|e| e.to_string())?;
    writeln!(output, "{json}").map_err(|e| format!("stdout: error: {e}"))
}
