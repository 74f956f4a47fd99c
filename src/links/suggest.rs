//! Which page a writer most likely meant when a link goes to a page that does not exist.

/// The content path of the page closest by file name to the missing page
/// `target` (a content path), anywhere in the site: a link to `aftercare.md`
/// written in `conditions/` finds `procedure/aftercare.md`. A section's
/// `_index.md` goes by its folder's name. Among pages with that name, the one
/// whose path is closest to `target` wins; `None` if no name is close.
pub(crate) fn closest_page<'a>(
    target: &str,
    pages: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted = page_name(target)?;
    let mut named: Vec<(&str, &'a str)> = pages
        .filter_map(|page| Some((page_name(page)?, page)))
        .collect();
    // Sorted, so equal scores always give the same answer.
    named.sort_unstable();
    let mut names: Vec<String> = named.iter().map(|(name, _)| name.to_string()).collect();
    names.dedup();
    let best_name = crate::yaml::suggest(wanted, &names)?;
    named
        .into_iter()
        .filter(|(name, _)| *name == best_name)
        .map(|(_, page)| (strsim::jaro_winkler(target, page), page))
        .reduce(|best, next| if next.0 > best.0 { next } else { best })
        .map(|(_, page)| page)
}

/// What a writer calls a page: its file name without `.md`, or for a section's
/// `_index.md`, its folder's name (the home page has none).
fn page_name(content_path: &str) -> Option<&str> {
    let path = content_path.strip_suffix(".md")?;
    let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
    let name = if file == "_index" {
        folder.rsplit('/').next().unwrap_or(folder)
    } else {
        file
    };
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: [&str; 7] = [
        "_index.md",
        "conditions/_index.md",
        "conditions/acne-scars.md",
        "conditions/rosacea.md",
        "procedure/_index.md",
        "procedure/aftercare.md",
        "faq.md",
    ];

    fn closest(target: &str) -> Option<&'static str> {
        closest_page(target, SITE.into_iter())
    }

    #[test]
    fn finds_a_page_by_its_file_name_in_another_folder() {
        assert_eq!(
            closest("conditions/aftercare.md"),
            Some("procedure/aftercare.md")
        );
        assert_eq!(
            closest("procedure/rosacea.md"),
            Some("conditions/rosacea.md")
        );
        assert_eq!(
            closest("conditions/acne-scar.md"),
            Some("conditions/acne-scars.md")
        );
    }

    #[test]
    fn of_two_pages_with_the_name_the_closer_path_wins() {
        let site = ["procedure/aftercare.md", "other/aftercare.md"];
        let closest = |target| closest_page(target, site.into_iter());
        assert_eq!(closest("other/x/aftercare.md"), Some("other/aftercare.md"));
        assert_eq!(
            closest("procedur/aftercare.md"),
            Some("procedure/aftercare.md")
        );
        assert_eq!(
            closest("procedure/after-care.md"),
            Some("procedure/aftercare.md")
        );
    }

    #[test]
    fn sections_go_by_their_folder_name() {
        assert_eq!(closest("procedures.md"), Some("procedure/_index.md"));
        assert_eq!(
            closest("conditions/procedure/_index.md"),
            Some("procedure/_index.md")
        );
        assert_eq!(page_name("_index.md"), None);
    }

    #[test]
    fn nothing_close_is_no_suggestion() {
        assert_eq!(closest("conditions/zzzz.md"), None);
    }
}
