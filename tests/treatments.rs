//! Several treatments in one site (`kind: treatment` sections) sharing their
//! conditions: the pages they make and every writer's mistake, with its place.

mod common;

use common::*;
use scraper::Selector;

const CONDITIONS: &str = "---\ntitle: Conditions\npage_kind: condition\n---\n\nConcerns.\n";

fn condition(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n\nAbout {title}.\n")
}

/// A treatment section's `_index.md` with `treats` lines after `kind: treatment`.
fn treatment(title: &str, treats: &str) -> String {
    format!(
        "---\ntitle: {title}\nkind: treatment\nsessions: \"3 to 6\"\ntreats:\n{treats}---\n\nAbout {title}.\n"
    )
}

/// Two treatments sharing acne scars; peels alone treat melasma.
fn two_treatments() -> Fixture {
    Fixture::new(&[
        ("content/conditions/_index.md", CONDITIONS),
        ("content/conditions/acne-scars.md", &condition("Acne scars")),
        ("content/conditions/melasma.md", &condition("Melasma")),
        (
            "content/microneedling/_index.md",
            &treatment(
                "Microneedling",
                "  - {condition: ../conditions/acne-scars.md, evidence: good, note: Most studied.}\n",
            ),
        ),
        (
            "content/microneedling/aftercare.md",
            "---\ntitle: Aftercare\n---\n\nKeep it clean.\n",
        ),
        (
            "content/peels/_index.md",
            &treatment(
                "Chemical peels",
                "  - {condition: /conditions/acne-scars.md, evidence: some}\n  - {condition: ../conditions/melasma.md, evidence: limited}\n",
            ),
        ),
    ])
}

fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    let s = Selector::parse(selector).unwrap();
    html.select(&s)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn a_condition_lists_every_treatment_with_its_evidence() {
    let site = two_treatments();
    site.build_ok();
    let page = site.page("/conditions/acne-scars/");
    let items = texts(&page, ".treatment-list li");
    assert_eq!(
        items,
        [
            "Chemical peels: Some evidence",
            "Microneedling: Good evidence. Most studied."
        ]
    );
    let ld = texts(&page, "script[type='application/ld+json']").join("");
    assert!(
        ld.contains(r#""possibleTreatment":[{"@type":"MedicalTherapy","name":"Chemical peels""#),
        "{ld}"
    );
    // Only one treatment treats melasma: no compare page for it.
    let melasma = site.page("/conditions/melasma/");
    assert!(
        texts(&melasma, "a")
            .iter()
            .all(|t| t != "Compare these treatments")
    );
}

#[test]
fn the_compare_page_has_a_row_per_treatment_of_the_condition() {
    let site = two_treatments();
    site.build_ok();
    let page = site.page("/compare/acne-scars/");
    assert_eq!(texts(&page, "h1"), ["Compare treatments: Acne scars"]);
    assert_eq!(
        texts(&page, "tbody th[scope=row]"),
        ["Chemical peels", "Microneedling"]
    );
    let cells = texts(&page, "tbody tr:first-child td");
    assert_eq!(cells[0], "Some evidence");
    assert_eq!(cells[1], "3 to 6");
    assert!(!site.public().join("compare/melasma/index.html").exists());
}

#[test]
fn the_find_page_lists_conditions_a_to_z_and_the_pages_carry_their_treatment() {
    let site = two_treatments();
    site.build_ok();
    let find = site.page("/find-a-treatment/");
    assert_eq!(texts(&find, "h3"), ["Acne scars", "Melasma"]);
    let aftercare = site.page("/microneedling/aftercare/");
    assert_eq!(
        texts(&aftercare, "title"),
        ["Aftercare – Microneedling – Test clinic"]
    );
    assert_eq!(texts(&aftercare, ".page-treatment"), ["Microneedling"]);
}

#[test]
fn treats_naming_a_page_that_is_not_a_condition_is_an_error() {
    let site = Fixture::new(&[
        ("content/about.md", "---\ntitle: About\n---\n\nUs.\n"),
        (
            "content/peels/_index.md",
            &treatment("Peels", "  - {condition: ../about.md, evidence: some}\n"),
        ),
    ]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/peels/_index.md",
        6,
        17,
        "`../about.md` is not a condition page (its kind is `page`)",
    );
    assert!(e.hint.unwrap().contains("kind: condition"));
}

#[test]
fn treats_naming_a_missing_file_suggests_the_closest() {
    let site = Fixture::new(&[
        ("content/conditions/_index.md", CONDITIONS),
        ("content/conditions/acne-scars.md", &condition("Acne scars")),
        (
            "content/peels/_index.md",
            &treatment(
                "Peels",
                "  - {condition: ../conditions/acne-scar.md, evidence: some}\n  - {condition: ../conditions/acne-scars.md, evidence: grand}\n",
            ),
        ),
    ]);
    let errors = site.build_errors();
    // Every mistake at once: the bad value is a YAML error, reported on its own line.
    let e = assert_one_error(
        &errors,
        "content/peels/_index.md",
        7,
        56,
        "unknown value `grand`",
    );
    assert!(e.hint.unwrap().contains("good, some, limited"));
    site.write(
        "content/peels/_index.md",
        treatment(
            "Peels",
            "  - {condition: ../conditions/acne-scar.md, evidence: some}\n",
        ),
    );
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/peels/_index.md",
        6,
        17,
        "`../conditions/acne-scar.md` is not a page: there is no `content/conditions/acne-scar.md`",
    );
    assert!(
        e.hint
            .unwrap()
            .contains("did you mean `/conditions/acne-scars.md`?")
    );
}

#[test]
fn a_treatment_that_treats_nothing_is_an_error() {
    let site = Fixture::new(&[(
        "content/peels/_index.md",
        "---\ntitle: Peels\nkind: treatment\n---\n\nPeels.\n",
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/peels/_index.md",
        3,
        7,
        "this treatment treats nothing: `treats:` lists no condition",
    );
    assert!(e.hint.unwrap().contains("treats:"));
}

#[test]
fn two_treatments_with_the_same_slug_are_an_error() {
    let t = treatment(
        "Peels",
        "  - {condition: /conditions/acne-scars.md, evidence: some}\n",
    );
    let site = Fixture::new(&[
        ("content/conditions/_index.md", CONDITIONS),
        ("content/conditions/acne-scars.md", &condition("Acne scars")),
        ("content/face/peels/_index.md", &t),
        ("content/body/peels/_index.md", &t),
    ]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/face/peels/_index.md",
        3,
        7,
        "two treatments are called `peels`: `content/body/peels/_index.md` and this one",
    );
    assert!(e.hint.unwrap().contains("rename one of the two folders"));
}

#[test]
fn treatment_keys_are_only_for_treatment_sections() {
    let site = Fixture::new(&[
        (
            "content/about.md",
            "---\ntitle: About\nsessions: three\n---\n\nUs.\n",
        ),
        (
            "content/peels.md",
            "---\ntitle: Peels\nkind: treatment\n---\n\nUs.\n",
        ),
        (
            "content/misc/_index.md",
            "---\ntitle: Misc\ndowntime: none\n---\n\nUs.\n",
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{}", render(&errors));
    assert_error(
        &errors,
        "content/about.md",
        3,
        11,
        "`sessions` is only for a treatment (a section with `kind: treatment`)",
    );
    assert_error(
        &errors,
        "content/peels.md",
        3,
        7,
        "`kind: treatment` is only for a section's `_index.md`",
    );
    let e = assert_error(
        &errors,
        "content/misc/_index.md",
        3,
        11,
        "`downtime` is only for a treatment (a section with `kind: treatment`)",
    );
    assert!(e.hint.unwrap().contains("add `kind: treatment`"));
}

#[test]
fn unknown_keys_suggest_treatment_keys_only_where_they_are_allowed() {
    let site = Fixture::new(&[
        (
            "content/about.md",
            "---\ntitle: About\ntreat: x\n---\n\nUs.\n",
        ),
        (
            "content/misc/_index.md",
            "---\ntitle: Misc\nsesions: x\n---\n\nUs.\n",
        ),
    ]);
    let errors = site.build_errors();
    let page = assert_error(
        &errors,
        "content/about.md",
        3,
        1,
        "unknown front matter key `treat`",
    );
    assert!(!page.hint.unwrap().contains("treats"));
    let section = assert_error(
        &errors,
        "content/misc/_index.md",
        3,
        1,
        "unknown front matter key `sesions`; did you mean `sessions`?",
    );
    assert!(
        section
            .hint
            .unwrap()
            .contains("treats, sessions, downtime, discomfort, results_after")
    );
}

#[test]
fn the_errors_exit_with_code_1() {
    let site = Fixture::new(&[(
        "content/peels/_index.md",
        "---\ntitle: Peels\nkind: treatment\n---\n\nPeels.\n",
    )]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.error_lines(),
        [
            "content/peels/_index.md:3:7: error: this treatment treats nothing: `treats:` lists no condition"
        ]
    );
}

#[test]
fn a_changed_note_shows_on_the_condition_on_the_next_build() {
    let site = two_treatments();
    site.build_ok();
    let peels = treatment(
        "Chemical peels",
        "  - {condition: /conditions/acne-scars.md, evidence: limited, note: Changed.}\n  - {condition: ../conditions/melasma.md, evidence: limited}\n",
    );
    site.write("content/peels/_index.md", peels);
    site.build_ok();
    let page = site.page("/conditions/acne-scars/");
    assert_eq!(
        texts(&page, ".treatment-list li")[0],
        "Chemical peels: Limited evidence. Changed."
    );
    let compare = site.page("/compare/acne-scars/");
    assert_eq!(
        texts(&compare, "tbody tr:first-child td")[0],
        "Limited evidence. Changed."
    );
}
