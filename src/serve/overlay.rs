//! The error overlay: the errors of the latest build as JSON for the reload
//! client, and a plain page listing them when no build has worked yet.
//! Both follow the site's CSP: no inline script or style; the client draws
//! the overlay with DOM calls and `overlay.css` styles it.

use crate::diagnostics::{Diagnostic, Severity};
use pulldown_cmark_escape::escape_html;
use serde::Serialize;

/// The reload client, served at `/__clinicsite/reload.js`.
pub const RELOAD_JS: &str = include_str!("assets/reload.js");
/// Styles of the overlay and the error page, served at `/__clinicsite/overlay.css`.
pub const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

/// One problem as the overlay shows it.
#[derive(Debug, Serialize)]
struct Problem<'a> {
    /// `content/a.md:4:1` (or just the path).
    location: String,
    path: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: &'static str,
    message: &'a str,
    hint: Option<&'a str>,
}

fn problem(d: &Diagnostic) -> Problem<'_> {
    Problem {
        location: location(d),
        path: &d.path,
        line: d.position.map(|p| p.line),
        column: d.position.map(|p| p.column),
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        message: &d.message,
        hint: d.hint.as_deref(),
    }
}

fn location(d: &Diagnostic) -> String {
    match d.position {
        Some(p) => format!("{}:{}:{}", d.path, p.line, p.column),
        None => d.path.clone(),
    }
}

/// `/__clinicsite/errors.json`: the latest build's number, the last good one's,
/// and its errors (empty when it worked).
pub fn errors_json(version: u64, good: u64, errors: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Body<'a> {
        version: u64,
        good: u64,
        errors: Vec<Problem<'a>>,
    }
    let body = Body {
        version,
        good,
        errors: errors
            .iter()
            .filter(|d| d.is_error())
            .map(problem)
            .collect(),
    };
    serde_json::to_string(&body).unwrap_or_else(|_| "{}".into())
}

/// The state message sent to every open page after each build.
pub fn state_event(version: u64, good: u64, errors: usize) -> String {
    format!("event: state\ndata: {{\"version\":{version},\"good\":{good},\"errors\":{errors}}}\n\n")
}

/// The page served at every URL while no build has worked yet.
pub fn error_page(version: u64, errors: &[Diagnostic], csp: &str) -> String {
    let errors: Vec<&Diagnostic> = errors.iter().filter(|d| d.is_error()).collect();
    let mut html = String::with_capacity(2048);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"");
    let _ = escape_html(&mut html, csp);
    html.push_str("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>The site could not be built</title>\n");
    html.push_str(&format!(
        "<meta name=\"clinicsite-build\" content=\"0\">\n<meta name=\"clinicsite-errors\" content=\"{version}\">\n"
    ));
    html.push_str(super::inject::STYLE_TAG);
    html.push_str("\n</head>\n<body class=\"clinicsite-error-page\">\n<main class=\"clinicsite-overlay__panel\">\n<h1 class=\"clinicsite-overlay__title\">The site could not be built</h1>\n");
    html.push_str(&format!(
        "<p>clinicsite found {} {}. Fix {} and save: this page updates by itself.</p>\n",
        errors.len(),
        if errors.len() == 1 {
            "problem"
        } else {
            "problems"
        },
        if errors.len() == 1 { "it" } else { "them" },
    ));
    html.push_str("<ol class=\"clinicsite-overlay__list\">\n");
    for d in errors {
        html.push_str(
            "<li class=\"clinicsite-overlay__item\"><p class=\"clinicsite-overlay__where\"><code>",
        );
        let _ = escape_html(&mut html, &location(d));
        html.push_str("</code></p>\n<p class=\"clinicsite-overlay__message\">");
        let _ = escape_html(&mut html, &d.message);
        html.push_str("</p>\n");
        if let Some(hint) = &d.hint {
            html.push_str("<p class=\"clinicsite-overlay__hint\"><strong>Hint:</strong> ");
            let _ = escape_html(&mut html, hint);
            html.push_str("</p>\n");
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</main>\n");
    html.push_str(super::inject::SCRIPT_TAG);
    html.push_str("\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    #[test]
    fn error_page_escapes_and_lists() {
        let d = Diagnostic::error("content/a.md", Position::new(2, 3), "bad <b>")
            .with_hint("fix & save");
        let html = error_page(4, std::slice::from_ref(&d), "default-src 'self'");
        assert!(html.contains("<code>content/a.md:2:3</code>"));
        assert!(html.contains("bad &lt;b&gt;"));
        assert!(html.contains("fix &amp; save"));
        assert!(!html.contains("style="));
        let json: serde_json::Value = serde_json::from_str(&errors_json(4, 0, &[d])).unwrap();
        assert_eq!(json["errors"][0]["location"], "content/a.md:2:3");
        assert_eq!(json["errors"][0]["hint"], "fix & save");
    }
}
