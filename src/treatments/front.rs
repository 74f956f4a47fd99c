//! What a treatment section's front matter says: the conditions it treats (each
//! with an evidence level and a note) and the facts the compare page shows.

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Position};
use crate::yaml::{Spanned, YamlSource};
use serde::{Deserialize, Serialize};

/// How good the evidence is that a treatment helps a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Several good studies show it helps.
    Good,
    /// Some studies show it helps.
    Some,
    /// Only small or few studies.
    Limited,
}

impl Evidence {
    /// The level in words, as pages show it.
    pub fn words(self) -> &'static str {
        match self {
            Evidence::Good => "Good evidence",
            Evidence::Some => "Some evidence",
            Evidence::Limited => "Limited evidence",
        }
    }

    /// The level's name in front matter (and in CSS classes).
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Good => "good",
            Evidence::Some => "some",
            Evidence::Limited => "limited",
        }
    }
}

/// One `treats:` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTreats {
    condition: Spanned<String>,
    evidence: Evidence,
    #[serde(default)]
    note: Option<String>,
}

/// The treatment keys of a front matter, as written.
pub(crate) struct RawTreatment<'a> {
    pub treats: Option<&'a Spanned<Vec<RawTreats>>>,
    /// `sessions`, `downtime`, `discomfort`, `results_after`, in that order.
    pub facts: [Option<&'a Spanned<String>>; 4],
    /// The page's `kind:`, and where it was written.
    pub kind: Option<(Kind, Position)>,
    pub is_section: bool,
}

/// The names of the facts, in the order of [`RawTreatment::facts`].
pub(crate) const FACT_KEYS: [&str; 4] = ["sessions", "downtime", "discomfort", "results_after"];

/// The front matter keys only a treatment's `_index.md` may set.
pub(crate) const KEYS: [&str; 5] = [
    "treats",
    "sessions",
    "downtime",
    "discomfort",
    "results_after",
];

/// One condition a treatment treats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct Treats {
    /// The condition's source file as written (relative, or from `content/` with `/`).
    pub condition: String,
    /// Where the file name was written.
    pub at: Position,
    pub evidence: Evidence,
    /// One line on what the treatment does for it.
    pub note: Option<String>,
}

/// What a treatment's `_index.md` says besides the usual keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct TreatmentFront {
    /// Where `kind: treatment` was written.
    pub kind_at: Position,
    pub treats: Vec<Treats>,
    /// `sessions`, `downtime`, `discomfort`, `results_after` (plain text).
    pub facts: [Option<String>; 4],
}

/// Reads the treatment keys: `Some` for a treatment section, with every misuse
/// (a key on a page that is not a treatment, a treatment that treats nothing,
/// an empty value) added to `errors`.
pub(crate) fn read(
    raw: RawTreatment,
    source: &YamlSource,
    errors: &mut Vec<Diagnostic>,
) -> Option<Box<TreatmentFront>> {
    let path = source.path;
    let is_treatment = raw.is_section && raw.kind.is_some_and(|(k, _)| k == Kind::Treatment);
    let written = std::iter::once(("treats", raw.treats.map(|t| source.position_of(t))))
        .chain(
            (FACT_KEYS.iter().zip(raw.facts)).map(|(k, v)| (*k, v.map(|v| source.position_of(v)))),
        )
        .filter_map(|(k, at)| Some((k, at?)));
    if !is_treatment {
        for (key, at) in written {
            let hint = if raw.is_section {
                format!(
                    "add `kind: treatment` to this `_index.md` if its folder is a treatment, or remove `{key}:`"
                )
            } else {
                format!(
                    "`{key}` goes in the `_index.md` of a treatment's folder (with `kind: treatment`); remove it here"
                )
            };
            errors.push(
                Diagnostic::error(
                    path,
                    at,
                    format!("`{key}` is only for a treatment (a section with `kind: treatment`)"),
                )
                .with_hint(hint),
            );
        }
        return None;
    }
    let mut facts: [Option<String>; 4] = Default::default();
    for (n, value) in raw.facts.iter().enumerate() {
        let Some(value) = value else { continue };
        let text = value.value.trim();
        if text.is_empty() {
            errors.push(
                Diagnostic::error(path, source.position_of(value), format!("`{}` is empty", FACT_KEYS[n]))
                    .with_hint("write it in a few plain words, e.g. `sessions: 3 to 6, a month apart`, or remove the line"),
            );
        }
        facts[n] = Some(text.to_string());
    }
    let treats: Vec<Treats> = raw
        .treats
        .map_or(&[][..], |t| &t.value)
        .iter()
        .map(|t| Treats {
            condition: t.condition.value.trim().to_string(),
            at: source.position_of(&t.condition),
            evidence: t.evidence,
            note: t
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from),
        })
        .collect();
    if treats.is_empty() {
        let at = raw.treats.map(|t| source.position_of(t));
        let at = at.or(raw.kind.map(|(_, at)| at)).unwrap_or(source.opening);
        errors.push(
            Diagnostic::error(path, at, "this treatment treats nothing: `treats:` lists no condition")
                .with_hint("list the condition pages it may help under `treats:`, e.g. `- {condition: ../conditions/acne-scars.md, evidence: some}`"),
        );
    }
    let kind_at = raw.kind.map_or(source.opening, |(_, at)| at);
    Some(Box::new(TreatmentFront {
        kind_at,
        treats,
        facts,
    }))
}
