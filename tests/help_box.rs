//! The help box: one file with `kind: help`, shown on the pages that ask for it,
//! graded urgent / immediate, with the numbers of the clinic's country.

mod common;

use common::*;
use scraper::Html;

const HELP: &str = "---
title: If something seems wrong
kind: help
reviewed_by: {name: Dr A, role: Lead}
last_reviewed: 2026-01-05
sources:
  - title: Wound care
---
Some redness is normal.

## Urgent advice: contact the clinic if you have

- spreading redness

## Immediate action required: get help now if

- trouble breathing
";

fn site_yaml(extra: &str) -> String {
    format!("title: T\nbase_url: https://example.org/\nlanguage: en\n{extra}")
}

/// A site with the help box file, a page that shows it and one that does not.
fn site_with_box(extra_yaml: &str) -> Fixture {
    Fixture::new(&[
        ("site.yaml", &site_yaml(extra_yaml)),
        ("content/help-box.md", HELP),
        (
            "content/aftercare.md",
            "---\ntitle: Aftercare\nhelp_box: true\n---\n\nKeep it clean.\n",
        ),
        ("content/about.md", &page("About", "Who we are.\n")),
    ])
}

fn help_box(html: &Html) -> Vec<scraper::ElementRef<'_>> {
    select(html, "main aside.help-box")
}

/// The text of the one element matching `css`, spaces collapsed.
fn text(html: &Html, css: &str) -> String {
    let all: String = select_one(html, css).text().collect();
    all.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_box_is_shown_only_on_pages_that_ask_for_it() {
    let site = site_with_box(
        "clinic:\n  name: Riverside Clinic\n  telephone: 020 7123 4567\n  country: GB\n",
    );
    site.build_ok();
    let page = site.page("/aftercare/");
    assert_eq!(help_box(&page).len(), 1);
    assert_eq!(text(&page, ".help-box__title"), "If something seems wrong");
    assert_eq!(text(&page, ".help-box > p"), "Some redness is normal.");
    // Two graded parts, each labelled by its own heading.
    let urgent = ".help-box__part--urgent";
    let immediate = ".help-box__part--immediate";
    assert_eq!(
        attr(&page, urgent, "aria-labelledby"),
        attr(&page, &format!("{urgent} h3"), "id")
    );
    assert_eq!(
        text(&page, &format!("{urgent} h3")),
        "Urgent advice: contact the clinic if you have"
    );
    assert_eq!(text(&page, &format!("{urgent} li")), "spreading redness");
    assert_eq!(
        text(&page, &format!("{immediate} h3")),
        "Immediate action required: get help now if"
    );
    assert_eq!(text(&page, &format!("{immediate} li")), "trouble breathing");
    // The clinic's number, then the country's, as links patients can tap.
    assert_eq!(
        text(&page, &format!("{urgent} .help-box__call")),
        "Call Riverside Clinic on 020 7123 4567. If the clinic is closed, call 111."
    );
    let urgent_calls: Vec<&str> = select(&page, &format!("{urgent} a"))
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(urgent_calls, ["tel:02071234567", "tel:111"]);
    assert_eq!(attr(&page, &format!("{immediate} a"), "href"), "tel:999");
    assert_eq!(
        text(&page, &format!("{immediate} .help-box__call")),
        "Call 999 now, or go to the emergency department (A&E) of your nearest hospital."
    );

    for url in ["/about/", "/"] {
        assert!(help_box(&site.page(url)).is_empty(), "{url} has the box");
    }
    // The file is not a page of its own: no output, no link to it.
    assert!(!site.public().join("help-box").exists());
    let home_links = main_links(&site.page("/"));
    assert!(
        !home_links.iter().any(|l| l.contains("help")),
        "{home_links:?}"
    );
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("help-box"), "{sitemap}");
}

#[test]
fn the_numbers_follow_the_clinics_country_unless_set() {
    let gb = "clinic:\n  name: C\n  country: GB\n";
    let cases = [
        ("en", gb.to_string(), "999", Some("111")),
        ("en", gb.replace("GB", "us"), "911", None),
        ("en", gb.replace("GB", "FR"), "112", None),
        ("en", "clinic:\n  name: C\n".to_string(), "112", None),
        // No country: the region of the language.
        ("en-US", String::new(), "911", None),
        ("en-GB", String::new(), "999", Some("111")),
        (
            "en",
            format!("{gb}emergency_number: \"000\"\nurgent_number: \"13 11 26\"\n"),
            "000",
            Some("13 11 26"),
        ),
    ];
    for (language, extra, emergency, urgent) in cases {
        let site = site_with_box("");
        let yaml =
            format!("title: T\nbase_url: https://example.org/\nlanguage: {language}\n{extra}");
        site.write("site.yaml", &yaml);
        site.build_ok();
        let page = site.page("/aftercare/");
        let call = text(&page, ".help-box__part--immediate .help-box__call");
        assert!(
            call.starts_with(&format!("Call {emergency} now")),
            "{yaml}: {call}"
        );
        // "A&E" is what the emergency department is called in the UK only.
        let in_the_uk = extra.contains("country: GB") || language == "en-GB";
        assert_eq!(call.contains("(A&E)"), in_the_uk, "{yaml}: {call}");
        let call = text(&page, ".help-box__part--urgent .help-box__call");
        let closed = match urgent {
            Some(n) => format!("If the clinic is closed, call {n}."),
            None => "If the clinic is closed, call your doctor.".to_string(),
        };
        assert!(call.ends_with(&closed), "{yaml}: {call}");
    }
}

#[test]
fn a_page_asking_for_the_box_on_a_site_without_one_is_an_error() {
    let site = Fixture::new(&[(
        "content/aftercare.md",
        "---\ntitle: Aftercare\nhelp_box: true\n---\n\nText.\n",
    )]);
    let hint_of_the_one_error = || {
        let message = "this page shows the help box, but the site has no help box file";
        let errors = site.build_errors();
        let e = assert_one_error(&errors, "content/aftercare.md", 3, 11, message);
        e.hint.unwrap_or_default()
    };
    assert!(hint_of_the_one_error().contains("kind: help"));

    // A draft help box file counts only in a build with drafts.
    site.write(
        "content/help-box.md",
        HELP.replace("kind: help", "kind: help\ndraft: true"),
    );
    assert!(hint_of_the_one_error().contains("is a draft"));
    let mut options = site.options();
    options.drafts = true;
    clinicsite::build(&options).expect("a build with drafts shows the draft box");
}

#[test]
fn bad_keys_and_values_point_at_their_line_and_column() {
    let site = site_with_box("");
    site.write(
        "content/aftercare.md",
        "---\ntitle: Aftercare\nhelp_box: sometimes\n---\n\nText.\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    let d = &errors[0];
    assert_eq!(d.path, "content/aftercare.md");
    assert_eq!(d.position.map(|p| (p.line, p.column)), Some((3, 11)), "{d}");

    site.write(
        "content/aftercare.md",
        "---\ntitle: Aftercare\nhelp_bx: true\n---\n\nText.\n",
    );
    assert_one_error(
        &site.build_errors(),
        "content/aftercare.md",
        3,
        1,
        "unknown front matter key `help_bx`; did you mean `help_box`?",
    );

    let bad = [
        (
            "clinic:\n  name: C\n  country: Britain\n",
            6,
            12,
            "`country` is not a two-letter country code: `Britain`",
        ),
        (
            "emergency_number: nine nine nine\n",
            4,
            19,
            "`emergency_number` is not a telephone number: `nine nine nine`",
        ),
        (
            "urgnt_number: \"111\"\n",
            4,
            1,
            "unknown site.yaml key `urgnt_number`; did you mean `urgent_number`?",
        ),
    ];
    for (yaml, line, column, message) in bad {
        let site = site_with_box(yaml);
        assert_one_error(&site.build_errors(), "site.yaml", line, column, message);
    }
}

#[test]
fn the_help_box_file_is_checked_for_its_two_parts() {
    let site = site_with_box("");
    site.write(
        "content/help-box.md",
        HELP.replace(
            "## Immediate action required: get help now if",
            "## Other signs",
        ),
    );
    let errors = site.build_errors();
    assert_error(
        &errors,
        "content/help-box.md",
        15,
        1,
        "\"Other signs\" is not one of the help box's parts",
    );
    assert_error(
        &errors,
        "content/help-box.md",
        1,
        1,
        "the help box has no `## Immediate action required` part",
    );

    // One help box per site, and it is not a page to link to.
    let site = site_with_box("");
    site.write("content/more-help.md", HELP);
    site.write(
        "content/about.md",
        page("About", "See [help](help-box.md).\n"),
    );
    let errors = site.build_errors();
    assert_error(
        &errors,
        "content/more-help.md",
        1,
        1,
        "the site has more than one help box file",
    );
    assert_error(
        &errors,
        "content/about.md",
        5,
        5,
        "this links to `content/help-box.md`, the help box file, which is not a page of its own",
    );
}

#[test]
fn the_bundled_site_shows_the_box_exactly_where_it_belongs() {
    let (_dir, site) = bundled_site();
    let out = site.join("public");
    let mut options = clinicsite::BuildOptions::new(&site);
    options.cache_dir = None;
    clinicsite::build(&options).expect("the bundled site builds");
    let with_box = [
        "/procedure/aftercare/",
        "/healing/inflammation/",
        "/healing/new-tissue/",
        "/healing/remodelling/",
        "/side-effects/",
        "/when-to-get-help/",
    ];
    let mut shown = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                let rel = path.parent().unwrap().strip_prefix(&out).unwrap();
                let url = format!("/{}/", rel.to_string_lossy()).replace("//", "/");
                if !help_box(&read_page(&out, &url)).is_empty() {
                    shown.push(url);
                }
            }
        }
    }
    shown.sort();
    let mut expected: Vec<String> = with_box.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(shown, expected);
    let page = read_page(&out, "/procedure/aftercare/");
    assert_eq!(
        attr(&page, ".help-box__part--immediate a", "href"),
        "tel:999"
    );
    assert!(text(&page, ".help-box__part--urgent .help-box__call").ends_with("call 111."));
}
