//! `build` into a folder it built before reuses the pages whose inputs did not
//! change (the build record): the result must be exactly what a build into an
//! empty folder gives, after any edit, and errors must be the same too.

mod common;

use clinicsite::{BuildError, BuildOptions, BuildReport, build};
use common::{bundled_site, files_in, png, read_page, select};
use std::path::{Path, PathBuf};

/// A site built again and again into one folder, each build compared with a
/// build of the same site into a new, empty folder.
struct Harness {
    site: PathBuf,
    out: PathBuf,
    cache: PathBuf,
    fresh_count: usize,
    drafts: bool,
    /// Seconds past an old date that the next edited file is dated.
    clock: u64,
}

impl Harness {
    fn new(site: &Path) -> Self {
        Harness {
            site: site.to_path_buf(),
            out: site.parent().unwrap().join("public"),
            cache: site.parent().unwrap().join("cache"),
            fresh_count: 0,
            drafts: false,
            clock: 0,
        }
        .settled()
    }

    /// Dates every file of the site in the past. A build trusts the recorded size
    /// and time of a markdown file only when the file is more than a moment older
    /// than the build (see build_record::sources), which a test's files never are.
    fn settled(mut self) -> Self {
        for entry in walkdir::WalkDir::new(&self.site).into_iter().flatten() {
            if entry.file_type().is_file() {
                self.date(entry.path());
            }
        }
        self
    }

    /// Gives the file at `path` a modification time no other file had.
    fn date(&mut self, path: &Path) {
        self.clock += 1;
        let when =
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_500_000_000 + self.clock);
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(when).unwrap();
    }

    fn options(&self, out: &Path) -> BuildOptions {
        let mut options = BuildOptions::new(&self.site);
        options.out_dir = out.to_path_buf();
        options.drafts = self.drafts;
        options.cache_dir = Some(self.cache.clone());
        options
    }

    /// Builds into the kept folder and into a new one; both must agree. Returns
    /// the kept folder's report, or the diagnostics both builds gave.
    fn check(&mut self, what: &str) -> Result<BuildReport, Vec<String>> {
        self.fresh_count += 1;
        let fresh_out = self
            .site
            .parent()
            .unwrap()
            .join(format!("fresh-{}", self.fresh_count));
        let before = files_in(&self.out);
        let again = build(&self.options(&self.out));
        let fresh = build(&self.options(&fresh_out));
        let messages = |e: BuildError| match e {
            BuildError::Site(d) => d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            other => panic!("{what}: {other}"),
        };
        let result = match (again, fresh) {
            (Ok(report), Ok(_)) => {
                common::assert_same_files(&files_in(&fresh_out), &files_in(&self.out), what);
                Ok(report)
            }
            (Err(got), Err(expected)) => {
                let (got, expected) = (messages(got), messages(expected));
                assert_eq!(got, expected, "{what}: diagnostics differ");
                assert_eq!(
                    files_in(&self.out),
                    before,
                    "{what}: a failed build changed the output"
                );
                Err(got)
            }
            (Ok(_), Err(e)) => panic!(
                "{what}: reusing build succeeded, fresh failed: {:?}",
                messages(e)
            ),
            (Err(e), Ok(_)) => panic!(
                "{what}: reusing build failed, fresh succeeded: {:?}",
                messages(e)
            ),
        };
        std::fs::remove_dir_all(&fresh_out).ok();
        result
    }

    fn ok(&mut self, what: &str) -> BuildReport {
        self.check(what)
            .unwrap_or_else(|e| panic!("{what}: build failed: {e:?}"))
    }

    fn edit(&mut self, rel: &str, f: impl FnOnce(String) -> String) {
        let path = self.site.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, f(text)).unwrap();
        self.date(&path);
    }
}

const SCARS: &str = "content/conditions/acne-scars.md";

#[test]
fn nothing_changed_reuses_every_page_and_writes_nothing() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    let first = h.ok("first build");
    assert_eq!(first.reused, 0);
    assert_eq!(first.files_read, 24, "every markdown file");
    let (record, _) = clinicsite::pipeline::record_path(&h.cache, &h.out).unwrap();
    let saved = std::fs::read(&record).unwrap();
    std::fs::write(&record, &saved).unwrap();
    let when = std::fs::metadata(&record).unwrap().modified().unwrap();
    let again = h.ok("nothing changed");
    let after = std::fs::metadata(&record).unwrap().modified().unwrap();
    assert_eq!(
        when, after,
        "a build that changes nothing leaves the record alone"
    );
    assert_eq!(
        again.reused,
        again.pages - 2,
        "every page but the 404 page and the search page"
    );
    // Only the questionnaire page is read again: the record keeps no questionnaire.
    assert_eq!((again.write.written, again.files_read), (0, 1));
}

#[test]
fn a_body_edit_renders_that_page_alone() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    let first = h.ok("first build");
    let before = files_in(&h.out);
    h.edit(SCARS, |t| format!("{t}\nA sentence added by the test.\n"));
    let report = h.ok("body edit");
    assert_eq!(
        report.reused,
        first.pages - 3,
        "all but the edited page, 404 and the search page"
    );
    let after = files_in(&h.out);
    let changed: Vec<&String> = (after.iter())
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .filter(|path| *path != ".clinicsite-manifest")
        .collect();
    let (search, pages): (Vec<&String>, Vec<&String>) =
        changed.iter().partition(|p| p.starts_with("search/"));
    assert_eq!(pages, ["conditions/acne-scars/index.html"]);
    // The search page, the index's page list and the shards of the new words.
    assert!(
        search.contains(&&"search/index.html".to_string()),
        "{search:?}"
    );
    assert_eq!(report.write.written, changed.len());
    let page = read_page(&h.out, "/conditions/acne-scars/");
    assert!(
        select(&page, "main p")
            .iter()
            .any(|p| p.text().collect::<String>() == "A sentence added by the test.")
    );
}

#[test]
fn a_title_edit_renders_the_pages_that_show_it() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    let first = h.ok("first build");
    h.edit(SCARS, |t| t.replacen("title: ", "title: Renamed ", 1));
    let report = h.ok("title edit");
    // The page, its section (which lists it) and its neighbours in the listing are
    // rendered again; the rest of the site is not.
    assert!(
        report.reused > 0 && report.reused < first.pages - 2,
        "{report:?}"
    );
    let section = read_page(&h.out, "/conditions/");
    assert!(
        select(&section, "main a")
            .iter()
            .any(|a| a.text().collect::<String>().starts_with("Renamed "))
    );
}

#[test]
fn a_reused_page_still_has_its_links_to_headings_checked() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    h.edit("content/about.md", |t| {
        format!("{t}\nSee [what acne scars are](conditions/acne-scars.md#what-it-is).\n")
    });
    h.ok("first build");
    // The heading goes; about.md itself is unchanged, so only the record knows its link.
    h.edit(SCARS, |t| {
        t.replacen("## What it is", "## About these scars", 1)
    });
    let errors = h.check("heading removed").unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("content/about.md")
            && e.contains("`#what-it-is` is not a heading on `content/conditions/acne-scars.md`")),
        "{errors:?}"
    );
    h.edit(SCARS, |t| {
        t.replacen("## About these scars", "## What it is", 1)
    });
    h.ok("heading back");
}

#[test]
fn a_rendered_page_links_to_headings_on_reused_pages() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    h.ok("first build");
    // Only about.md changes; acne-scars.md is reused, its heading ids still known.
    h.edit("content/about.md", |t| {
        format!("{t}\nSee [what acne scars are](conditions/acne-scars.md#what-it-is).\n")
    });
    let report = h.ok("link to a reused page's heading");
    assert!(report.reused > 0);
    h.edit("content/about.md", |t| {
        t.replace("#what-it-is)", "#what-it-was)")
    });
    let errors = h.check("link to a missing heading").unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("did you mean `#what-it-is`?")),
        "{errors:?}"
    );
}

#[test]
fn output_files_changed_by_hand_are_written_again() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    h.ok("first build");
    let page = h.out.join("conditions/acne-scars/index.html");
    std::fs::write(&page, "changed by hand").unwrap();
    std::fs::remove_file(h.out.join("faq/index.html")).unwrap();
    let report = h.ok("two outputs touched");
    assert_eq!(report.write.written, 2);
    // A damaged record is no record: everything is rendered, nothing is wrong.
    let (record, _) = clinicsite::pipeline::record_path(&h.cache, &h.out).unwrap();
    assert!(record.is_file(), "the record is in the cache folder");
    std::fs::write(record, b"\x01\x02garbage").unwrap();
    let report = h.ok("damaged record");
    assert_eq!((report.reused, report.write.written), (0, 0));
    // No cache folder: nothing is reused, and nothing is needed to build.
    let mut options = h.options(&h.out);
    options.cache_dir = None;
    let report = build(&options).unwrap();
    assert_eq!((report.reused, report.write.written), (0, 0));
}

#[test]
fn templates_static_files_images_and_settings_are_inputs() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    let image_dir = site.join("content/conditions");
    std::fs::write(image_dir.join("scar.png"), png(4, 3)).unwrap();
    h.edit(SCARS, |t| format!("{t}\n![A scar, close up](scar.png)\n"));
    h.ok("first build");
    std::fs::write(image_dir.join("scar.png"), png(8, 6)).unwrap();
    assert_eq!(h.ok("image changed").reused, h.ok("again").reused - 1);
    let page = read_page(&h.out, "/conditions/acne-scars/");
    let img = select(&page, "main img");
    assert_eq!(img[0].value().attr("width"), Some("8"));

    std::fs::create_dir_all(site.join("templates/partials")).unwrap();
    let footer = clinicsite::theme::TemplateSources::load(&site)
        .unwrap()
        .templates
        .get("partials/footer.html")
        .map(|(t, _)| t.clone())
        .expect("the theme has a footer partial");
    std::fs::write(
        site.join("templates/partials/footer.html"),
        footer.replacen("</footer>", "<p>Template changed.</p></footer>", 1),
    )
    .unwrap();
    assert_eq!(h.ok("template changed").reused, 0);

    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/extra.txt"), "hello").unwrap();
    // No page shows which static files exist: each page stays as it was.
    assert!(h.ok("static file added").reused > 0);

    h.edit("site.yaml", |t| {
        t.replacen("treatment: ", "treatment: Skin ", 1)
    });
    assert_eq!(h.ok("settings changed").reused, 0);
}

#[test]
fn random_edits_match_builds_into_an_empty_folder() {
    let (_dir, site) = bundled_site();
    let mut h = Harness::new(&site);
    h.ok("first build");
    let mut walk = common::walk::EditWalk::new(&site, 0x0bad_5eed);
    for step in 0..common::walk::EditWalk::steps(30) {
        let edit = walk.step(step);
        if site.join(&edit.path).exists() {
            h.date(&site.join(&edit.path));
        }
        let result = h.check(&edit.what);
        walk.record(&edit, &result);
    }
    for path in walk.undo_all() {
        if site.join(&path).exists() {
            h.date(&site.join(&path));
        }
    }
    h.ok("the walk's mistakes undone");
    walk.assert_built_at_least("build record walk", 80);
    // Drafts built, then not: the same pages, both ways.
    h.drafts = true;
    h.ok("with drafts");
    h.drafts = false;
    h.ok("without drafts");
}
