//! Who reviewed a page: a reviewer's id from site.yaml, a name, or a name and role.

use crate::config::{Reviewer, SiteConfig};
use crate::yaml;
use serde::Deserialize;

/// How a page names its reviewer.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum ReviewerRef {
    /// A list: a page names one reviewer, so this is refused (tried first, or a
    /// list would be read as one reviewer's id and shown as it is written).
    #[allow(dead_code)] // never read: a list is refused whole
    Several(Vec<serde::de::IgnoredAny>),
    Id(String),
    Person(PersonRef),
}

/// A reviewer written out in full; unknown keys are refused like everywhere else.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonRef {
    name: String,
    #[serde(default)]
    role: Option<String>,
}

/// The reviewer a page names; an unknown reviewer id is a (message, hint).
pub(super) fn resolve_reviewer(
    reference: &ReviewerRef,
    config: &SiteConfig,
) -> Result<Reviewer, (String, String)> {
    match reference {
        ReviewerRef::Several(_) => Err((
            "`reviewed_by` names one reviewer, not a list".to_string(),
            "write the reviewer's id from site.yaml on the same line (`reviewed_by: clinical-lead`), or `{name: ..., role: ...}`".to_string(),
        )),
        ReviewerRef::Person(PersonRef { name, role }) => Ok(Reviewer {
            name: name.clone(),
            role: role.clone(),
        }),
        ReviewerRef::Id(id) => {
            if let Some(r) = config.reviewers.get(id.trim()) {
                return Ok(r.clone());
            }
            let looks_like_id = !id.contains(' ')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if looks_like_id {
                let known: Vec<String> = config.reviewers.keys().cloned().collect();
                let mut message = format!("unknown reviewer `{id}`");
                if let Some(best) = yaml::suggest(id, &known) {
                    message.push_str(&format!("; did you mean `{best}`?"));
                }
                let hint = if known.is_empty() {
                    "add the reviewer under `reviewers:` in site.yaml, or write `{name: ..., role: ...}`".to_string()
                } else {
                    format!("reviewers in site.yaml: {}", known.join(", "))
                };
                Err((message, hint))
            } else {
                Ok(Reviewer {
                    name: id.trim().to_string(),
                    role: None,
                })
            }
        }
    }
}
