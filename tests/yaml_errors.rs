//! Writers' YAML mistakes, in front matter and in site.yaml: each is told in plain
//! words with the fix, at the line and column to change, never in the parser's terms
//! ("tabs disallowed within this context", "did not find expected key").

mod common;

use common::*;

/// A site whose page `content/a.md` has `front_matter` between its `---` lines.
fn page_with(front_matter: &str) -> Fixture {
    Fixture::new(&[(
        "content/a.md",
        &format!("---\n{front_matter}---\n\nText.\n"),
    )])
}

/// A site whose site.yaml is `text`.
fn site_yaml(text: &str) -> Fixture {
    Fixture::new(&[("site.yaml", text)])
}

/// The one error of the build, as the command prints it (error line and hint).
fn the_error(site: &Fixture) -> String {
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    errors[0].to_string()
}

const SITE: &str = "title: T\nbase_url: https://example.org/\nlanguage: en\n";

#[test]
fn a_tab_that_indents_a_line_is_named_with_its_column() {
    let site = page_with("title: A\nsources:\n\t- title: NHS\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:4:1: error: this line is indented with a tab\n  hint: replace the tab at column 1 with spaces: YAML reads only spaces as indentation"
    );
    // A tab after spaces, and one the parser reports on the line above it.
    let site = page_with("title: A\nsources:\n  - title: NHS\n  \t  year: 2024\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:5:3: error: this line is indented with a tab\n  hint: replace the tab at column 3 with spaces: YAML reads only spaces as indentation"
    );
    let site = page_with("title: A\n\tweight: 2\n");
    assert!(
        the_error(&site).starts_with("content/a.md:3:1: error: this line is indented with a tab"),
        "{}",
        the_error(&site)
    );
    let site = site_yaml(&format!("{SITE}clinic:\n\tname: Example Skin Clinic\n"));
    assert_eq!(
        the_error(&site),
        "site.yaml:5:1: error: this line is indented with a tab\n  hint: replace the tab at column 1 with spaces: YAML reads only spaces as indentation"
    );
}

#[test]
fn a_line_indented_more_than_the_key_above_it() {
    // After a quoted value the parser says "did not find expected key"; after a
    // plain one, "mapping values are not allowed"; after a number, that the number
    // is not a number. All three are the same mistake.
    for value in ["\"A\"", "A"] {
        let site = page_with(&format!("title: {value}\n  description: Text.\n"));
        assert_eq!(
            the_error(&site),
            "content/a.md:3:3: error: this line is indented more than the key above it\n  hint: start `description` in column 1, like `title` on line 2"
        );
    }
    let site = page_with("title: A\nweight: 2\n    draft: true\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:4:5: error: this line is indented more than the key above it\n  hint: start `draft` in column 1, like `weight` on line 3"
    );
    let site = site_yaml(&format!(
        "{SITE}clinic:\n  name: Example Skin Clinic\n    telephone: \"0100 000 000\"\n"
    ));
    assert_eq!(
        the_error(&site),
        "site.yaml:6:5: error: this line is indented more than the key above it\n  hint: start `telephone` in column 3, like `name` on line 5"
    );
}

#[test]
fn a_line_that_lines_up_with_nothing_above_it() {
    let site = site_yaml(&format!(
        "{SITE}clinic:\n  name: Example Skin Clinic\n telephone: \"0100 000 000\"\n"
    ));
    assert_eq!(
        the_error(&site),
        "site.yaml:6:2: error: this line does not line up with the lines above it\n  hint: start it in column 3 like line 5, or in column 1 like line 4"
    );
}

#[test]
fn a_missing_colon_is_named_after_its_key() {
    let site = page_with("title: A\ndescription \"How it works.\"\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:3:12: error: a `:` is missing after `description`\n  hint: if `description` is a key, write `description: \"How it works.\"`; if this line goes on with the text of `title`, indent it by 2 spaces"
    );
}

#[test]
fn quotes_that_end_too_early_or_never() {
    let site = page_with("title: A\ndescription: 'It's quick'\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:3:18: error: the text goes on after its closing quote\n  hint: an apostrophe inside single quotes ends the text: write it twice (`'it''s'`), or put the whole text in double quotes"
    );
    // A quote left open runs on to the next quote mark, lines later.
    let site = page_with("title: \"Acne scars\ndescription: \"Sunken scars\"\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:2:8: error: this quote is not closed on its line; YAML reads the text on into line 3\n  hint: end the text with `\"` on the same line"
    );
    let site = page_with("title: A\ndescription: \"Quick\nweight: 2\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:3:14: error: this quote is never closed\n  hint: end the text with the same quote mark it starts with"
    );
}

#[test]
fn lists_written_wrongly() {
    let site = page_with("title: A\nalso_called: - acne marks\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:3:14: error: a list cannot start on the same line as its key\n  hint: put each `- ` item on a line of its own below `also_called:`, indented by 2 spaces, or write `also_called: [first, second]`"
    );
    let site = page_with("title: A\nkind: condition\nalso_called:\n  -acne marks\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:5:3: error: a list item needs a space after `-`\n  hint: write `- acne marks`"
    );
    let site = page_with("title: A\nsources:\n  - title: NHS\n  publisher: NHS\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:5:3: error: this line does not fit in the list above it\n  hint: start each list item with `- `; if this line belongs to the item above, start it in column 5, under the item's text"
    );
    let site = page_with("title: A\nsources: NHS\n");
    assert_eq!(
        the_error(&site),
        "content/a.md:3:10: error: `sources` should be a list\n  hint: write each item on its own line starting with `- `, or as [first, second]"
    );
}

#[test]
fn reviewers_written_as_a_list_are_shown_the_form_they_need() {
    let site = site_yaml(&format!(
        "{SITE}reviewers:\n  - name: Dr Sam Example\n    role: Clinical lead\n"
    ));
    assert_eq!(
        the_error(&site),
        "site.yaml:5:3: error: `reviewers` cannot be a list\n  hint: give each reviewer an id and write one line per reviewer under `reviewers:`, e.g. `clinical-lead: {name: ..., role: ...}`; a page names the id in `reviewed_by: clinical-lead`"
    );
    let site = site_yaml(&format!(
        "{SITE}reviewers:\n  clinical-lead: Dr Sam Example\n"
    ));
    assert_eq!(
        the_error(&site),
        "site.yaml:5:18: error: `clinical-lead` cannot be plain text\n  hint: write `clinical-lead: {name: ..., role: ...}`"
    );
    // Through the command too: exit 1, the message, nothing written.
    let site = site_yaml(&format!("{SITE}reviewers:\n  - name: Dr Sam Example\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.error_lines(),
        ["site.yaml:5:3: error: `reviewers` cannot be a list"]
    );
    assert!(!site.public().exists());
}

#[test]
fn no_message_uses_the_parsers_words() {
    let parser_words = [
        "tabs disallowed",
        "block indentation",
        "did not find expected",
        "while parsing",
        "while scanning",
        "mapping values",
        "simple key",
        "scalar",
        "sequence",
        "mapping start",
        "invalid YAML",
    ];
    let mistakes = [
        "title: A\n\tweight: 2\n",
        "title: \"A\"\n  weight: 2\n",
        "title: A\nsources:\n  - title: x\n url: y\n",
        "title: A\nweight\n",
        "title: A\nalso_called: - x\n",
        "title: A\nalso_called: [a, b}\n",
        "title: A\nalso_called: [a, b]]\n",
        "title: A\ndescription: \"C:\\x\"\n",
        "title: A\ndescription: \"a\"b\n",
        "title: A\ndescription: |\n    x\n  y\n",
        "title: ,\n",
        " title: A\nweight: 2\n",
        "title: A\nsources: {a: b}\n",
    ];
    for mistake in mistakes {
        let text = the_error(&page_with(mistake));
        for words in parser_words {
            assert!(!text.contains(words), "{mistake:?} gives: {text}");
        }
    }
}
