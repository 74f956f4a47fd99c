//! The words of a page as the search index keeps them: split at word boundaries
//! (Unicode's, UAX #29), folded (lower case, accents removed, so "Cicatriz" and
//! "cicatríz" are one term) and without the language's commonest words.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// Words too common to search for, in English (folded).
const ENGLISH: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if", "in",
    "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "to", "was", "were", "which", "with",
];

/// Words too common to search for, in Spanish (folded).
const SPANISH: &[&str] = &[
    "al", "como", "con", "de", "del", "el", "en", "entre", "es", "esta", "este", "la", "las", "lo",
    "los", "mas", "para", "pero", "por", "que", "se", "su", "sus", "un", "una", "unos", "y",
];

/// The stop words of the language `tag` (a BCP 47 tag such as `en-GB`): none for
/// a language without a list.
pub(crate) fn stop_words(tag: &str) -> &'static [&'static str] {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "en" => ENGLISH,
        "es" => SPANISH,
        _ => &[],
    }
}

/// Calls `found` with each term of `text`: every run of letters and digits in a
/// word, folded, except a single ASCII character and the words in `stop`.
pub(crate) fn each_term(text: &str, stop: &[&str], mut found: impl FnMut(&str)) {
    each_word(text, |term| {
        if !stop.contains(&term) {
            found(term);
        }
    });
}

/// [`each_term`] without the stop words.
fn each_word(text: &str, mut found: impl FnMut(&str)) {
    let mut keep = |term: &str| {
        let single_ascii = term.len() == 1;
        if !term.is_empty() && !single_ascii {
            found(term);
        }
    };
    if text.is_ascii() {
        // Words of ASCII text are its runs of letters and digits.
        let mut folded = String::new();
        for run in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if run.bytes().any(|b| b.is_ascii_uppercase()) {
                folded.clear();
                folded.extend(run.chars().map(|c| c.to_ascii_lowercase()));
                keep(&folded);
            } else {
                keep(run);
            }
        }
        return;
    }
    let mut folded = String::new();
    for word in text.unicode_words() {
        folded.clear();
        folded.extend(fold(word));
        for run in folded.split(|c: char| !c.is_alphanumeric()) {
            keep(run);
        }
    }
}

/// `word` in lower case without accents: decomposed (NFD), combining marks dropped.
pub(crate) fn fold(word: &str) -> impl Iterator<Item = char> + '_ {
    (word.nfd())
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
}

/// The terms of one page body, each with its weight, sorted by term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageTerms {
    /// The terms, each followed by a space.
    words: String,
    /// The weight of each term, in the same order.
    weights: Vec<u8>,
}

impl PageTerms {
    /// Each term with its weight, in term order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u8)> {
        self.words
            .split_terminator(' ')
            .zip(self.weights.iter().copied())
    }
}

/// Most a term's occurrences in running text add to its weight.
const BODY_CAP: u16 = 8;
/// What a term in a heading weighs, per heading (up to [`HEADING_CAP`] headings).
const HEADING: u16 = 4;
/// Most headings a term's weight counts.
const HEADING_CAP: u16 = 3;

/// Counts the terms of a page body as its text goes by.
#[derive(Debug)]
pub(crate) struct TermCounter {
    stop: &'static [&'static str],
    /// Per term: occurrences in running text and in headings.
    counts: FxHashMap<Box<str>, (u16, u16)>,
}

/// The count a stop word is given, so that it is looked up once per word like
/// any other term (and left out at the end).
const STOP: (u16, u16) = (u16::MAX, u16::MAX);

impl TermCounter {
    /// A counter for a page in the language whose stop words are `stop`.
    pub fn new(stop: &'static [&'static str]) -> Self {
        TermCounter {
            stop,
            counts: FxHashMap::default(),
        }
    }

    /// Counts the terms of `text`, which is in a heading when `heading`.
    pub fn add(&mut self, text: &str, heading: bool) {
        let (counts, stop) = (&mut self.counts, self.stop);
        each_word(text, |term| {
            let count = match counts.get_mut(term) {
                Some(count) => count,
                None if stop.contains(&term) => counts.entry(term.into()).or_insert(STOP),
                None => counts.entry(term.into()).or_default(),
            };
            if *count == STOP {
                return;
            }
            match heading {
                true => count.1 = count.1.saturating_add(1),
                false => count.0 = count.0.saturating_add(1),
            }
        });
    }

    /// The page's terms with their weights.
    pub fn finish(self) -> PageTerms {
        let mut terms: Vec<(Box<str>, (u16, u16))> = (self.counts.into_iter())
            .filter(|(_, c)| *c != STOP)
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut words = String::with_capacity(terms.iter().map(|t| t.0.len() + 1).sum());
        let mut weights = Vec::with_capacity(terms.len());
        for (term, (body, headings)) in terms {
            words.push_str(&term);
            words.push(' ');
            let weight = body.min(BODY_CAP) + HEADING * headings.min(HEADING_CAP);
            weights.push(weight as u8);
        }
        PageTerms { words, weights }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_term(text, ENGLISH, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn words_are_lower_case_runs_of_letters_and_digits() {
        assert_eq!(
            terms("Acne scars: the 3-step plan, don't worry!"),
            ["acne", "scars", "step", "plan", "don", "worry"]
        );
    }

    #[test]
    fn accents_are_folded() {
        assert_eq!(
            terms("Cicatrices del acné, CAFÉ Ñandú"),
            ["cicatrices", "del", "acne", "cafe", "nandu"]
        );
        assert_eq!(fold("Élan").collect::<String>(), "elan");
    }

    #[test]
    fn ascii_and_unicode_paths_agree_on_ascii_words() {
        let text = "It's a well-known e_mail 3.5 mm needle; x-ray (2024)";
        let with_accent = format!("{text} 治");
        let mut unicode = terms(&with_accent);
        unicode.pop();
        assert_eq!(terms(text), unicode);
    }

    #[test]
    fn stop_words_follow_the_language() {
        assert_eq!(stop_words("en-GB"), ENGLISH);
        assert_eq!(stop_words("es"), SPANISH);
        assert!(stop_words("fr").is_empty());
        let mut out = Vec::new();
        each_term("el tratamiento de las cicatrices", stop_words("es"), |t| {
            out.push(t.to_string())
        });
        assert_eq!(out, ["tratamiento", "cicatrices"]);
    }

    #[test]
    fn headings_weigh_more_than_running_text_and_counts_are_capped() {
        let mut counter = TermCounter::new(ENGLISH);
        counter.add("scars scars scars", false);
        counter.add(&"needle ".repeat(50), false);
        counter.add("Scars", true);
        let terms = counter.finish();
        let got: Vec<(&str, u8)> = terms.iter().collect();
        assert_eq!(got, [("needle", 8), ("scars", 3 + 4)]);
    }
}
