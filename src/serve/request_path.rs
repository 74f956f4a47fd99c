//! Turning a request target into a file of the built site, refusing anything
//! that could step outside it.

/// What a request path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its output path (`conditions/acne/index.html`);
    /// `dir` is true when the request ended with `/`.
    File {
        /// Output path relative to the site root, `/`-separated, never empty.
        path: String,
        /// The request named a folder (ended with `/`).
        dir: bool,
    },
    /// Outside the base path: redirect to the site's home.
    Home,
    /// Refused or malformed: answered with 404.
    Refused,
}

/// Maps the raw request target (`/clinic/a/?x=1`) to a file of the site served
/// under `base_path` (`/` or `/clinic/`).
///
/// Refused: anything not starting with `/`; `..` or `.` segments (also
/// percent-encoded); encoded slashes or backslashes (`%2f`, `%5c`); raw
/// backslashes; NUL or other control characters; empty segments (`//`);
/// invalid percent-encoding or UTF-8.
pub fn resolve(raw: &str, base_path: &str) -> Target {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.contains('\\') {
        return Target::Refused;
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return if path == "/" || base_path.strip_suffix('/') == Some(path) {
            Target::Home
        } else {
            Target::Refused
        };
    };
    let dir = rest.is_empty() || rest.ends_with('/');
    let mut segments = Vec::new();
    let trimmed = rest.strip_suffix('/').unwrap_or(rest);
    if !trimmed.is_empty() {
        for raw_segment in trimmed.split('/') {
            match decode_segment(raw_segment) {
                Some(s) => segments.push(s),
                None => return Target::Refused,
            }
        }
    }
    let mut out = segments.join("/");
    if dir {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Target::File { path: out, dir }
}

/// Decodes one path segment; `None` if it is empty, a dot segment, or could
/// change meaning once decoded.
fn decode_segment(raw: &str) -> Option<String> {
    if raw.is_empty() {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    let bad = decoded == "."
        || decoded == ".."
        || decoded.contains(['/', '\\'])
        || decoded.chars().any(char::is_control);
    (!bad).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, dir: bool) -> Target {
        Target::File {
            path: path.into(),
            dir,
        }
    }

    #[test]
    fn pages_and_files() {
        assert_eq!(resolve("/", "/"), file("index.html", true));
        assert_eq!(
            resolve("/conditions/acne/?q=1", "/"),
            file("conditions/acne/index.html", true)
        );
        assert_eq!(resolve("/css/site.css", "/"), file("css/site.css", false));
        assert_eq!(
            resolve("/my%20page/", "/"),
            file("my page/index.html", true)
        );
        assert_eq!(resolve("/conditions", "/"), file("conditions", false));
    }

    #[test]
    fn base_path() {
        assert_eq!(resolve("/clinic/", "/clinic/"), file("index.html", true));
        assert_eq!(
            resolve("/clinic/a/", "/clinic/"),
            file("a/index.html", true)
        );
        assert_eq!(resolve("/", "/clinic/"), Target::Home);
        assert_eq!(resolve("/clinic", "/clinic/"), Target::Home);
        assert_eq!(resolve("/other/", "/clinic/"), Target::Refused);
    }

    #[test]
    fn escapes_are_refused() {
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/a/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/%2e%2e%5csecret.txt",
            "/..\\secret.txt",
            "/secret.txt%00.html",
            "//secret.txt",
            "/./index.html",
            "/%",
            "/%zz",
            "/%ff",
            "secret.txt",
            "http://example.org/",
        ] {
            assert_eq!(resolve(bad, "/"), Target::Refused, "{bad}");
        }
    }
}
