//! What `serve` adds to each HTML page as it sends it (never to built files):
//! the reload client and the overlay stylesheet, both same-origin files under
//! `/__clinicsite/`, and `connect-src 'self'` in the page's CSP so the client
//! may open its event stream.

/// The script tag added before `</body>`.
pub const SCRIPT_TAG: &str = "<script src=\"/__clinicsite/reload.js\" defer></script>";
/// The stylesheet link added before `</head>`.
pub const STYLE_TAG: &str = "<link rel=\"stylesheet\" href=\"/__clinicsite/overlay.css\">";

/// Adds the serve-mode tags to an HTML page. `good` is the number of the build
/// the page comes from, so the client can tell when a newer one exists.
pub fn inject(html: &[u8], good: u64) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else {
        return html.to_vec();
    };
    let mut out = String::with_capacity(text.len() + 256);
    let head_end = find_tag(text, "</head>");
    let (head, body) = text.split_at(head_end.unwrap_or(0));
    out.push_str(&allow_connect_self(head));
    let meta = format!("<meta name=\"clinicsite-build\" content=\"{good}\">");
    match head_end {
        Some(_) => {
            out.push_str(&meta);
            out.push('\n');
            out.push_str(STYLE_TAG);
            out.push('\n');
        }
        None => {
            out.push_str(&meta);
            out.push_str(STYLE_TAG);
        }
    }
    match find_tag(body, "</body>") {
        Some(i) => {
            out.push_str(&body[..i]);
            out.push_str(SCRIPT_TAG);
            out.push('\n');
            out.push_str(&body[i..]);
        }
        None => {
            out.push_str(body);
            out.push_str(SCRIPT_TAG);
        }
    }
    out.into_bytes()
}

/// Replaces `connect-src 'none'` with `connect-src 'self'` inside the CSP meta tags of `head`.
pub fn allow_connect_self(head: &str) -> String {
    let mut out = String::with_capacity(head.len());
    let mut rest = head;
    while let Some(start) = find_ci(rest, "<meta") {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[..start]);
        let tag = &rest[start..end];
        if find_ci(tag, "content-security-policy").is_some() {
            let mut tag = tag.to_string();
            for quote in ["'", "&#39;", "&#x27;", "&apos;"] {
                tag = tag.replace(
                    &format!("connect-src {quote}none{quote}"),
                    &format!("connect-src {quote}self{quote}"),
                );
            }
            out.push_str(&tag);
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The byte offset of the last `tag` (ASCII case-insensitive).
fn find_tag(text: &str, tag: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    lower.rfind(tag)
}

fn find_ci(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_tags_and_relaxes_connect_src() {
        let page = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; connect-src 'none'\"><title>t</title></head><body><p>connect-src 'none'</p></body></html>";
        let out = String::from_utf8(inject(page.as_bytes(), 7)).unwrap();
        assert!(out.contains("connect-src 'self'\">"));
        assert!(
            out.contains("<p>connect-src 'none'</p>"),
            "body text untouched"
        );
        assert!(out.contains(&format!("{SCRIPT_TAG}\n</body>")));
        assert!(out.contains(&format!("{STYLE_TAG}\n</head>")));
        assert!(out.contains("<meta name=\"clinicsite-build\" content=\"7\">"));
    }

    #[test]
    fn escaped_quotes_in_csp() {
        let page = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"connect-src &#39;none&#39;; form-action &#39;none&#39;\"></head>";
        let out = String::from_utf8(inject(page.as_bytes(), 1)).unwrap();
        assert!(out.contains("connect-src &#39;self&#39;; form-action &#39;none&#39;"));
    }

    #[test]
    fn fragment_without_head_or_body() {
        let out = String::from_utf8(inject(b"<p>hi</p>", 1)).unwrap();
        assert!(out.contains(SCRIPT_TAG) && out.contains(STYLE_TAG) && out.contains("<p>hi</p>"));
    }
}
