//! The search index as same-origin script files (the CSP's `connect-src 'none'`
//! allows no `fetch`, but `script-src 'self'` runs a script the page adds):
//!
//! - `search/data/index.<hash>.js`: the stop words, which shard holds the terms
//!   of each prefix, and the name of the page list;
//! - `search/data/pages.<hash>.js`: the pages (URL, title, description);
//! - `search/data/t.<hash>.js`, one per prefix: the prefix, and each term with the pages it is on
//!   (page numbers as gaps from the last one) and its weight there.
//!
//! Each file calls `__clinicsiteSearch.index(...)`, `.pages(...)` or `.shard(...)`, defined by
//! `js/search.js`. A shard is named by a hash of its contents, so an edit
//! changes only the shards of the terms it touched, and every file can be kept
//! by browsers for good.

use super::terms::{PageTerms, each_term};
use rustc_hash::FxHashMap;
use std::fmt::Write;

/// What a title's terms add to their weight.
const TITLE: u16 = 24;
/// What a description's terms add to their weight.
const DESCRIPTION: u16 = 6;
/// A shard over this many bytes is split by one more character of its terms.
const SHARD_BYTES: usize = 48 * 1024;
/// Shards are put together in one file up to this many bytes (a small site's
/// index is then a few files, not one per prefix).
const FILE_BYTES: usize = 16 * 1024;
/// Longest prefix a shard is split to.
const MAX_PREFIX: usize = 6;

/// The folder the index is written to.
pub(crate) const DIR: &str = "search/data/";

/// One page as the index lists it.
pub(crate) struct IndexPage<'a> {
    /// Its URL, with the site's base path.
    pub url: String,
    /// Its title.
    pub title: &'a str,
    /// Its description, if it has one.
    pub description: Option<&'a str>,
    /// Its body's terms.
    pub terms: &'a PageTerms,
}

/// The index's files: (output path, contents), the index file first.
pub(crate) struct IndexFiles {
    /// Output path of the index file (`search/index.<hash>.js`).
    pub index_path: String,
    /// Every file, the index file first.
    pub files: Vec<(String, String)>,
}

/// Builds the index of `pages` (in the order they are listed), leaving out the
/// terms in `stop`.
pub(crate) fn build(pages: &[IndexPage], stop: &[&str]) -> IndexFiles {
    let mut postings: FxHashMap<&str, Vec<(u32, u8)>> = FxHashMap::default();
    let mut extra_terms: Vec<Vec<(String, u16)>> = Vec::with_capacity(pages.len());
    for page in pages {
        let mut extra: FxHashMap<String, u16> = FxHashMap::default();
        each_term(page.title, stop, |t| {
            *extra.entry(t.into()).or_default() = TITLE
        });
        if let Some(d) = page.description {
            each_term(d, stop, |t| {
                let w = extra.entry(t.into()).or_default();
                *w = (*w).max(DESCRIPTION);
            });
        }
        extra_terms.push(extra.into_iter().collect());
    }
    for (id, (page, extra)) in pages.iter().zip(&extra_terms).enumerate() {
        let id = id as u32;
        let mut extra_of: FxHashMap<&str, (u16, bool)> = extra
            .iter()
            .map(|(t, w)| (t.as_str(), (*w, false)))
            .collect();
        for (term, weight) in page.terms.iter() {
            let mut w = u16::from(weight);
            if let Some((more, used)) = extra_of.get_mut(term) {
                w += *more;
                *used = true;
            }
            postings
                .entry(term)
                .or_default()
                .push((id, w.min(255) as u8));
        }
        for (term, (w, used)) in extra_of {
            if !used {
                postings
                    .entry(term)
                    .or_default()
                    .push((id, w.min(255) as u8));
            }
        }
    }
    let mut terms: Vec<(&str, Vec<(u32, u8)>)> = postings.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let entries: Vec<(&str, String)> = terms
        .iter_mut()
        .map(|(term, list)| {
            list.sort_unstable();
            (*term, posting_list(list))
        })
        .collect();
    let mut shards = Vec::new();
    shard(&entries, 0, &mut shards);
    let mut files = Vec::new();
    let mut manifest = serde_json::Map::new();
    for group in pack(&shards) {
        let prefixes: Vec<&str> = group.iter().map(|(p, _)| p.as_str()).collect();
        let text = script(&prefixes, group.iter().flat_map(|(_, e)| e.iter()));
        let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
        for prefix in prefixes {
            manifest.insert(prefix.to_string(), serde_json::Value::String(hash.clone()));
        }
        files.push((format!("{DIR}t.{hash}.js"), text));
    }
    let list: Vec<serde_json::Value> = (pages.iter())
        .map(|p| serde_json::json!([p.url, p.title, p.description.unwrap_or("")]))
        .collect();
    // The page list changes only with pages' titles, URLs and descriptions: a file
    // of its own, so an edit of a page's text rewrites only the small index file.
    let list = format!(
        "__clinicsiteSearch.pages({});\n",
        serde_json::Value::from(list)
    );
    let list_hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(list.as_bytes()));
    files.insert(0, (format!("{DIR}pages.{list_hash}.js"), list));
    let data = serde_json::json!({ "stop": stop, "shards": manifest, "pages": list_hash });
    let index = format!("__clinicsiteSearch.index({data});\n");
    let index_path = format!(
        "{DIR}index.{:016x}.js",
        xxhash_rust::xxh3::xxh3_64(index.as_bytes())
    );
    files.insert(0, (index_path.clone(), index));
    IndexFiles { index_path, files }
}

/// A term's pages as `[gap, weight, gap, weight, ...]` (`list` sorted by page).
fn posting_list(list: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(list.len() * 5 + 2);
    out.push('[');
    let mut last = 0;
    for (n, (id, weight)) in list.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let _ = write!(out, "{},{weight}", id - last);
        last = *id;
    }
    out.push(']');
    out
}

/// A term with its posting list.
type Entry<'a> = (&'a str, String);

/// Splits `entries` (sorted by term) into shards by their first `depth`
/// characters and more, until each is small enough: each shard is (prefix, terms).
fn shard<'e, 'a>(entries: &'e [Entry<'a>], depth: usize, out: &mut Vec<(String, &'e [Entry<'a>])>) {
    let mut start = 0;
    while start < entries.len() {
        let key = prefix(entries[start].0, depth.max(2));
        let end = start
            + entries[start..]
                .iter()
                .take_while(|(t, _)| prefix(t, depth.max(2)) == key)
                .count();
        let group = &entries[start..end];
        let size: usize = group.iter().map(|(t, p)| t.len() + p.len() + 4).sum();
        let length = key.chars().count();
        if size > SHARD_BYTES && length < MAX_PREFIX && length >= depth.max(2) {
            // Terms no longer than the prefix stay in its own shard.
            let short = group
                .iter()
                .take_while(|(t, _)| t.chars().count() <= length)
                .count();
            if short > 0 {
                out.push((key.to_string(), &group[..short]));
            }
            shard(&group[short..], length + 1, out);
        } else {
            out.push((key.to_string(), group));
        }
        start = end;
    }
}

/// The first `n` characters of `term` (all of it when shorter).
fn prefix(term: &str, n: usize) -> &str {
    match term.char_indices().nth(n) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

/// Bytes a shard's terms take in its file.
fn size(entries: &[Entry]) -> usize {
    entries.iter().map(|(t, p)| t.len() + p.len() + 4).sum()
}

/// Shards in order, put together into files of up to [`FILE_BYTES`] each.
fn pack<'s, 'e, 'a>(
    shards: &'s [(String, &'e [Entry<'a>])],
) -> Vec<&'s [(String, &'e [Entry<'a>])]> {
    let mut files = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (n, (_, entries)) in shards.iter().enumerate() {
        let more = size(entries);
        if n > start && bytes + more > FILE_BYTES {
            files.push(&shards[start..n]);
            (start, bytes) = (n, 0);
        }
        bytes += more;
    }
    if start < shards.len() {
        files.push(&shards[start..]);
    }
    files
}

/// The script of a file holding the terms of the shards of `prefixes`.
fn script<'e, 'a: 'e>(prefixes: &[&str], entries: impl Iterator<Item = &'e Entry<'a>>) -> String {
    let mut out = String::with_capacity(FILE_BYTES + 1024);
    out.push_str("__clinicsiteSearch.shard(");
    out.push_str(&serde_json::json!(prefixes).to_string());
    out.push_str(",{");
    for (n, (term, list)) in entries.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::Value::from(*term).to_string());
        out.push(':');
        out.push_str(list);
    }
    out.push_str("});\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::terms::TermCounter;

    fn terms(text: &str) -> PageTerms {
        let mut counter = TermCounter::new(&["and"]);
        counter.add(text, false);
        counter.finish()
    }

    #[test]
    fn pages_and_terms_are_listed_with_title_terms_weighing_most() {
        let (a, b) = (terms("scars and needles"), terms("scarring"));
        let pages = [
            IndexPage {
                url: "/a/".into(),
                title: "Acne scars",
                description: None,
                terms: &a,
            },
            IndexPage {
                url: "/b/".into(),
                title: "Healing",
                description: Some("Skin"),
                terms: &b,
            },
        ];
        let built = build(&pages, &["and"]);
        assert!(built.index_path.starts_with("search/data/index."));
        let (path, index) = &built.files[0];
        assert_eq!(path, &built.index_path);
        let (list_path, list) = &built.files[1];
        assert!(list_path.starts_with("search/data/pages."));
        assert!(
            index.contains(&list_path[DIR.len() + 6..DIR.len() + 22]),
            "{index}"
        );
        assert!(list.contains(r#"["/a/","Acne scars",""]"#), "{list}");
        assert!(index.contains(r#""sc":"#), "{index}");
        let all: String = built.files.iter().map(|f| f.1.as_str()).collect();
        // "scars": page 0, weight 1 (body) + 24 (title); "scarring": page 1 (a gap of 1).
        assert!(all.contains(r#""scars":[0,25]"#), "{all}");
        assert!(all.contains(r#""scarring":[1,1]"#), "{all}");
        assert!(all.contains(r#""acne":[0,24]"#), "{all}");
        assert!(all.contains(r#""skin":[1,6]"#), "{all}");
        assert!(!all.contains(r#""and":["#), "{all}");
    }

    #[test]
    fn big_prefixes_are_split_and_every_term_is_in_the_shard_of_its_prefix() {
        let entries: Vec<(String, String)> = (0..4000)
            .map(|n| {
                (
                    format!("sc{n:05}"),
                    format!("[{}]", "1,1,".repeat(4) + "1,1"),
                )
            })
            .chain([("sc".to_string(), "[0,1]".to_string())])
            .collect();
        let mut entries: Vec<(&str, String)> = entries
            .iter()
            .map(|(t, p)| (t.as_str(), p.clone()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::new();
        shard(&entries, 0, &mut out);
        assert!(out.len() > 2, "{}", out.len());
        for (term, _) in &entries {
            let holders: Vec<&String> = (out.iter())
                .filter(|(p, e)| term.starts_with(p.as_str()) && e.iter().any(|(t, _)| t == term))
                .map(|(p, _)| p)
                .collect();
            assert_eq!(holders.len(), 1, "{term}");
        }
        assert!(out.iter().all(|(_, e)| size(e) < SHARD_BYTES));
        let files = pack(&out);
        assert!(files.len() <= out.len());
        assert_eq!(files.iter().map(|f| f.len()).sum::<usize>(), out.len());
    }

    #[test]
    fn gaps_between_pages() {
        assert_eq!(posting_list(&[(3, 2), (10, 1), (11, 9)]), "[3,2,7,1,1,9]");
    }
}
