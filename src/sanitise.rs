//! Cleaning raw HTML that writers put in markdown (scripts, frames, styles, event handlers go).

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "lang", "dir"]);
    b.add_tag_attributes("img", ["width", "height", "loading", "decoding"]);
    b.add_tag_attributes("span", ["role", "aria-label"]);
    b.add_tag_attributes("ol", ["start"]);
    b.add_tags(["details", "summary", "figure", "figcaption", "section"]);
    b.link_rel(None);
    b
});

/// Removes anything unsafe from an HTML fragment, keeping the markup markdown makes.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_handlers_and_js_urls() {
        let out = clean(
            "<p onclick=\"x()\">Hi<script>alert(1)</script><a href=\"javascript:x()\">a</a><iframe src=\"https://e.org\"></iframe></p>",
        );
        assert!(!out.contains("script"));
        assert!(!out.contains("onclick"));
        assert!(!out.contains("javascript"));
        assert!(!out.contains("iframe"));
        assert!(out.contains("Hi"));
    }

    #[test]
    fn keeps_generated_markup() {
        let html = "<h2 id=\"a\">A</h2><img src=\"/a.png\" width=\"2\" height=\"3\" alt=\"x\">";
        let out = clean(html);
        assert!(out.contains("id=\"a\""));
        assert!(out.contains("width=\"2\""));
    }
}
