//! Every mistake a writer can make is reported with its file, line, column and a
//! plain message (checked by hand against the fixture text), and stops the build.

mod common;

use clinicsite::BuildOptions;
use common::*;

// ---------- front matter ----------

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    let site = Fixture::new(&[(
        "content/conditions/acne-scars.md",
        "---\ntitle: Acne scars\ndescripton: Sunken scars\n---\n\nText.\n",
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/conditions/acne-scars.md",
        3,
        1,
        "unknown front matter key `descripton`; did you mean `description`?",
    );
    let hint = e.hint.expect("a hint");
    assert!(
        hint.starts_with("the keys allowed here are: title, description, "),
        "{hint}"
    );
}

#[test]
fn unknown_key_inside_a_source_names_the_source_keys() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\nsources:\n  - title: NHS\n    pubisher: NHS\n---\n",
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        5,
        5,
        "unknown front matter key `pubisher`; did you mean `publisher`?",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("the keys allowed here are: title, publisher, year, url")
    );
}

#[test]
fn yaml_syntax_error_points_at_the_line_of_the_unclosed_quote() {
    // The quote opens on line 3 and YAML reads on to the end of the front matter.
    let site = Fixture::new(&[(
        "content/a.md",
        "---\nweight: 2\ntitle: \"Acne scars\ndescription: Sunken scars\n---\n\nText.\n",
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(&errors, "content/a.md", 3, 8, "this quote is never closed");
    assert_eq!(
        e.hint.as_deref(),
        Some("end the text with the same quote mark it starts with")
    );
}

#[test]
fn colon_in_an_unquoted_title_is_explained() {
    let site = Fixture::new(&[("content/a.md", "---\ntitle: Acne scars: what helps\n---\n")]);
    let errors = site.build_errors();
    // "title: Acne scars" is 17 characters: the second `:` is in column 18.
    let e = assert_one_error(
        &errors,
        "content/a.md",
        2,
        18,
        "YAML cannot read the `:` here",
    );
    assert!(e.hint.expect("a hint").contains("double quotes"));
}

#[test]
fn a_key_written_twice_is_named() {
    let site = Fixture::new(&[("content/a.md", "---\ntitle: A\nweight: 1\ntitle: B\n---\n")]);
    let errors = site.build_errors();
    assert_one_error(&errors, "content/a.md", 4, 1, "`title` is written twice");
}

#[test]
fn front_matter_never_closed_is_an_error_at_line_1() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: Acne scars\n\n## What it is\n\nText.\n",
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        1,
        1,
        "the front matter is never closed",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("add a line `---` after the last front matter line")
    );
}

#[test]
fn a_page_without_front_matter_is_an_error_at_line_1() {
    let site = Fixture::new(&[("content/a.md", "## Hello\n\nText.\n")]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "content/a.md",
        1,
        1,
        "this page has no front matter",
    );
}

#[test]
fn missing_title_points_at_line_1() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ndescription: Sunken scars\nweight: 2\n---\n\nText.\n",
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        1,
        1,
        "missing required front matter key `title`",
    );
    assert_eq!(e.hint.as_deref(), Some("add a line `title: ...`"));
}

#[test]
fn empty_title_points_at_the_title() {
    let site = Fixture::new(&[("content/a.md", "---\nweight: 2\ntitle: \"  \"\n---\n")]);
    let errors = site.build_errors();
    assert_one_error(&errors, "content/a.md", 3, 8, "the title is empty");
}

#[test]
fn a_source_without_title_points_at_the_source() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\nsources:\n  - publisher: NHS\n    year: 2024\n---\n",
    )]);
    let errors = site.build_errors();
    // YAML reports a missing key where the entry ends: its last line, `year: 2024`.
    assert_one_error(
        &errors,
        "content/a.md",
        5,
        5,
        "missing required key `title` in this entry",
    );
}

#[test]
fn bad_dates_are_errors_at_the_value() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\nlast_reviewed: 2026-13-45\nnext_review: 2026-02-30\n---\n",
    )]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    let e = assert_error(
        &errors,
        "content/a.md",
        3,
        16,
        "`last_reviewed` is not a valid date: `2026-13-45`",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("write dates as YYYY-MM-DD, e.g. 2026-11-01")
    );
    assert_error(
        &errors,
        "content/a.md",
        4,
        14,
        "`next_review` is not a valid date: `2026-02-30`",
    );
}

#[test]
fn next_review_before_last_review_is_an_error() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\nlast_reviewed: 2026-05-01\nnext_review: 2026-04-01\n---\n",
    )]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "content/a.md",
        4,
        14,
        "`next_review` is not after `last_reviewed`",
    );
}

#[test]
fn a_number_where_words_are_expected_and_the_reverse() {
    let site = Fixture::new(&[
        ("content/a.md", "---\ntitle: A\nweight: first\n---\n"),
        ("content/b.md", "---\ntitle: B\ndraft: maybe\n---\n"),
        ("content/c.md", "---\ntitle: C\nkind: conditon\n---\n"),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{}", render(&errors));
    assert_error(
        &errors,
        "content/a.md",
        3,
        9,
        "expected a whole number here",
    );
    assert_error(
        &errors,
        "content/b.md",
        3,
        8,
        "expected `true` or `false` here",
    );
    assert_error(
        &errors,
        "content/c.md",
        3,
        7,
        "unknown value `conditon`; did you mean `condition`?",
    );
}

#[test]
fn unknown_reviewer_id_suggests_one_from_site_yaml() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguage: en\nreviewers:\n  clinical-lead:\n    name: Dr A\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\nreviewed_by: clinical-laed\n---\n",
        ),
    ]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        3,
        14,
        "unknown reviewer `clinical-laed`; did you mean `clinical-lead`?",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("reviewers in site.yaml: clinical-lead")
    );
}

#[test]
fn a_list_of_reviewers_is_refused_not_shown_as_written() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguage: en\nreviewers:\n  clinical-lead:\n    name: Dr A\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\nreviewed_by: [clinical-lead]\n---\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\nreviewed_by:\n  - clinical-lead\n---\n",
        ),
        // One id on its line still works.
        (
            "content/c.md",
            "---\ntitle: C\nreviewed_by: clinical-lead\n---\n",
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    for (file, line, col) in [("content/a.md", 3, 14), ("content/b.md", 4, 3)] {
        let e = assert_error(
            &errors,
            file,
            line,
            col,
            "`reviewed_by` names one reviewer, not a list",
        );
        assert!(
            e.hint
                .as_deref()
                .is_some_and(|h| h.contains("`reviewed_by: clinical-lead`")),
            "{:?}",
            e.hint
        );
    }
}

// ---------- kinds ----------

#[test]
fn page_kind_only_in_a_section_and_kind_not_in_a_section() {
    let site = Fixture::new(&[
        ("content/a.md", "---\ntitle: A\npage_kind: step\n---\n"),
        (
            "content/steps/_index.md",
            "---\ntitle: Steps\nkind: step\n---\n",
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    let e = assert_error(
        &errors,
        "content/a.md",
        3,
        12,
        "only a section's `_index.md` can set `page_kind`",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("use `kind:` to set this page's kind")
    );
    let e = assert_error(
        &errors,
        "content/steps/_index.md",
        3,
        7,
        "a section's `_index.md` cannot set `kind`",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some(
            "use `page_kind:` to set the kind of the pages in this section (a section's own kind can only be `treatment`)"
        )
    );
}

#[test]
fn when_is_only_for_phases_and_also_called_only_for_conditions() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\nkind: condition\nwhen: Days 1 to 3\n---\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\nkind: phase\nwhen: Days 1 to 3\nalso_called: [redness]\n---\n",
        ),
        (
            "content/healing/_index.md",
            "---\ntitle: Healing\npage_kind: phase\nwhen: Weeks\n---\n",
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{}", render(&errors));
    assert_error(
        &errors,
        "content/a.md",
        4,
        7,
        "`when` is only for healing phase pages",
    );
    assert_error(
        &errors,
        "content/b.md",
        5,
        14,
        "`also_called` is only for condition pages",
    );
    assert_error(
        &errors,
        "content/healing/_index.md",
        4,
        7,
        "`when` is only for healing phase pages",
    );
}

#[test]
fn a_phase_needs_when_whether_its_kind_is_its_own_or_its_sections() {
    let site = Fixture::new(&[
        ("content/a.md", "---\ntitle: A\nkind: phase\n---\n"),
        (
            "content/healing/_index.md",
            "---\ntitle: Healing\npage_kind: phase\n---\n",
        ),
        ("content/healing/first.md", "---\ntitle: First\n---\n"),
        (
            "content/healing/second.md",
            "---\ntitle: Second\nwhen: Days 4 to 10\n---\n",
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_error(
        &errors,
        "content/a.md",
        1,
        1,
        "a healing phase needs `when`",
    );
    assert_error(
        &errors,
        "content/healing/first.md",
        1,
        1,
        "a healing phase needs `when`",
    );
}

#[test]
fn when_and_also_called_are_checked_against_the_resolved_kind() {
    let site = Fixture::new(&[
        ("content/a.md", "---\ntitle: A\nwhen: Days 1 to 3\n---\n"),
        (
            "content/healing/_index.md",
            "---\ntitle: Healing\npage_kind: phase\n---\n",
        ),
        (
            "content/healing/first.md",
            "---\ntitle: First\nwhen: Days 1 to 3\nalso_called: [redness]\n---\n",
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_error(
        &errors,
        "content/a.md",
        3,
        7,
        "`when` is only for healing phase pages",
    );
    assert_error(
        &errors,
        "content/healing/first.md",
        4,
        14,
        "`also_called` is only for condition pages",
    );
}

// ---------- markdown body ----------

#[test]
fn a_hash_heading_in_the_body_is_an_error_with_a_hint() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n# Acne scars\nText.\n\nAlso scars\n==========\n\nMore.\n",
    )]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    let message = "a `#` heading in the page body; the page title is already the main heading";
    let e = assert_error(&errors, "content/a.md", 5, 1, message);
    assert_eq!(
        e.hint.as_deref(),
        Some("use `##` for the sections of a page")
    );
    // A setext heading (text underlined with `=`) is a `#` heading too.
    assert_error(&errors, "content/a.md", 8, 1, message);
}

#[test]
fn an_explicit_id_used_twice_or_by_the_layout_is_an_error() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n## Results {#results}\nA.\n## More results {#results}\nB.\n## Skip {#main}\nC.\n",
    )]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    let e = assert_error(
        &errors,
        "content/a.md",
        7,
        1,
        "the id `results` is already used by another heading on this page",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("give this heading its own `{#id}`, or remove the `{#...}` part")
    );
    assert_error(
        &errors,
        "content/a.md",
        9,
        1,
        "the id `main` is used by the page layout",
    );
}

#[test]
fn missing_target_page_suggests_the_closest_file() {
    let site = Fixture::new(&[
        (
            "content/conditions/acne.md",
            "---\ntitle: Acne\n---\n\nRead about [aftercare](../procedure/aftercre.md) first.\n",
        ),
        (
            "content/procedure/aftercare.md",
            &page("Aftercare", "Text.\n"),
        ),
    ]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/conditions/acne.md",
        5,
        12,
        "the link to `../procedure/aftercre.md` goes to a page that does not exist (content/procedure/aftercre.md)",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some(
            "did you mean `../procedure/aftercare.md`? (paths are relative to this page's folder)"
        )
    );
}

#[test]
fn link_to_a_missing_folder_is_an_error() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n- See [the steps](procedure/).\n",
    )]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "content/a.md",
        5,
        7,
        "the link to `procedure/` goes to nothing: there is no content/procedure",
    );
}

#[test]
fn an_anchor_must_match_its_heading_id_letter_for_letter() {
    // Browsers match `#fragment` to an id case-sensitively: `#Results` would not
    // scroll to `id="results"`. Heading ids are lowercase; an explicit id is kept.
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\n---\n\n[1](b.md#Results) [2](b.md#über-uns) [3](b.md#Über-uns) [4](b.md#My_Id) [5](b.md#my_id) [6](#Here)\n\n## Here\n\nText.\n",
        ),
        (
            "content/b.md",
            &page(
                "B",
                "## Results\n\nText.\n\n## Über uns\n\nText.\n\n## Custom {#My_Id}\n\nText.\n",
            ),
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 4, "{}", render(&errors));
    assert_error(
        &errors,
        "content/a.md",
        5,
        1,
        "`#Results` is not a heading on `content/b.md`; did you mean `#results`?",
    );
    assert_error(
        &errors,
        "content/a.md",
        5,
        38,
        "`#Über-uns` is not a heading on `content/b.md`; did you mean `#über-uns`?",
    );
    assert_error(
        &errors,
        "content/a.md",
        5,
        73,
        "`#my_id` is not a heading on `content/b.md`; did you mean `#My_Id`?",
    );
    let e = assert_error(
        &errors,
        "content/a.md",
        5,
        89,
        "`#Here` is not a heading on `content/a.md`; did you mean `#here`?",
    );
    assert_eq!(e.hint.as_deref(), Some("headings on that page: #here"));
}

#[test]
fn missing_anchor_suggests_the_closest_heading() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\n---\n\nSee [results](b.md#reslts) and [this](#nowhere).\n",
        ),
        (
            "content/b.md",
            &page("B", "## Results\n\nA.\n\n## Side effects\n\nB.\n"),
        ),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    let e = assert_error(
        &errors,
        "content/a.md",
        5,
        5,
        "`#reslts` is not a heading on `content/b.md`; did you mean `#results`?",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("headings on that page: #results, #side-effects")
    );
    let e = assert_error(
        &errors,
        "content/a.md",
        5,
        32,
        "`#nowhere` is not a heading on `content/a.md`",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("that page has no headings to link to; remove the `#...` part")
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // "Café – see " is 11 characters (14 bytes), so the link starts in column 12.
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\nCafé – see [x](nope.md)\n",
    )]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "content/a.md",
        5,
        12,
        "the link to `nope.md` goes to a page that does not exist (content/nope.md)",
    );
}

#[test]
fn missing_alt_text_is_an_error_but_decorative_images_are_fine() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n![](photo.png)\n\n![](photo.png \"decorative\")\n",
    )]);
    site.write("content/photo.png", png(2, 2));
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        5,
        1,
        "the image `photo.png` has no alt text",
    );
    assert!(e.hint.expect("a hint").contains("\"decorative\""));
}

#[test]
fn missing_image_files_are_errors() {
    let site = Fixture::new(&[(
        "content/conditions/acne.md",
        "---\ntitle: Acne\n---\n\n## Photos\nBefore: ![Sunken scars on a cheek](img/before.jpg)\n\n![Our logo](/images/logo.png)\n",
    )]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_error(
        &errors,
        "content/conditions/acne.md",
        6,
        9,
        "the image `img/before.jpg` does not exist (looked for content/conditions/img/before.jpg)",
    );
    let e = assert_error(
        &errors,
        "content/conditions/acne.md",
        8,
        1,
        "the image `/images/logo.png` is not in static/",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("put the file at static/images/logo.png, or fix the name")
    );
}

#[test]
fn images_from_other_websites_are_refused() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n![A chart](https://cdn.example.com/chart.png)\n",
    )]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "content/a.md",
        5,
        1,
        "the image `https://cdn.example.com/chart.png` is on another website; pages may only load files from this site",
    );
}

#[test]
fn javascript_links_are_refused() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n[click](javascript:alert(1))\n",
    )]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "content/a.md",
        5,
        1,
        "`javascript:` links are not allowed",
    );
}

// ---------- files ----------

#[test]
fn non_utf8_content_names_the_file_and_line() {
    let site = Fixture::new(&[]);
    // Latin-1 "é" (0xE9) after "title: Caf" (10 characters).
    site.write("content/a.md", b"---\ntitle: Caf\xe9\n---\n\nText.\n");
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        2,
        11,
        "this file is not UTF-8 text",
    );
    assert!(e.hint.expect("a hint").contains("UTF-8"));
}

#[test]
fn two_files_claiming_one_url_are_both_named() {
    let site = Fixture::new(&[
        ("content/a.md", &page("A", "Text.\n")),
        ("content/a/_index.md", &page("A section", "Text.\n")),
    ]);
    let errors = site.build_errors();
    // assert_error, not assert_one_error: see a_url_clash_does_not_hide_other_errors.
    let e = assert_error(
        &errors,
        "content/a.md",
        1,
        1,
        "`content/a/_index.md` and `content/a.md` both make the page /a/",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("rename or remove one of the two files")
    );
}

#[test]
fn two_file_names_with_the_same_slug_are_both_named() {
    let site = Fixture::new(&[
        ("content/About Us.md", &page("About", "Text.\n")),
        ("content/about-us.md", &page("About us", "Text.\n")),
    ]);
    let errors = site.build_errors();
    assert_error(
        &errors,
        "content/about-us.md",
        1,
        1,
        "`content/About Us.md` and `content/about-us.md` both make the page /about-us/",
    );
}

#[test]
fn a_bom_and_crlf_line_endings_keep_error_lines_right() {
    let site = Fixture::new(&[]);
    let text = "\u{feff}---\r\ntitle: A\r\ntitel: B\r\n---\r\n";
    site.write("content/a.md", text);
    let body = "\u{feff}---\r\ntitle: B\r\n---\r\n\r\n## One\r\nSee [x](nope.md).\r\n";
    site.write("content/b.md", body);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_error(
        &errors,
        "content/a.md",
        3,
        1,
        "unknown front matter key `titel`; did you mean `title`?",
    );
    assert_error(
        &errors,
        "content/b.md",
        6,
        5,
        "the link to `nope.md` goes to a page that does not exist (content/nope.md)",
    );
}

// ---------- site.yaml ----------

#[test]
fn unknown_site_yaml_key_suggests_the_right_one() {
    let site = Fixture::new(&[(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\nlanguage: en\nclinc:\n  name: Example Skin Clinic\n",
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "site.yaml",
        4,
        1,
        "unknown site.yaml key `clinc`; did you mean `clinic`?",
    );
    assert!(
        e.hint
            .expect("a hint")
            .starts_with("the keys allowed here are: title, base_url, language")
    );

    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.error_lines(),
        ["site.yaml:4:1: error: unknown site.yaml key `clinc`; did you mean `clinic`?"]
    );
    assert!(!site.public().exists());
}

#[test]
fn site_yaml_needs_title_base_url_and_language() {
    let site = Fixture::new(&[("site.yaml", "title: T\nlanguage: en\n")]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "site.yaml",
        1,
        1,
        "missing required site.yaml key `base_url`",
    );
}

#[test]
fn bad_base_url_and_language_point_at_their_values() {
    let site = Fixture::new(&[(
        "site.yaml",
        "title: T\nbase_url: example.org\nlanguage: English (UK)\n",
    )]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_error(
        &errors,
        "site.yaml",
        2,
        11,
        "`base_url` is not an absolute URL: `example.org`",
    );
    assert_error(
        &errors,
        "site.yaml",
        3,
        11,
        "`language` is not a language tag: `English (UK)`",
    );
}

#[test]
fn missing_site_yaml_is_an_error_exit_1() {
    let site = Fixture::empty();
    site.write("content/_index.md", HOME);
    let errors = build_errors(&BuildOptions::new(site.path()));
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    assert_eq!(
        errors[0].to_string().lines().next(),
        Some("site.yaml: error: no site.yaml in the site folder")
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("site.yaml: error: no site.yaml in the site folder\n  hint: "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_site_folder_is_named_not_its_site_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("my-clinic");
    let shown = missing.display().to_string();
    let run = run_in(dir.path(), &["build", "--site", &shown]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "{shown}: error: the site folder does not exist\n  hint: check the folder's name, pass the folder that holds site.yaml with --site DIR, or start a new site there with `clinicsite new {shown}`\nthe site has 1 error(s); nothing was written\n"
        )
    );
    assert!(!missing.exists(), "nothing was created");
    // The same for the other commands that read a site.
    for command in ["check", "report", "questionnaire"] {
        let run = run_in(dir.path(), &[command, "--site", "my-clinic"]);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        // (`check` prints its findings to standard output, in its own table.)
        let printed = format!("{}{}", run.stdout, run.stderr);
        assert!(
            printed.contains("my-clinic: error: the site folder does not exist"),
            "{command}: {printed}"
        );
    }
    // A file is not a site folder either.
    std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
    let run = run_in(dir.path(), &["build", "--site", "site.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "site.yaml: error: this is a file, not a site folder\n  hint: pass the folder that holds site.yaml with --site DIR\n"
        ),
        "{}",
        run.stderr
    );
}

// ---------- drafts ----------

#[test]
fn link_to_a_draft_is_an_error_unless_drafts_are_built() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\n---\n\n[Coming soon](b.md) is a new page.\n",
        ),
        ("content/b.md", "---\ntitle: B\ndraft: true\n---\n\nText.\n"),
    ]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        5,
        1,
        "this links to `content/b.md`, which is a draft",
    );
    assert!(e.hint.expect("a hint").contains("--drafts"));

    let options = BuildOptions {
        drafts: true,
        ..site.options()
    };
    clinicsite::build(&options).expect("builds with drafts");
    let html = site.page("/a/");
    assert!(main_links(&html).contains(&"/b/".to_string()));
    assert!(site.public().join("b/index.html").is_file());

    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn drafts_are_left_out_of_a_normal_build() {
    let site = Fixture::new(&[("content/b.md", "---\ntitle: B\ndraft: true\n---\n")]);
    site.build_ok();
    assert!(!site.public().join("b").exists());
}

// ---------- the command ----------

#[test]
fn the_command_lists_every_error_of_the_build_and_exits_1() {
    let site = Fixture::new(&[
        // a front matter error in one file...
        ("content/a.md", "---\ntitle: A\ntitel: A\n---\n"),
        // ...does not hide a broken link or image in others
        (
            "content/conditions/b.md",
            "---\ntitle: B\n---\n\n## Results\n\nSee [c](c.md#nope).\n",
        ),
        (
            "content/conditions/c.md",
            "---\ntitle: C\n---\n\n![](c.png)\n",
        ),
    ]);
    site.write("content/conditions/c.png", png(1, 1));
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.error_lines(),
        [
            "content/a.md:3:1: error: unknown front matter key `titel`; did you mean `title`?",
            "content/conditions/b.md:7:5: error: `#nope` is not a heading on `content/conditions/c.md`",
            "content/conditions/c.md:5:1: error: the image `c.png` has no alt text",
        ]
    );
    // Every error line is followed by its hint, then one summary line.
    let lines: Vec<&str> = run.stderr.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.contains(": error: ") {
            assert!(lines[i + 1].starts_with("  hint: "), "{}", run.stderr);
        }
    }
    assert_eq!(
        lines.last(),
        Some(&"the site has 3 error(s); nothing was written")
    );
    assert!(!site.public().exists());
}

#[test]
fn a_link_to_a_page_with_its_own_errors_is_not_a_second_error() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\n---\n\n[b](b.md) and [s](s/)\n",
        ),
        ("content/b.md", "---\ntitle: B\nwieght: 2\n---\n"),
        ("content/s/_index.md", "---\ntitle: [S\n---\n"),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_error(
        &errors,
        "content/b.md",
        3,
        1,
        "unknown front matter key `wieght`; did you mean `weight`?",
    );
    assert_error(
        &errors,
        "content/s/_index.md",
        2,
        8,
        "expected plain text here",
    );
}

#[test]

fn a_url_clash_does_not_hide_other_errors() {
    let site = Fixture::new(&[
        ("content/a.md", &page("A", "Text.\n")),
        ("content/a/_index.md", &page("A section", "Text.\n")),
        ("content/b.md", "---\ntitle: B\ntitel: B\n---\n"),
    ]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_error(
        &errors,
        "content/a.md",
        1,
        1,
        "`content/a/_index.md` and `content/a.md` both make the page /a/",
    );
    assert_error(
        &errors,
        "content/b.md",
        3,
        1,
        "unknown front matter key `titel`; did you mean `title`?",
    );
}

#[test]

fn a_misspelt_key_in_reviewed_by_is_an_error() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\nreviewed_by: {name: Dr A, rol: Nurse}\n---\n",
    )]);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    assert_eq!(errors[0].position.map(|p| p.line), Some(3));
}

#[test]

fn a_static_file_at_a_page_path_is_an_error_naming_both() {
    let site = Fixture::new(&[("content/a.md", &page("A", "Text.\n"))]);
    site.write("static/a/index.html", "<p>old page</p>");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    assert!(errors[0].to_string().contains("static/a/index.html"));
    assert!(errors[0].to_string().contains("content/a.md"));
}

#[test]
fn a_static_file_where_a_page_goes_is_named_with_the_page() {
    let site = Fixture::new(&[
        ("content/a.md", &page("A", "Text.\n")),
        ("static/a/index.html", "<p>An old copy of the page.</p>\n"),
    ]);
    let check = |errors: &[clinicsite::diagnostics::Diagnostic]| {
        assert_eq!(errors.len(), 1, "{}", render(errors));
        let e = &errors[0];
        assert_eq!(e.path, "static/a/index.html");
        assert_eq!(
            e.message,
            "`static/a/index.html` and `content/a.md` would both be written to a/index.html"
        );
        assert_eq!(e.hint.as_deref(), Some("rename or move one of them"));
    };
    // Into a new folder (pages and static files are written as they come, into a
    // staging folder that is then removed) and over an earlier build's output.
    check(&site.build_errors());
    assert!(
        !site.public().exists(),
        "the new output folder was left behind"
    );
    let staging_left = std::fs::read_dir(site.path())
        .expect("site folder")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".clinicsite-"));
    assert!(!staging_left, "a staging folder was left behind");
    site.write("public/old.html", "<p>Old.</p>\n");
    check(&site.build_errors());
    let old = std::fs::read_to_string(site.public().join("old.html")).expect("old output");
    assert_eq!(old, "<p>Old.</p>\n", "the last good output was touched");
}
