//! The help box in the linked site: which file it comes from, and which pages show it.

use super::PageNode;
use crate::content::Kind;
use crate::diagnostics::Diagnostic;

/// Finds the site's help box file among `pages` (files with `kind: help`; a
/// draft counts only with `include_drafts`) and checks the pages that ask for
/// the box. Help box files are never pages of their own: they are left out of
/// the published pages. `all_parsed`: every file could be read (otherwise a
/// missing help box file may only have failed to parse, and is not reported).
pub fn link(
    pages: &mut [Option<PageNode>],
    include_drafts: bool,
    all_parsed: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let mut help = None;
    for (i, page) in pages.iter_mut().enumerate() {
        let Some(page) = page.as_mut().filter(|p| p.kind == Kind::Help) else {
            continue;
        };
        page.included = false;
        let path = &page.file.source.display_path;
        let front = &page.file.front;
        if let Some((_, position)) = front.help_box {
            diagnostics.push(
                Diagnostic::error(path, position, "the help box file cannot show the help box")
                    .with_hint("remove `help_box:` from this file"),
            );
        }
        if front.draft && !include_drafts {
            continue;
        }
        match help {
            None => help = Some(i),
            Some(_) => diagnostics.push(
                Diagnostic::error(path, front.opening, "the site has more than one help box file")
                    .with_hint("keep one file with `kind: help`; every page that shows the box shows the same one"),
            ),
        }
    }
    if help.is_none() && all_parsed {
        let draft = pages
            .iter()
            .flatten()
            .find(|p| p.kind == Kind::Help)
            .map(|p| p.file.source.display_path.clone());
        for page in pages.iter().flatten().filter(|p| p.included) {
            if let Some((true, position)) = page.file.front.help_box {
                let hint = match &draft {
                    Some(file) => format!("the help box file `{file}` is a draft: remove its `draft: true`, or build with --drafts"),
                    None => "create the help box file, e.g. content/help-box.md with `kind: help` (see the README), or remove `help_box: true`".to_string(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        &page.file.source.display_path,
                        position,
                        "this page shows the help box, but the site has no help box file",
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    help
}
