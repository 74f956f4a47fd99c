//! What a successful build writes: URLs, heading ids, rewritten links, images,
//! site files, and the rules for writing (unchanged files, stale files, determinism).

mod common;

use clinicsite::BuildOptions;
use common::*;

// ---------- URLs ----------

#[test]
fn content_paths_become_folder_urls() {
    let site = Fixture::new(&[
        ("content/a/_index.md", &page("Section A", "Text.\n")),
        ("content/a/b.md", &page("Page B", "Text.\n")),
        ("content/c.md", &page("Page C", "Text.\n")),
    ]);
    let report = site.build_ok();
    assert_eq!(report.pages, 5, "four pages and 404.html");
    for (url, title) in [
        ("/", "Home"),
        ("/a/", "Section A"),
        ("/a/b/", "Page B"),
        ("/c/", "Page C"),
    ] {
        let html = site.page(url);
        assert_eq!(select_one(&html, "h1").text().collect::<String>(), title);
    }
    assert!(!site.public().join("a/b.html").exists());
    assert!(!site.public().join("a/_index").exists());
}

#[test]
fn a_section_lists_its_pages_and_the_home_page_links_sections_in_the_nav() {
    let site = Fixture::new(&[
        (
            "content/a/_index.md",
            "---\ntitle: Section A\nweight: 1\n---\n",
        ),
        (
            "content/a/second.md",
            "---\ntitle: Second\nweight: 2\n---\n",
        ),
        ("content/a/first.md", "---\ntitle: First\nweight: 1\n---\n"),
        ("content/z.md", "---\ntitle: Zed\nweight: 2\n---\n"),
    ]);
    site.build_ok();
    let section = site.page("/a/");
    let listed: Vec<String> = select(&section, "main .card a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect();
    assert_eq!(listed, ["/a/first/", "/a/second/"]);
    let nav: Vec<String> = select(&site.page("/"), "nav.site-nav a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect();
    assert_eq!(nav, ["/a/", "/z/"]);
}

#[test]
fn a_file_with_a_bom_and_crlf_line_endings_builds() {
    let site = Fixture::new(&[]);
    let text = "\u{feff}---\r\ntitle: Aftercare\r\nweight: 3\r\n---\r\n\r\n## First day\r\n\r\nKeep it clean.\r\n\r\n## Results\r\n\r\nIt heals.\r\n";
    site.write("content/aftercare.md", text);
    site.build_ok();
    let html = site.page("/aftercare/");
    assert_eq!(
        select_one(&html, "h1").text().collect::<String>(),
        "Aftercare"
    );
    assert_eq!(heading_ids(&html), ["first-day", "results"]);
    let body = select_one(&html, ".prose").inner_html();
    assert!(!body.contains('\r') && !body.contains('\u{feff}'));
}

// ---------- heading ids ----------

#[test]
fn duplicate_headings_are_numbered_like_github() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "## Results\n\nText.\n\n## Results\n\nText.\n\n### Results\n\nText.\n\n## Does it hurt?\n\nText.\n",
        ),
    )]);
    site.build_ok();
    let html = site.page("/a/");
    assert_eq!(
        heading_ids(&html),
        ["results", "results-1", "results-2", "does-it-hurt"]
    );
}

#[test]
fn explicit_ids_are_kept_and_reserved_first() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "## Results\n\nText.\n\n## What we found {#results}\n\nText.\n\n## Custom {#My_Id}\n\nText.\n",
        ),
    )]);
    site.build_ok();
    let html = site.page("/a/");
    assert_eq!(heading_ids(&html), ["results-1", "results", "My_Id"]);
    // The `{#id}` is not part of the heading's text.
    let texts: Vec<String> = select(&html, ".prose h2")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(texts, ["Results", "What we found", "Custom"]);
}

#[test]
fn headings_in_any_script_keep_their_letters_and_emoji_become_section() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "## 治疗 后\n\nText.\n\n## ما هو الوخز\n\nText.\n\n## Über uns\n\nText.\n\n## 🎉\n\nText.\n",
        ),
    )]);
    site.build_ok();
    let html = site.page("/a/");
    assert_eq!(
        heading_ids(&html),
        ["治疗-后", "ما-هو-الوخز", "über-uns", "section"]
    );
}

#[test]
fn combining_marks_stay_in_heading_ids_like_github() {
    // GitHub keeps every mark (Unicode category M) in an id: a decomposed "é"
    // (e + U+0301), Hindi's vowel signs and virama (U+094D), Thai's tone mark
    // (U+0E48) and vowel sign (U+0E47).
    let cafe = "cafe\u{301}-au-lait";
    let hindi = "\u{939}\u{93f}\u{928}\u{94d}\u{926}\u{940}-\u{92e}\u{947}\u{902}"; // हिन्दी-में
    let thai = "\u{e44}\u{e21}\u{e48}\u{e40}\u{e08}\u{e47}\u{e1a}"; // ไม่เจ็บ
    let headings = format!(
        "## Cafe\u{301} au lait\n\n## {}\n\n## {thai}\n",
        hindi.replace('-', " ")
    );
    let links = format!("[1](a.md#{cafe}) [2](a.md#{hindi}) [3](a.md#{thai})\n");
    let site = Fixture::new(&[
        ("content/a.md", &page("A", &headings)),
        ("content/b.md", &page("B", &links)),
    ]);
    // The links resolve: a link to a missing heading would fail the build.
    site.build_ok();
    assert_eq!(heading_ids(&site.page("/a/")), [cafe, hindi, thai]);
    assert_eq!(main_links(&site.page("/b/")).len(), 3);
}

#[test]
fn an_empty_id_becomes_section_numbered_like_any_duplicate() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "## 🎉\n\nText.\n\n## 🙂\n\nText.\n\n## Section\n\nText.\n",
        ),
    )]);
    site.build_ok();
    assert_eq!(
        heading_ids(&site.page("/a/")),
        ["section", "section-1", "section-2"]
    );
}

#[test]
fn headings_never_repeat_an_id_of_the_layout() {
    // Every fixed id in the theme's templates, written as a heading's text.
    let mut layout_ids = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        let files: Vec<_> = if path.is_dir() {
            std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect()
        } else {
            vec![path]
        };
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for part in text.split(" id=\"").skip(1) {
                let id = part.split('"').next().unwrap_or("");
                if !id.is_empty() && !id.contains("{{") {
                    layout_ids.push(id.to_string());
                }
            }
        }
    }
    assert!(layout_ids.contains(&"main".to_string()));
    let body: String = layout_ids
        .iter()
        .map(|id| format!("## {id}\n\nText.\n\n"))
        .collect();
    let site = Fixture::new(&[
        ("content/a.md", &page("A", &body)),
        (
            "content/contact.md",
            &format!("---\ntitle: Contact\ntemplate: contact.html\n---\n\n{body}"),
        ),
        (
            "content/s/_index.md",
            &format!("---\ntitle: S\npage_kind: step\n---\n\n{body}"),
        ),
        ("content/s/one.md", &page("One", "Text.\n")),
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguage: en\nclinic:\n  name: C\n",
        ),
    ]);
    site.build_ok();
    for url in ["/a/", "/contact/", "/s/", "/"] {
        let html = site.page(url);
        let mut ids: Vec<&str> = select(&html, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "{url} repeats an id: {ids:?}");
    }
    assert!(heading_ids(&site.page("/a/")).contains(&"main-1".to_string()));
}

#[test]
fn the_table_of_contents_uses_the_heading_ids() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "## One\n\n### Detail\n\nText.\n\n## Two\n\nText.\n\n## Two\n\nText.\n",
        ),
    )]);
    site.build_ok();
    let html = site.page("/a/");
    let toc: Vec<String> = select(&html, "nav.toc a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect();
    assert_eq!(toc, ["#one", "#two", "#two-1"]);
    assert_eq!(heading_ids(&html), ["one", "detail", "two", "two-1"]);
}

// ---------- links ----------

#[test]
fn links_to_source_files_become_page_urls() {
    let site = Fixture::new(&[
        (
            "content/conditions/acne.md",
            &page(
                "Acne",
                "[a](../procedure/aftercare.md#first-day) [b](../procedure/) [c](../procedure/_index.md) [d](../procedure) [e](../_index.md) [f](#why) [g](https://www.nhs.uk/) [h](mailto:a@example.org)\n\n## Why\n\nBecause.\n",
            ),
        ),
        ("content/procedure/_index.md", &page("Procedure", "Text.\n")),
        (
            "content/procedure/aftercare.md",
            &page("Aftercare", "## First day\n\nRest.\n"),
        ),
    ]);
    site.build_ok();
    let html = site.page("/conditions/acne/");
    let prose: Vec<String> = select(&html, ".prose a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect();
    assert_eq!(
        prose,
        [
            "/procedure/aftercare/#first-day",
            "/procedure/",
            "/procedure/",
            "/procedure/",
            "/",
            "#why",
            "https://www.nhs.uk/",
            "mailto:a@example.org",
        ]
    );
}

#[test]
fn a_base_url_with_a_path_prefixes_every_internal_url() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/clinic/\nlanguage: en\n",
        ),
        (
            "content/_index.md",
            &page("Home", "[Aftercare](procedure/aftercare.md#first-day)\n"),
        ),
        ("content/procedure/_index.md", &page("Procedure", "Text.\n")),
        (
            "content/procedure/aftercare.md",
            &page(
                "Aftercare",
                "## First day\n\n![A clean face](face.png)\n\n![Logo](/images/logo.png)\n\n[Home](../_index.md)\n",
            ),
        ),
    ]);
    site.write("content/procedure/face.png", png(3, 2));
    site.write("static/images/logo.png", png(1, 1));
    site.build_ok();
    for url in ["/", "/procedure/", "/procedure/aftercare/", "404.html"] {
        let html = site.page(url);
        let mut checked = 0;
        for (el, name) in select(&html, "[href]")
            .iter()
            .map(|e| (e, "href"))
            .chain(select(&html, "[src]").iter().map(|e| (e, "src")))
        {
            let value = el.value().attr(name).unwrap_or("");
            if value.starts_with('/') {
                assert!(
                    value.starts_with("/clinic/"),
                    "{url}: {name}=\"{value}\" lacks the base path"
                );
                checked += 1;
            }
        }
        // CSS, favicon, home link and nav at least.
        assert!(checked >= 4, "{url}: only {checked} internal URLs");
        let css = format!("/clinic/{}", published_name(site.path(), "css/site.css"));
        assert!(
            select(&html, "link[rel=stylesheet]")
                .iter()
                .any(|l| l.value().attr("href") == Some(css.as_str())),
            "{url}: no stylesheet link to {css}"
        );
    }
    let home = site.page("/");
    assert!(main_links(&home).contains(&"/clinic/procedure/aftercare/#first-day".to_string()));
    let nav: Vec<&str> = select(&home, "nav.site-nav a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(nav, ["/clinic/procedure/"]);
    let page = site.page("/procedure/aftercare/");
    let srcs: Vec<&str> = select(&page, ".prose img")
        .iter()
        .filter_map(|i| i.value().attr("src"))
        .collect();
    assert_eq!(
        srcs,
        [
            "/clinic/procedure/aftercare/face.png",
            "/clinic/images/logo.png"
        ]
    );
    // Files are still written at the root of the output folder.
    assert!(site.public().join("procedure/aftercare/face.png").is_file());
    assert!(site.public().join("images/logo.png").is_file());
    let robots = std::fs::read_to_string(site.public().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/clinic/sitemap.xml"));
}

// ---------- images ----------

#[test]
fn page_images_are_copied_next_to_the_page_with_their_size() {
    let photo = png(7, 5);
    let site = Fixture::new(&[(
        "content/conditions/acne.md",
        &page(
            "Acne",
            "![Sunken scars on a cheek](photo.png)\n\n![A chart](img/chart.png \"Results after 3 sessions\")\n",
        ),
    )]);
    site.write("content/conditions/photo.png", &photo);
    site.write("content/conditions/img/chart.png", png(12, 4));
    site.build_ok();
    let out = site.public().join("conditions/acne/photo.png");
    assert_eq!(std::fs::read(&out).unwrap(), photo, "copied byte-for-byte");
    assert!(
        site.public()
            .join("conditions/acne/img/chart.png")
            .is_file()
    );
    let html = site.page("/conditions/acne/");
    let images = select(&html, ".prose img");
    assert_eq!(images.len(), 2);
    let first = images[0].value();
    assert_eq!(first.attr("src"), Some("/conditions/acne/photo.png"));
    assert_eq!(first.attr("alt"), Some("Sunken scars on a cheek"));
    assert_eq!(first.attr("width"), Some("7"));
    assert_eq!(first.attr("height"), Some("5"));
    let second = images[1].value();
    assert_eq!(second.attr("src"), Some("/conditions/acne/img/chart.png"));
    assert_eq!(
        (second.attr("width"), second.attr("height")),
        (Some("12"), Some("4"))
    );
    assert_eq!(second.attr("title"), Some("Results after 3 sessions"));
}

#[test]
fn links_to_files_next_to_a_page_copy_the_file() {
    let site = Fixture::new(&[
        (
            "content/procedure/aftercare.md",
            &page(
                "Aftercare",
                "[Leaflet (PDF)](aftercare-leaflet.pdf) and [map](/files/map.pdf)\n",
            ),
        ),
        ("static/files/map.pdf", "%PDF map"),
    ]);
    site.write(
        "content/procedure/aftercare-leaflet.pdf",
        b"%PDF-1.4 leaflet",
    );
    site.build_ok();
    assert_eq!(
        main_links(&site.page("/procedure/aftercare/"))[..2],
        [
            "/procedure/aftercare/aftercare-leaflet.pdf",
            "/files/map.pdf"
        ]
    );
    assert_eq!(
        std::fs::read(
            site.public()
                .join("procedure/aftercare/aftercare-leaflet.pdf")
        )
        .unwrap(),
        b"%PDF-1.4 leaflet"
    );
}

#[test]
fn decorative_images_get_an_empty_alt() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page("A", "![](swirl.png \"decorative\")\n"),
    )]);
    site.write("content/swirl.png", png(2, 2));
    site.build_ok();
    let html = site.page("/a/");
    let img = select_one(&html, ".prose img");
    assert_eq!(img.value().attr("alt"), Some(""));
    assert_eq!(img.value().attr("title"), None);
}

#[test]
fn static_files_are_copied_and_theme_files_are_there() {
    let site = Fixture::new(&[("content/a.md", &page("A", "![Logo](/images/logo.png)\n"))]);
    let logo = png(4, 4);
    site.write("static/images/logo.png", &logo);
    site.build_ok();
    assert_eq!(
        std::fs::read(site.public().join("images/logo.png")).unwrap(),
        logo
    );
    let css = published_name(site.path(), "css/site.css");
    assert!(css.starts_with("css/site.") && css.len() == "css/site.12345678.css".len());
    assert!(site.public().join(css).is_file());
    assert!(!site.public().join("css/site.css").exists());
    let img = select_one(&site.page("/a/"), ".prose img").value().clone();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("4"), Some("4"))
    );
}

// ---------- markdown ----------

#[test]
fn markdown_extensions_are_on() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "| Day | Skin |\n|---|---|\n| 1 | red |\n\n~~old~~ text[^1] \"quoted\"\n\n- [x] done\n- [ ] to do\n\n[^1]: A note.\n",
        ),
    )]);
    site.build_ok();
    let html = site.page("/a/");
    assert_eq!(select(&html, ".prose table td").len(), 2);
    assert_eq!(select(&html, ".prose del").len(), 1);
    assert_eq!(select(&html, ".prose .footnotes li").len(), 1);
    assert_eq!(
        select(&html, ".prose input[type=checkbox][disabled]").len(),
        2
    );
    let text: String = select_one(&html, ".prose").text().collect();
    assert!(
        text.contains("\u{201c}quoted\u{201d}"),
        "smart quotes: {text}"
    );
}

#[test]
fn raw_html_is_sanitised() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "<p onclick=\"steal()\">Hi</p>\n\n<script>alert(1)</script>\n\n<iframe src=\"https://example.com\"></iframe>\n",
        ),
    )]);
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(
        report.warnings[0].message,
        "raw HTML on this page was sanitised: scripts, frames, styles and event handlers were removed"
    );
    let html = site.page("/a/");
    assert!(select(&html, "[onclick]").is_empty());
    assert!(select(&html, "iframe").is_empty());
    assert!(select(&html, "main script").is_empty());
}

// ---------- site files ----------

#[test]
fn sitemap_robots_and_404_are_written() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\nlast_reviewed: 2026-11-01\n---\n",
        ),
        ("content/b.md", "---\ntitle: B\ndraft: true\n---\n"),
    ]);
    site.build_ok();
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert_eq!(locs, ["https://example.org/", "https://example.org/a/"]);
    assert!(sitemap.contains("<loc>https://example.org/a/</loc><lastmod>2026-11-01</lastmod>"));
    let robots = std::fs::read_to_string(site.public().join("robots.txt")).unwrap();
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.org/sitemap.xml")
    );
    let not_found = site.page("404.html");
    assert_eq!(select(&not_found, "h1").len(), 1);
    assert_eq!(select(&not_found, "main#main").len(), 1);
}

// ---------- writing ----------

#[test]
fn a_second_build_with_nothing_changed_writes_nothing() {
    let site = Fixture::new(&[("content/a.md", &page("A", "![x](p.png)\n"))]);
    site.write("content/p.png", png(1, 1));
    let first = site.build_ok();
    assert!(first.write.written > 0);
    let before = snapshot(&site.public());
    let second = site.build_ok();
    assert_eq!(second.write.written, 0);
    assert_eq!(second.write.removed, 0);
    assert_eq!(second.write.unchanged, first.write.written);
    assert_eq!(
        snapshot(&site.public()),
        before,
        "bytes and mtimes unchanged"
    );
}

#[test]
fn stale_pages_are_removed_but_the_users_own_files_are_kept() {
    let site = Fixture::new(&[
        ("content/a.md", &page("A", "Text.\n")),
        ("content/old/page.md", &page("Old", "Text.\n")),
    ]);
    site.build_ok();
    assert!(site.public().join("old/page/index.html").is_file());
    site.write("public/google1234.html", "verification");
    site.write("public/old/keep.txt", "mine");
    std::fs::remove_file(site.path().join("content/old/page.md")).unwrap();
    let before = files_in(&site.public());
    let report = site.build_ok();
    // The page, and the search index's files that listed it.
    let gone = removed_besides_search(&before, &files_in(&site.public()), report.write.removed);
    assert_eq!(gone, ["old/page/index.html"]);
    assert!(!site.public().join("old/page").exists());
    assert_eq!(
        std::fs::read_to_string(site.public().join("google1234.html")).unwrap(),
        "verification"
    );
    assert_eq!(
        std::fs::read_to_string(site.public().join("old/keep.txt")).unwrap(),
        "mine"
    );
    assert!(site.public().join("a/index.html").is_file());
}

#[test]
fn output_is_byte_identical_across_builds_into_different_folders() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\nlast_reviewed: 2026-01-05\nsources:\n  - title: NHS\n    url: https://www.nhs.uk/\n---\n\n## One\n\n![x](p.png)\n",
        ),
        ("content/b/_index.md", &page("B", "Text.\n")),
        ("content/b/c.md", &page("C", "[A](../a.md#one)\n")),
    ]);
    site.write("content/p.png", png(3, 3));
    let out = tempfile::tempdir().unwrap();
    let (one, two) = (out.path().join("one"), out.path().join("two"));
    for dir in [&one, &two] {
        clinicsite::build(&BuildOptions {
            out_dir: dir.clone(),
            ..site.options()
        })
        .expect("builds");
    }
    let first = files_in(&one);
    assert!(first.len() > 8);
    assert_eq!(first, files_in(&two));
}

// ---------- builds into a new or empty folder ----------

/// The files in `before` but not in `after` (`removed` of them, as the build
/// reported), but for the search index's, which change with the pages.
fn removed_besides_search(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
    removed: usize,
) -> Vec<String> {
    let gone: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    assert_eq!(gone.len(), removed, "{gone:?}");
    (gone.into_iter())
        .filter(|p| !p.starts_with("search/"))
        .cloned()
        .collect()
}

/// The names in `dir`, hidden ones too, sorted.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_into_a_new_or_empty_folder_writes_what_a_build_over_old_output_does() {
    let (_tmp, site) = bundled_site();
    let out = tempfile::tempdir().unwrap();
    let build = |dir: &str| {
        clinicsite::build(&BuildOptions {
            out_dir: out.path().join(dir),
            cache_dir: None,
            ..BuildOptions::new(&site)
        })
        .expect("builds")
    };
    // Old output: a build with one page more, then without it (no record, so every
    // page is rendered again and compared with the file there).
    let extra = site.join("content/extra-page.md");
    std::fs::write(&extra, page("Extra", "Text.\n")).unwrap();
    build("used");
    std::fs::remove_file(&extra).unwrap();
    let before = files_in(&out.path().join("used"));
    let over_old = build("used");
    let after = files_in(&out.path().join("used"));
    let gone = removed_besides_search(&before, &after, over_old.write.removed);
    assert_eq!(gone, ["extra-page/index.html"], "the extra page goes");
    std::fs::create_dir(out.path().join("empty")).unwrap();
    let into_new = build("new");
    let into_empty = build("empty");

    let expected = files_in(&out.path().join("used"));
    assert!(expected.contains_key("suitability/index.html"));
    assert!(expected.contains_key("suitability/questionnaire.css"));
    assert!(!expected.contains_key("extra-page/index.html"));
    for dir in ["new", "empty"] {
        assert_same_files(&expected, &files_in(&out.path().join(dir)), dir);
    }
    // Every file but the manifest counts as written, and nothing is left beside them.
    for report in [into_new, into_empty] {
        assert_eq!(report.write.written, expected.len() - 1);
        assert_eq!((report.write.unchanged, report.write.removed), (0, 0));
        assert_eq!(report.pages, over_old.pages);
    }
    assert_eq!(entries(out.path()), ["empty", "new", "used"]);
}

/// A custom template that fails only while a page is rendered.
const FAILING_TEMPLATE: &str =
    "{% extends \"base.html\" %}{% block main %}{{ page.nope.deeper }}{% endblock %}";

#[test]
fn a_failed_build_into_a_new_or_empty_folder_leaves_it_as_it_was() {
    let broken_link = [("content/a.md", "---\ntitle: A\n---\n\n[x](missing.md)\n")];
    let failing_template = [
        (
            "content/a.md",
            "---\ntitle: A\ntemplate: custom.html\n---\n\nText.\n",
        ),
        ("templates/custom.html", FAILING_TEMPLATE),
    ];
    for (what, files) in [
        ("a broken link", &broken_link[..]),
        ("a template failing", &failing_template[..]),
    ] {
        let site = Fixture::new(files);
        let before = entries(site.path());
        assert!(!site.build_errors().is_empty(), "{what}");
        assert_eq!(
            entries(site.path()),
            before,
            "{what}: no output, no staging folder"
        );
        std::fs::create_dir(site.public()).unwrap();
        assert!(!site.build_errors().is_empty(), "{what}");
        assert!(entries(&site.public()).is_empty(), "{what}: still empty");
    }
}

#[test]
fn a_build_into_a_new_folder_reports_the_errors_any_build_does() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\ntemplate: custom.html\n---\n\nText.\n",
        ),
        ("templates/custom.html", FAILING_TEMPLATE),
        ("content/b.md", "---\ntitle: B\n---\n\n[x](missing.md)\n"),
    ]);
    let errors_into = |used: bool| {
        let _ = std::fs::remove_dir_all(site.public());
        if used {
            std::fs::create_dir(site.public()).unwrap();
            std::fs::write(site.public().join("old.txt"), "from before").unwrap();
        }
        render(&site.build_errors())
    };
    // The content's errors come first; a template's show once the content has none.
    let (into_new, into_used) = (errors_into(false), errors_into(true));
    assert_eq!(into_new, into_used);
    assert!(into_new.contains("content/b.md:5:1"), "{into_new}");
    assert!(!into_new.contains("custom.html"), "{into_new}");
    site.write("content/b.md", page("B", "Text.\n"));
    let (into_new, into_used) = (errors_into(false), errors_into(true));
    assert_eq!(into_new, into_used);
    assert!(
        into_new.contains("the template templates/custom.html failed"),
        "{into_new}"
    );
}

#[test]
fn the_output_folder_may_not_be_the_site_or_its_content() {
    let site = Fixture::new(&[]);
    for out in [site.path().to_path_buf(), site.path().join("content/x")] {
        let errors = build_errors(&BuildOptions {
            out_dir: out,
            ..site.options()
        });
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .message
                .contains("the output folder would overwrite the site's own files")
        );
    }
}
