//! The link stage's part for treatments: each treatment's `treats:` entries
//! resolved to condition pages (checked like any link), and the writer's
//! mistakes, each typed, at the `file:line:col` of the entry.

use super::front::Treats;
use super::{Link, Treatment};
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, Position};
use crate::site::Site;
use std::collections::HashMap;

/// A mistake in how treatments are set up.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TreatmentError {
    #[error("`{written}` is not a page: there is no `content/{resolved}`")]
    Missing {
        written: String,
        resolved: String,
        closest: Option<String>,
    },
    #[error("`{written}` goes above the `content` folder")]
    OutsideContent { written: String },
    #[error("`{written}` is not a condition page (its kind is `{kind}`)")]
    NotCondition { written: String, kind: &'static str },
    #[error("`{written}` is a draft")]
    Draft { written: String },
    #[error("`{written}` is listed twice in `treats:`")]
    Twice { written: String },
    #[error("two treatments are called `{slug}`: `{other}` and this one")]
    SameSlug { slug: String, other: String },
    #[error("this page's address {url} is the one a page the treatments make needs")]
    AddressTaken { url: String },
}

impl TreatmentError {
    /// What the writer can do about it.
    fn hint(&self) -> String {
        match self {
            TreatmentError::Missing { closest: Some(c), .. } => {
                format!("did you mean `/{c}`? write the condition's file, relative to this folder or from `content/` with a leading `/`")
            }
            TreatmentError::Missing { .. } | TreatmentError::OutsideContent { .. } => {
                "write the condition's file, relative to this folder (`../conditions/acne-scars.md`) or from `content/` (`/conditions/acne-scars.md`)".into()
            }
            TreatmentError::NotCondition { .. } => {
                "list only condition pages under `treats:`: pages with `kind: condition`, or in a section with `page_kind: condition`".into()
            }
            TreatmentError::Draft { .. } => {
                "publish that condition (remove `draft: true`), remove the entry, or build with --drafts".into()
            }
            TreatmentError::Twice { .. } => "keep one of the two entries".into(),
            TreatmentError::AddressTaken { .. } => {
                "rename this file: with `kind: treatment` sections, the site makes this page itself".into()
            }
            TreatmentError::SameSlug { .. } => {
                "rename one of the two folders: a treatment's folder name is its short name (slug) in the site".into()
            }
        }
    }

    /// The message at `path`, `at`.
    pub fn at(&self, path: &str, at: Position) -> Diagnostic {
        Diagnostic::error(path, at, self.to_string()).with_hint(self.hint())
    }
}

/// The treatments of `site` (treatment sections in this build, in page order),
/// with their `treats:` resolved; every mistake goes to `diagnostics`.
pub(super) fn treatments(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Vec<Treatment> {
    // A site of one implied treatment (the usual case) pays for one look at each page.
    if !site
        .included()
        .any(|(_, p)| p.file.front.treatment.is_some())
    {
        return Vec::new();
    }
    let by_path: HashMap<&str, usize> = (site.pages.iter().enumerate())
        .filter_map(|(i, p)| Some((p.as_ref()?.file.source.content_path.as_str(), i)))
        .collect();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    let mut list = Vec::new();
    for (index, page) in site.included() {
        let Some(front) = page.file.front.treatment.as_deref() else {
            continue;
        };
        let path = &page.file.source.display_path;
        let folder = folder_of(&page.file.source.content_path);
        let slug = folder.rsplit('/').next().unwrap_or(folder).to_string();
        if let Some(&other) = slugs.get(&slug) {
            let other = site.page(other).map_or("", |p| &p.file.source.display_path);
            let error = TreatmentError::SameSlug {
                slug: slug.clone(),
                other: other.to_string(),
            };
            diagnostics.push(error.at(path, front.kind_at));
            continue;
        }
        slugs.insert(slug.clone(), index);
        let mut treats: Vec<Link> = Vec::new();
        for entry in &front.treats {
            match condition(site, &by_path, folder, entry) {
                Ok(page) if treats.iter().any(|t| t.page == page) => {
                    let error = TreatmentError::Twice {
                        written: entry.condition.clone(),
                    };
                    diagnostics.push(error.at(path, entry.at));
                }
                Ok(page) => treats.push(Link {
                    page,
                    evidence: entry.evidence,
                    note: entry.note.clone(),
                }),
                Err(error) => diagnostics.push(error.at(path, entry.at)),
            }
        }
        list.push(Treatment {
            page: index,
            slug,
            treats,
        });
    }
    list
}

/// The condition page `entry` names, written in the folder `folder`.
fn condition(
    site: &Site,
    by_path: &HashMap<&str, usize>,
    folder: &str,
    entry: &Treats,
) -> Result<usize, TreatmentError> {
    let written = entry.condition.clone();
    let (dir, rel) = match written.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (folder, written.as_str()),
    };
    let Some(resolved) = crate::links::paths::normalise(dir, rel) else {
        return Err(TreatmentError::OutsideContent { written });
    };
    let Some(&index) = by_path.get(resolved.as_str()) else {
        let closest = crate::links::suggest::closest_page(&resolved, by_path.keys().copied())
            .map(String::from);
        return Err(TreatmentError::Missing {
            written,
            resolved,
            closest,
        });
    };
    let Some(page) = site.page(index) else {
        // A page whose front matter failed has its own message.
        return Ok(index);
    };
    if page.kind != Kind::Condition || page.is_section() {
        let kind = if page.is_section() {
            "section"
        } else {
            page.kind.name()
        };
        return Err(TreatmentError::NotCondition { written, kind });
    }
    if !page.included {
        return Err(TreatmentError::Draft { written });
    }
    Ok(index)
}

/// The folder of a content path (`microneedling` for `microneedling/_index.md`).
fn folder_of(content_path: &str) -> &str {
    content_path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The conditions' treatments: per condition page, every treatment that treats it,
/// by the treatment's title.
pub(super) fn by_condition(site: &Site, list: &[Treatment]) -> HashMap<usize, Vec<Link>> {
    let mut map: HashMap<usize, Vec<Link>> = HashMap::new();
    for (n, treatment) in list.iter().enumerate() {
        for link in &treatment.treats {
            map.entry(link.page).or_default().push(Link {
                page: n,
                evidence: link.evidence,
                note: link.note.clone(),
            });
        }
    }
    let title = |n: usize| site.page(list[n].page).map(|p| p.title().to_lowercase());
    for links in map.values_mut() {
        links.sort_by_cached_key(|l| (title(l.page), l.page));
    }
    map
}
