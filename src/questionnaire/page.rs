//! The questionnaire page: the form (fieldset + legend + radios per question), the
//! result panel, a plain "how we decide" table, CSS `:has()` rules that show the
//! result with JavaScript off, and the rule data the script uses with it on.

use super::{Questionnaire, Text};
use crate::diagnostics::{Diagnostic, Position};

/// Everything the questionnaire adds to its page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionnairePage {
    /// The form and its result panel.
    pub form_html: String,
    /// The rules as a table a patient can read.
    pub rules_html: String,
    /// CSS that shows the result without JavaScript (a same-origin file).
    pub css: String,
    /// The rule data for the script (a same-origin file).
    pub data_js: String,
}

/// The file names written next to the questionnaire page.
pub const CSS_FILE: &str = "questionnaire.css";
/// See [`CSS_FILE`].
pub const DATA_FILE: &str = "questionnaire-data.js";

/// Renders markdown written in front matter (starting at a position) to HTML and its problems.
pub type RenderMarkdown<'a> = dyn FnMut(&str, Position) -> (String, Vec<Diagnostic>) + 'a;

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Builds the page parts; `markdown` renders a front-matter text (hint, outcome) to HTML.
pub fn render(
    q: &Questionnaire,
    markdown: &mut RenderMarkdown,
    diagnostics: &mut Vec<Diagnostic>,
) -> QuestionnairePage {
    let mut md = |t: &Text| {
        let (html, d) = markdown(&t.markdown, t.position);
        diagnostics.extend(d);
        html
    };
    let total = q.questions.len();
    let mut form = String::from(
        "<form class=\"qn\" id=\"qn\" autocomplete=\"off\" aria-describedby=\"qn-privacy\">\n",
    );
    form.push_str("<p class=\"qn-privacy\" id=\"qn-privacy\">Your answers stay on this device. They are not sent anywhere and are not saved.</p>\n");
    for (qi, question) in q.questions.iter().enumerate() {
        let hint_id = format!("q{qi}-hint");
        form.push_str(&format!(
            "<fieldset class=\"qn-question\" id=\"question-{}\"",
            esc(&question.id)
        ));
        if question.hint.is_some() {
            form.push_str(&format!(" aria-describedby=\"{hint_id}\""));
        }
        form.push_str(&format!(
            ">\n<legend class=\"qn-legend\"><span class=\"qn-count\">Question {} of {total}</span> <span class=\"qn-question-text\">{}</span></legend>\n",
            qi + 1,
            esc(&question.text)
        ));
        if let Some(hint) = &question.hint {
            form.push_str(&format!(
                "<div class=\"qn-hint\" id=\"{hint_id}\">{}</div>\n",
                md(hint)
            ));
        }
        form.push_str("<div class=\"qn-answers\">\n");
        for (ai, answer) in question.answers.iter().enumerate() {
            form.push_str(&format!(
                "<div class=\"qn-answer\"><input type=\"radio\" id=\"q{qi}a{ai}\" name=\"q{qi}\" value=\"{}\"><label for=\"q{qi}a{ai}\">{}</label></div>\n",
                esc(&answer.id),
                esc(&answer.label)
            ));
        }
        form.push_str("</div>\n</fieldset>\n");
    }
    form.push_str("<section class=\"qn-result\" id=\"result\" aria-labelledby=\"result-title\">\n<h2 id=\"result-title\">Your result</h2>\n");
    form.push_str(&format!("<p class=\"qn-pending\">Answer all {total} questions to see your result.</p>\n<div class=\"qn-result-body\">\n"));
    for (oi, outcome) in q.outcomes.iter().enumerate() {
        form.push_str(&format!(
            "<div class=\"qn-outcome qn-outcome--{oi}\" data-outcome=\"{}\">\n<h3 class=\"qn-outcome-title\">{}</h3>\n{}",
            esc(&outcome.id),
            esc(&outcome.title),
            md(&outcome.text)
        ));
        if let Some(next) = &outcome.next_steps {
            form.push_str(&format!("<h4>What to do next</h4>\n{}", md(next)));
        }
        form.push_str("</div>\n");
    }
    form.push_str("<div class=\"qn-reasons\">\n<h3>Why we say this</h3>\n<ul>\n");
    let mut by_severity: Vec<&super::Rule> = q.rules.iter().collect();
    by_severity.sort_by_key(|r| (r.outcome, r.number));
    for rule in by_severity {
        form.push_str(&format!(
            "<li class=\"qn-reason qn-reason--{n}\" data-rule=\"{n}\">{}</li>\n",
            esc(&rule.reason),
            n = rule.number
        ));
    }
    form.push_str("</ul>\n</div>\n<p class=\"qn-not-diagnosis\">This result is not a diagnosis. A clinician will check with you before any treatment.</p>\n</div>\n");
    form.push_str(
        "<p class=\"visually-hidden\" id=\"qn-status\" role=\"status\" aria-live=\"polite\"></p>\n",
    );
    form.push_str("<p><button type=\"reset\" class=\"qn-reset\">Clear my answers</button></p>\n</section>\n</form>\n");

    QuestionnairePage {
        form_html: form,
        rules_html: rules_table(q),
        css: css(q),
        data_js: data_js(q),
    }
}

/// "How we decide": every rule in words, then the default.
fn rules_table(q: &Questionnaire) -> String {
    // One list per outcome, so each outcome's title is written once.
    let mut html = String::new();
    for (oi, outcome) in q.outcomes.iter().enumerate() {
        let rules: Vec<&super::Rule> = q.rules.iter().filter(|r| r.outcome == oi).collect();
        let is_default = oi + 1 == q.outcomes.len();
        if rules.is_empty() && !is_default {
            continue;
        }
        html.push_str(&format!(
            "<h3>{}</h3>\n<ul class=\"qn-rules\">\n",
            esc(&outcome.title)
        ));
        for rule in rules {
            let conditions: Vec<String> = rule
                .conditions
                .iter()
                .map(|(qi, answers)| {
                    let question = &q.questions[*qi];
                    let labels: Vec<String> = answers
                        .iter()
                        .map(|a| format!("<strong>{}</strong>", esc(&question.answers[*a].label)))
                        .collect();
                    // The question by number keeps the list short; the link leads back to it.
                    format!(
                        "<a href=\"#question-{}\">question {}</a>: {}",
                        esc(&question.id),
                        qi + 1,
                        labels.join(" or ")
                    )
                })
                .collect();
            html.push_str(&format!(
                "<li>If you answer {}. {}</li>\n",
                conditions.join(", and "),
                esc(&rule.reason)
            ));
        }
        if is_default {
            html.push_str("<li>If none of the answers above apply.</li>\n");
        }
        html.push_str("</ul>\n");
    }
    html
}

/// The CSS selector part that matches a form where a rule's conditions hold.
fn rule_selector(rule: &super::Rule) -> String {
    rule.conditions
        .iter()
        .map(|(qi, answers)| {
            let inputs: Vec<String> = answers
                .iter()
                .map(|a| format!("#q{qi}a{a}:checked"))
                .collect();
            format!(":has({})", inputs.join(","))
        })
        .collect()
}

/// Result rules for JavaScript-off readers; with the script on, it marks the form `qn--js` and takes over.
fn css(q: &Questionnaire) -> String {
    const FORM: &str = ".qn:not(.qn--js)";
    let mut css = String::from("/* Generated by clinicsite from the questionnaire's rules. */\n");
    css.push_str(".qn-result-body,.qn-outcome,.qn-reasons,.qn-reason{display:none}\n");
    css.push_str(".qn--js .qn-result-body.is-active,.qn--js .qn-outcome.is-active,.qn--js .qn-reasons.is-active{display:block}\n.qn--js .qn-reason.is-active{display:list-item}\n.qn--js .qn-pending.is-hidden{display:none}\n");
    let all: String = (0..q.questions.len())
        .map(|qi| format!(":has([name=\"q{qi}\"]:checked)"))
        .collect();
    css.push_str(&format!(
        "{FORM}{all} .qn-result-body{{display:block}}\n{FORM}{all} .qn-pending{{display:none}}\n"
    ));
    let list = |rules: &mut dyn Iterator<Item = &super::Rule>| {
        rules.map(rule_selector).collect::<Vec<_>>().join(",")
    };
    let default = q.outcomes.len().saturating_sub(1);
    for oi in 0..q.outcomes.len() {
        let own = list(&mut q.rules.iter().filter(|r| r.outcome == oi));
        let more_severe = list(&mut q.rules.iter().filter(|r| r.outcome < oi));
        let exclude = if more_severe.is_empty() {
            String::new()
        } else {
            format!(":not({more_severe})")
        };
        if !own.is_empty() {
            css.push_str(&format!(
                "{FORM}:is({own}){exclude} .qn-outcome--{oi}{{display:block}}\n"
            ));
        }
        if oi == default {
            let any = list(&mut q.rules.iter().filter(|r| r.outcome != oi));
            let none = if any.is_empty() {
                String::new()
            } else {
                format!(":not({any})")
            };
            css.push_str(&format!(
                "{FORM}{none} .qn-outcome--{oi}{{display:block}}\n"
            ));
        }
    }
    let any_rule = list(&mut q.rules.iter());
    if !any_rule.is_empty() {
        css.push_str(&format!(
            "{FORM}:is({any_rule}) .qn-reasons{{display:block}}\n"
        ));
    }
    for rule in &q.rules {
        css.push_str(&format!(
            "{FORM}{} .qn-reason--{}{{display:list-item}}\n",
            rule_selector(rule),
            rule.number
        ));
    }
    css
}

/// The rules for the script, as a same-origin file (the CSP forbids inline scripts and fetching).
fn data_js(q: &Questionnaire) -> String {
    let data = serde_json::json!({
        "questions": q.questions.iter().map(|x| x.answers.len()).collect::<Vec<_>>(),
        "outcomes": q.outcomes.iter().map(|o| &o.title).collect::<Vec<_>>(),
        "rules": q.rules.iter().map(|r| serde_json::json!({ "number": r.number, "outcome": r.outcome, "conditions": r.conditions })).collect::<Vec<_>>(),
    });
    format!(
        "window.clinicsiteQuestionnaire = {};\n",
        serde_json::to_string(&data).unwrap_or_else(|_| "null".into())
    )
}
