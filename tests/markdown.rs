//! Markdown extensions as patients get them: task lists as checkboxes named by
//! their text, footnotes linked both ways with ids no heading can take.

mod common;

use common::*;
use scraper::{ElementRef, Html};
use std::collections::BTreeMap;

/// The trimmed text of an element, spaces collapsed.
fn text_of(element: ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every `id` on the page with how many elements carry it.
fn id_counts(html: &Html) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    for element in select(html, "[id]") {
        if let Some(id) = element.value().attr("id") {
            *ids.entry(id.to_string()).or_insert(0) += 1;
        }
    }
    ids
}

// ---------- task lists ----------

#[test]
fn task_list_items_are_disabled_checkboxes_named_by_their_text() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "- [x] Rest for a day\n- [ ] Wash with [cool water](https://www.nhs.uk/)\n  - [ ] Pat dry\n- [ ]\n",
        ),
    )]);
    site.build_ok();
    let html = site.page("/a/");
    let boxes = select(&html, ".prose input");
    assert_eq!(boxes.len(), 4);
    for b in &boxes {
        assert_eq!(b.value().attr("type"), Some("checkbox"));
        assert!(b.value().attr("disabled").is_some(), "{:?}", b.value());
    }
    let checked: Vec<bool> = boxes
        .iter()
        .map(|b| b.value().attr("checked").is_some())
        .collect();
    assert_eq!(checked, [true, false, false, false]);
    // Each box's accessible name is its item's text: the label around both.
    let labels: Vec<String> = select(&html, ".prose label")
        .into_iter()
        .map(|label| {
            assert_eq!(select_in(label, "input").len(), 1, "one box per label");
            text_of(label)
        })
        .collect();
    assert_eq!(
        labels,
        ["Rest for a day", "Wash with cool water", "Pat dry"]
    );
    // A label holds phrasing content only: the nested list stays outside it.
    assert!(select(&html, ".prose label ul, .prose label li").is_empty());
    // A task with no text is named by aria-label instead.
    let empty = boxes[3];
    assert_eq!(empty.value().attr("aria-label"), Some("Task"));
    assert!(
        empty
            .parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|p| p.value().name() == "li")
    );
}

/// Elements under `element` matching `css`.
fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).expect("a valid selector");
    element.select(&selector).collect()
}

// ---------- footnotes ----------

#[test]
fn footnotes_link_to_their_notes_and_back() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "[^src]: Where this comes from.\n\n## fn:1\n\nNeedles make tiny wounds[^how]. Skin heals[^src] as it always does[^how].\n\n## Notes\n\nMore text.\n\n[^how]: How the skin repairs itself.\n\n    A second paragraph.\n",
        ),
    )]);
    site.build_ok();
    let html = site.page("/a/");
    let references = select(&html, ".prose sup.footnote-reference a");
    let pairs: Vec<(&str, &str)> = references
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap(),
                a.value().attr("id").unwrap(),
            )
        })
        .collect();
    // Numbered in the order the text refers to them, not the order the notes are written.
    assert_eq!(
        pairs,
        [
            ("#fn:1", "fnref:1"),
            ("#fn:2", "fnref:2"),
            ("#fn:1", "fnref:1-2")
        ]
    );
    let texts: Vec<String> = references.iter().map(|a| text_of(*a)).collect();
    assert_eq!(texts, ["Note 1", "Note 2", "Note 1"]);

    let notes = select(&html, ".prose .footnotes ol > li");
    let note_ids: Vec<&str> = notes
        .iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(note_ids, ["fn:1", "fn:2"]);
    assert!(text_of(notes[0]).starts_with("How the skin repairs itself. A second paragraph."));
    assert!(text_of(notes[1]).starts_with("Where this comes from."));
    // Each note links back to every place referring to it, from its last paragraph.
    let back: Vec<Vec<(&str, String)>> = notes
        .iter()
        .map(|li| {
            select_in(*li, "p:last-child > a.footnote-backref")
                .iter()
                .map(|a| {
                    let words = select_in(*a, ".visually-hidden");
                    (a.value().attr("href").unwrap(), text_of(words[0]))
                })
                .collect()
        })
        .collect();
    assert_eq!(
        back,
        [
            vec![
                ("#fnref:1", "Back to reference 1 (1 of 2)".to_string()),
                ("#fnref:1-2", "Back to reference 1 (2 of 2)".to_string())
            ],
            vec![("#fnref:2", "Back to reference 2".to_string())],
        ]
    );

    // Every link within the page lands on exactly one element, and no id is used twice,
    // though a heading's text is `fn:1` and another heading is called Notes.
    let ids = id_counts(&html);
    assert!(ids.values().all(|&n| n == 1), "{ids:?}");
    for a in select(&html, ".prose a[href^='#']") {
        let target = &a.value().attr("href").unwrap()[1..];
        assert!(ids.contains_key(target), "no element with id {target:?}");
    }
    assert_eq!(heading_ids(&html), ["fn1", "notes"]);
}

#[test]
fn a_note_nothing_refers_to_is_a_warning_and_still_shown() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page("A", "Text[^a].\n\n[^a]: Used.\n\n[^b]: Never used.\n"),
    )]);
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{}", render(&report.warnings));
    assert_eq!(
        report.warnings[0].to_string(),
        "content/a.md:9:1: warning: the note `[^b]` is never referred to\n  hint: write `[^b]` where the note belongs in the text, or remove the note"
    );
    let html = site.page("/a/");
    let notes: Vec<String> = select(&html, ".footnotes li")
        .into_iter()
        .map(text_of)
        .collect();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[1], "Never used.");
}

#[test]
fn a_reference_to_a_note_never_written_is_a_warning() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "Text[^a] and more[^gone].\n\n[^a]: Written.\n\n`[^code]` and\n\n```\n[^block]\n```\n",
        ),
    )]);
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{}", render(&report.warnings));
    assert_eq!(
        report.warnings[0].to_string(),
        "content/a.md:5:18: warning: the note `[^gone]` is referred to but never written, so it shows as typed\n  hint: write the note on a line of its own, such as `[^gone]: The note's text.`, or remove `[^gone]`"
    );
}

#[test]
fn two_notes_with_one_label_is_an_error() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page("A", "Text[^a].\n\n[^a]: One.\n\n[^A]: Two.\n"),
    )]);
    let errors = site.build_errors();
    let e = assert_one_error(
        &errors,
        "content/a.md",
        9,
        1,
        "the note `[^A]` is written twice (first on line 7)",
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("give each note its own label, or remove one of them")
    );
}

#[test]
fn a_heading_may_not_take_a_footnote_id() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page("A", "## Sources {#fnref:1}\n\nText[^a].\n\n[^a]: A note.\n"),
    )]);
    let errors = site.build_errors();
    assert_one_error(
        &errors,
        "content/a.md",
        5,
        1,
        "the id `fnref:1` is kept for footnotes",
    );
}
