//! An incremental rebuild must give exactly the files a full build gives, after
//! any sequence of edits, and redo only what an edit touches.

mod common;

use clinicsite::incremental::{BuildSummary, IncrementalBuild, SiteFiles};
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
                    clinicsite::output::Contents::Bytes(b) => b.clone(),
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
    build: IncrementalBuild,
    drafts: bool,
}

impl Harness {
    fn new(site: &Path, drafts: bool) -> Self {
        let mut options = BuildOptions::new(site);
        options.drafts = drafts;
        Harness {
            site: site.to_path_buf(),
            build: IncrementalBuild::new(options),
            drafts,
        }
    }

    /// Rebuilds after `changed` and checks the result equals a full build.
    fn check(&mut self, changed: &[&str], what: &str) -> Option<BuildSummary> {
        let paths: Vec<PathBuf> = changed.iter().map(|p| self.site.join(p)).collect();
        let inc = self.build.build(&paths);
        let expected = full(&self.site, self.drafts);
        match (inc, expected) {
            (Ok((map, summary)), Ok(expected)) => {
                common::assert_same_files(&expected, &files(&map), what);
                Some(summary)
            }
            (Err(d), Err(expected)) => {
                let got: Vec<String> = d.iter().map(|d| d.to_string()).collect();
                assert_eq!(got, expected, "{what}: diagnostics differ");
                None
            }
            (Ok(_), Err(e)) => panic!("{what}: incremental succeeded, full failed: {e:?}"),
            (Err(d), Ok(_)) => panic!("{what}: incremental failed, full succeeded: {d:?}"),
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
    let first = h.check(&[], "first build").unwrap();
    assert!(first.full && first.pages > 20);
    let page = "content/conditions/acne-scars.md";
    edit(&site, page, |t| {
        t.replace("Acne scars are common.", "Acne scars are very common.")
    });
    let s = h.check(&[page], "body edit").unwrap();
    assert_eq!(
        (s.files_read, s.bodies_rendered, s.pages_rendered),
        (1, 1, 1),
        "{s:?}"
    );
    // Saving without changes reads the file but renders nothing.
    let s = h.check(&[page], "same text").unwrap();
    assert_eq!(
        (s.files_read, s.bodies_rendered, s.pages_rendered),
        (1, 0, 0)
    );
    // No event, no work.
    let s = h.check(&[], "nothing").unwrap();
    assert_eq!(
        (s.files_read, s.bodies_rendered, s.pages_rendered),
        (0, 0, 0)
    );
}

#[test]
fn a_help_box_edit_redoes_the_pages_that_show_it() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    let help = "content/help-box.md";
    edit(&site, help, |t| {
        t.replace("- blisters, or a rash that itches or spreads\n", "")
    });
    let s = h.check(&[help], "help box edit").unwrap();
    // Aftercare, the three healing phases, side effects, when to get help.
    assert_eq!((s.files_read, s.pages_rendered), (1, 6), "{s:?}");
    let page = "content/about.md";
    edit(&site, page, |t| {
        t.replacen("reviewed_by:", "help_box: true\nreviewed_by:", 1)
    });
    let s = h.check(&[page], "a page shows the box").unwrap();
    assert_eq!(s.pages_rendered, 1, "{s:?}");
}

#[test]
fn placeholders_written_while_serving_are_found() {
    let site = common::Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\nlast_reviewed: 2026-01-05\nsources:\n  - title: Skin care\n---\n\nText.\n",
    )]);
    let mut h = Harness::new(site.path(), false);
    h.check(&[], "first build").expect("the site builds");
    let page = "content/a.md";
    let edits = [
        // Sources show only on their page: the quick route must see these too.
        ("title: Skin care", "title: Replace with a source"),
        ("last_reviewed: 2026-01-05", "last_reviewed: 2999-01-05"),
        ("Text.", "Text.\n\n## Results\n"),
    ];
    for (from, to) in edits {
        edit(site.path(), page, |t| t.replace(from, to));
        assert!(h.check(&[page], to).is_none(), "{to}: the build fails");
        edit(site.path(), page, |t| t.replace(to, from));
        h.check(&[page], from).expect("fixed again");
    }
}

#[test]
fn title_and_order_edits_redo_listing_and_neighbours() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    let page = "content/procedure/on-the-day.md";
    edit(&site, page, |t| {
        t.replacen("title: On the day", "title: On the day itself", 1)
    });
    let s = h.check(&[page], "title edit").unwrap();
    // The page, its section listing, and the steps before and after it.
    assert!(s.pages_rendered >= 3 && s.pages_rendered < s.pages, "{s:?}");
    edit(&site, page, |t| t.replacen("weight: 20", "weight: 99", 1));
    h.check(&[page], "reorder");
    // A top-level section's title is in every page's navigation.
    let section = "content/conditions/_index.md";
    edit(&site, section, |t| {
        t.replacen(
            "title: Conditions microneedling may help",
            "title: Conditions",
            1,
        )
    });
    let s = h.check(&[section], "nav title").unwrap();
    assert_eq!(s.pages_rendered, s.pages, "{s:?}");
}

#[test]
fn broken_yaml_then_fixed() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    let page = "content/side-effects.md";
    let good = std::fs::read_to_string(site.join(page)).unwrap();
    edit(&site, page, |t| {
        t.replacen("title:", "title: \"unclosed", 1)
    });
    assert!(h.check(&[page], "broken yaml").is_none());
    edit(&site, page, |t| t.replacen("title", "titel", 1));
    assert!(h.check(&[page], "unknown key").is_none());
    std::fs::write(site.join(page), &good).unwrap();
    h.check(&[page], "fixed");
    // A page that links to a page that is gone, then back.
    let linked = "content/procedure/before-your-appointment.md";
    let text = std::fs::read_to_string(site.join(linked)).unwrap();
    std::fs::remove_file(site.join(linked)).unwrap();
    assert!(h.check(&[linked], "linked page removed").is_none());
    std::fs::write(site.join(linked), &text).unwrap();
    h.check(&[linked], "linked page back");
}

#[test]
fn pages_added_removed_and_drafts() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    let new = "content/conditions/melasma.md";
    std::fs::write(
        site.join(new),
        "---\ntitle: Melasma\nweight: 5\n---\n\n## What it is\n\nDark patches. See [acne scars](acne-scars.md#what-it-is).\n",
    )
    .unwrap();
    h.check(&[new], "page added");
    edit(&site, new, |t| {
        t.replace("weight: 5", "weight: 5\ndraft: true")
    });
    h.check(&[new], "page made a draft");
    std::fs::remove_file(site.join(new)).unwrap();
    h.check(&[new], "page removed");
    // An editor's swap file is not content.
    std::fs::write(site.join("content/.side-effects.md.swp"), "junk").unwrap();
    let s = h
        .check(&["content/.side-effects.md.swp"], "swap file")
        .unwrap();
    assert_eq!((s.files_read, s.pages_rendered), (0, 0));
    let mut with_drafts = Harness::new(&site, true);
    with_drafts.check(&[], "with drafts");
}

#[test]
fn anchors_images_and_static_files() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    let page = "content/about.md";
    edit(&site, page, |t| {
        format!(
            "{t}\n\nSee [what it is](conditions/acne-scars.md#what-it-is-now).\n\n![A photo](photo.svg)\n"
        )
    });
    assert!(h.check(&[page], "missing anchor and image").is_none());
    std::fs::write(
        site.join("content/photo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"20\"></svg>",
    )
    .unwrap();
    assert!(h.check(&["content/photo.svg"], "image added").is_none());
    let target = "content/conditions/acne-scars.md";
    edit(&site, target, |t| {
        t.replace("## What it is\n", "## What it is now\n")
    });
    h.check(&[target], "anchor now exists");
    std::fs::write(
        site.join("content/photo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"20\"></svg>",
    )
    .unwrap();
    h.check(&["content/photo.svg"], "image resized");
    std::fs::create_dir_all(site.join("static/css")).unwrap();
    std::fs::write(site.join("static/css/site.css"), "body { color: black }").unwrap();
    let s = h.check(&["static/css/site.css"], "css override").unwrap();
    assert_eq!((s.bodies_rendered, s.pages_rendered), (0, 0));
    std::fs::create_dir_all(site.join("static/images")).unwrap();
    std::fs::write(
        site.join("static/images/x.svg"),
        "<svg viewBox=\"0 0 4 3\"></svg>",
    )
    .unwrap();
    edit(&site, page, |t| format!("{t}\n![Another](/images/x.svg)\n"));
    h.check(&["static/images/x.svg", page], "static image");
}

#[test]
fn templates_and_settings() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    let first = h.check(&[], "first build").unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    let condition = "templates/condition.html";
    std::fs::write(
        site.join(condition),
        "{% extends \"page.html\" %}{% block intro %}<p class=\"x\">Condition</p>{% endblock intro %}",
    )
    .unwrap();
    let s = h.check(&[condition], "condition template").unwrap();
    assert!(s.pages_rendered > 0 && s.pages_rendered < 12, "{s:?}");
    assert_eq!(s.bodies_rendered, 0);
    let footer = "templates/partials/footer.html";
    std::fs::create_dir_all(site.join("templates/partials")).unwrap();
    std::fs::write(site.join(footer), "<footer>Our footer</footer>").unwrap();
    let s = h.check(&[footer], "footer template").unwrap();
    assert_eq!(s.pages_rendered, first.pages);
    std::fs::write(
        site.join(condition),
        "{% extends \"page.html\" %}{% block intro %}{{ oops( }}{% endblock intro %}",
    )
    .unwrap();
    assert!(h.check(&[condition], "broken template").is_none());
    std::fs::remove_file(site.join(condition)).unwrap();
    h.check(&[condition], "template removed");
    edit(&site, "site.yaml", |t| {
        t.replace("Example Skin Clinic", "Example Clinic")
    });
    h.check(&["site.yaml"], "settings edit");
    edit(&site, "site.yaml", |t| {
        t.replace(
            "base_url: \"https://example.org/\"",
            "base_url: \"https://example.org/clinic/\"",
        )
    });
    h.check(&["site.yaml"], "base path");
    edit(&site, "site.yaml", |t| {
        t.replace("language: en-GB", "langage: en-GB")
    });
    assert!(
        h.check(&["site.yaml", "content/about.md"], "broken settings")
            .is_none()
    );
    edit(&site, "content/about.md", |t| {
        t.replace("---\n\n", "---\n\nEdited while settings were broken.\n\n")
    });
    edit(&site, "site.yaml", |t| {
        t.replace("langage: en-GB", "language: en-GB")
    });
    h.check(&["site.yaml"], "settings fixed");
}

/// A bounded random walk of edits (seeded, so failures repeat). A longer run:
/// `CLINICSITE_FUZZ_SEED=7 CLINICSITE_FUZZ_STEPS=2000 cargo test --test incremental random`.
#[test]
fn random_edits_match_full_builds() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    let mut walk = common::EditWalk::new(&site, 0x5eed_1234);
    for step in 0..common::EditWalk::steps(40) {
        let (rel, what) = walk.step(step);
        h.check(&[rel.as_str()], &what);
    }
}

#[test]
fn faq_questionnaire_and_steps() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    // An FAQ answer (its JSON-LD and grouped list come from the body).
    let faq = "content/faq.md";
    edit(&site, faq, |t| {
        t.replacen(
            "## Can I have it if I have darker skin?",
            "## Can I have it with darker skin?",
            1,
        )
    });
    let s = h.check(&[faq], "faq question").unwrap();
    assert_eq!((s.bodies_rendered, s.pages_rendered), (1, 1), "{s:?}");
    // The questionnaire's own files change with it.
    let q = "content/suitability.md";
    edit(&site, q, |t| {
        t.replacen(
            "From your answers, microneedling should not be done",
            "From your answers, microneedling must not be done",
            1,
        )
    });
    h.check(&[q], "questionnaire text");
    // A step's stage is read by its section's structured data.
    let step = "content/procedure/aftercare.md";
    edit(&site, step, |t| {
        t.replacen("stage: after", "stage: during", 1)
    });
    let s = h.check(&[step], "step stage").unwrap();
    assert!(
        s.pages_rendered >= 2,
        "the section's JSON-LD changes too: {s:?}"
    );
    // A key for another kind of page is an error from the link stage.
    let page = "content/about.md";
    edit(&site, page, |t| {
        t.replacen("---\n", "---\nalso_called: [\"x\"]\n", 1)
    });
    assert!(h.check(&[page], "condition key on a plain page").is_none());
    edit(&site, page, |t| t.replacen("also_called: [\"x\"]\n", "", 1));
    h.check(&[page], "key removed");
}

#[test]
fn two_sources_of_one_file() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site, false);
    h.check(&[], "first build");
    let page = "content/about.md";
    std::fs::write(
        site.join("content/photo.svg"),
        "<svg width=\"4\" height=\"3\"></svg>",
    )
    .unwrap();
    edit(&site, page, |t| format!("{t}\n![A photo](photo.svg)\n"));
    h.check(&[page, "content/photo.svg"], "asset");
    // A static file at the asset's output path: both are named.
    std::fs::create_dir_all(site.join("static/about")).unwrap();
    std::fs::write(
        site.join("static/about/photo.svg"),
        "<svg width=\"4\" height=\"3\"></svg>",
    )
    .unwrap();
    assert!(h.check(&["static/about/photo.svg"], "collision").is_none());
    std::fs::remove_file(site.join("static/about/photo.svg")).unwrap();
    h.check(&["static/about/photo.svg"], "collision gone");
    // A body edit that adds an asset colliding with the questionnaire's CSS.
    std::fs::create_dir_all(site.join("static/suitability")).unwrap();
    std::fs::write(site.join("static/suitability/questionnaire.css"), "p{}").unwrap();
    assert!(
        h.check(
            &["static/suitability/questionnaire.css"],
            "questionnaire collision"
        )
        .is_none()
    );
    std::fs::remove_file(site.join("static/suitability/questionnaire.css")).unwrap();
    h.check(
        &["static/suitability/questionnaire.css"],
        "questionnaire collision gone",
    );
    edit(&site, page, |t| format!("{t}\nMore text.\n"));
    h.check(&[page], "body edit after");
}
