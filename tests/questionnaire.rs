//! The questionnaire and FAQ: validation messages with positions, the page, and the evaluator.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SITE_YAML: &str = "title: Test clinic\nbase_url: https://example.org/\nlanguage: en\n";
const HOME: &str = "---\ntitle: Home\n---\nWelcome.\n";

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

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("site.yaml"), SITE_YAML).expect("write site.yaml");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn run(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clinicsite"));
    cmd.args(args)
        .arg("--site")
        .arg(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("run clinicsite");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.unwrap_or("").as_bytes())
            .expect("stdin");
    }
    child.wait_with_output().expect("wait")
}

fn build(files: &[(&str, &str)]) -> (tempfile::TempDir, Output) {
    let dir = site(files);
    let out = run(&["build"], dir.path(), None);
    (dir, out)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// 1-based line and column of `needle` in `text` (the Nth occurrence), computed from the fixture.
fn locate(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("needle in fixture");
    let line = text[..offset].matches('\n').count() + 1;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

fn expect_error(text: &str, needle: &str, nth: usize, message: &str) {
    let (_dir, out) = build(&[("content/_index.md", HOME), ("content/check.md", text)]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let (line, col) = locate(text, needle, nth);
    let expected = format!("content/check.md:{line}:{col}: error: {message}");
    assert!(
        stderr(&out).contains(&expected),
        "expected `{expected}` in:\n{}",
        stderr(&out)
    );
}

fn page(dir: &Path, rel: &str) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(dir.join("public").join(rel)).expect("page exists"),
    )
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

#[test]
fn a_valid_questionnaire_renders_a_form_with_fieldsets() {
    let (dir, out) = build(&[
        ("content/_index.md", HOME),
        ("content/check.md", QUESTIONNAIRE),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = page(dir.path(), "check/index.html");
    let fieldsets: Vec<_> = html.select(&sel("form#qn fieldset")).collect();
    assert_eq!(fieldsets.len(), 2);
    for fieldset in &fieldsets {
        assert_eq!(fieldset.select(&sel("legend")).count(), 1);
        assert_eq!(fieldset.select(&sel("input[type=radio]")).count(), 3);
        for input in fieldset.select(&sel("input")) {
            let id = input.value().attr("id").expect("input id");
            assert_eq!(
                html.select(&sel(&format!("label[for=\"{id}\"]"))).count(),
                1
            );
        }
    }
    let labels: Vec<String> = fieldsets[0]
        .select(&sel("label"))
        .map(|l| l.text().collect())
        .collect();
    assert_eq!(labels, ["Yes", "No", "I'm not sure"]);
    assert_eq!(
        html.select(&sel("#q1-hint"))
            .next()
            .map(|h| h.text().collect::<String>().trim().to_string())
            .as_deref(),
        Some("Scars that grow past the wound.")
    );
    assert_eq!(html.select(&sel(".qn-outcome")).count(), 3);
    assert_eq!(html.select(&sel(".qn-reason")).count(), 3);
    assert_eq!(
        html.select(&sel("[role=status][aria-live=polite]")).count(),
        1
    );
    // The rules in words, for readers without JavaScript or :has().
    let rule_items: Vec<String> = html
        .select(&sel("ul.qn-rules li"))
        .map(|li| li.text().collect())
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
    let link = html
        .select(&sel(".qn-outcome--1 a"))
        .next()
        .expect("next steps link");
    assert_eq!(link.value().attr("href"), Some("/"));
    // Script and CSS are same-origin files; no inline script or style.
    let scripts: Vec<_> = html
        .select(&sel("script[src]"))
        .map(|s| s.value().attr("src").unwrap_or("").to_string())
        .collect();
    assert_eq!(
        scripts,
        ["/check/questionnaire-data.js", "/js/questionnaire.js"]
    );
    assert!(
        html.select(&sel("script:not([src])"))
            .all(|s| s.value().attr("type") == Some("application/ld+json"))
    );
    assert!(
        html.select(&sel(
            "link[rel=stylesheet][href=\"/check/questionnaire.css\"]"
        ))
        .next()
        .is_some()
    );
    assert!(dir.path().join("public/check/questionnaire.css").is_file());
    assert!(dir.path().join("public/js/questionnaire.js").is_file());
    let css =
        std::fs::read_to_string(dir.path().join("public/check/questionnaire.css")).expect("css");
    assert!(
        css.contains(".qn:not(.qn--js):is(:has(#q0a0:checked)) .qn-outcome--0{display:block}"),
        "{css}"
    );
    // The form is never submitted anywhere.
    let form = html.select(&sel("form#qn")).next().expect("form");
    assert_eq!(form.value().attr("action"), None);
    assert_eq!(form.value().attr("autocomplete"), Some("off"));
}

#[test]
fn the_reference_evaluator_is_available_on_the_command_line() {
    let dir = site(&[
        ("content/_index.md", HOME),
        ("content/check.md", QUESTIONNAIRE),
    ]);
    let input = "{\"infection\":\"no\",\"keloid\":\"no\"}\n{\"infection\":\"yes\",\"keloid\":\"unsure\"}\n{\"infection\":\"unsure\",\"keloid\":\"no\"}\n";
    let out = run(&["questionnaire"], dir.path(), Some(input));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // One line per answer set: the outcome, the matching rules' numbers and reasons.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            r#"{"outcome":"ok","reasons":[],"reason_texts":[]}"#,
            r#"{"outcome":"not-now","reasons":[1,3],"reason_texts":["Infection could spread.","Raised scars need care."]}"#,
            r#"{"outcome":"talk","reasons":[2],"reason_texts":["A clinician can check."]}"#,
        ]
    );
    let bad = run(
        &["questionnaire"],
        dir.path(),
        Some("{\"infection\":\"maybe\",\"keloid\":\"no\"}\n"),
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("`maybe` is not an answer to the question `infection`"));
    let missing = run(
        &["questionnaire"],
        dir.path(),
        Some("{\"infection\":\"no\"}\n"),
    );
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        stderr(&missing),
        "stdin:1:1: error: no answer for the question `keloid`\n  hint: write one JSON object per line that answers every question with one of its answer ids, e.g. {\"infection\": \"no\", ...}; `clinicsite questionnaire --describe` lists them\n"
    );
}

#[test]
fn describe_shows_the_questionnaire_by_its_ids() {
    let dir = site(&[
        ("content/_index.md", HOME),
        ("content/check.md", QUESTIONNAIRE),
    ]);
    let out = run(&["questionnaire", "--describe"], dir.path(), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let described: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
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
    let (_dir, out) = build(&[("content/_index.md", HOME), ("content/check.md", &text)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (line, col) = locate(&text, "diabetes", 0);
    assert!(
        stderr(&out).contains(&format!(
            "content/check.md:{line}:{col}: warning: no rule uses the question `diabetes`"
        )),
        "{}",
        stderr(&out)
    );
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
    let (dir, out) = build(&[
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [pain](faq.md#does-it-hurt).\n",
        ),
        ("content/faq.md", FAQ),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = page(dir.path(), "faq/index.html");
    assert_eq!(html.select(&sel("h1")).count(), 1);
    let groups: Vec<String> = html
        .select(&sel(".faq > h2"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(groups, ["Before", "After"]);
    let questions: Vec<(String, String)> = html
        .select(&sel(".faq-item > h3"))
        .map(|h| {
            (
                h.value().attr("id").unwrap_or("").to_string(),
                h.text().collect(),
            )
        })
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
    assert!(
        html.select(&sel(".faq-item .faq-answer h4#with-numbing-cream"))
            .next()
            .is_some()
    );
    let index: Vec<String> = html
        .select(&sel(".faq-index a"))
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
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
        &html
            .select(&sel("script[type=\"application/ld+json\"]"))
            .next()
            .expect("json-ld")
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
    let home = page(dir.path(), "index.html");
    assert!(
        home.select(&sel("a[href=\"/faq/#does-it-hurt\"]"))
            .next()
            .is_some()
    );
}

#[test]
fn faq_question_without_answer() {
    let text = FAQ.replace(
        "About an hour.\n\n### With numbing cream\n\nAdd 30 minutes.\n",
        "",
    );
    let (_dir, out) = build(&[("content/_index.md", HOME), ("content/faq.md", &text)]);
    assert_eq!(out.status.code(), Some(1));
    let (line, col) = locate(&text, "## How long", 0);
    assert!(stderr(&out).contains(&format!("content/faq.md:{line}:{col}: error: the question \"How long does it take?\" has no answer")), "{}", stderr(&out));
}

#[test]
fn faq_duplicate_question() {
    let text = FAQ.replace("## When can I wear make-up?", "## Does it hurt?");
    let (_dir, out) = build(&[("content/_index.md", HOME), ("content/faq.md", &text)]);
    assert_eq!(out.status.code(), Some(1));
    let (first, _) = locate(&text, "## Does it hurt?", 0);
    let (line, col) = locate(&text, "## Does it hurt?", 1);
    let expected = format!(
        "content/faq.md:{line}:{col}: error: the question \"Does it hurt?\" is asked twice (first on line {first})"
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
}

#[allow(dead_code)]
fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
