//! Links between pages as writers write them: relative to the page or from the
//! content folder, and the fix suggested when the page they name does not exist.

mod common;

use common::*;

/// A small site: two conditions, a procedure section with an aftercare page, a FAQ.
fn site_with(linking_page: &str) -> Fixture {
    Fixture::new(&[
        (
            "content/conditions/_index.md",
            &page("Conditions", "All.\n"),
        ),
        ("content/conditions/acne-scars.md", linking_page),
        ("content/conditions/rosacea.md", &page("Rosacea", "Text.\n")),
        (
            "content/procedure/_index.md",
            &page("Procedure", "Steps.\n"),
        ),
        (
            "content/procedure/aftercare.md",
            &page("Aftercare", "## Day one\n\nRest.\n"),
        ),
        ("content/faq.md", &page("FAQ", "## Questions\n\nText.\n")),
    ])
}

// ---------- suggestions for a page that does not exist ----------

#[test]
fn a_missing_page_suggests_the_page_of_that_name_in_another_folder() {
    let site = site_with(&page(
        "Acne scars",
        "Read the [aftercare](aftercare.md) advice.\n",
    ));
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/conditions/acne-scars.md",
        5,
        10,
        "the link to `aftercare.md` goes to a page that does not exist (content/conditions/aftercare.md)",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some(
            "did you mean `../procedure/aftercare.md`? (paths are relative to this page's folder)"
        )
    );
}

#[test]
fn the_suggestion_keeps_the_anchor_and_the_shortest_relative_path() {
    let site = site_with(&page(
        "Acne scars",
        "See [day one](../procedure/after-care.md#day-one) and [rosacea](../rosacea.md).\n",
    ));
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    let e = assert_error(
        &errors,
        "content/conditions/acne-scars.md",
        5,
        5,
        "the link to `../procedure/after-care.md` goes to a page that does not exist (content/procedure/after-care.md)",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some(
            "did you mean `../procedure/aftercare.md#day-one`? (paths are relative to this page's folder)"
        )
    );
    // The page is in the linking page's own folder: no `../conditions/` detour.
    let e = assert_error(
        &errors,
        "content/conditions/acne-scars.md",
        5,
        55,
        "the link to `../rosacea.md` goes to a page that does not exist (content/rosacea.md)",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("did you mean `rosacea.md`? (paths are relative to this page's folder)")
    );
}

#[test]
fn a_missing_page_with_no_page_of_a_close_name_gets_no_guess() {
    let site = site_with(&page("Acne scars", "See [x](vitamins.md).\n"));
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/conditions/acne-scars.md",
        5,
        5,
        "the link to `vitamins.md` goes to a page that does not exist (content/conditions/vitamins.md)",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("check the file name; paths are relative to this page's folder")
    );
}

// ---------- links from the content folder ----------

#[test]
fn links_from_the_content_folder_resolve_like_relative_ones() {
    let site = site_with(&page(
        "Acne scars",
        "[a](/procedure/aftercare.md) [b](/procedure/aftercare.md#day-one) [c](/_index.md) [d](/procedure/_index.md) [e](/conditions/rosacea.md) [f](/faq.md#questions) [g](../procedure/aftercare.md)\n",
    ));
    site.build_ok();
    let html = site.page("/conditions/acne-scars/");
    let hrefs: Vec<&str> = select(&html, ".prose a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "/procedure/aftercare/",
            "/procedure/aftercare/#day-one",
            "/",
            "/procedure/",
            "/conditions/rosacea/",
            "/faq/#questions",
            "/procedure/aftercare/",
        ]
    );
}

#[test]
fn links_from_the_content_folder_take_the_base_path() {
    let site = site_with(&page(
        "Acne scars",
        "[a](/procedure/aftercare.md#day-one)\n",
    ));
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/clinic/\nlanguage: en\n",
    );
    site.build_ok();
    let html = site.page("/conditions/acne-scars/");
    assert_eq!(
        attr(&html, ".prose a", "href"),
        "/clinic/procedure/aftercare/#day-one"
    );
}

#[test]
fn links_from_the_content_folder_are_checked_like_relative_ones() {
    let site = site_with(&page(
        "Acne scars",
        "[a](/procedure/aftercare.md#day-two) [b](/conditons/rosacea.md) [c](/../x.md)\n",
    ));
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{}", render(&errors));
    let e = assert_error(
        &errors,
        "content/conditions/acne-scars.md",
        5,
        1,
        "`#day-two` is not a heading on `content/procedure/aftercare.md`; did you mean `#day-one`?",
    );
    assert!(e.hint.is_some());
    let e = assert_error(
        &errors,
        "content/conditions/acne-scars.md",
        5,
        38,
        "the link to `/conditons/rosacea.md` goes to a page that does not exist (content/conditons/rosacea.md)",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some(
            "did you mean `/conditions/rosacea.md`? (paths starting with / start at the content folder)"
        )
    );
    assert_error(
        &errors,
        "content/conditions/acne-scars.md",
        5,
        65,
        "`/../x.md` points outside the content folder",
    );
}
