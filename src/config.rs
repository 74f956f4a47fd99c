//! `site.yaml`: the clinic's settings for the whole site.

use crate::content::help_box::numbers::{self, HelpNumbers};
use crate::diagnostics::{Diagnostic, Position};
use crate::placeholder::Finding;
use crate::theme::brand::Colour;
use crate::theme::identity::{self, Logo};
use crate::yaml::{self, Spanned, YamlSource};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The name of the settings file in the site folder.
pub const CONFIG_FILE: &str = "site.yaml";

/// The site's settings, as written in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<String>,
    base_url: Spanned<String>,
    language: Spanned<String>,
    #[serde(default)]
    description: Option<Spanned<String>>,
    #[serde(default)]
    treatment: Option<Spanned<String>>,
    #[serde(default)]
    clinic: Option<RawClinic>,
    #[serde(default)]
    reviewers: BTreeMap<String, Reviewer>,
    #[serde(default)]
    emergency_number: Option<Spanned<String>>,
    #[serde(default)]
    urgent_number: Option<Spanned<String>>,
    #[serde(default)]
    example_site: bool,
    #[serde(default)]
    review: ReviewPolicy,
    #[serde(default)]
    readability: Readability,
    #[serde(default)]
    page_weight: PageWeight,
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    search: bool,
    #[serde(default, deserialize_with = "present")]
    logo: Option<Spanned<Option<String>>>,
    #[serde(default, deserialize_with = "present")]
    brand_colour: Option<Spanned<Option<String>>>,
}

/// A key that is written, even with no value (`logo:` alone is an error, not "no logo").
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// The validated settings of a site.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The site's name, shown in the header and the browser tab.
    pub title: String,
    /// Absolute URL of the site root, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/clinic/`), prefixed to every URL.
    pub base_path: String,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// A one-sentence description of the whole site.
    pub description: Option<String>,
    /// The treatment the site is about (for structured data), e.g. "Microneedling".
    pub treatment: Option<String>,
    /// The clinic's contact details.
    pub clinic: Option<Clinic>,
    /// Reviewers that pages name by id in `reviewed_by`.
    pub reviewers: BTreeMap<String, Reviewer>,
    /// How often pages must be reviewed.
    pub review: ReviewPolicy,
    /// The reading level pages should meet.
    pub readability: Readability,
    /// The most a page may weigh (`check` reports heavier ones).
    pub page_weight: PageWeight,
    /// What happens to raw HTML in markdown.
    pub raw_html: RawHtml,
    /// The site has a search page and index (`search: true`; off by default, as a
    /// site of thousands of pages pays for the index on every build and save).
    pub search: bool,
    /// The clinic's logo, shown in the header of every page.
    pub logo: Option<Logo>,
    /// The colour the theme's colours are derived from; `None` keeps the theme's own.
    pub brand_colour: Option<Colour>,
    /// The numbers the help box gives (site.yaml's, or the country's usual ones).
    pub help_numbers: HelpNumbers,
    /// True for an example site (`example_site: true`): every page says so, and
    /// its example and placeholder content is not reported.
    pub example_site: bool,
    /// Example details and placeholder text in site.yaml (see [`crate::placeholder`]).
    pub placeholders: Vec<Finding>,
}

/// The clinic's contact details as written, with where each one is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClinic {
    name: Spanned<String>,
    #[serde(default)]
    address: Option<Spanned<String>>,
    #[serde(default)]
    telephone: Option<Spanned<String>>,
    #[serde(default)]
    email: Option<Spanned<String>>,
    #[serde(default)]
    opening_hours: Option<Spanned<String>>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    country: Option<Spanned<String>>,
}

/// The clinic's contact details.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    /// The clinic's name.
    pub name: String,
    /// Postal address, one string (commas or new lines between parts).
    #[serde(default)]
    pub address: Option<String>,
    /// Telephone number as patients should dial it.
    #[serde(default)]
    pub telephone: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Opening hours in words.
    #[serde(default)]
    pub opening_hours: Option<String>,
    /// The clinic's own website.
    #[serde(default)]
    pub url: Option<String>,
    /// The country the clinic is in, as a two-letter code (`GB`).
    #[serde(default)]
    pub country: Option<String>,
}

/// A person who reviews pages.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    /// Full name.
    pub name: String,
    /// Role, e.g. "Clinical lead".
    #[serde(default)]
    pub role: Option<String>,
}

/// How often pages are reviewed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPolicy {
    /// Months from `last_reviewed` to the next review when a page sets no `next_review`.
    #[serde(default = "default_interval")]
    pub interval_months: u32,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            interval_months: default_interval(),
        }
    }
}

fn default_interval() -> u32 {
    12
}

/// The reading level target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readability {
    /// Highest acceptable Flesch-Kincaid grade.
    #[serde(default = "default_grade")]
    pub max_grade: f64,
}

impl Default for Readability {
    fn default() -> Self {
        Readability {
            max_grade: default_grade(),
        }
    }
}

/// The page weight limit: HTML, CSS, JS and images as a 1280 px wide screen loads them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageWeight {
    /// The most a page may weigh, in KB (1 KB = 1024 bytes).
    #[serde(default = "default_max_kb")]
    pub max_kb: u32,
}

impl Default for PageWeight {
    fn default() -> Self {
        PageWeight {
            max_kb: default_max_kb(),
        }
    }
}

fn default_max_kb() -> u32 {
    500
}

fn default_grade() -> f64 {
    8.0
}

/// What the build does with raw HTML written in markdown.
#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe markup, remove scripts, frames, event handlers (the default).
    #[default]
    Sanitise,
    /// Keep raw HTML as written (the CSP still applies).
    Allow,
}

/// Reads and validates `site.yaml` in `site_dir`.
pub fn load(site_dir: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = site_dir.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => crate::source_text::decode(bytes)
            .map_err(|(position, msg)| vec![Diagnostic::error(CONFIG_FILE, position, msg)])?,
        Err(_) if !site_dir.is_dir() => return Err(vec![no_site_folder(site_dir)]),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(vec![
                Diagnostic::file_error(CONFIG_FILE, "no site.yaml in the site folder").with_hint(
                    "run the command in your site's folder, pass --site DIR, or create one with `clinicsite new DIR`",
                ),
            ]);
        }
        Err(e) => {
            return Err(vec![Diagnostic::file_error(
                CONFIG_FILE,
                format!("cannot read site.yaml: {e}"),
            )]);
        }
    };
    parse_in(&text, Some(site_dir))
}

/// The site folder is missing (or is a file): said about the folder, not its site.yaml.
fn no_site_folder(site_dir: &Path) -> Diagnostic {
    let shown = site_dir.display().to_string();
    if site_dir.exists() {
        return Diagnostic::file_error(&shown, "this is a file, not a site folder")
            .with_hint("pass the folder that holds site.yaml with --site DIR");
    }
    Diagnostic::file_error(&shown, "the site folder does not exist").with_hint(format!(
        "check the folder's name, pass the folder that holds site.yaml with --site DIR, or start a new site there with `clinicsite new {shown}`"
    ))
}

/// How the values that take a fixed form are written, for the messages when they are not.
const FORMS: &[yaml::Form] = &[
    yaml::Form {
        path: "reviewers",
        hint: "give each reviewer an id and write one line per reviewer under `reviewers:`, e.g. `clinical-lead: {name: ..., role: ...}`; a page names the id in `reviewed_by: clinical-lead`",
    },
    yaml::Form {
        path: "reviewers.*",
        hint: "write `{key}: {name: ..., role: ...}`",
    },
];

/// Parses the text of a site.yaml; a `logo` is looked for in the theme only.
#[cfg(test)]
pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    parse_in(text, None)
}

/// Parses the text of a site.yaml of the site in `site_dir`.
fn parse_in(text: &str, site_dir: Option<&Path>) -> Result<SiteConfig, Vec<Diagnostic>> {
    let source = YamlSource {
        text,
        path: CONFIG_FILE,
        first_line: 1,
        opening: Position::start(),
        key_noun: "site.yaml key",
    };
    let raw: RawConfig = yaml::parse_with_forms(&source, FORMS).map_err(|d| vec![d])?;
    let mut errors = Vec::new();

    let base_url = raw.base_url.value.trim().to_string();
    let base_path = match base_path_of(&base_url) {
        Some(p) => p,
        None => {
            errors.push(
                Diagnostic::error(CONFIG_FILE, source.position_of(&raw.base_url), format!("`base_url` is not an absolute URL: `{base_url}`"))
                    .with_hint("write the address where the site will live, e.g. `https://www.example-clinic.org/`"),
            );
            "/".to_string()
        }
    };
    let language = raw.language.value.trim().to_string();
    if !is_language_tag(&language) {
        errors.push(
            Diagnostic::error(
                CONFIG_FILE,
                source.position_of(&raw.language),
                format!("`language` is not a language tag: `{language}`"),
            )
            .with_hint("use a tag such as `en`, `en-GB` or `fr`"),
        );
    }
    fn value<'v>(source: &YamlSource, v: &'v Spanned<Option<String>>) -> identity::Value<'v> {
        identity::Value {
            text: v.value.as_deref(),
            position: source.position_of(v),
            file: CONFIG_FILE,
        }
    }
    let logo = raw.logo.as_ref().and_then(|v| {
        identity::logo(value(&source, v), site_dir)
            .map_err(|e| errors.push(e))
            .ok()
    });
    let brand_colour = raw.brand_colour.as_ref().and_then(|v| {
        identity::brand_colour(value(&source, v))
            .map_err(|e| errors.push(e))
            .ok()
    });
    let clinic = raw
        .clinic
        .as_ref()
        .map(|c| clinic_of(c, &source, &mut errors));
    let help_numbers = help_numbers(&raw, clinic.as_ref(), &language, &source, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let placeholders = placeholders(&raw, &source);
    let base_url = if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    };
    Ok(SiteConfig {
        title: raw.title.value,
        base_url,
        base_path,
        language,
        description: raw.description.map(|d| d.value),
        treatment: raw.treatment.map(|t| t.value),
        clinic,
        reviewers: raw.reviewers,
        review: raw.review,
        readability: raw.readability,
        page_weight: raw.page_weight,
        raw_html: raw.raw_html,
        search: raw.search,
        logo,
        brand_colour,
        help_numbers,
        example_site: raw.example_site,
        placeholders,
    })
}

/// The clinic's details, its country checked.
fn clinic_of(raw: &RawClinic, source: &YamlSource, errors: &mut Vec<Diagnostic>) -> Clinic {
    let text = |v: &Option<Spanned<String>>| v.as_ref().map(|v| v.value.clone());
    let country = raw.country.as_ref().and_then(|c| {
        let code = numbers::country_code(&c.value);
        if code.is_none() {
            errors.push(
                Diagnostic::error(CONFIG_FILE, source.position_of(c), format!("`country` is not a two-letter country code: `{}`", c.value))
                    .with_hint("write the country's ISO code, e.g. `GB` for the United Kingdom, `US`, `IE` or `FR`"),
            );
        }
        code
    });
    Clinic {
        name: raw.name.value.clone(),
        address: text(&raw.address),
        telephone: text(&raw.telephone),
        email: text(&raw.email),
        opening_hours: text(&raw.opening_hours),
        url: text(&raw.url),
        country,
    }
}

/// The help box's numbers: as written, else the usual ones of the clinic's
/// country (or of the language's region).
fn help_numbers(
    raw: &RawConfig,
    clinic: Option<&Clinic>,
    language: &str,
    source: &YamlSource,
    errors: &mut Vec<Diagnostic>,
) -> HelpNumbers {
    let country = clinic
        .and_then(|c| c.country.clone())
        .or_else(|| numbers::region_of(language));
    let mut found = numbers::defaults(country.as_deref());
    let mut number = |key: &str, value: &Option<Spanned<String>>| {
        let value = value.as_ref()?;
        if numbers::is_phone_number(&value.value) {
            return Some(value.value.trim().to_string());
        }
        errors.push(
            Diagnostic::error(
                CONFIG_FILE,
                source.position_of(value),
                format!("`{key}` is not a telephone number: `{}`", value.value),
            )
            .with_hint("write the number as patients dial it, in quotes, e.g. \"999\""),
        );
        None
    };
    if let Some(n) = number("emergency_number", &raw.emergency_number) {
        found.emergency = n;
    }
    if let Some(n) = number("urgent_number", &raw.urgent_number) {
        found.urgent = Some(n);
    }
    found
}

/// Example clinic details and placeholder text in site.yaml.
fn placeholders(raw: &RawConfig, source: &YamlSource) -> Vec<Finding> {
    let mut found = Vec::new();
    let text = |value: &Spanned<String>| {
        crate::placeholder::in_value(&value.value, source.position_of(value))
    };
    found.extend(text(&raw.title));
    found.extend(raw.description.as_ref().and_then(text));
    found.extend(raw.treatment.as_ref().and_then(text));
    let mut details: Vec<(&str, &Spanned<String>)> = Vec::new();
    if let Some(c) = &raw.clinic {
        details.push(("name", &c.name));
        let optional = [
            ("address", &c.address),
            ("telephone", &c.telephone),
            ("email", &c.email),
            ("url", &c.url),
        ];
        details.extend(
            optional
                .into_iter()
                .filter_map(|(k, v)| Some((k, v.as_ref()?))),
        );
    }
    for (key, value) in details {
        if crate::placeholder::is_example_detail(&value.value) {
            found.push(example(
                &format!("the clinic's {key}"),
                &value.value,
                source.position_of(value),
            ));
        } else {
            found.extend(text(value));
        }
    }
    found
}

fn example(what: &str, value: &str, position: Position) -> Finding {
    Finding::new(
        position,
        format!("{what} is an example, not a real one: `{value}`"),
        "write your clinic's own details in site.yaml; a site that is only an example says `example_site: true`",
    )
}

/// `https://a.org/clinic` -> `/clinic/`; `None` when not an http(s) URL.
fn base_path_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    if host_end == 0 || rest.contains(char::is_whitespace) {
        return None;
    }
    let path = rest[host_end..].trim_matches('/');
    Some(if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    })
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && tag
            .split('-')
            .next()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url() {
        assert_eq!(base_path_of("https://example.org").as_deref(), Some("/"));
        assert_eq!(
            base_path_of("https://example.org/clinic").as_deref(),
            Some("/clinic/")
        );
        assert_eq!(
            base_path_of("https://example.org/a/b/").as_deref(),
            Some("/a/b/")
        );
        assert_eq!(base_path_of("example.org"), None);
    }

    #[test]
    fn minimal_config_and_normalised_base_url() {
        let c = parse("title: T\nbase_url: https://example.org/clinic\nlanguage: en-GB\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/clinic/");
        assert_eq!(c.base_path, "/clinic/");
        assert_eq!(c.review.interval_months, 12);
        assert_eq!(c.raw_html, RawHtml::Sanitise);
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let e =
            parse("title: T\nbase_url: https://e.org/\nlanguage: en\nreviewrs: {}\n").unwrap_err();
        assert_eq!(
            e[0].message,
            "unknown site.yaml key `reviewrs`; did you mean `reviewers`?"
        );
        assert_eq!(e[0].position, Some(Position::new(4, 1)));
    }

    #[test]
    fn bad_base_url_points_at_value() {
        let e = parse("title: T\nbase_url: example.org\nlanguage: en\n").unwrap_err();
        assert_eq!(e[0].position, Some(Position::new(2, 11)));
    }

    const MINIMAL: &str = "title: T\nbase_url: https://e.org/\nlanguage: en\n";

    #[test]
    fn brand_colour_is_read_and_checked_where_it_is_written() {
        let c = parse(&format!("{MINIMAL}brand_colour: \"#2A6F6B\"\n")).unwrap();
        assert_eq!(
            c.brand_colour.map(crate::theme::brand::hex).as_deref(),
            Some("#2a6f6b")
        );
        assert_eq!(parse(MINIMAL).unwrap().brand_colour, None);

        let e = parse(&format!("{MINIMAL}brand_colour: \"#f5d000\"\n")).unwrap_err();
        assert_eq!(
            e[0].to_string().lines().next().unwrap(),
            "site.yaml:4:15: error: `brand_colour` #f5d000 has contrast 1.5:1 against white; links and buttons need at least 4.5:1"
        );
    }

    #[test]
    fn an_unquoted_brand_colour_is_a_comment_and_an_error() {
        let e = parse(&format!("{MINIMAL}brand_colour: #2a6f6b\n")).unwrap_err();
        assert_eq!(e[0].message, "`brand_colour` has no value");
        assert_eq!(e[0].position.map(|p| p.line), Some(4));
    }

    #[test]
    fn logo_and_brand_colour_errors_are_reported_together() {
        let e = parse(&format!(
            "{MINIMAL}logo: images/missing.svg\nbrand_colour: \"#ffff00\"\n"
        ))
        .unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0].message,
            "`logo` `images/missing.svg` is not in the static folder"
        );
        assert_eq!(e[0].position, Some(Position::new(4, 7)));
        assert_eq!(e[1].position, Some(Position::new(5, 15)));
    }
}
