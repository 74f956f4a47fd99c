//! The clinic's identity from site.yaml: its logo in every header and its brand
//! colour, from which the theme's colours are derived into a same-origin stylesheet.

mod common;

use common::*;

const LOGO_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 40\"><rect width=\"160\" height=\"40\" fill=\"#7a2e5c\"/></svg>";

fn site_yaml(extra: &str) -> String {
    format!(
        "title: Test clinic\nbase_url: https://example.org/\nlanguage: en\nclinic:\n  name: Plum Skin Clinic\n{extra}"
    )
}

#[test]
fn a_brand_colour_is_written_to_brand_css_and_linked_from_every_page() {
    let site = Fixture::new(&[
        ("site.yaml", &site_yaml("brand_colour: \"#7A2E5C\"\n")),
        ("content/about.md", &page("About", "Text.")),
    ]);
    site.build_ok();
    let css = std::fs::read_to_string(site.public().join("css/brand.css")).expect("brand.css");
    assert!(css.contains("--accent: #7a2e5c;"), "{css}");
    assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
    for url in ["/", "/about/", "/404.html"] {
        let html = site.page(url);
        let sheets: Vec<String> = select(&html, "link[rel=stylesheet]")
            .iter()
            .map(|l| l.value().attr("href").unwrap_or("").to_string())
            .collect();
        assert_eq!(
            sheets.last().map(String::as_str),
            Some("/css/brand.css"),
            "{url}: brand.css comes last, over the theme's colours: {sheets:?}"
        );
        assert_eq!(
            attr(&html, "link[href='/css/brand.css']", "media"),
            "screen",
            "{url}: print keeps black on white"
        );
        assert!(select(&html, "[style], style").is_empty(), "{url}");
        let light = attr(
            &html,
            "meta[name=theme-color][media='(prefers-color-scheme: light)']",
            "content",
        );
        assert_eq!(light, "#7a2e5c", "{url}");
    }
}

#[test]
fn without_a_brand_colour_there_is_no_brand_css() {
    let site = Fixture::new(&[]);
    site.build_ok();
    assert!(!site.public().join("css/brand.css").exists());
    let html = site.page("/");
    assert!(select(&html, "link[href$='brand.css']").is_empty());
    let light = attr(
        &html,
        "meta[name=theme-color][media='(prefers-color-scheme: light)']",
        "content",
    );
    assert_eq!(light, "#1d6b69", "the theme's own teal");
}

#[test]
fn the_theme_uses_no_nhs_colours() {
    // NHS blue, dark text, focus yellow and the dark header of NHS.UK frontend.
    for file in [
        "static/css/site.css",
        "static/css/components.css",
        "templates/base.html",
    ] {
        let text = std::fs::read_to_string(repo_root().join(file))
            .unwrap()
            .to_lowercase();
        for nhs in [
            "#005eb8", "#212b32", "#ffeb3b", "#0c3257", "#330072", "#768692",
        ] {
            assert!(!text.contains(nhs), "{file} uses the NHS colour {nhs}");
        }
    }
}

#[test]
fn the_logo_is_in_every_header_with_its_size_and_the_clinic_name() {
    let site = Fixture::new(&[
        ("site.yaml", &site_yaml("logo: images/logo.svg\n")),
        ("static/images/logo.svg", LOGO_SVG),
        ("content/about.md", &page("About", "Text.")),
    ]);
    site.build_ok();
    assert!(site.public().join("images/logo.svg").is_file());
    for url in ["/", "/about/", "/404.html"] {
        let html = site.page(url);
        let img = select_one(&html, "header a.site-brand img");
        assert_eq!(img.value().attr("src"), Some("/images/logo.svg"), "{url}");
        assert_eq!(img.value().attr("width"), Some("160"), "{url}");
        assert_eq!(img.value().attr("height"), Some("40"), "{url}");
        assert_eq!(img.value().attr("alt"), Some("Plum Skin Clinic"), "{url}");
    }
}

#[test]
fn the_logo_path_follows_the_base_path_and_alt_falls_back_to_the_title() {
    let site = Fixture::new(&[(
        "site.yaml",
        "title: Test clinic\nbase_url: https://example.org/clinic/\nlanguage: en\nlogo: logo.png\n",
    )]);
    site.write("static/logo.png", png(120, 30));
    site.build_ok();
    let html = site.page("/");
    let img = select_one(&html, "header img");
    assert_eq!(img.value().attr("src"), Some("/clinic/logo.png"));
    assert_eq!(img.value().attr("width"), Some("120"));
    assert_eq!(img.value().attr("alt"), Some("Test clinic"));
}

#[test]
fn a_brand_colour_without_aa_contrast_on_white_is_refused() {
    let site = Fixture::new(&[("site.yaml", &site_yaml("brand_colour: \"#f5d000\"\n"))]);
    let errors = site.build_errors();
    let error = assert_one_error(
        &errors,
        "site.yaml",
        6,
        15,
        "`brand_colour` #f5d000 has contrast 1.5:1 against white; links and buttons need at least 4.5:1",
    );
    let hint = error.hint.expect("a hint");
    assert!(
        hint.starts_with("choose a darker colour: #") && hint.contains(" is the same hue at 4."),
        "{hint}"
    );
    // The suggested colour is accepted.
    let suggested = &hint["choose a darker colour: ".len()..][..7];
    site.write(
        "site.yaml",
        site_yaml(&format!("brand_colour: \"{suggested}\"\n")),
    );
    site.build_ok();
}

#[test]
fn brand_colour_and_logo_mistakes_are_reported_together_with_exit_code_1() {
    let site = Fixture::new(&[(
        "site.yaml",
        &site_yaml("logo: images/logo.svg\nbrand_colour: #2a6f6b\n"),
    )]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.error_lines(),
        [
            "site.yaml:6:7: error: `logo` `images/logo.svg` is not in the static folder",
            "site.yaml:7:13: error: `brand_colour` has no value",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: put the image at static/images/logo.svg")
    );
    assert!(
        run.stderr
            .contains("without quotes, YAML reads # as the start of a comment")
    );
}

#[test]
fn a_misspelt_brand_colour_key_gets_a_suggestion() {
    let site = Fixture::new(&[("site.yaml", &site_yaml("brand_color: \"#2a6f6b\"\n"))]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "site.yaml",
        6,
        1,
        "unknown site.yaml key `brand_color`; did you mean `brand_colour`?",
    );
}

#[test]
fn a_logo_that_is_not_an_image_or_has_no_size_is_refused() {
    let site = Fixture::new(&[
        ("site.yaml", &site_yaml("logo: images/logo.svg\n")),
        (
            "static/images/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
        ),
    ]);
    assert_one_error(
        &site.build_errors(),
        "site.yaml",
        6,
        7,
        "cannot read the width and height of `logo` static/images/logo.svg",
    );
    site.write("site.yaml", site_yaml("logo: logo.gif\n"));
    assert_one_error(
        &site.build_errors(),
        "site.yaml",
        6,
        7,
        "`logo` `logo.gif` is not an SVG, PNG, JPEG or WebP image",
    );
}
