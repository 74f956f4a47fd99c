//! The help box ("If something seems wrong after treatment"): medical text the
//! clinic writes once, in one markdown file with `kind: help`, and that pages
//! choosing `help_box: true` show. It is graded like NHS pages: "urgent advice"
//! (call the clinic, or the urgent number) and "immediate action required"
//! (call the emergency number); the numbers come from site.yaml ([`numbers`]).
//!
//! The file is read and checked once, when it is parsed: its body is split at
//! its two `##` headings and each part rendered here, so every page showing the
//! box reads the same [`HelpBox`] from the file's front matter.

pub mod numbers;

use crate::diagnostics::{Diagnostic, LineIndex, Position};
use crate::placeholder::{BodyScan, Finding};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// The help box's text, rendered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HelpBox {
    /// What comes before the first part (may be empty).
    pub intro_html: String,
    /// "Urgent advice": when to contact the clinic or the urgent number.
    pub urgent: HelpPart,
    /// "Immediate action required": when to call the emergency number.
    pub immediate: HelpPart,
}

/// One graded part of the help box.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HelpPart {
    /// Its heading, as the writer wrote it (plain text).
    pub title: String,
    /// What is under the heading.
    pub html: String,
}

/// Which part a `##` heading starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grade {
    Urgent,
    Immediate,
}

impl Grade {
    /// The grade a heading names: by its text ("Urgent advice: ...",
    /// "Immediate action required: ..."), or, in any language, by an id
    /// written after it (`{#urgent}`, `{#immediate}`).
    fn of(title: &str, explicit_id: Option<&str>) -> Option<Grade> {
        let id = explicit_id.map_or_else(|| crate::heading_ids::slugify(title), str::to_string);
        if id == "urgent" || id.starts_with("urgent-advice") {
            Some(Grade::Urgent)
        } else if id == "immediate" || id.starts_with("immediate-action-required") {
            Some(Grade::Immediate)
        } else {
            None
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Grade::Urgent => "## Urgent advice",
            Grade::Immediate => "## Immediate action required",
        }
    }
}

const PARTS_HINT: &str = "the help box has two parts, each under its own heading: `## Urgent advice: ...` (contact the clinic) and `## Immediate action required: ...` (call the emergency number); in another language, end the heading with {#urgent} or {#immediate}";

/// A part being collected: its grade, heading, where the heading is, its events.
struct Collected<'a> {
    grade: Grade,
    title: String,
    position: Position,
    events: Vec<Event<'a>>,
}

/// Reads the body of the help box file `path` (whose text is `text`, body from
/// `body_offset`): the box, or every problem with it, and its placeholders.
pub fn parse(
    text: &str,
    body_offset: usize,
    path: &str,
) -> (Result<HelpBox, Vec<Diagnostic>>, Vec<Finding>) {
    let body = text.get(body_offset..).unwrap_or("");
    let lines = LineIndex::new(text);
    let at = |offset: usize| lines.position(text, body_offset + offset);
    let mut errors = Vec::new();
    let mut scan = BodyScan::new(false);
    let mut intro: Vec<Event> = Vec::new();
    let mut parts: Vec<Collected> = Vec::new();
    let mut heading: Option<(Option<String>, Position, String)> = None;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        scan.observe(&event, range.start, at);
        let position = at(range.start);
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if *level != HeadingLevel::H2 {
                    errors.push(
                        Diagnostic::error(path, position, "the help box can only have `##` headings, one for each of its two parts")
                            .with_hint(PARTS_HINT),
                    );
                }
                heading = Some((id.as_ref().map(|i| i.to_string()), position, String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, position, title)) = heading.take() {
                    let title = title.trim().to_string();
                    match Grade::of(&title, id.as_deref()) {
                        Some(grade) if parts.iter().any(|p| p.grade == grade) => errors.push(
                            Diagnostic::error(path, position, format!("the help box has a second `{}` part", grade.heading()))
                                .with_hint("write each part once; put everything for it under one heading"),
                        ),
                        Some(grade) => parts.push(Collected { grade, title, position, events: Vec::new() }),
                        None => errors.push(
                            Diagnostic::error(path, position, format!("\"{title}\" is not one of the help box's parts"))
                                .with_hint(PARTS_HINT),
                        ),
                    }
                }
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) if !is_external(dest_url) => errors.push(
                Diagnostic::error(path, position, format!("the help box cannot link to `{dest_url}`: it is shown on many pages"))
                    .with_hint("link only to web addresses (https://...), email addresses (mailto:) or phone numbers (tel:), or name the page in words"),
            ),
            Event::Start(Tag::Image { .. }) => errors.push(
                Diagnostic::error(path, position, "the help box cannot show images")
                    .with_hint("describe it in words instead"),
            ),
            Event::Html(_) | Event::InlineHtml(_) => errors.push(
                Diagnostic::error(path, position, "the help box cannot hold raw HTML")
                    .with_hint("write it in markdown"),
            ),
            _ => {}
        }
        match (&mut heading, parts.last_mut()) {
            (Some((_, _, title)), _) => match &event {
                Event::Text(t) | Event::Code(t) => title.push_str(t),
                Event::SoftBreak | Event::HardBreak => title.push(' '),
                _ => {}
            },
            (None, Some(part)) => part.events.push(event),
            (None, None) => intro.push(event),
        }
    }
    for grade in [Grade::Urgent, Grade::Immediate] {
        if !parts.iter().any(|p| p.grade == grade) {
            errors.push(
                Diagnostic::error(
                    path,
                    Position::start(),
                    format!("the help box has no `{}` part", grade.heading()),
                )
                .with_hint(PARTS_HINT),
            );
        }
    }
    for part in parts.iter().filter(|p| p.events.is_empty()) {
        errors.push(
            Diagnostic::error(
                path,
                part.position,
                format!(
                    "the help box's part \"{}\" has nothing under its heading",
                    part.title
                ),
            )
            .with_hint("list the signs that need this kind of help under the heading"),
        );
    }
    let findings = scan.finish();
    if !errors.is_empty() {
        return (Err(errors), findings);
    }
    let mut take = |grade: Grade| {
        let part = parts.iter_mut().find(|p| p.grade == grade);
        part.map(|p| HelpPart {
            title: std::mem::take(&mut p.title),
            html: to_html(std::mem::take(&mut p.events)),
        })
    };
    let (Some(urgent), Some(immediate)) = (take(Grade::Urgent), take(Grade::Immediate)) else {
        return (Err(errors), findings);
    };
    let help = HelpBox {
        intro_html: to_html(intro),
        urgent,
        immediate,
    };
    (Ok(help), findings)
}

/// Links the box can keep as written wherever it is shown.
fn is_external(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

fn to_html(events: Vec<Event>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ntitle: Help\nkind: help\n---\nSome redness is normal.\n\n## Urgent advice: contact the clinic if you have\n\n- spreading redness\n\n## Immediate action required: call now if\n\n- trouble breathing\n";

    fn parse_text(text: &str) -> Result<HelpBox, Vec<Diagnostic>> {
        let offset = crate::content::front_matter::split(text)
            .unwrap()
            .body_offset;
        parse(text, offset, "content/help.md").0
    }

    #[test]
    fn the_two_parts_are_split_and_rendered() {
        let help = parse_text(GOOD).unwrap();
        assert_eq!(help.intro_html, "<p>Some redness is normal.</p>\n");
        assert_eq!(
            help.urgent.title,
            "Urgent advice: contact the clinic if you have"
        );
        assert_eq!(
            help.urgent.html,
            "<ul>\n<li>spreading redness</li>\n</ul>\n"
        );
        assert_eq!(
            help.immediate.html,
            "<ul>\n<li>trouble breathing</li>\n</ul>\n"
        );
    }

    #[test]
    fn parts_can_be_named_by_id_in_any_language() {
        let text = GOOD
            .replace(
                "Urgent advice: contact the clinic if you have",
                "Conseil urgent {#urgent}",
            )
            .replace(
                "Immediate action required: call now if",
                "Action immédiate {#immediate}",
            );
        let help = parse_text(&text).unwrap();
        assert_eq!(help.urgent.title, "Conseil urgent");
        assert_eq!(help.immediate.title, "Action immédiate");
    }

    #[test]
    fn problems_point_at_their_line() {
        let text = GOOD.replace(
            "## Immediate action required: call now if",
            "## Other\n\n[x](other.md)\n\n### Deeper",
        );
        let errors = parse_text(&text).unwrap_err();
        let found: Vec<(String, usize)> = errors
            .iter()
            .map(|d| (d.message.clone(), d.position.unwrap().line))
            .collect();
        assert!(
            found.contains(&("\"Other\" is not one of the help box's parts".into(), 11)),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(m, l)| m.starts_with("the help box cannot link to `other.md`") && *l == 13),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(m, l)| m.starts_with("the help box can only have `##`") && *l == 15),
            "{found:?}"
        );
        assert!(
            found.contains(&(
                "the help box has no `## Immediate action required` part".into(),
                1
            )),
            "{found:?}"
        );
    }
}
