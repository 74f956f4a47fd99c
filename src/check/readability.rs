//! Reading level of a page's prose: Flesch-Kincaid grade and SMOG.
//!
//! The prose rules (kept identical to `scripts/readability_reference.py`, the CMU
//! dictionary reference these grades are tested against):
//! - prose is the text of paragraphs, headings and list items; code blocks, inline
//!   code, tables, raw HTML and images are left out; link text is kept;
//! - each of those blocks ends a sentence (so headings and list items count as
//!   sentences); inside a block a sentence ends at a token ending in `.`, `!`, `?`
//!   or `…` (closing quotes and brackets after it are ignored);
//! - tokens are split on whitespace, `/`, en and em dashes; a word is a token with a
//!   letter or digit once leading and trailing punctuation is removed; a hyphenated
//!   word is one word whose syllables are those of its parts;
//! - a questionnaire page's texts in its front matter count too: each question,
//!   outcome title and rule reason is a block; hints, outcome texts and next steps
//!   are markdown like the body. Answer labels ("Yes", "I'm not sure") are left out.

use super::syllables;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

/// Counts and grades of a page's prose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Readability {
    /// Words of prose.
    pub words: usize,
    /// Sentences (headings and list items count as one each).
    pub sentences: usize,
    /// Syllables in all words.
    pub syllables: usize,
    /// Words of three syllables or more.
    pub polysyllables: usize,
    /// Flesch-Kincaid grade level: `0.39 W/S + 11.8 Syl/W - 15.59`.
    pub fk_grade: f64,
    /// SMOG grade: `1.043 sqrt(30 Poly/S) + 3.1291`.
    pub smog: f64,
}

impl Readability {
    /// True when the Flesch-Kincaid grade, to the one decimal people are shown, is above `target`.
    pub fn above(&self, target: f64) -> bool {
        (self.fk_grade * 10.0).round() / 10.0 > target
    }
}

/// Measures a markdown body; `None` when it has no prose.
pub fn measure(markdown: &str) -> Option<Readability> {
    measure_blocks(&prose_blocks(markdown))
}

/// Measures prose blocks (each ends a sentence); `None` when there are no words.
pub fn measure_blocks(blocks: &[String]) -> Option<Readability> {
    let mut counts = Counts::default();
    for block in blocks {
        counts.add_block(block);
    }
    counts.finish()
}

/// The prose of a questionnaire: questions, hints, outcomes, next steps and reasons.
pub fn questionnaire_blocks(q: &crate::questionnaire::Questionnaire) -> Vec<String> {
    let mut blocks = Vec::new();
    for question in &q.questions {
        blocks.push(question.text.clone());
        if let Some(hint) = &question.hint {
            blocks.extend(prose_blocks(&hint.markdown));
        }
    }
    for outcome in &q.outcomes {
        blocks.push(outcome.title.clone());
        blocks.extend(prose_blocks(&outcome.text.markdown));
        if let Some(next) = &outcome.next_steps {
            blocks.extend(prose_blocks(&next.markdown));
        }
    }
    blocks.extend(q.rules.iter().map(|r| r.reason.clone()));
    blocks
}

/// The text of each prose block of a markdown body, in order.
pub fn prose_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut skip_depth = 0usize;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        if !current.trim().is_empty() {
            blocks.push(std::mem::take(current));
        }
        current.clear();
    };
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        match event {
            Event::Start(
                Tag::Table(_) | Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock,
            ) => {
                flush(&mut current, &mut blocks);
                skip_depth += 1;
            }
            Event::End(TagEnd::Table | TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                skip_depth = skip_depth.saturating_sub(1);
            }
            _ if skip_depth > 0 => {}
            Event::Start(tag) if !is_inline(&tag) => flush(&mut current, &mut blocks),
            Event::End(tag) if !is_inline_end(&tag) => flush(&mut current, &mut blocks),
            Event::Text(text) => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[derive(Default)]
struct Counts {
    words: usize,
    sentences: usize,
    syllables: usize,
    polysyllables: usize,
}

impl Counts {
    fn add_block(&mut self, block: &str) {
        let mut open = false;
        for token in block.split(|c: char| c.is_whitespace() || matches!(c, '/' | '–' | '—')) {
            let word = token.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                let n: usize = word
                    .split('-')
                    .filter(|p| !p.is_empty())
                    .map(syllables::count)
                    .sum();
                self.words += 1;
                self.syllables += n;
                self.polysyllables += usize::from(n >= 3);
                open = true;
            }
            if open && ends_sentence(token) {
                self.sentences += 1;
                open = false;
            }
        }
        if open {
            self.sentences += 1;
        }
    }

    fn finish(self) -> Option<Readability> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let (w, s) = (self.words as f64, self.sentences as f64);
        Some(Readability {
            words: self.words,
            sentences: self.sentences,
            syllables: self.syllables,
            polysyllables: self.polysyllables,
            fk_grade: round2(0.39 * w / s + 11.8 * self.syllables as f64 / w - 15.59),
            smog: round2(1.043 * (self.polysyllables as f64 * 30.0 / s).sqrt() + 3.1291),
        })
    }
}

fn ends_sentence(token: &str) -> bool {
    token
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_'])
        .ends_with(['.', '!', '?', '…'])
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_list_items_are_sentences_code_and_tables_are_not() {
        let md = "## What it is\n\nA short line. Another one!\n\n- first item\n- second item\n\n```\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| c | d |\n\nUse `cargo` with [a link](x.md).\n";
        let blocks = prose_blocks(md);
        assert_eq!(
            blocks,
            [
                "What it is",
                "A short line. Another one!",
                "first item",
                "second item",
                "Use  with a link."
            ]
        );
        let r = measure(md).unwrap();
        assert_eq!(r.sentences, 6);
        assert_eq!(r.words, 3 + 5 + 2 + 2 + 4);
    }

    #[test]
    fn empty_body_has_no_grade() {
        assert!(measure("").is_none());
        assert!(measure("```\ncode\n```\n").is_none());
    }

    #[test]
    fn never_panics_on_odd_text() {
        // a bounded, seeded sample of strings from awkward pieces
        let pieces = [
            "a", "E", "y", "'", "’", "-", "n't", "&", "ß", "é", "日本", "9", ".", "!", " ", "\n",
            "`", "|", "*", "<b>", "#", "- ", "[x](y)", "NHS", "ea", "io", "ue",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            if let Some(r) = measure(&text) {
                assert!(r.fk_grade.is_finite() && r.smog.is_finite(), "{text:?}");
            }
            for word in text.split_whitespace() {
                assert!(
                    syllables::count(word) <= word.chars().count().max(1) * 3,
                    "{word:?}"
                );
            }
        }
    }

    #[test]
    fn hyphenated_words_are_one_word() {
        let r = measure("A well-known area.").unwrap();
        assert_eq!((r.words, r.syllables), (3, 1 + 2 + 3));
    }
}
