//! schema.org structured data (JSON-LD) for each page, from front matter and site.yaml.

use crate::config::SiteConfig;
use crate::content::Kind;
use crate::content::front_matter::Stage;
use crate::site::{PageNode, Site};
use serde_json::{Value, json};

/// The JSON-LD block of a page, ready to put inside `<script type="application/ld+json">`.
pub fn for_page(site: &Site, index: usize, config: &SiteConfig) -> String {
    let Some(page) = site.page(index) else {
        return String::new();
    };
    let permalink = permalink(config, page.url());
    let mut web_page = json!({
        "@type": "MedicalWebPage",
        "@id": permalink,
        "url": permalink,
        "name": page.title(),
        "inLanguage": config.language,
        "audience": { "@type": "Patient" },
        "isPartOf": { "@type": "WebSite", "name": config.title, "url": config.base_url },
    });
    let fields = web_page.as_object_mut().expect("json! object");
    if let Some(d) = &page.file.front.description {
        fields.insert("description".into(), json!(d));
    }
    if let Some(d) = page.file.front.last_reviewed {
        fields.insert("lastReviewed".into(), json!(d.to_string()));
    }
    if let Some(r) = &page.file.front.reviewed_by {
        let mut person = json!({ "@type": "Person", "name": r.name });
        if let Some(role) = &r.role {
            person["jobTitle"] = json!(role);
        }
        fields.insert("reviewedBy".into(), person);
    }
    if !page.file.front.sources.is_empty() {
        let citations: Vec<Value> = page
            .file
            .front
            .sources
            .iter()
            .map(|s| {
                let mut c = json!({ "@type": "CreativeWork", "name": s.title });
                if let Some(p) = &s.publisher {
                    c["publisher"] = json!({ "@type": "Organization", "name": p });
                }
                if let Some(y) = s.year {
                    c["datePublished"] = json!(y.to_string());
                }
                if let Some(u) = &s.url {
                    c["url"] = json!(u);
                }
                c
            })
            .collect();
        fields.insert("citation".into(), Value::Array(citations));
    }
    if page.kind == Kind::Faq && !page.body.faq.is_empty() {
        fields.insert("@type".into(), json!(["MedicalWebPage", "FAQPage"]));
        fields.insert("mainEntity".into(), crate::faq::main_entity(&page.body.faq));
    }
    if let Some(about) = about(site, page, config) {
        fields.insert("about".into(), about);
    }
    let crumbs: Vec<Value> = site
        .ancestors(index)
        .into_iter()
        .chain(std::iter::once(index))
        .filter_map(|i| site.page(i))
        .enumerate()
        .map(|(n, p)| json!({ "@type": "ListItem", "position": n + 1, "name": p.title(), "item": permalink_of(config, p) }))
        .collect();
    fields.insert(
        "breadcrumb".into(),
        json!({ "@type": "BreadcrumbList", "itemListElement": crumbs }),
    );
    let mut graph = vec![web_page];
    if let Some(clinic) = clinic(config) {
        graph[0]["publisher"] = json!({ "@id": clinic["@id"] });
        graph.push(clinic);
    }
    let doc = json!({ "@context": "https://schema.org", "@graph": graph });
    // `</` inside a script block would end it early.
    serde_json::to_string(&doc)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

fn about(site: &Site, page: &PageNode, config: &SiteConfig) -> Option<Value> {
    let treatment = config.treatment.as_deref();
    let procedure = |t: &str| json!({ "@type": "MedicalProcedure", "name": t, "procedureType": "https://schema.org/PercutaneousProcedure" });
    match page.kind {
        Kind::Condition if !page.is_section() => {
            let mut c = json!({ "@type": "MedicalCondition", "name": page.title() });
            if !page.file.front.also_called.is_empty() {
                c["alternateName"] = json!(page.file.front.also_called);
            }
            if let Some(t) = treatment {
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
