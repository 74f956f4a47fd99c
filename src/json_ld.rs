//! schema.org structured data (JSON-LD) for each page, from front matter and site.yaml.

use crate::config::SiteConfig;
use crate::content::Kind;
use crate::content::front_matter::Stage;
use crate::markdown::FaqEntry;
use crate::site::{PageNode, Site};
use serde::Serialize;
use serde_json::{Value, json};

/// The JSON-LD block of a page, ready to put inside `<script type="application/ld+json">`.
///
/// Written straight from typed structs whose fields are declared in the order
/// serde_json sorts object keys (byte order: `@id` < `@type` < `about` < ...), so the
/// text is exactly what serialising the same data as a `serde_json::Value` gives,
/// without building a tree of maps for every page. A test checks the order holds.
#[cfg(test)]
pub fn for_page(site: &Site, index: usize, config: &SiteConfig) -> String {
    let faq = site.page(index).map_or(&[][..], |p| &p.body.faq);
    for_page_with_faq(site, index, faq, config)
}

/// [`for_page`], with the page's FAQ entries given (for a page whose body `site`
/// does not hold yet).
pub fn for_page_with_faq(
    site: &Site,
    index: usize,
    faq_entries: &[FaqEntry],
    config: &SiteConfig,
) -> String {
    let Some(page) = site.page(index) else {
        return String::new();
    };
    let permalink = permalink(config, page.url());
    let front = &page.file.front;
    let faq = page.kind == Kind::Faq && !faq_entries.is_empty();
    let clinic = clinic(config);
    let crumbs: Vec<ListItem> = site
        .ancestors(index)
        .into_iter()
        .chain(std::iter::once(index))
        .filter_map(|i| site.page(i))
        .enumerate()
        .map(|(n, p)| ListItem {
            kind: "ListItem",
            item: permalink_of(config, p),
            name: p.title(),
            position: n + 1,
        })
        .collect();
    let web_page = WebPage {
        id: &permalink,
        kind: if faq {
            PageType::Faq(["MedicalWebPage", "FAQPage"])
        } else {
            PageType::One("MedicalWebPage")
        },
        about: about(site, index, page, config),
        audience: Typed { kind: "Patient" },
        breadcrumb: BreadcrumbList {
            kind: "BreadcrumbList",
            item_list_element: crumbs,
        },
        citation: front
            .sources
            .iter()
            .map(|s| Citation {
                kind: "CreativeWork",
                date_published: s.year.map(|y| y.to_string()),
                name: &s.title,
                publisher: s.publisher.as_deref().map(|name| Organization {
                    kind: "Organization",
                    name,
                }),
                url: s.url.as_deref(),
            })
            .collect(),
        description: front.description.as_deref(),
        in_language: &config.language,
        is_part_of: WebSite {
            kind: "WebSite",
            name: &config.title,
            url: &config.base_url,
        },
        last_reviewed: front.last_reviewed.map(|d| d.to_string()),
        main_entity: faq.then(|| crate::faq::main_entity(faq_entries)),
        name: page.title(),
        publisher: clinic.as_ref().map(|c| IdRef { id: &c["@id"] }),
        reviewed_by: front.reviewed_by.as_ref().map(|r| Person {
            kind: "Person",
            job_title: r.role.as_deref(),
            name: &r.name,
        }),
        url: &permalink,
    };
    let doc = Document {
        context: "https://schema.org",
        graph: (web_page, clinic.as_ref()),
    };
    let mut json = Vec::with_capacity(2048);
    if serde_json::to_writer(&mut json, &doc).is_err() {
        return String::new();
    }
    let json = String::from_utf8(json).unwrap_or_default();
    // `</` inside a script block would end it early.
    if json.contains("</") {
        json.replace("</", "<\\/")
    } else {
        json
    }
}

// The shapes of the JSON-LD document. Field order is serde_json's key order (byte
// order of the names as written in the output); optional fields are left out when empty.

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph", serialize_with = "graph")]
    graph: (WebPage<'a>, Option<&'a Value>),
}

/// The page, then the clinic when site.yaml names one.
fn graph<S: serde::Serializer>(
    (page, clinic): &(WebPage, Option<&Value>),
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(1 + usize::from(clinic.is_some())))?;
    seq.serialize_element(page)?;
    if let Some(clinic) = clinic {
        seq.serialize_element(clinic)?;
    }
    seq.end()
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: PageType,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<Value>,
    audience: Typed,
    breadcrumb: BreadcrumbList<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Citation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: WebSite<'a>,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    #[serde(rename = "mainEntity", skip_serializing_if = "Option::is_none")]
    main_entity: Option<Value>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<IdRef<'a>>,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<Person<'a>>,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum PageType {
    One(&'static str),
    Faq([&'static str; 2]),
}

#[derive(Serialize)]
struct Typed {
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct IdRef<'a> {
    #[serde(rename = "@id")]
    id: &'a Value,
}

#[derive(Serialize)]
struct WebSite<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Citation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Organization<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct BreadcrumbList<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

fn about(site: &Site, index: usize, page: &PageNode, config: &SiteConfig) -> Option<Value> {
    // With treatment sections, a page's treatment is its own section's.
    let treatments = &site.treatments;
    let treatment = match treatments.is_empty() {
        true => config.treatment.as_deref(),
        false => (treatments.of(index))
            .and_then(|t| site.page(t.page))
            .map(PageNode::title),
    };
    if treatments.list.iter().any(|t| t.page == index) {
        return treatment.map(|t| json!({ "@type": "MedicalTherapy", "name": t }));
    }
    let procedure = |t: &str| json!({ "@type": "MedicalProcedure", "name": t, "procedureType": "https://schema.org/PercutaneousProcedure" });
    match page.kind {
        Kind::Condition if !page.is_section() => {
            let mut c = json!({ "@type": "MedicalCondition", "name": page.title() });
            if !page.file.front.also_called.is_empty() {
                c["alternateName"] = json!(page.file.front.also_called);
            }
            if !treatments.is_empty() {
                let all: Vec<Value> = (treatments.of_condition.get(&index).into_iter().flatten())
                    .filter_map(|l| site.page(treatments.list[l.page].page))
                    .map(|t| json!({ "@type": "MedicalTherapy", "name": t.title(), "url": permalink_of(config, t) }))
                    .collect();
                if !all.is_empty() {
                    c["possibleTreatment"] = json!(all);
                }
            } else if let Some(t) = treatment {
                c["possibleTreatment"] = json!({ "@type": "MedicalTherapy", "name": t });
            }
            Some(c)
        }
        // A step describes one part of the procedure; a phase, what follows it.
        Kind::Step | Kind::Phase if !page.is_section() => treatment.map(|t| {
            let mut p = procedure(t);
            if let Some(d) = &page.file.front.description {
                let key = if page.kind == Kind::Phase {
                    "followup"
                } else {
                    stage_property(page.file.front.stage)
                };
                p[key] = json!(d);
            }
            p
        }),
        // The procedure section gathers its steps' descriptions by stage.
        _ if page.is_section() && page.file.front.page_kind == Some(Kind::Step) => {
            treatment.map(|t| {
                let mut p = procedure(t);
                if let Some(d) = &page.file.front.description {
                    p["description"] = json!(d);
                }
                for &child in &page.children {
                    let Some(step) = site
                        .page(child)
                        .filter(|c| c.kind == Kind::Step && !c.is_section())
                    else {
                        continue;
                    };
                    let Some(d) = &step.file.front.description else {
                        continue;
                    };
                    let key = stage_property(step.file.front.stage);
                    let text = match p.get(key).and_then(Value::as_str) {
                        Some(before) => format!("{before} {d}"),
                        None => d.clone(),
                    };
                    p[key] = json!(text);
                }
                p
            })
        }
        _ => None,
    }
}

/// The schema.org property for a step's stage.
fn stage_property(stage: Option<Stage>) -> &'static str {
    match stage {
        Some(Stage::Before) => "preparation",
        Some(Stage::After) => "followup",
        Some(Stage::During) | None => "howPerformed",
    }
}

fn clinic(config: &SiteConfig) -> Option<Value> {
    let c = config.clinic.as_ref()?;
    let mut v = json!({ "@type": "MedicalClinic", "@id": format!("{}#clinic", config.base_url), "name": c.name });
    if let Some(a) = &c.address {
        v["address"] = json!(a);
    }
    if let Some(t) = &c.telephone {
        v["telephone"] = json!(t);
    }
    if let Some(e) = &c.email {
        v["email"] = json!(e);
    }
    if let Some(u) = &c.url {
        v["url"] = json!(u);
    }
    if let Some(h) = &c.opening_hours {
        v["openingHours"] = json!(h);
    }
    Some(v)
}

/// The absolute URL of a root-relative path.
pub fn permalink(config: &SiteConfig, url: &str) -> String {
    format!("{}{}", config.base_url, url.trim_start_matches('/'))
}

fn permalink_of(config: &SiteConfig, page: &PageNode) -> String {
    permalink(config, page.url())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed structs must give what serialising the same data as a
    /// `serde_json::Value` gives: keys in serde_json's (sorted) order at every level.
    #[test]
    fn keys_are_in_serde_json_order_on_every_bundled_page() {
        let options = crate::BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        let rendered = crate::render_site(&options).expect("the bundled site builds");
        let mut pages = 0;
        for (i, _) in rendered.site.included() {
            let ld = for_page(&rendered.site, i, &rendered.config);
            let value: Value = serde_json::from_str(&ld).expect("valid JSON");
            let canonical = serde_json::to_string(&value).unwrap().replace("</", "<\\/");
            assert_eq!(ld, canonical);
            pages += 1;
        }
        assert!(pages > 10);
    }
}
