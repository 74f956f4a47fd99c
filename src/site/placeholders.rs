//! Placeholder and example content found by earlier stages (front matter,
//! site.yaml), reported once the site is linked, and review dates in the future.

use super::PageNode;
use crate::config::{CONFIG_FILE, SiteConfig};
use crate::diagnostics::Diagnostic;
use crate::placeholder;
use jiff::civil::Date;

/// Reports the placeholders of site.yaml and of the front matter of `pages`
/// (published pages, and the help box file at `help`), and `last_reviewed`
/// dates after `today`, with the severity [`placeholder::severity`] gives.
pub fn report(
    pages: &[Option<PageNode>],
    help: Option<usize>,
    config: &SiteConfig,
    drafts: bool,
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(severity) = placeholder::severity(config.example_site, drafts) else {
        return;
    };
    (diagnostics).extend((config.placeholders.iter()).map(|f| f.diagnostic(CONFIG_FILE, severity)));
    let checked = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.as_ref().filter(|p| p.included || help == Some(i)));
    for page in checked {
        let path = &page.file.source.display_path;
        let front = &page.file.front;
        (diagnostics).extend(
            front
                .placeholders
                .iter()
                .map(|f| f.diagnostic(path, severity)),
        );
        if let (Some(date), Some(position)) = (front.last_reviewed, front.last_reviewed_at)
            && date > today
        {
            let message = format!("`last_reviewed` is in the future: {date}");
            let hint = "write the date the clinician actually reviewed the page (YYYY-MM-DD)";
            let d = Diagnostic::error(path, position, message).with_hint(hint);
            diagnostics.push(Diagnostic { severity, ..d });
        }
    }
}

/// Today's date where the build runs.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}
