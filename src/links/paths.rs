//! Link destinations as text: schemes, anchors, `.`/`..` segments, percent escapes.

use std::borrow::Cow;

pub(super) fn scheme_of(dest: &str) -> Option<String> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let valid = !scheme.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && !dest[..colon].contains('/')).then(|| scheme.to_ascii_lowercase())
}

pub(super) fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (dest, None),
    }
}

/// Joins `rel` to `dir` and resolves `.` and `..`; `None` if it climbs above the root.
pub(crate) fn normalise(dir: &str, rel: &str) -> Option<String> {
    // Built in place: each segment appended after a `/`, `..` cutting back to the last `/`.
    let mut out = String::with_capacity(dir.len() + rel.len() + 1);
    let push = |out: &mut String, seg: &str| {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(seg);
    };
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        push(&mut out, seg);
    }
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return None;
                }
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            s => push(&mut out, s),
        }
    }
    Some(out)
}

/// How to write a link to the content path `target` from a page in the folder
/// `dir`: up to the folders they share, then down (`../procedure/aftercare.md`).
pub(super) fn relative_link(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let folders = &to[..to.len() - 1];
    let shared = from.iter().zip(folders).take_while(|(a, b)| a == b).count();
    format!(
        "{}{}",
        "../".repeat(from.len() - shared),
        to[shared..].join("/")
    )
}

pub(super) fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_relative_paths() {
        assert_eq!(
            normalise("conditions", "../procedure/aftercare.md").as_deref(),
            Some("procedure/aftercare.md")
        );
        assert_eq!(normalise("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(normalise("", "../a.md"), None);
        assert_eq!(
            normalise("a/b", "../../c/./d.md").as_deref(),
            Some("c/d.md")
        );
        assert_eq!(normalise("a/b", "../../../c.md"), None);
        assert_eq!(normalise("a", "b//c/../").as_deref(), Some("a/b"));
        assert_eq!(normalise("", "").as_deref(), Some(""));
    }

    #[test]
    fn schemes() {
        assert_eq!(scheme_of("https://a.org").as_deref(), Some("https"));
        assert_eq!(scheme_of("mailto:a@b.org").as_deref(), Some("mailto"));
        assert_eq!(scheme_of("../a.md"), None);
        assert_eq!(scheme_of("a/b:c"), None);
    }

    #[test]
    fn relative_links_climb_only_out_of_folders_not_shared() {
        let cases = [
            (
                "conditions",
                "procedure/aftercare.md",
                "../procedure/aftercare.md",
            ),
            ("conditions", "conditions/rosacea.md", "rosacea.md"),
            ("", "conditions/rosacea.md", "conditions/rosacea.md"),
            ("conditions", "faq.md", "../faq.md"),
            ("a/b", "a/c/d.md", "../c/d.md"),
            ("a/b", "a/b/c/d.md", "c/d.md"),
            ("a", "ab/x.md", "../ab/x.md"),
            ("a/b", "_index.md", "../../_index.md"),
        ];
        for (dir, target, link) in cases {
            assert_eq!(
                relative_link(dir, target),
                link,
                "from {dir:?} to {target:?}"
            );
            assert_eq!(normalise(dir, link).as_deref(), Some(target), "{link:?}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20page.md"), "my page.md");
    }
}
