//! The assemble stage: every file of the site (pages, the 404 page, site files,
//! static files, questionnaire files and page assets), each with where it comes
//! from, so that two that would share a path are reported by name.

use crate::diagnostics::{self, Diagnostic};
use crate::output::{Contents, OutputFile};
use crate::site::Site;
use crate::theme::{FileSource, StaticFiles};
use std::path::Path;

/// The site's files, gathered with where each comes from.
pub(crate) struct Assembly<'a> {
    site_dir: &'a Path,
    made: Vec<(OutputFile, String)>,
}

impl<'a> Assembly<'a> {
    /// An empty assembly for the site in `site_dir`, sized for `files` files.
    pub fn new(site_dir: &'a Path, files: usize) -> Self {
        Assembly {
            site_dir,
            made: Vec::with_capacity(files),
        }
    }

    /// Adds `files`, all made by `origin`.
    pub fn add(&mut self, files: impl IntoIterator<Item = OutputFile>, origin: &str) {
        (self.made).extend(files.into_iter().map(|f| (f, origin.to_string())));
    }

    /// Adds the static files: already in place when `in_place`, else to copy.
    pub fn add_statics(&mut self, statics: &StaticFiles, in_place: bool) {
        let site_dir = self.site_dir;
        self.made.extend(statics.iter().map(|(path, source)| {
            let origin = match source {
                FileSource::Disk(p) => diagnostics::display_path(site_dir, p),
                FileSource::Embedded(_) => "the built-in theme".to_string(),
            };
            let contents = match in_place {
                true => Contents::Kept,
                false => Contents::Copy(source.clone()),
            };
            let file = OutputFile {
                path: path.to_string(),
                contents,
            };
            (file, origin)
        }));
    }

    /// Adds the files each page of `site` uses from `content/` (images beside it).
    pub fn add_page_assets(&mut self, site: &Site) {
        let site_dir = self.site_dir;
        for (_, page) in site.included() {
            self.made.extend(page.body.assets.iter().map(|a| {
                let file = OutputFile {
                    path: a.output.clone(),
                    contents: Contents::Copy(FileSource::Disk(a.source.clone())),
                };
                (file, diagnostics::display_path(site_dir, &a.source))
            }));
        }
    }

    /// Every file once, sorted by path; an error for each path two origins would write.
    /// A path made twice by the same origin (a picture two pages use) is written once.
    pub fn finish(mut self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        self.made.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        let mut files: Vec<OutputFile> = Vec::with_capacity(self.made.len());
        let mut problems = Vec::new();
        let mut last_origin = String::new();
        for (file, origin) in self.made {
            match files.last() {
                Some(prev) if prev.path == file.path && origin == last_origin => continue,
                Some(prev) if prev.path == file.path => {
                    problems.push(
                        Diagnostic::file_error(
                            &origin,
                            format!(
                                "`{origin}` and `{last_origin}` would both be written to {}",
                                file.path
                            ),
                        )
                        .with_hint("rename or move one of them"),
                    );
                    continue;
                }
                _ => {}
            }
            last_origin = origin;
            files.push(file);
        }
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(problems)
        }
    }
}
