//! Heading ids, following GitHub's algorithm so links written for GitHub previews work.

use rustc_hash::FxHashMap;

/// The id GitHub gives a heading's text: lowercase, punctuation dropped but
/// hyphens and underscores kept, each space a hyphen, letters of any script kept.
pub fn slugify(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        // The same rules byte by byte: most headings are plain ASCII.
        let mut slug = String::with_capacity(text.len());
        for b in text.bytes() {
            match b {
                b' ' => slug.push('-'),
                b'-' | b'_' => slug.push(b as char),
                b if b.is_ascii_alphanumeric() => slug.push(b.to_ascii_lowercase() as char),
                _ => {}
            }
        }
        return slug;
    }
    slugify_unicode(text)
}

/// The general rules, for text with any script; `slugify` takes a byte path for ASCII.
fn slugify_unicode(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || is_combining_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Combining marks (Devanagari vowel signs, Arabic harakat...) are part of words.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06DC | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// Ids the default theme gives elements outside the page body (`<main id="main">`,
/// the titles of the review box, sources, contents...). Headings never get them, so
/// a page body cannot repeat an id of its layout (`## Main` becomes `main-1`).
pub const LAYOUT_IDS: &[&str] = &[
    "main",
    "toc-title",
    "review-title",
    "get-help-title",
    "help-urgent-title",
    "help-immediate-title",
    "sources-title",
    "explore",
    "faq-index-title",
    "clinic-details",
    "how-we-decide",
    "phases",
    "steps",
    "pages",
    // The questionnaire form (src/questionnaire/page.rs).
    "qn",
    "qn-privacy",
    "qn-status",
    "result",
    "result-title",
];

/// Hands out unique ids on one page: `results`, `results-1`, `results-2`.
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: FxHashMap<String, usize>,
    /// The layout's ids count as used (reserved with 0) without being copied into `used`.
    layout: bool,
}

impl HeadingIds {
    /// Ids for one page body, with the layout's own ids already taken.
    pub fn for_page() -> Self {
        HeadingIds {
            used: FxHashMap::default(),
            layout: true,
        }
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.used
            .get(id)
            .copied()
            .or_else(|| (self.layout && LAYOUT_IDS.contains(&id)).then_some(0))
    }

    /// Reserves ids the writer set explicitly with `{#id}`, before any generated id.
    pub fn reserve(&mut self, id: &str) {
        self.used.entry(id.to_string()).or_insert(0);
    }

    /// A unique id for a heading with this text; an empty slug becomes `section`.
    pub fn unique(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "section".to_string();
        }
        let mut candidate = base.clone();
        let mut n = self.get(&base).unwrap_or(0);
        while self.get(&candidate).is_some() {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(base, n);
        self.used.entry(candidate.clone()).or_insert(0);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_slugs() {
        assert_eq!(slugify("What to expect"), "what-to-expect");
        assert_eq!(slugify("Does it hurt?"), "does-it-hurt");
        assert_eq!(slugify("Days 1–3: redness"), "days-13-redness");
        assert_eq!(slugify("SPF 30+ & sun_care"), "spf-30--sun_care");
        assert_eq!(slugify("Don’t pick scabs"), "dont-pick-scabs");
        assert_eq!(slugify("治疗 后"), "治疗-后");
        assert_eq!(slugify("ما هو"), "ما-هو");
        assert_eq!(slugify("🎉"), "");
    }

    #[test]
    fn duplicates_are_numbered() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique("Results"), "results");
        assert_eq!(ids.unique("Results"), "results-1");
        assert_eq!(ids.unique("Results"), "results-2");
    }

    #[test]
    fn explicit_ids_are_reserved_first() {
        let mut ids = HeadingIds::default();
        ids.reserve("results");
        assert_eq!(ids.unique("Results"), "results-1");
    }

    #[test]
    fn empty_becomes_section_numbered() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique("🎉"), "section");
        assert_eq!(ids.unique("✨"), "section-1");
    }

    #[test]
    fn generated_id_does_not_collide_with_numbered_text() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.unique("A"), "a");
        assert_eq!(ids.unique("A 1"), "a-1");
        assert_eq!(ids.unique("A"), "a-2");
    }

    #[test]
    fn layout_ids_are_taken() {
        let mut ids = HeadingIds::for_page();
        assert_eq!(ids.unique("Main"), "main-1");
        assert_eq!(ids.unique("Results"), "results");
        assert_eq!(ids.unique("Main"), "main-2");
        assert_eq!(ids.unique("Main 1"), "main-1-1");
        ids.reserve("steps");
        assert_eq!(ids.unique("Steps"), "steps-1");
    }

    #[test]
    fn ascii_fast_path_matches_the_unicode_rules() {
        let slow = |text: &str| slugify_unicode(text.trim());
        for text in [
            "What to expect",
            "  SPF 30+ & sun_care\t",
            "A-B_C (d) [e] {f} 'g' \"h\" 100%",
            "\x0BVertical\x0Ctab\r",
        ] {
            assert_eq!(slugify(text), slow(text), "{text:?}");
        }
    }
}
