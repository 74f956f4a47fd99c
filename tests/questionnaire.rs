//! The questionnaire and FAQ: validation messages with positions, the page, and the evaluator.

mod common;

use common::*;

const QUESTIONNAIRE: &str = "---
title: Check
kind: questionnaire
outcomes:
  - id: not-now
    title: Not now
    text: Wait.
  - id: talk
    title: Talk first
    text: Talk to us.
    next_steps: Call the [clinic](_index.md).
  - id: ok
    title: Likely fine
    text: Book a consultation.
questions:
  - id: infection
    question: Do you have an infection?
  - id: keloid
    question: Do you get raised scars?
    hint: Scars that grow past the wound.
rules:
  - when: {infection: yes}
    outcome: not-now
    reason: Infection could spread.
  - when: {infection: unsure}
    outcome: talk
    reason: A clinician can check.
  - when: {keloid: [yes, unsure]}
    outcome: talk
    reason: Raised scars need care.
---
Answer the questions.
";

/// A site with `content/check.md` holding `text`.
fn site_with(text: &str) -> Fixture {
    Fixture::new(&[("content/check.md", text)])
}

/// Builds the questionnaire `text` and expects the error `message` at the `nth` `needle`.
fn expect_error(text: &str, needle: &str, nth: usize, message: &str) {
    let (line, column) = position_of(text, needle, nth);
    assert_error(
        &site_with(text).build_errors(),
        "content/check.md",
        line,
        column,
        message,
    );
}

#[test]
fn a_valid_questionnaire_renders_a_form_with_fieldsets() {
    let site = site_with(QUESTIONNAIRE);
    site.build_ok();
    let html = site.page("/check/");
    let fieldsets = select(&html, "form#qn fieldset");
    assert_eq!(fieldsets.len(), 2);
    for fieldset in &fieldsets {
        assert_eq!(select_in(*fieldset, "legend").len(), 1);
        assert_eq!(select_in(*fieldset, "input[type=radio]").len(), 3);
        for input in select_in(*fieldset, "input") {
            let id = input.value().attr("id").expect("input id");
            assert_eq!(select(&html, &format!("label[for=\"{id}\"]")).len(), 1);
        }
    }
    let labels: Vec<String> = select_in(fieldsets[0], "label")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(labels, ["Yes", "No", "I'm not sure"]);
    assert_eq!(
        text_of(select_one(&html, "#q1-hint")),
        "Scars that grow past the wound."
    );
    assert_eq!(select(&html, ".qn-outcome").len(), 3);
    assert_eq!(select(&html, ".qn-reason").len(), 3);
    assert_eq!(select(&html, "[role=status][aria-live=polite]").len(), 1);
    // The rules in words, for readers without JavaScript or :has().
    let rule_items: Vec<String> = select(&html, "ul.qn-rules li")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(rule_items.len(), 4);
    assert_eq!(
        rule_items[0],
        "If you answer question 1: Yes. Infection could spread."
    );
    assert_eq!(
        rule_items[2],
        "If you answer question 2: Yes or I'm not sure. Raised scars need care."
    );
    // Markdown in outcome text is rendered and its links rewritten.
    let link = select(&html, ".qn-outcome--1 a");
    assert_eq!(link.first().and_then(|a| a.value().attr("href")), Some("/"));
    // Script and CSS are same-origin files; no inline script or style.
    let scripts: Vec<&str> = select(&html, "script[src]")
        .iter()
        .filter_map(|s| s.value().attr("src"))
        .collect();
    let script = published_name(site.path(), "js/questionnaire.js");
    assert_eq!(
        scripts,
        [
            "/check/questionnaire-data.js".to_string(),
            format!("/{script}")
        ]
    );
    assert!(
        select(&html, "script:not([src])")
            .iter()
            .all(|s| s.value().attr("type") == Some("application/ld+json"))
    );
    assert_eq!(
        select(
            &html,
            "link[rel=stylesheet][href=\"/check/questionnaire.css\"]"
        )
        .len(),
        1
    );
    assert!(site.public().join("check/questionnaire.css").is_file());
    assert!(site.public().join(&script).is_file());
    let css = std::fs::read_to_string(site.public().join("check/questionnaire.css")).expect("css");
    assert!(
        css.contains(".qn:not(.qn--js):is(:has(#q0a0:checked)) .qn-outcome--0{display:block}"),
        "{css}"
    );
    // The form is never submitted anywhere.
    let form = select_one(&html, "form#qn");
    assert_eq!(form.value().attr("action"), None);
    assert_eq!(form.value().attr("autocomplete"), Some("off"));
}

/// Runs the reference evaluator on the site's questionnaire with answer sets as
/// JSON lines; returns its verdicts, one JSON value a line.
fn evaluate(site: &Fixture, answers: &[serde_json::Value]) -> Vec<serde_json::Value> {
    let input: String = answers.iter().map(|a| format!("{a}\n")).collect();
    let out = site.run_with_input(&["questionnaire"], &input);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Runs the reference evaluator with one line of `input`; returns what it printed
/// to stderr, after checking that it failed with exit code 1.
fn evaluation_error(site: &Fixture, input: &str) -> String {
    let out = site.run_with_input(&["questionnaire"], input);
    assert_eq!(out.code, Some(1), "stdout: {}", out.stdout);
    assert_eq!(out.stdout, "");
    out.stderr
}

#[test]
fn the_reference_evaluator_is_available_on_the_command_line() {
    let site = site_with(QUESTIONNAIRE);
    let verdicts = evaluate(
        &site,
        &[
            serde_json::json!({"infection": "no", "keloid": "no"}),
            serde_json::json!({"infection": "yes", "keloid": "unsure"}),
            serde_json::json!({"infection": "unsure", "keloid": "no"}),
        ],
    );
    assert_eq!(
        verdicts,
        [
            serde_json::json!({"outcome": "ok", "reasons": [], "reason_texts": []}),
            serde_json::json!({"outcome": "not-now", "reasons": [1, 3], "reason_texts": ["Infection could spread.", "Raised scars need care."]}),
            serde_json::json!({"outcome": "talk", "reasons": [2], "reason_texts": ["A clinician can check."]}),
        ]
    );
}

#[test]
fn the_evaluator_refuses_answers_that_are_not_a_full_set() {
    let site = site_with(QUESTIONNAIRE);
    // Every refusal ends with the same hint on how to write answers.
    let hint = "  hint: write one JSON object per line that answers every question with one of its answer ids, e.g. {\"infection\": \"no\", ...}; `clinicsite questionnaire --describe` lists them\n";
    let error = |input: &str| {
        let stderr = evaluation_error(&site, input);
        let message = stderr.strip_suffix(hint);
        assert!(message.is_some(), "the hint is missing: {stderr}");
        message.unwrap_or_default().to_string()
    };
    assert_eq!(
        error("{\"infection\":\"maybe\",\"keloid\":\"no\"}\n"),
        "stdin:1:1: error: `maybe` is not an answer to the question `infection`\n"
    );
    assert_eq!(
        error("{\"infection\":\"no\"}\n"),
        "stdin:1:1: error: no answer for the question `keloid`\n"
    );
    // An answer to a question the questionnaire does not ask (a typo, or an old
    // question) would be ignored and give a verdict on answers never given.
    assert_eq!(
        error("{\"infection\":\"no\",\"keloid\":\"no\",\"infecton\":\"yes\"}\n"),
        "stdin:1:1: error: there is no question `infecton`\n"
    );
}

#[test]
fn a_rule_with_two_conditions_needs_both() {
    // Rule 4 holds only when both answers are given; either alone is not enough.
    let text = QUESTIONNAIRE
        .replace(
            "rules:\n",
            "  - id: retinoid\n    question: Do you use a retinoid cream?\nrules:\n",
        )
        .replace(
            "---\nAnswer",
            "  - when: {keloid: [yes, unsure], retinoid: yes}\n    outcome: not-now\n    reason: Raised scars and retinoids together.\n---\nAnswer",
        );
    let site = site_with(&text);
    let answers = |keloid: &str, retinoid: &str| serde_json::json!({"infection": "no", "keloid": keloid, "retinoid": retinoid});
    let verdicts = evaluate(
        &site,
        &[
            answers("yes", "no"),
            answers("no", "yes"),
            answers("unsure", "unsure"),
            answers("yes", "yes"),
            answers("unsure", "yes"),
        ],
    );
    // The reasons' numbers are what this test is about; their texts are checked above.
    let verdicts: Vec<serde_json::Value> = (verdicts.into_iter())
        .map(|mut v| {
            v.as_object_mut().map(|o| o.remove("reason_texts"));
            v
        })
        .collect();
    let verdict = |outcome: &str, reasons: &[usize]| serde_json::json!({"outcome": outcome, "reasons": reasons});
    assert_eq!(
        verdicts,
        [
            verdict("talk", &[3]),
            verdict("ok", &[]),
            verdict("talk", &[3]),
            verdict("not-now", &[4, 3]),
            verdict("not-now", &[4, 3]),
        ]
    );
    // The page says so in words too.
    site.build_ok();
    let rules: Vec<String> = select(&site.page("/check/"), "ul.qn-rules li")
        .into_iter()
        .map(text_of)
        .collect();
    let both = "If you answer question 2: Yes or I'm not sure, and question 3: Yes. Raised scars and retinoids together.";
    assert!(rules.iter().any(|r| r == both), "{rules:#?}");
}

#[test]
fn describe_shows_the_questionnaire_by_its_ids() {
    let site = site_with(QUESTIONNAIRE);
    let out = site.run_with_input(&["questionnaire", "--describe"], "");
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let described: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        described["questions"][1],
        serde_json::json!({
            "id": "keloid",
            "question": "Do you get raised scars?",
            "hint": "Scars that grow past the wound.",
            "answers": [
                {"id": "yes", "label": "Yes"},
                {"id": "no", "label": "No"},
                {"id": "unsure", "label": "I'm not sure"},
            ],
        })
    );
    assert_eq!(
        described["outcomes"][1],
        serde_json::json!({
            "id": "talk",
            "title": "Talk first",
            "text": "Talk to us.",
            "next_steps": "Call the [clinic](_index.md).",
        })
    );
    assert_eq!(
        described["rules"][2],
        serde_json::json!({
            "number": 3,
            "when": {"keloid": ["yes", "unsure"]},
            "outcome": "talk",
            "reason": "Raised scars need care.",
        })
    );
}

#[test]
fn unknown_question_in_a_rule() {
    let text = QUESTIONNAIRE.replace("{infection: yes}", "{infecton: yes}");
    expect_error(
        &text,
        "infecton",
        0,
        "unknown question `infecton`; did you mean `infection`?",
    );
}

#[test]
fn unknown_answer_in_a_rule() {
    let text = QUESTIONNAIRE.replace("{infection: yes}", "{infection: maybe}");
    expect_error(&text, "maybe", 0, "unknown answer for `infection` `maybe`");
}

#[test]
fn unknown_outcome_in_a_rule() {
    let text = QUESTIONNAIRE.replace("outcome: not-now", "outcome: notnow");
    expect_error(
        &text,
        "notnow",
        0,
        "unknown outcome `notnow`; did you mean `not-now`?",
    );
}

#[test]
fn an_outcome_no_rule_reaches() {
    let text = QUESTIONNAIRE.replace(
        "  - when: {infection: yes}\n    outcome: not-now\n    reason: Infection could spread.\n",
        "",
    );
    expect_error(
        &text,
        "not-now",
        0,
        "no rule leads to the outcome `not-now`",
    );
}

#[test]
fn contradictory_rules() {
    let text = QUESTIONNAIRE.replace(
        "---\nAnswer",
        "  - when: {infection: yes}\n    outcome: talk\n    reason: Also this.\n---\nAnswer",
    );
    expect_error(
        &text,
        "{infection: yes}",
        1,
        "rule 4 contradicts rule 1: the same answers lead to `talk` and to `not-now`",
    );
}

#[test]
fn duplicate_rules() {
    let text = QUESTIONNAIRE.replace(
        "---\nAnswer",
        "  - when: {keloid: [unsure, yes]}\n    outcome: talk\n    reason: Again.\n---\nAnswer",
    );
    expect_error(
        &text,
        "{keloid: [unsure, yes]}",
        0,
        "rule 4 repeats rule 3: same answers, same outcome",
    );
}

#[test]
fn empty_reason() {
    let text = QUESTIONNAIRE.replace("reason: A clinician can check.", "reason: \"\"");
    expect_error(&text, "\"\"", 0, "the reason is empty");
}

#[test]
fn questionnaire_keys_on_another_kind() {
    let text = QUESTIONNAIRE.replace("kind: questionnaire", "kind: page");
    expect_error(
        &text,
        "- id: infection",
        0,
        "`questions` is only for questionnaire pages",
    );
}

#[test]
fn an_unused_question_is_a_warning() {
    let text = QUESTIONNAIRE.replace(
        "rules:\n",
        "  - id: diabetes\n    question: Do you have diabetes?\nrules:\n",
    );
    let out = site_with(&text).run(&["build"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let (line, col) = position_of(&text, "diabetes", 0);
    let expected =
        format!("content/check.md:{line}:{col}: warning: no rule uses the question `diabetes`");
    assert!(out.stderr.lines().any(|l| l == expected), "{}", out.stderr);
}

const FAQ: &str = "---
title: Questions
kind: faq
---
Short intro.

# Before

## Does it hurt?

A little. We use numbing cream.

## How long does it take?

About an hour.

### With numbing cream

Add 30 minutes.

# After

## When can I wear make-up?

The next day.
";

#[test]
fn faq_questions_are_anchored_grouped_and_in_json_ld() {
    let site = Fixture::new(&[
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [pain](faq.md#does-it-hurt).\n",
        ),
        ("content/faq.md", FAQ),
    ]);
    site.build_ok();
    let html = site.page("/faq/");
    assert_eq!(select(&html, "h1").len(), 1);
    let groups: Vec<String> = select(&html, ".faq > h2")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(groups, ["Before", "After"]);
    let questions: Vec<(String, String)> = select(&html, ".faq-item > h3")
        .into_iter()
        .map(|h| (h.value().attr("id").unwrap_or("").to_string(), text_of(h)))
        .collect();
    assert_eq!(
        questions,
        [
            ("does-it-hurt".to_string(), "Does it hurt?".to_string()),
            (
                "how-long-does-it-take".to_string(),
                "How long does it take?".to_string()
            ),
            (
                "when-can-i-wear-make-up".to_string(),
                "When can I wear make-up?".to_string()
            ),
        ]
    );
    assert_eq!(
        select(&html, ".faq-item .faq-answer h4#with-numbing-cream").len(),
        1
    );
    let index: Vec<&str> = select(&html, ".faq-index a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        index,
        [
            "#does-it-hurt",
            "#how-long-does-it-take",
            "#when-can-i-wear-make-up"
        ]
    );
    let ld: serde_json::Value = serde_json::from_str(
        &select_one(&html, "script[type=\"application/ld+json\"]")
            .text()
            .collect::<String>(),
    )
    .expect("valid json");
    let page_node = &ld["@graph"][0];
    assert_eq!(
        page_node["@type"],
        serde_json::json!(["MedicalWebPage", "FAQPage"])
    );
    let entities = page_node["mainEntity"].as_array().expect("mainEntity");
    assert_eq!(entities.len(), 3);
    assert_eq!(entities[0]["@type"], "Question");
    assert_eq!(entities[0]["name"], "Does it hurt?");
    assert!(
        entities[1]["acceptedAnswer"]["text"]
            .as_str()
            .unwrap_or("")
            .contains("About an hour.")
    );
    assert_eq!(
        select(&site.page("/"), "a[href=\"/faq/#does-it-hurt\"]").len(),
        1
    );
}

#[test]
fn faq_question_without_answer() {
    let text = FAQ.replace(
        "About an hour.\n\n### With numbing cream\n\nAdd 30 minutes.\n",
        "",
    );
    let site = Fixture::new(&[("content/faq.md", &text)]);
    let (line, col) = position_of(&text, "## How long", 0);
    assert_error(
        &site.build_errors(),
        "content/faq.md",
        line,
        col,
        "the question \"How long does it take?\" has no answer",
    );
}

#[test]
fn faq_duplicate_question() {
    let text = FAQ.replace("## When can I wear make-up?", "## Does it hurt?");
    let site = Fixture::new(&[("content/faq.md", &text)]);
    let (first, _) = position_of(&text, "## Does it hurt?", 0);
    let (line, col) = position_of(&text, "## Does it hurt?", 1);
    assert_error(
        &site.build_errors(),
        "content/faq.md",
        line,
        col,
        &format!("the question \"Does it hurt?\" is asked twice (first on line {first})"),
    );
}
