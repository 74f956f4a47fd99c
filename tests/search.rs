//! The search index and page: which pages and words are in the index, drafts
//! and `search: false` left out, accents folded, the A to Z list, and rebuilds
//! into the same folder (the build record) keeping the index right and, when
//! nothing changed, untouched.

mod common;

use common::{Fixture, SITE_YAML, page, select, text_of};
use std::collections::BTreeMap;
use std::path::Path;

/// The index of a built site: term -> [(page URL, weight)].
type Index = BTreeMap<String, Vec<(String, u64)>>;

/// The JSON argument of the `call(...)` that makes up a search script.
fn argument<'a>(text: &'a str, call: &str) -> &'a str {
    let start = text
        .find(call)
        .unwrap_or_else(|| panic!("no {call} in {text}"))
        + call.len();
    text[start..].trim_end().trim_end_matches(");")
}

/// Reads the index written to `out`.
fn read_index(out: &Path) -> Index {
    let dir = out.join("search/data");
    let mut pages = Vec::new();
    let mut shards = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("a search folder") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        if name.starts_with("pages.") {
            let data: serde_json::Value =
                serde_json::from_str(argument(&text, "__clinicsiteSearch.pages(")).unwrap();
            pages = (data.as_array().unwrap().iter())
                .map(|p| p[0].as_str().unwrap().to_string())
                .collect();
        } else if name.starts_with("t.") {
            let args = format!("[{}]", argument(&text, "__clinicsiteSearch.shard("));
            let data: serde_json::Value = serde_json::from_str(&args).unwrap();
            shards.push(data[1].as_object().unwrap().clone());
        }
    }
    let mut index = Index::new();
    for shard in shards {
        for (term, postings) in shard {
            let list = postings.as_array().unwrap();
            let mut page = 0;
            for pair in list.chunks(2) {
                page += pair[0].as_u64().unwrap() as usize;
                let entry = index.entry(term.clone()).or_default();
                entry.push((pages[page].clone(), pair[1].as_u64().unwrap()));
            }
        }
    }
    index
}

/// The weight of `term` on the page at `url`, if the index has it there.
fn weight(index: &Index, term: &str, url: &str) -> Option<u64> {
    index
        .get(term)?
        .iter()
        .find(|(u, _)| u == url)
        .map(|(_, w)| *w)
}

/// Options building `fixture` into its public folder with records in `cache`.
fn options(fixture: &Fixture, cache: &Path) -> clinicsite::BuildOptions {
    let mut options = fixture.options();
    options.cache_dir = Some(cache.to_path_buf());
    options
}

/// Dates every file of the site well in the past, so a build trusts its record of them.
fn settle(site: &Path) {
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_500_000_000);
    for entry in walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_modified(when).unwrap();
        }
    }
}

/// Every file under `search/` with its modification time.
fn search_files(out: &Path) -> BTreeMap<String, std::time::SystemTime> {
    (std::fs::read_dir(out.join("search/data"))
        .unwrap()
        .flatten())
    .map(|e| {
        (
            e.file_name().to_string_lossy().to_string(),
            e.metadata().unwrap().modified().unwrap(),
        )
    })
    .collect()
}

/// A test site with search on (it is off unless site.yaml says `search: true`).
fn searchable(files: &[(&str, &str)]) -> Fixture {
    let yaml = format!("{SITE_YAML}search: true\n");
    let mut all = vec![("site.yaml", yaml.as_str())];
    all.extend(files.iter().filter(|(path, _)| *path != "site.yaml"));
    Fixture::new(&all)
}

#[test]
fn titles_and_headings_weigh_more_than_running_text() {
    let fixture = searchable(&[(
        "content/acne-scars.md",
        &page(
            "Acne scars",
            "Scars can fade.\n\n## Laser treatment\n\nA needle treatment.\n",
        ),
    )]);
    fixture.build_ok();
    let index = read_index(&fixture.public());
    let url = "/acne-scars/";
    let (title, heading, body) = (
        weight(&index, "acne", url).expect("a title word"),
        weight(&index, "laser", url).expect("a heading word"),
        weight(&index, "needle", url).expect("a body word"),
    );
    assert!(
        title > heading && heading > body,
        "{title} {heading} {body}"
    );
    assert!(
        weight(&index, "scars", url).unwrap() > title,
        "title and body together"
    );
    assert!(
        !index.contains_key("the") && !index.contains_key("a"),
        "stop words and single letters"
    );
    assert_eq!(
        weight(&index, "welcome", "/"),
        Some(1),
        "the home page is listed too"
    );
}

#[test]
fn drafts_are_not_in_the_index_or_the_list() {
    let fixture = searchable(&[
        (
            "content/draft.md",
            "---\ntitle: Secret draft\ndraft: true\n---\n\nQuokka.\n",
        ),
        ("content/live.md", &page("Live page", "Wombat.\n")),
    ]);
    fixture.build_ok();
    let index = read_index(&fixture.public());
    assert!(index.contains_key("wombat"));
    assert!(
        !index.contains_key("quokka") && !index.contains_key("secret"),
        "{index:?}"
    );
    let search = fixture.page("/search/");
    let listed: Vec<String> = select(&search, "#search-az a[href='/draft/']")
        .iter()
        .map(|a| text_of(*a))
        .collect();
    assert!(listed.is_empty());
}

#[test]
fn search_false_writes_no_index_no_page_and_no_link() {
    let yaml = format!("{SITE_YAML}search: false\n");
    let fixture = Fixture::new(&[
        ("site.yaml", &yaml),
        ("content/a.md", &page("A page", "Text.\n")),
    ]);
    fixture.build_ok();
    assert!(!fixture.public().join("search").exists());
    let home = fixture.page("/");
    assert!(select(&home, "header a[href='/search/']").is_empty());
    let on = searchable(&[("content/a.md", &page("A page", "Text.\n"))]);
    on.build_ok();
    assert_eq!(select(&on.page("/"), "header a[href='/search/']").len(), 1);
    // Off unless the site asks: a big site pays for the index on every build.
    let default = Fixture::new(&[("content/a.md", &page("A page", "Text.\n"))]);
    default.build_ok();
    assert!(!default.public().join("search").exists());
    assert!(select(&default.page("/"), "header a[href='/search/']").is_empty());
}

#[test]
fn a_search_setting_that_is_not_true_or_false_is_an_error() {
    let yaml = format!("{SITE_YAML}search: maybe\n");
    let fixture = Fixture::new(&[("site.yaml", &yaml)]);
    let errors = fixture.build_errors();
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().starts_with("site.yaml:4:")),
        "{errors:?}"
    );
}

#[test]
fn accents_are_folded_and_the_language_s_stop_words_left_out() {
    let yaml = format!("{SITE_YAML}search: true\n").replace("language: en", "language: es");
    let fixture = Fixture::new(&[
        ("site.yaml", &yaml),
        (
            "content/cicatrices.md",
            &page("Cicatrices del acné", "Técnica con MICRONEEDLING.\n"),
        ),
    ]);
    fixture.build_ok();
    let index = read_index(&fixture.public());
    let url = "/cicatrices/";
    assert!(weight(&index, "acne", url).is_some(), "{index:?}");
    assert!(weight(&index, "microneedling", url).is_some());
    assert!(weight(&index, "tecnica", url).is_some(), "{index:?}");
    assert!(
        !index.contains_key("acné") && !index.contains_key("del") && !index.contains_key("con")
    );
}

#[test]
fn the_a_to_z_list_lists_every_page_once() {
    let fixture = searchable(&[
        ("content/acne.md", &page("Acne", "a\n")),
        ("content/aftercare.md", &page("Aftercare", "b\n")),
        ("content/eczema.md", &page("Éczema", "c\n")),
        ("content/tips.md", &page("10 tips", "d\n")),
        ("content/guide/_index.md", &page("Guide", "e\n")),
        ("content/guide/step.md", &page("Zinc", "f\n")),
    ]);
    fixture.build_ok();
    let search = fixture.page("/search/");
    assert_eq!(text_of(select(&search, "main h1")[0]), "Search");
    assert_eq!(select(&search, "label[for='search-query']").len(), 1);
    let letters: Vec<String> = select(&search, "#search-az h3")
        .iter()
        .map(|h| text_of(*h))
        .collect();
    assert_eq!(letters, ["A", "E", "G", "H", "Z", "0–9"]);
    let mut links: Vec<String> = (select(&search, "#search-az .search-az__pages a").iter())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let total = links.len();
    links.sort();
    links.dedup();
    assert_eq!(total, links.len(), "a page listed twice");
    assert_eq!(
        links,
        [
            "/",
            "/acne/",
            "/aftercare/",
            "/eczema/",
            "/guide/",
            "/guide/step/",
            "/tips/"
        ]
    );
}

#[test]
fn rebuilds_into_the_same_folder_keep_the_index_right_and_untouched_when_nothing_changed() {
    let fixture = searchable(&[
        ("content/a.md", &page("Alpha", "Wombat.\n")),
        ("content/b.md", &page("Beta", "Numbat.\n")),
    ]);
    let cache = tempfile::tempdir().unwrap();
    settle(fixture.path());
    clinicsite::build(&options(&fixture, cache.path())).unwrap();

    // Unchanged: every page reused, no search file written, the index not made
    // again (its record and the side file of terms are left alone).
    let records = |cache: &Path| -> BTreeMap<String, std::time::SystemTime> {
        (walkdir::WalkDir::new(cache).into_iter().flatten())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().display().to_string(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect()
    };
    let before = search_files(&fixture.public());
    let recorded = records(cache.path());
    let again = clinicsite::build(&options(&fixture, cache.path())).unwrap();
    assert_eq!(again.write.written, 0);
    assert_eq!(
        search_files(&fixture.public()),
        before,
        "an unchanged rebuild wrote a search file"
    );
    assert_eq!(
        records(cache.path()),
        recorded,
        "an unchanged rebuild made the index again"
    );

    // An edit: its new word is found; the other page is reused from the record,
    // its terms from the record's side file: its file is not read again (here its
    // bytes are swapped under the same size and time, which a read would notice).
    fixture.write("content/a.md", page("Alpha", "Wombat and quokka.\n"));
    fixture.write("content/b.md", page("Beta", "Bilbyx.\n"));
    settle(fixture.path());
    let edited = clinicsite::build(&options(&fixture, cache.path())).unwrap();
    assert!(
        edited.reused >= 2,
        "the other pages came from the record: {}",
        edited.reused
    );
    assert_eq!(edited.files_read, 1, "only the edited page was read");
    let index = read_index(&fixture.public());
    assert!(weight(&index, "quokka", "/a/").is_some(), "{index:?}");
    assert!(weight(&index, "numbat", "/b/").is_some(), "{index:?}");
    assert!(weight(&index, "beta", "/b/").is_some());
    fixture.write("content/b.md", page("Beta", "Numbat.\n"));

    // Without the side file, the pages are rendered again for their terms.
    let terms: Vec<_> = walkdir::WalkDir::new(cache.path())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "terms"))
        .collect();
    assert_eq!(terms.len(), 1, "one side file");
    std::fs::remove_file(terms[0].path()).unwrap();
    fixture.write("content/a.md", page("Alpha", "Wombat and echidna.\n"));
    settle(fixture.path());
    clinicsite::build(&options(&fixture, cache.path())).unwrap();
    let index = read_index(&fixture.public());
    assert!(weight(&index, "echidna", "/a/").is_some());
    assert!(!index.contains_key("quokka"), "the old word is gone");
    assert!(weight(&index, "numbat", "/b/").is_some(), "{index:?}");
}

#[test]
fn serve_shows_an_edited_page_s_new_words_in_search() {
    let fixture = searchable(&[
        ("content/a.md", &page("Alpha", "Wombat.\n")),
        ("content/b.md", &page("Beta", "Numbat.\n")),
    ]);
    let mut engine = clinicsite::pipeline::Engine::new(fixture.options());
    let search_text = |files: &clinicsite::pipeline::SiteFiles| -> (String, usize) {
        let mut text = String::new();
        let mut indexes = 0;
        for (path, served) in files {
            if path.starts_with("search/data/t.") {
                text.push_str(&String::from_utf8_lossy(&served.bytes().unwrap()));
            }
            indexes += usize::from(
                path.starts_with("search/data/index.") || path.as_ref() == "search/index.html",
            );
        }
        (text, indexes)
    };
    let (files, _) = engine.build(&[]).unwrap();
    assert!(!search_text(&files).0.contains("\"quokka\""));
    let path = fixture.path().join("content/a.md");
    fixture.write("content/a.md", page("Alpha", "Wombat and quokka.\n"));
    let (files, summary) = engine.build(std::slice::from_ref(&path)).unwrap();
    assert_eq!(summary.bodies_rendered, 1, "{summary:?}");
    let (text, indexes) = search_text(&files);
    assert!(text.contains("\"quokka\":"), "{text}");
    assert!(text.contains("\"numbat\":"), "{text}");
    // index.html and the index file, each once: the old ones are gone.
    assert_eq!(indexes, 2);
}
