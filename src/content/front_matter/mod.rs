//! Splitting a markdown file into front matter and body, and reading the front matter.

mod fences;
mod reviewer;
mod values;

pub(crate) use fences::{Split, split};
pub use values::Kind;
pub use values::parse_date;
pub(crate) use values::{Source, Stage};

use crate::config::{Reviewer, SiteConfig};
use crate::content::help_box::HelpBox;
use crate::diagnostics::{Diagnostic, Position};
use crate::placeholder::{self, Finding};
use crate::yaml::{self, Spanned, YamlSource};
use jiff::civil::Date;
use reviewer::{ReviewerRef, resolve_reviewer};
use serde::{Deserialize, Serialize};

/// The front matter exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Spanned<String>,
    #[serde(default)]
    description: Option<Spanned<String>>,
    #[serde(default)]
    kind: Option<Spanned<Kind>>,
    #[serde(default)]
    page_kind: Option<Spanned<Kind>>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    reviewed_by: Option<Spanned<ReviewerRef>>,
    #[serde(default)]
    last_reviewed: Option<Spanned<String>>,
    #[serde(default)]
    next_review: Option<Spanned<String>>,
    #[serde(default)]
    sources: Vec<Spanned<Source>>,
    #[serde(default)]
    when: Option<Spanned<String>>,
    #[serde(default)]
    also_called: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    stage: Option<Spanned<Stage>>,
    #[serde(default)]
    template: Option<Spanned<String>>,
    #[serde(default)]
    help_box: Option<Spanned<bool>>,
    #[serde(default)]
    questions: Option<Spanned<Vec<crate::questionnaire::raw::RawQuestion>>>,
    #[serde(default)]
    outcomes: Option<Spanned<Vec<crate::questionnaire::raw::RawOutcome>>>,
    #[serde(default)]
    rules: Option<Spanned<Vec<crate::questionnaire::raw::RawRule>>>,
    #[serde(default)]
    treats: Option<Spanned<Vec<crate::treatments::front::RawTreats>>>,
    #[serde(default)]
    sessions: Option<Spanned<String>>,
    #[serde(default)]
    downtime: Option<Spanned<String>>,
    #[serde(default)]
    discomfort: Option<Spanned<String>>,
    #[serde(default)]
    results_after: Option<Spanned<String>>,
}

/// Validated front matter of one page. Serialisable so a build can keep it for
/// the next one (see [`crate::pipeline`]); a page with a questionnaire or
/// warnings is read again each time, so those two are not kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FrontMatter {
    /// The page title (its h1).
    pub(crate) title: String,
    /// Meta description.
    pub(crate) description: Option<String>,
    /// The page's kind; `None` when it inherits the section's `page_kind`.
    pub(crate) kind: Option<Kind>,
    /// For sections: the default kind of their pages.
    pub(crate) page_kind: Option<Kind>,
    /// Order within a section (lower first).
    pub(crate) weight: Option<i64>,
    /// Drafts are left out unless `--drafts` is given.
    pub(crate) draft: bool,
    /// Who reviewed the page.
    pub(crate) reviewed_by: Option<Reviewer>,
    /// When it was last reviewed.
    pub(crate) last_reviewed: Option<Date>,
    /// When it must be reviewed next, as written.
    pub(crate) next_review: Option<Date>,
    /// Sources the page cites.
    pub(crate) sources: Vec<Source>,
    /// For healing phases: when the phase happens ("Days 1 to 3").
    pub(crate) when: Option<String>,
    /// For conditions: other names for it.
    pub(crate) also_called: Vec<String>,
    /// For procedure steps: before, during or after the treatment.
    pub(crate) stage: Option<Stage>,
    /// Where kind-specific keys (`when`, `also_called`, `stage`) were written,
    /// checked once the page's kind is known.
    #[serde(with = "kind_key_names")]
    pub(crate) kind_keys: Vec<(&'static str, Position)>,
    /// A template chosen by the writer, and where it was written.
    pub(crate) template: Option<(String, Position)>,
    /// Whether the page shows the help box (`help_box:`), and where that was written.
    pub(crate) help_box: Option<(bool, Position)>,
    /// Where `last_reviewed` was written.
    pub(crate) last_reviewed_at: Option<Position>,
    /// Placeholder text in the front matter (and, for the help box file, its body).
    pub(crate) placeholders: Vec<Finding>,
    /// For the help box file (`kind: help`): the box, read from its body.
    pub(crate) help: Option<HelpBox>,
    /// The line of the opening `---`.
    pub(crate) opening: Position,
    /// For a treatment section (`kind: treatment`): what it treats and its facts.
    pub(crate) treatment: Option<Box<crate::treatments::front::TreatmentFront>>,
    /// For questionnaire pages: the validated questionnaire.
    #[serde(skip)]
    pub(crate) questionnaire: Option<crate::questionnaire::Questionnaire>,
    /// Warnings about the front matter (they do not stop the build).
    #[serde(skip)]
    pub(crate) warnings: Vec<Diagnostic>,
}

impl FrontMatter {
    /// The front matter of a page the site makes itself (no file of its own),
    /// shown with `template`.
    pub(crate) fn generated(title: String, description: String, template: &str) -> FrontMatter {
        FrontMatter {
            title,
            description: Some(description),
            kind: None,
            page_kind: None,
            weight: Some(i64::MAX),
            draft: false,
            reviewed_by: None,
            last_reviewed: None,
            next_review: None,
            sources: Vec::new(),
            when: None,
            also_called: Vec::new(),
            stage: None,
            kind_keys: Vec::new(),
            template: Some((template.to_string(), Position::start())),
            help_box: None,
            last_reviewed_at: None,
            placeholders: Vec::new(),
            help: None,
            opening: Position::start(),
            treatment: None,
            questionnaire: None,
            warnings: Vec::new(),
        }
    }
}

/// The names in [`FrontMatter::kind_keys`] are the front matter's own key names;
/// read back, each maps to the same static text.
mod kind_key_names {
    use crate::diagnostics::Position;
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    const NAMES: [&str; 3] = ["when", "also_called", "stage"];

    pub(crate) fn serialize<S: Serializer>(
        keys: &[(&'static str, Position)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        keys.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(&'static str, Position)>, D::Error> {
        let keys: Vec<(String, Position)> = Vec::deserialize(deserializer)?;
        keys.into_iter()
            .map(|(key, position)| match NAMES.iter().find(|n| **n == key) {
                Some(name) => Ok((*name, position)),
                None => Err(D::Error::custom(format!("unknown key `{key}`"))),
            })
            .collect()
    }
}

/// Reads and checks the front matter of the file at `path`.
pub(crate) fn parse(
    split: &Split,
    path: &str,
    is_section: bool,
    config: &SiteConfig,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let source = YamlSource {
        text: split.yaml,
        path,
        first_line: split.yaml_first_line,
        opening: Position::start(),
        key_noun: "front matter key",
    };
    let raw: RawFrontMatter =
        yaml::parse(&source).map_err(|d| vec![keys_allowed(d, is_section)])?;
    let mut errors = Vec::new();
    let at = |s: &serde_saphyr::Location| source.position(s);

    if raw.title.value.trim().is_empty() {
        errors.push(
            Diagnostic::error(path, at(&raw.title.referenced), "the title is empty")
                .with_hint("write the page's title after `title:`"),
        );
    }
    let treatment_kind = |k: &Spanned<Kind>| k.value == Kind::Treatment;
    if let (true, Some(kind)) = (is_section, raw.kind.as_ref().filter(|k| !treatment_kind(k))) {
        errors.push(
            Diagnostic::error(
                path,
                at(&kind.referenced),
                "a section's `_index.md` cannot set `kind`",
            )
            .with_hint("use `page_kind:` to set the kind of the pages in this section (a section's own kind can only be `treatment`)"),
        );
    }
    if let (false, Some(kind)) = (is_section, raw.kind.as_ref().filter(|k| treatment_kind(k))) {
        errors.push(
            Diagnostic::error(path, at(&kind.referenced), "`kind: treatment` is only for a section's `_index.md`")
                .with_hint("a treatment is a folder: move this front matter into the folder's `_index.md`, with the treatment's steps, phases, FAQ and questionnaire inside the folder"),
        );
    }
    if let Some(pk) = raw.page_kind.as_ref().filter(|k| treatment_kind(k)) {
        errors.push(
            Diagnostic::error(
                path,
                at(&pk.referenced),
                "`page_kind` cannot be `treatment`",
            )
            .with_hint("set `kind: treatment` in the `_index.md` of each treatment's own folder"),
        );
    }
    if let (false, Some(pk)) = (is_section, &raw.page_kind) {
        errors.push(
            Diagnostic::error(
                path,
                at(&pk.referenced),
                "only a section's `_index.md` can set `page_kind`",
            )
            .with_hint("use `kind:` to set this page's kind"),
        );
    }
    let kind = raw.kind.as_ref().map(|k| k.value);
    if let Some(when) = &raw.when
        && when.value.trim().is_empty()
    {
        errors.push(
            Diagnostic::error(path, at(&when.referenced), "`when` is empty")
                .with_hint("write when the phase happens, e.g. `when: Days 1 to 3`"),
        );
    }
    let reviewed_by =
        raw.reviewed_by
            .as_ref()
            .and_then(|r| match resolve_reviewer(&r.value, config) {
                Ok(reviewer) => Some(reviewer),
                Err((message, hint)) => {
                    errors
                        .push(Diagnostic::error(path, at(&r.referenced), message).with_hint(hint));
                    None
                }
            });
    let mut date = |value: &Option<Spanned<String>>, key: &str| {
        let value = value.as_ref()?;
        match parse_date(&value.value) {
            Some(d) => Some(d),
            None => {
                errors.push(
                    Diagnostic::error(
                        path,
                        at(&value.referenced),
                        format!("`{key}` is not a valid date: `{}`", value.value),
                    )
                    .with_hint("write dates as YYYY-MM-DD, e.g. 2026-11-01"),
                );
                None
            }
        }
    };
    let last_reviewed = date(&raw.last_reviewed, "last_reviewed");
    let next_review = date(&raw.next_review, "next_review");
    for source_entry in &raw.sources {
        let s = &source_entry.value;
        if s.title.trim().is_empty() {
            errors.push(
                Diagnostic::error(
                    path,
                    at(&source_entry.referenced),
                    "a source has an empty title",
                )
                .with_hint("write the title of the article or page"),
            );
        }
        if let Some(url) = &s.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            errors.push(
                Diagnostic::error(
                    path,
                    at(&source_entry.referenced),
                    format!("the source's url is not a web address: `{url}`"),
                )
                .with_hint("write the full address, starting with https://"),
            );
        }
    }
    if let (Some(last), Some(next)) = (last_reviewed, next_review)
        && next <= last
        && let Some(n) = &raw.next_review
    {
        errors.push(
            Diagnostic::error(
                path,
                at(&n.referenced),
                "`next_review` is not after `last_reviewed`",
            )
            .with_hint("the next review must come after the last one"),
        );
    }
    let mut warnings = Vec::new();
    let has_questionnaire_keys =
        raw.questions.is_some() || raw.outcomes.is_some() || raw.rules.is_some();
    let questionnaire = if kind == Some(Kind::Questionnaire) {
        let data = crate::questionnaire::raw::RawQuestionnaire {
            questions: raw.questions.clone(),
            outcomes: raw.outcomes.clone(),
            rules: raw.rules.clone(),
        };
        match crate::questionnaire::validate(&data, &source) {
            Ok((q, w)) => {
                warnings.extend(w);
                Some(q)
            }
            Err(e) => {
                errors.extend(e);
                None
            }
        }
    } else {
        if has_questionnaire_keys {
            let key = [
                ("questions", raw.questions.as_ref().map(|q| q.referenced)),
                ("outcomes", raw.outcomes.as_ref().map(|q| q.referenced)),
                ("rules", raw.rules.as_ref().map(|q| q.referenced)),
            ]
            .into_iter()
            .find_map(|(k, l)| l.map(|l| (k, l)));
            if let Some((key, location)) = key {
                errors.push(
                    Diagnostic::error(
                        path,
                        at(&location),
                        format!("`{key}` is only for questionnaire pages"),
                    )
                    .with_hint("add `kind: questionnaire` to this page's front matter"),
                );
            }
        }
        None
    };
    let treatment = crate::treatments::front::read(
        crate::treatments::front::RawTreatment {
            treats: raw.treats.as_ref(),
            facts: [
                &raw.sessions,
                &raw.downtime,
                &raw.discomfort,
                &raw.results_after,
            ]
            .map(Option::as_ref),
            kind: raw.kind.as_ref().map(|k| (k.value, at(&k.referenced))),
            is_section,
        },
        &source,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut placeholders = Vec::new();
    let mut look = |value: &str, location: &serde_saphyr::Location| {
        placeholders.extend(placeholder::in_value(value, at(location)));
    };
    look(&raw.title.value, &raw.title.referenced);
    if let Some(d) = &raw.description {
        look(&d.value, &d.referenced);
    }
    if let Some(w) = &raw.when {
        look(&w.value, &w.referenced);
    }
    for entry in &raw.sources {
        let s = &entry.value;
        let fields = [Some(&s.title), s.publisher.as_ref(), s.url.as_ref()];
        if fields
            .into_iter()
            .flatten()
            .any(|f| placeholder::in_text(f).is_some())
        {
            let message = "this source is a placeholder, not a real one";
            let hint = "cite the real source: its title, publisher, year and address";
            placeholders.push(Finding::new(at(&entry.referenced), message, hint));
        }
    }
    let kind_keys = [
        ("when", raw.when.as_ref().map(|v| v.referenced)),
        (
            "also_called",
            raw.also_called.as_ref().map(|v| v.referenced),
        ),
        ("stage", raw.stage.as_ref().map(|v| v.referenced)),
    ]
    .into_iter()
    .filter_map(|(k, l)| l.map(|l| (k, source.position(&l))))
    .collect();
    Ok(FrontMatter {
        questionnaire,
        warnings,
        title: raw.title.value.trim().to_string(),
        description: raw
            .description
            .map(|d| d.value.trim().to_string())
            .filter(|d| !d.is_empty()),
        kind,
        page_kind: raw.page_kind.map(|k| k.value),
        weight: raw.weight,
        draft: raw.draft,
        reviewed_by,
        last_reviewed,
        next_review,
        sources: raw.sources.into_iter().map(|s| s.value).collect(),
        when: raw.when.map(|w| w.value.trim().to_string()),
        kind_keys,
        stage: raw.stage.map(|s| s.value),
        also_called: raw.also_called.map(|a| a.value).unwrap_or_default(),
        template: raw
            .template
            .map(|t| (t.value.trim().to_string(), source.position(&t.referenced))),
        help_box: raw
            .help_box
            .map(|h| (h.value, source.position(&h.referenced))),
        last_reviewed_at: raw.last_reviewed.map(|d| source.position(&d.referenced)),
        placeholders,
        help: None,
        opening: Position::start(),
        treatment,
    })
}

/// An unknown key's hint names the keys allowed here: a treatment's own keys
/// only in a section's `_index.md`, where a treatment can be.
fn keys_allowed(mut problem: Diagnostic, is_section: bool) -> Diagnostic {
    const PREFIX: &str = "the keys allowed here are: ";
    if is_section {
        return problem;
    }
    let Some(list) = problem.hint.as_deref().and_then(|h| h.strip_prefix(PREFIX)) else {
        return problem;
    };
    let keys: Vec<String> = (list.split(", "))
        .filter(|k| !crate::treatments::front::KEYS.contains(k))
        .map(String::from)
        .collect();
    problem.hint = Some(format!("{PREFIX}{}", keys.join(", ")));
    // The suggestion, too, is one of the keys allowed here.
    if let Some((start, _)) = problem.message.split_once("; did you mean `") {
        let start = start.to_string();
        let key = start.rsplit('`').nth(1).unwrap_or("");
        problem.message = match crate::yaml::suggest(key, &keys) {
            Some(best) => format!("{start}; did you mean `{best}`?"),
            None => start,
        };
    }
    problem
}
