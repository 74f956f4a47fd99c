//! The FAQ page: questions grouped for the list at the top, and schema.org `FAQPage` data.

use crate::markdown::FaqEntry;
use serde::Serialize;
use serde_json::{Value, json};

/// A group of questions (the questions before any `#` heading have no title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaqGroup {
    /// The group's heading, if any.
    pub title: Option<String>,
    /// The group heading's anchor.
    pub id: Option<String>,
    /// (question, anchor) in order.
    pub questions: Vec<FaqLink>,
}

/// A link to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaqLink {
    /// The question.
    pub question: String,
    /// Its anchor.
    pub id: String,
}

/// Groups questions in page order for the "questions on this page" list.
pub fn groups(entries: &[FaqEntry]) -> Vec<FaqGroup> {
    let mut groups: Vec<FaqGroup> = Vec::new();
    for entry in entries {
        let (title, id) = match &entry.group {
            Some((t, i)) => (Some(t.clone()), Some(i.clone())),
            None => (None, None),
        };
        let link = FaqLink {
            question: entry.question.clone(),
            id: entry.id.clone(),
        };
        match groups.last_mut() {
            Some(last) if last.id == id => last.questions.push(link),
            _ => groups.push(FaqGroup {
                title,
                id,
                questions: vec![link],
            }),
        }
    }
    groups
}

/// The `mainEntity` of a `FAQPage`: one `Question` per question with its answer.
pub fn main_entity(entries: &[FaqEntry]) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|e| {
                json!({
                    "@type": "Question",
                    "name": e.question,
                    "acceptedAnswer": { "@type": "Answer", "text": e.answer_html.trim() },
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    fn entry(q: &str, group: Option<&str>) -> FaqEntry {
        FaqEntry {
            question: q.into(),
            id: q.to_lowercase(),
            group: group.map(|g| (g.to_string(), g.to_lowercase())),
            answer_html: "<p>A</p>\n".into(),
            position: Position::start(),
        }
    }

    #[test]
    fn groups_follow_page_order() {
        let g = groups(&[
            entry("One", None),
            entry("Two", Some("Cost")),
            entry("Three", Some("Cost")),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].title, None);
        assert_eq!(g[1].questions.len(), 2);
    }

    #[test]
    fn one_question_per_entry() {
        let v = main_entity(&[entry("Does it hurt?", None)]);
        assert_eq!(v[0]["@type"], "Question");
        assert_eq!(v[0]["acceptedAnswer"]["text"], "<p>A</p>");
    }
}
