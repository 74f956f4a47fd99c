//! The search page's list of every page from A to Z, grouped by first letter:
//! what the page shows with JavaScript off.

use serde::Serialize;

/// The pages whose titles start with one letter.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct AzGroup {
    /// The letter as shown (`A`), or `0–9`, or `#` for anything else.
    pub letter: String,
    /// The group heading's id (`az-a`).
    pub id: String,
    /// Its pages, by title.
    pub pages: Vec<AzLink>,
}

/// A link in the A to Z list.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct AzLink {
    /// The page's title.
    pub title: String,
    /// Its URL.
    pub url: String,
}

/// `pages` (title, URL) from A to Z, grouped by the folded first letter of the title.
pub(crate) fn groups(pages: impl IntoIterator<Item = (String, String)>) -> Vec<AzGroup> {
    let mut sorted: Vec<(String, AzLink)> = (pages.into_iter())
        .map(|(title, url)| {
            let key: String = super::terms::fold(&title).collect();
            (key, AzLink { title, url })
        })
        .collect();
    sorted.sort_by(|a, b| (&a.0, &a.1.url).cmp(&(&b.0, &b.1.url)));
    let mut groups: Vec<AzGroup> = Vec::new();
    for (key, link) in sorted {
        let first = key.chars().find(|c| c.is_alphanumeric());
        let (letter, id) = match first {
            Some(c) if c.is_ascii_digit() => ("0–9".to_string(), "az-0".to_string()),
            Some(c) => {
                let letter: String = c.to_uppercase().collect();
                let id = format!("az-{}", c.to_lowercase().collect::<String>());
                (letter, id)
            }
            None => ("#".to_string(), "az-other".to_string()),
        };
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.pages.push(link),
            _ => groups.push(AzGroup {
                letter,
                id,
                pages: vec![link],
            }),
        }
    }
    // Digits and others after the letters.
    groups.sort_by_key(|g| !g.letter.chars().all(char::is_alphabetic));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_grouped_by_folded_first_letter() {
        let pages = [
            ("Éczema", "/e/"),
            ("acne", "/a/"),
            ("Aftercare", "/c/"),
            ("10 tips", "/t/"),
            ("Easy", "/z/"),
        ];
        let got = groups(pages.map(|(t, u)| (t.to_string(), u.to_string())));
        let letters: Vec<&str> = got.iter().map(|g| g.letter.as_str()).collect();
        assert_eq!(letters, ["A", "E", "0–9"]);
        let e: Vec<&str> = got[1].pages.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(e, ["Easy", "Éczema"]);
        assert_eq!(got[0].id, "az-a");
    }
}
