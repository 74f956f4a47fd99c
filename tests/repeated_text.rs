//! Text a patient reads once: the bundled site says nothing twice on one page
//! (a summary that repeats the first paragraph, a phase's time written again in
//! its description, the questionnaire's length and privacy promise twice over).

mod common;

use clinicsite::BuildOptions;
use common::*;
use scraper::{ElementRef, Html};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Every HTML page of the bundled site by URL path (`/`, `/healing/`), built once.
fn bundled_pages() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp folder");
        let options = BuildOptions {
            out_dir: out.path().to_path_buf(),
            ..BuildOptions::new(repo_root())
        };
        if let Err(e) = clinicsite::build(&options) {
            panic!("the bundled site fails: {e:?}");
        }
        snapshot(out.path())
            .into_iter()
            .filter_map(|(path, (bytes, _))| {
                let url = format!("/{}", path.strip_suffix("index.html")?);
                Some((url, String::from_utf8_lossy(&bytes).into_owned()))
            })
            .collect()
    })
}

fn page(url: &str) -> Html {
    let text = bundled_pages()
        .get(url)
        .unwrap_or_else(|| panic!("the bundled site has no page {url}"));
    Html::parse_document(text)
}

/// The words an element shows, lowercased, one space between them.
fn words(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// How often `phrase` (words, any case) occurs in `text` (from [`words`]).
fn count(text: &str, phrase: &str) -> usize {
    let phrase = format!(" {} ", phrase.to_lowercase());
    format!(" {text} ").matches(&phrase).count()
}

/// Every run of `n` words of `text`.
fn shingles(text: &str, n: usize) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    words.windows(n).map(|w| w.join(" ")).collect()
}

#[test]
fn the_questionnaire_says_how_long_it_takes_and_that_answers_stay_private_once() {
    let html = page("/suitability/");
    let main = words(select_one(&html, "main"));
    for phrase in ["about 3 minutes", "answers stay on this device"] {
        assert_eq!(count(&main, phrase), 1, "`{phrase}` on /suitability/");
    }
}

#[test]
fn each_questionnaire_result_says_it_is_not_a_diagnosis_once() {
    // The result panel adds its own "not a diagnosis" note under the outcome shown.
    let html = page("/suitability/");
    let note = words(select_one(&html, ".qn-result .qn-not-diagnosis"));
    let outcomes = select(&html, ".qn-result .qn-outcome");
    assert_eq!(outcomes.len(), 3);
    for outcome in outcomes {
        let shown = format!("{} {note}", words(outcome));
        assert_eq!(count(&shown, "not a diagnosis"), 1, "{shown}");
    }
}

#[test]
fn a_summary_does_not_repeat_the_first_paragraph_under_it() {
    // Five words in a row shared by the summary (lede) and the paragraph right
    // under it is one sentence said twice, not a shared term.
    let mut checked = 0;
    for url in bundled_pages().keys() {
        let html = page(url);
        let (Some(lede), Some(first)) = (
            select(&html, "main .lede").into_iter().next(),
            select(&html, "main .prose > p").into_iter().next(),
        ) else {
            continue;
        };
        let first = words(first);
        for run in shingles(&words(lede), 5) {
            assert_eq!(
                count(&first, &run),
                0,
                "{url}: the summary's `{run}` is said again in the first paragraph: {first}"
            );
        }
        checked += 1;
    }
    assert!(
        checked > 15,
        "only {checked} pages with a summary and a paragraph"
    );
}

#[test]
fn the_healing_timeline_gives_each_phase_its_time_once() {
    let html = page("/healing/");
    let items = select(&html, "ol.timeline > li");
    assert_eq!(items.len(), 3, "three phases");
    for item in items {
        let when = words(
            item.select(&scraper::Selector::parse(".timeline__when").unwrap())
                .next()
                .expect("a time for each phase"),
        );
        assert_eq!(count(&words(item), &when), 1, "`{when}` in its phase");
    }
}

#[test]
fn a_phase_page_gives_its_time_once_before_its_text() {
    for url in [
        "/healing/inflammation/",
        "/healing/new-tissue/",
        "/healing/remodelling/",
    ] {
        let html = page(url);
        let when = words(select_one(&html, "main .when"));
        let when = when.trim_start_matches("when ");
        let lede = words(select_one(&html, "main .lede"));
        assert_eq!(
            count(&lede, when),
            0,
            "{url}: `{when}` in the summary: {lede}"
        );
    }
}
