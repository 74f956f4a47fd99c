//! An incremental rebuild must give exactly the files a full build gives, after
//! any sequence of edits, and redo only what an edit touches.

mod common;

use clinicsite::pipeline::{BuildSummary, Engine, SiteFiles};
use clinicsite::{BuildError, BuildOptions, render_site};
use common::bundled_site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Files = BTreeMap<String, Vec<u8>>;

fn full(site: &Path, drafts: bool) -> Result<Files, Vec<String>> {
    let mut options = BuildOptions::new(site);
    options.drafts = drafts;
    match render_site(&options) {
        Ok(r) => Ok(r
            .files
            .iter()
            .map(|f| {
                let bytes = match &f.contents {
                    clinicsite::output::Contents::Bytes(b) => b.to_vec(),
                    clinicsite::output::Contents::Copy(s) => s.bytes().unwrap().into_owned(),
                    clinicsite::output::Contents::Kept => panic!("render_site reuses no file"),
                };
                (f.path.clone(), bytes)
            })
            .collect()),
        Err(BuildError::Site(d)) => Err(d.iter().map(|d| d.to_string()).collect()),
        Err(e) => panic!("{e}"),
    }
}

fn files(map: &SiteFiles) -> Files {
    map.iter()
        .map(|(k, v)| (k.to_string(), v.bytes().unwrap().into_owned()))
        .collect()
}

struct Harness {
    site: PathBuf,
    build: Engine,
    drafts: bool,
}

impl Harness {
    fn new(site: &Path, drafts: bool) -> Self {
        let mut options = BuildOptions::new(site);
        options.drafts = drafts;
        Harness {
            site: site.to_path_buf(),
            build: Engine::new(options),
            drafts,
        }
    }

    /// Rebuilds after `changed` and compares with a full build of the same site:
    /// both build the same files, or both fail with the same diagnostics.
    fn check(&mut self, changed: &[&str], what: &str) -> Result<BuildSummary, Vec<String>> {
        let paths: Vec<PathBuf> = changed.iter().map(|p| self.site.join(p)).collect();
        let inc = self.build.build(&paths);
        let expected = full(&self.site, self.drafts);
        match (inc, expected) {
            (Ok((map, summary)), Ok(expected)) => {
                common::assert_same_files(&expected, &files(&map), what);
                Ok(summary)
            }
            (Err(d), Err(expected)) => {
                let got: Vec<String> = d.iter().map(|d| d.to_string()).collect();
                assert_eq!(got, expected, "{what}: diagnostics differ");
                Err(got)
            }
            (Ok(_), Err(e)) => panic!("{what}: incremental succeeded, full failed: {e:?}"),
            (Err(d), Ok(_)) => panic!("{what}: incremental failed, full succeeded: {d:?}"),
        }
    }

    /// [`Harness::check`], where the site must build.
    fn ok(&mut self, changed: &[&str], what: &str) -> BuildSummary {
        self.check(changed, what)
            .unwrap_or_else(|e| panic!("{what}: the build failed:\n{}", e.join("\n")))
    }

    /// [`Harness::check`], where the build must fail; returns its diagnostics.
    fn fails(&mut self, changed: &[&str], what: &str) -> Vec<String> {
        match self.check(changed, what) {
            Ok(_) => panic!("{what}: the build succeeded"),
            Err(diagnostics) => diagnostics,
        }
    }
}

fn edit(site: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let new = f(text);
    std::fs::write(&path, new).unwrap();
}

#[test]
fn body_edit_redoes_one_page() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    let first = h.ok(&[], "first build");
    assert!(first.full && first.pages > 20);
    let page = "content/conditions/acne-scars.md";
    edit(&site, page, |t| {
        t.replace("Acne scars are common.", "Acne scars are very common.")
    });
    let s = h.ok(&[page], "body edit");
    // The page, and the search page (the index holds the page's words).
    assert_eq!(
        (s.files_read, s.bodies_rendered, s.pages_rendered),
        (1, 1, 2),
        "{s:?}"
    );
    // Saving without changes reads the file but renders nothing.
    let s = h.ok(&[page], "same text");
    assert_eq!(
        (s.files_read, s.bodies_rendered, s.pages_rendered),
        (1, 0, 0)
    );
    // No event, no work.
    let s = h.ok(&[], "nothing");
    assert_eq!(
        (s.files_read, s.bodies_rendered, s.pages_rendered),
        (0, 0, 0)
    );
}

#[test]
fn a_help_box_edit_redoes_the_pages_that_show_it() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let help = "content/help-box.md";
    edit(&site, help, |t| {
        t.replace("- blisters, or a rash that itches or spreads\n", "")
    });
    let s = h.ok(&[help], "help box edit");
    // Aftercare, the three healing phases, side effects, when to get help.
    assert_eq!((s.files_read, s.pages_rendered), (1, 6), "{s:?}");
    let page = "content/about.md";
    edit(&site, page, |t| {
        t.replacen("reviewed_by:", "help_box: true\nreviewed_by:", 1)
    });
    let s = h.check(&[page], "a page shows the box").unwrap();
    // The page, and the search page (its file changed, so its words may have).
    assert_eq!(s.pages_rendered, 2, "{s:?}");
}

#[test]
fn placeholders_written_while_serving_are_found() {
    let site = common::Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\nlast_reviewed: 2026-01-05\nsources:\n  - title: Skin care\n---\n\nText.\n",
    )]);
    let mut h = Harness::new(site.path(), false);
    h.ok(&[], "first build");
    let page = "content/a.md";
    let edits = [
        // Sources show only on their page: the quick route must see these too.
        ("title: Skin care", "title: Replace with a source"),
        ("last_reviewed: 2026-01-05", "last_reviewed: 2999-01-05"),
        ("Text.", "Text.\n\nMore to come ...\n"),
    ];
    for (from, to) in edits {
        edit(site.path(), page, |t| t.replace(from, to));
        h.fails(&[page], to);
        edit(site.path(), page, |t| t.replace(to, from));
        h.ok(&[page], from);
    }
}

#[test]
fn title_and_order_edits_redo_listing_and_neighbours() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let page = "content/procedure/on-the-day.md";
    edit(&site, page, |t| {
        t.replacen("title: On the day", "title: On the day itself", 1)
    });
    let s = h.ok(&[page], "title edit");
    // The page, its section listing, and the steps before and after it.
    assert!(s.pages_rendered >= 3 && s.pages_rendered < s.pages, "{s:?}");
    edit(&site, page, |t| t.replacen("weight: 20", "weight: 99", 1));
    h.ok(&[page], "reorder");
    // A top-level section's title is in every page's navigation.
    let section = "content/conditions/_index.md";
    edit(&site, section, |t| {
        t.replacen(
            "title: Conditions microneedling may help",
            "title: Conditions",
            1,
        )
    });
    let s = h.ok(&[section], "nav title");
    assert_eq!(s.pages_rendered, s.pages, "{s:?}");
}

#[test]
fn broken_yaml_then_fixed() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let page = "content/side-effects.md";
    let good = std::fs::read_to_string(site.join(page)).unwrap();
    edit(&site, page, |t| {
        t.replacen("title:", "title: \"unclosed", 1)
    });
    h.fails(&[page], "broken yaml");
    edit(&site, page, |t| t.replacen("title", "titel", 1));
    h.fails(&[page], "unknown key");
    std::fs::write(site.join(page), &good).unwrap();
    h.ok(&[page], "fixed");
    // A page that links to a page that is gone, then back.
    let linked = "content/procedure/before-your-appointment.md";
    let text = std::fs::read_to_string(site.join(linked)).unwrap();
    std::fs::remove_file(site.join(linked)).unwrap();
    h.fails(&[linked], "linked page removed");
    std::fs::write(site.join(linked), &text).unwrap();
    h.ok(&[linked], "linked page back");
}

#[test]
fn pages_added_removed_and_drafts() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let new = "content/conditions/melasma.md";
    std::fs::write(
        site.join(new),
        "---\ntitle: Melasma\nweight: 5\n---\n\n## What it is\n\nDark patches. See [acne scars](acne-scars.md#what-it-is).\n",
    )
    .unwrap();
    h.ok(&[new], "page added");
    edit(&site, new, |t| {
        t.replace("weight: 5", "weight: 5\ndraft: true")
    });
    h.ok(&[new], "page made a draft");
    std::fs::remove_file(site.join(new)).unwrap();
    h.ok(&[new], "page removed");
    // An editor's swap file is not content.
    std::fs::write(site.join("content/.side-effects.md.swp"), "junk").unwrap();
    let s = h.ok(&["content/.side-effects.md.swp"], "swap file");
    assert_eq!((s.files_read, s.pages_rendered), (0, 0));
    let mut with_drafts = Harness::new(&site, true);
    with_drafts.ok(&[], "with drafts");
}

/// A run in place checks other pages' links again only when a page's headings
/// change: renaming a heading another page links to must still be caught, and a
/// page's own new link too.
#[test]
fn headings_renamed_and_anchors_mistyped_are_caught_in_place() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let page = "content/about.md";
    edit(&site, page, |t| {
        format!("{t}\n\nSee [what it is](conditions/acne-scars.md#what-it-is).\n")
    });
    h.ok(&[page], "a link to a heading");
    let target = "content/conditions/acne-scars.md";
    edit(&site, target, |t| {
        t.replace("## What it is\n", "## What it was\n")
    });
    let errors = h.fails(&[target], "the heading linked to is renamed");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/about.md:")
                && e.contains("`#what-it-is` is not a heading")),
        "{errors:?}"
    );
    edit(&site, target, |t| {
        t.replace("## What it was\n", "## What it is\n")
    });
    h.ok(&[target], "the heading back");
    // Only a body changed since: the run stays in place.
    edit(&site, target, |t| {
        t.replace("Acne scars are common.", "Acne scars are very common.")
    });
    let s = h.ok(&[target], "a body edit");
    assert_eq!(s.bodies_rendered, 1);
    edit(&site, target, |t| {
        t.replace("## What it is\n", "## What it was\n")
    });
    let errors = h.fails(&[target], "the heading renamed, in place");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`#what-it-is` is not a heading")),
        "{errors:?}"
    );
    edit(&site, target, |t| {
        t.replace("## What it was\n", "## What it is\n")
    });
    h.ok(&[target], "the heading back again");
    h.ok(&[target], "nothing changed");
    edit(&site, page, |t| t.replace("#what-it-is)", "#what-it-isnt)"));
    let errors = h.fails(&[page], "the page's own link mistyped, in place");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`#what-it-isnt` is not a heading")),
        "{errors:?}"
    );
}

#[test]
fn anchors_images_and_static_files() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let page = "content/about.md";
    edit(&site, page, |t| {
        format!(
            "{t}\n\nSee [what it is](conditions/acne-scars.md#what-it-is-now).\n\n![A photo](photo.svg)\n"
        )
    });
    h.fails(&[page], "missing anchor and image");
    std::fs::write(
        site.join("content/photo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"20\"></svg>",
    )
    .unwrap();
    h.fails(&["content/photo.svg"], "image added");
    let target = "content/conditions/acne-scars.md";
    edit(&site, target, |t| {
        t.replace("## What it is\n", "## What it is now\n")
    });
    h.ok(&[target], "anchor now exists");
    std::fs::write(
        site.join("content/photo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"20\"></svg>",
    )
    .unwrap();
    h.ok(&["content/photo.svg"], "image resized");
    std::fs::create_dir_all(site.join("static/css")).unwrap();
    std::fs::write(site.join("static/css/site.css"), "body { color: black }").unwrap();
    let s = h.ok(&["static/css/site.css"], "css override");
    // Pages link the stylesheet by its content-hashed name: no body changes, every page does.
    assert_eq!(s.bodies_rendered, 0);
    std::fs::create_dir_all(site.join("static/images")).unwrap();
    std::fs::write(
        site.join("static/images/x.svg"),
        "<svg viewBox=\"0 0 4 3\"></svg>",
    )
    .unwrap();
    edit(&site, page, |t| format!("{t}\n![Another](/images/x.svg)\n"));
    h.ok(&["static/images/x.svg", page], "static image");
}

#[test]
fn templates_and_settings() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    let first = h.ok(&[], "first build");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    let condition = "templates/condition.html";
    std::fs::write(
        site.join(condition),
        "{% extends \"page.html\" %}{% block intro %}<p class=\"x\">Condition</p>{% endblock intro %}",
    )
    .unwrap();
    let s = h.ok(&[condition], "condition template");
    assert!(s.pages_rendered > 0 && s.pages_rendered < 12, "{s:?}");
    assert_eq!(s.bodies_rendered, 0);
    let footer = "templates/partials/footer.html";
    std::fs::create_dir_all(site.join("templates/partials")).unwrap();
    std::fs::write(site.join(footer), "<footer>Our footer</footer>").unwrap();
    let s = h.ok(&[footer], "footer template");
    assert_eq!(s.pages_rendered, first.pages);
    std::fs::write(
        site.join(condition),
        "{% extends \"page.html\" %}{% block intro %}{{ oops( }}{% endblock intro %}",
    )
    .unwrap();
    h.fails(&[condition], "broken template");
    std::fs::remove_file(site.join(condition)).unwrap();
    h.ok(&[condition], "template removed");
    edit(&site, "site.yaml", |t| {
        t.replace("Example Skin Clinic", "Example Clinic")
    });
    h.ok(&["site.yaml"], "settings edit");
    edit(&site, "site.yaml", |t| {
        t.replace(
            "base_url: \"https://example.org/\"",
            "base_url: \"https://example.org/clinic/\"",
        )
    });
    h.ok(&["site.yaml"], "base path");
    edit(&site, "site.yaml", |t| {
        t.replace("language: en-GB", "langage: en-GB")
    });
    h.fails(&["site.yaml", "content/about.md"], "broken settings");
    edit(&site, "content/about.md", |t| {
        t.replace("---\n\n", "---\n\nEdited while settings were broken.\n\n")
    });
    edit(&site, "site.yaml", |t| {
        t.replace("langage: en-GB", "language: en-GB")
    });
    h.ok(&["site.yaml"], "settings fixed");
}

/// A bounded random walk of edits (seeded, so failures repeat); the walk undoes
/// its mistakes, so most steps build and compare every output file. A longer run:
/// `CLINICSITE_FUZZ_SEED=7 CLINICSITE_FUZZ_STEPS=2000 cargo test --test incremental random -- --nocapture`.
#[test]
fn random_edits_match_full_builds() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let mut walk = common::walk::EditWalk::new(&site, 0x5eed_1234);
    for step in 0..common::walk::EditWalk::steps(40) {
        let edit = walk.step(step);
        let result = h.check(&[edit.path.as_str()], &edit.what);
        walk.record(&edit, &result);
    }
    let undone = walk.undo_all();
    let undone: Vec<&str> = undone.iter().map(String::as_str).collect();
    h.ok(&undone, "the walk's mistakes undone");
    walk.assert_built_at_least("incremental walk", 80);
}

#[test]
fn faq_questionnaire_and_steps() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    // An FAQ answer (its JSON-LD and grouped list come from the body).
    let faq = "content/faq.md";
    edit(&site, faq, |t| {
        t.replacen(
            "## Can I have it if I have darker skin?",
            "## Can I have it with darker skin?",
            1,
        )
    });
    let s = h.ok(&[faq], "faq question");
    // The FAQ page and the search page.
    assert_eq!((s.bodies_rendered, s.pages_rendered), (1, 2), "{s:?}");
    // The questionnaire's own files change with it.
    let q = "content/suitability.md";
    edit(&site, q, |t| {
        t.replacen(
            "From your answers, microneedling should not be done",
            "From your answers, microneedling must not be done",
            1,
        )
    });
    h.ok(&[q], "questionnaire text");
    // A step's stage is read by its section's structured data.
    let step = "content/procedure/aftercare.md";
    edit(&site, step, |t| {
        t.replacen("stage: after", "stage: during", 1)
    });
    let s = h.ok(&[step], "step stage");
    assert!(
        s.pages_rendered >= 2,
        "the section's JSON-LD changes too: {s:?}"
    );
    // A key for another kind of page is an error from the link stage.
    let page = "content/about.md";
    edit(&site, page, |t| {
        t.replacen("---\n", "---\nalso_called: [\"x\"]\n", 1)
    });
    h.fails(&[page], "condition key on a plain page");
    edit(&site, page, |t| t.replacen("also_called: [\"x\"]\n", "", 1));
    h.ok(&[page], "key removed");
}

#[test]
fn two_sources_of_one_file() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    let page = "content/about.md";
    std::fs::write(
        site.join("content/photo.svg"),
        "<svg width=\"4\" height=\"3\"></svg>",
    )
    .unwrap();
    edit(&site, page, |t| format!("{t}\n![A photo](photo.svg)\n"));
    h.ok(&[page, "content/photo.svg"], "asset");
    // A static file at the asset's output path: both are named.
    std::fs::create_dir_all(site.join("static/about")).unwrap();
    std::fs::write(
        site.join("static/about/photo.svg"),
        "<svg width=\"4\" height=\"3\"></svg>",
    )
    .unwrap();
    h.fails(&["static/about/photo.svg"], "collision");
    std::fs::remove_file(site.join("static/about/photo.svg")).unwrap();
    h.ok(&["static/about/photo.svg"], "collision gone");
    // A static stylesheet where the questionnaire's CSS goes is published under
    // its content-hashed name, so the two never collide.
    std::fs::create_dir_all(site.join("static/suitability")).unwrap();
    std::fs::write(site.join("static/suitability/questionnaire.css"), "p{}").unwrap();
    h.ok(
        &["static/suitability/questionnaire.css"],
        "no questionnaire collision",
    );
    std::fs::remove_file(site.join("static/suitability/questionnaire.css")).unwrap();
    h.ok(
        &["static/suitability/questionnaire.css"],
        "questionnaire collision gone",
    );
    edit(&site, page, |t| format!("{t}\nMore text.\n"));
    h.ok(&[page], "body edit after");
}

/// Serve's engine today drops the `#anchor` of links to a page whose front matter
/// was broken and then fixed: the pages linking to it are not rendered again
/// (`/procedure/` instead of `/procedure/#radiofrequency-...`). The random walk
/// finds it with `CLINICSITE_FUZZ_SEED` 4, 5, 6, 9 or 10.
#[test]
fn links_to_headings_come_back_after_their_page_is_fixed() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.ok(&[], "first build");
    // The FAQ links to `procedure/_index.md#radiofrequency-microneedling-is-different`.
    let section = "content/procedure/_index.md";
    let good = std::fs::read_to_string(site.join(section)).unwrap();
    edit(&site, section, |t| {
        t.replacen("---\n", "---\ntitel: x\n", 1)
    });
    h.fails(&[section], "an unknown key in the linked page");
    std::fs::write(site.join(section), &good).unwrap();
    h.ok(&[section], "the unknown key removed");
}
