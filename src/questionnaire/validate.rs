//! Build-time checks of a questionnaire, each pointing at the value at fault.

use super::raw::{RawQuestionnaire, RawRule};
use super::{AnswerOption, Outcome, Question, Questionnaire, Rule, Text, default_answers};
use crate::diagnostics::{Diagnostic, Position};
use crate::yaml::{Spanned, YamlSource};
use std::collections::HashMap;

/// Checks a questionnaire; returns it with its warnings, or every error found.
pub fn validate(
    raw: &RawQuestionnaire,
    source: &YamlSource,
) -> Result<(Questionnaire, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = source.path;
    let at = |s: &serde_saphyr::Location| source.position(s);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let missing = |key: &str, example: &str| {
        Diagnostic::error(
            path,
            source.opening,
            format!("a questionnaire needs `{key}`"),
        )
        .with_hint(example.to_string())
    };
    let (Some(raw_questions), Some(raw_outcomes), Some(raw_rules)) =
        (&raw.questions, &raw.outcomes, &raw.rules)
    else {
        if raw.questions.is_none() {
            errors.push(missing(
                "questions",
                "add `questions:` with items like `- id: infection` and `question: ...`",
            ));
        }
        if raw.outcomes.is_none() {
            errors.push(missing(
                "outcomes",
                "add `outcomes:`, most severe first, each with `id`, `title` and `text`",
            ));
        }
        if raw.rules.is_none() {
            errors.push(missing("rules", "add `rules:` with items like `- when: {infection: yes}`, `outcome: not-now`, `reason: ...`"));
        }
        return Err(errors);
    };
    let mut empties = Vec::new();
    let mut not_empty = |value: &Spanned<String>, what: &str| {
        if value.value.trim().is_empty() {
            empties.push(
                Diagnostic::error(path, at(&value.referenced), format!("the {what} is empty"))
                    .with_hint(format!("write the {what}")),
            );
        }
    };

    // Questions and their answers.
    let mut questions = Vec::new();
    let mut question_ids: HashMap<String, usize> = HashMap::new();
    let mut duplicate_ids = Vec::new();
    for q in &raw_questions.value {
        not_empty(&q.id, "question id");
        not_empty(&q.question, "question text");
        if let Some(h) = &q.hint {
            not_empty(h, "hint");
        }
        let answers: Vec<AnswerOption> = match &q.answers {
            None => default_answers(),
            Some(list) => {
                let mut seen: HashMap<&str, ()> = HashMap::new();
                for a in list {
                    not_empty(&a.id, "answer id");
                    not_empty(&a.label, "answer label");
                    if seen.insert(a.id.value.as_str(), ()).is_some() {
                        duplicate_ids.push(
                            Diagnostic::error(
                                path,
                                at(&a.id.referenced),
                                format!(
                                    "the answer id `{}` is used twice in this question",
                                    a.id.value
                                ),
                            )
                            .with_hint("give each answer its own id"),
                        );
                    }
                }
                if list.len() < 2 {
                    duplicate_ids.push(Diagnostic::error(path, at(&q.id.referenced), format!("question `{}` needs at least two answers", q.id.value)).with_hint("list two or more answers, or leave `answers` out for yes / no / I'm not sure"));
                }
                list.iter()
                    .map(|a| AnswerOption {
                        id: a.id.value.trim().to_string(),
                        label: a.label.value.trim().to_string(),
                    })
                    .collect()
            }
        };
        if question_ids
            .insert(q.id.value.trim().to_string(), questions.len())
            .is_some()
        {
            duplicate_ids.push(
                Diagnostic::error(
                    path,
                    at(&q.id.referenced),
                    format!("the question id `{}` is used twice", q.id.value),
                )
                .with_hint("give each question its own id"),
            );
        }
        questions.push(Question {
            id: q.id.value.trim().to_string(),
            text: q.question.value.trim().to_string(),
            hint: q.hint.as_ref().map(|h| Text {
                markdown: h.value.clone(),
                position: at(&h.referenced),
            }),
            answers,
        });
    }
    if questions.is_empty() {
        errors.push(
            Diagnostic::error(
                path,
                at(&raw_questions.referenced),
                "the questionnaire has no questions",
            )
            .with_hint("add at least one question"),
        );
    }

    // Outcomes, most severe first.
    let mut outcomes = Vec::new();
    let mut outcome_ids: HashMap<String, usize> = HashMap::new();
    for o in &raw_outcomes.value {
        not_empty(&o.id, "outcome id");
        not_empty(&o.title, "outcome title");
        not_empty(&o.text, "outcome text");
        if outcome_ids
            .insert(o.id.value.trim().to_string(), outcomes.len())
            .is_some()
        {
            duplicate_ids.push(
                Diagnostic::error(
                    path,
                    at(&o.id.referenced),
                    format!("the outcome id `{}` is used twice", o.id.value),
                )
                .with_hint("give each outcome its own id"),
            );
        }
        outcomes.push(Outcome {
            id: o.id.value.trim().to_string(),
            title: o.title.value.trim().to_string(),
            text: Text {
                markdown: o.text.value.clone(),
                position: at(&o.text.referenced),
            },
            next_steps: o.next_steps.as_ref().map(|n| Text {
                markdown: n.value.clone(),
                position: at(&n.referenced),
            }),
        });
    }
    if outcomes.len() < 2 {
        errors.push(
            Diagnostic::error(
                path,
                at(&raw_outcomes.referenced),
                "a questionnaire needs at least two outcomes",
            )
            .with_hint(
                "list outcomes most severe first; the last one is the result when no rule matches",
            ),
        );
    }
    errors.extend(duplicate_ids);
    errors.extend(empties);

    // Rules.
    let mut rules = Vec::new();
    let mut seen_conditions: HashMap<super::Conditions, (usize, usize)> = HashMap::new();
    for (n, r) in raw_rules.value.iter().enumerate() {
        let number = n + 1;
        let Some(rule) = check_rule(
            r,
            number,
            &questions,
            &question_ids,
            &outcome_ids,
            source,
            &mut errors,
        ) else {
            continue;
        };
        match seen_conditions.get(&rule.conditions) {
            Some(&(first, outcome)) if outcome == rule.outcome => errors.push(
                Diagnostic::error(path, at(&r.when.referenced), format!("rule {number} repeats rule {first}: same answers, same outcome"))
                    .with_hint("remove one of the two rules, or merge their reasons"),
            ),
            Some(&(first, outcome)) => errors.push(
                Diagnostic::error(path, at(&r.when.referenced), format!(
                    "rule {number} contradicts rule {first}: the same answers lead to `{}` and to `{}`",
                    outcomes[rule.outcome].id, outcomes[outcome].id
                ))
                .with_hint("the same answers can lead to one outcome only; remove or change one of the rules"),
            ),
            None => {
                seen_conditions.insert(rule.conditions.clone(), (number, rule.outcome));
            }
        }
        rules.push(rule);
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // Every outcome but the default must be reachable; every question should matter.
    for (i, o) in raw_outcomes.value.iter().enumerate() {
        if i + 1 < outcomes.len() && !rules.iter().any(|r| r.outcome == i) {
            errors.push(
                Diagnostic::error(path, at(&o.id.referenced), format!("no rule leads to the outcome `{}`", o.id.value))
                    .with_hint("add a rule with `outcome: ...` for it, or remove it (only the last outcome is reached without a rule)"),
            );
        }
    }
    for (i, q) in raw_questions.value.iter().enumerate() {
        if !rules
            .iter()
            .any(|r| r.conditions.iter().any(|(qi, _)| *qi == i))
        {
            warnings.push(
                Diagnostic::warning(
                    path,
                    at(&q.id.referenced),
                    format!("no rule uses the question `{}`", q.id.value),
                )
                .with_hint("its answer never changes the result: add a rule for it or remove it"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        Questionnaire {
            questions,
            outcomes,
            rules,
        },
        warnings,
    ))
}

fn check_rule(
    raw: &RawRule,
    number: usize,
    questions: &[Question],
    question_ids: &HashMap<String, usize>,
    outcome_ids: &HashMap<String, usize>,
    source: &YamlSource,
    errors: &mut Vec<Diagnostic>,
) -> Option<Rule> {
    let path = source.path;
    let at = |s: &serde_saphyr::Location| source.position(s);
    let before = errors.len();
    let known_questions: Vec<String> = questions.iter().map(|q| q.id.clone()).collect();
    let known_outcomes: Vec<String> = {
        let mut v: Vec<(&String, &usize)> = outcome_ids.iter().collect();
        v.sort_by_key(|(_, i)| **i);
        v.into_iter().map(|(k, _)| k.clone()).collect()
    };
    if raw.when.value.is_empty() {
        errors.push(
            Diagnostic::error(
                path,
                at(&raw.when.referenced),
                format!("rule {number} has no conditions"),
            )
            .with_hint("write `when: {question-id: answer-id}`"),
        );
    }
    let mut conditions = Vec::new();
    let mut entries: Vec<_> = raw.when.value.iter().collect();
    entries.sort_by_key(|(k, _)| (k.referenced.line(), k.referenced.column()));
    for (question_id, answer_ids) in entries {
        let Some(&qi) = question_ids.get(question_id.value.trim()) else {
            errors.push(unknown(
                path,
                at(&question_id.referenced),
                "question",
                &question_id.value,
                &known_questions,
            ));
            continue;
        };
        let known_answers: Vec<String> =
            questions[qi].answers.iter().map(|a| a.id.clone()).collect();
        let mut allowed = Vec::new();
        for id in &answer_ids.value.0 {
            match known_answers.iter().position(|a| a == id) {
                Some(ai) => allowed.push(ai),
                None => errors.push(unknown(
                    path,
                    at(&answer_ids.referenced),
                    &format!("answer for `{}`", questions[qi].id),
                    id,
                    &known_answers,
                )),
            }
        }
        if answer_ids.value.0.is_empty() {
            errors.push(
                Diagnostic::error(
                    path,
                    at(&answer_ids.referenced),
                    "this condition lists no answers",
                )
                .with_hint("write one answer id, or a list like [yes, unsure]"),
            );
        }
        allowed.sort_unstable();
        allowed.dedup();
        conditions.push((qi, allowed));
    }
    conditions.sort();
    let outcome = match outcome_ids.get(raw.outcome.value.trim()) {
        Some(&o) => o,
        None => {
            errors.push(unknown(
                path,
                at(&raw.outcome.referenced),
                "outcome",
                &raw.outcome.value,
                &known_outcomes,
            ));
            0
        }
    };
    if raw.reason.value.trim().is_empty() {
        errors.push(
            Diagnostic::error(path, at(&raw.reason.referenced), "the reason is empty").with_hint(
                "say why these answers lead to this outcome, in words a patient understands",
            ),
        );
    }
    (errors.len() == before).then(|| Rule {
        number,
        conditions,
        outcome,
        reason: raw.reason.value.trim().to_string(),
    })
}

fn unknown(
    path: &str,
    position: Position,
    what: &str,
    value: &str,
    known: &[String],
) -> Diagnostic {
    let mut message = format!("unknown {what} `{value}`");
    if let Some(best) = crate::yaml::suggest(value, known) {
        message.push_str(&format!("; did you mean `{best}`?"));
    }
    Diagnostic::error(path, position, message).with_hint(format!("known ids: {}", known.join(", ")))
}
