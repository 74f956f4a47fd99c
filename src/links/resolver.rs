//! One page's view of the site's link index: its links and images resolved from
//! where the page is.

use super::index::SiteIndex;
use super::paths::{normalise, percent_decode, relative_link, scheme_of, split_anchor};
use super::suggest::closest_page;
use crate::image_size::file_image_size;
use crate::markdown::{LinkProblem, LinkResolver, LinkTarget, PageAsset, ResolvedImage};
use std::path::PathBuf;

fn problem(message: impl Into<String>, hint: impl Into<String>) -> LinkProblem {
    LinkProblem {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Resolves links written on one page.
pub(crate) struct Resolver<'a> {
    index: &'a SiteIndex<'a>,
    page: usize,
    /// Content-relative folder of the page's source (`conditions`).
    page_dir: String,
    /// Output folder of the page (`conditions/acne-scars/`).
    page_out_dir: String,
}

impl<'a> Resolver<'a> {
    /// A resolver for the page `page`, whose source is at `content_path` and URL is `url`.
    pub(crate) fn new(
        index: &'a SiteIndex<'a>,
        page: usize,
        content_path: &str,
        url: &str,
    ) -> Self {
        let page_dir = content_path
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        Resolver {
            index,
            page,
            page_dir,
            page_out_dir: url.trim_start_matches('/').to_string(),
        }
    }

    fn href(&self, root_relative: &str) -> String {
        self.href_with_anchor(root_relative, None)
    }

    /// The base path, the path without its leading `/`, then `#anchor` if any.
    fn href_with_anchor(&self, root_relative: &str, anchor: Option<&str>) -> String {
        let path = root_relative.trim_start_matches('/');
        let base = self.index.base_path;
        let mut href =
            String::with_capacity(base.len() + path.len() + anchor.map_or(0, |a| a.len() + 1));
        href.push_str(base);
        href.push_str(path);
        if let Some(a) = anchor {
            href.push('#');
            href.push_str(a);
        }
        href
    }

    /// True for a content file discovery found that could not be read or parsed.
    fn is_unparsed_page(&self, content_path: &str) -> bool {
        !self.index.pages.by_content_path.contains_key(content_path)
            && !content_path.split('/').any(crate::content::is_ignored)
            && self.index.content_dir.join(content_path).is_file()
    }

    fn url_of(&self, index: usize) -> &str {
        self.index.pages.urls.get(index).map_or("", String::as_str)
    }

    fn resolve_absolute(
        &self,
        path: &str,
        anchor: Option<&str>,
    ) -> Result<LinkTarget, LinkProblem> {
        let with_slash = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        let page = self
            .index
            .pages
            .by_url
            .get(path)
            .or_else(|| self.index.pages.by_url.get(&with_slash));
        if let Some(&index) = page {
            let href = match anchor {
                Some(a) => format!("{}#{a}", self.href(&with_slash)),
                None => self.href(&with_slash),
            };
            return Ok(LinkTarget::Page {
                index,
                anchor: anchor.map(str::to_string),
                href,
            });
        }
        if self.index.static_files.get(path).is_some() {
            return Ok(LinkTarget::File {
                href: self.href(path),
                asset: None,
            });
        }
        Err(problem(
            format!("the link to `{path}` goes to no page and no file in static/"),
            "link to the page's .md file instead, e.g. [acne scars](../conditions/acne-scars.md)",
        ))
    }

    /// Files next to a page are copied next to its output; files elsewhere mirror content/.
    fn asset_for(&self, written: &str, target: &str, source: PathBuf) -> PageAsset {
        let output = if written.split('/').any(|s| s == "..") || written.starts_with("./..") {
            target.to_string()
        } else {
            format!("{}{}", self.page_out_dir, written.trim_start_matches("./"))
        };
        PageAsset { source, output }
    }
}

impl LinkResolver for Resolver<'_> {
    /// Resolves the destination of a `[text](dest)` link.
    fn resolve(&self, dest: &str) -> Result<LinkTarget, LinkProblem> {
        let dest = dest.trim();
        if dest.is_empty() {
            return Err(problem(
                "this link has no address",
                "write where it goes: [text](../conditions/acne-scars.md)",
            ));
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return Ok(LinkTarget::Page {
                index: self.page,
                anchor: Some(anchor.to_string()),
                href: dest.to_string(),
            });
        }
        if let Some(scheme) = scheme_of(dest) {
            if matches!(scheme.as_str(), "javascript" | "data" | "vbscript" | "file") {
                return Err(problem(
                    format!("`{scheme}:` links are not allowed"),
                    "link to a page or a web address instead",
                ));
            }
            return Ok(LinkTarget::External);
        }
        if dest.starts_with("//") {
            return Ok(LinkTarget::External);
        }
        let (path, anchor) = split_anchor(dest);
        let path = path.split('?').next().unwrap_or(path);
        let path = percent_decode(path);
        // `/conditions/acne-scars.md` is a source file from the content folder; other
        // paths from the root are page addresses or static files.
        let from_root = path.starts_with('/');
        if from_root && !path.ends_with(".md") {
            return self.resolve_absolute(&path, anchor);
        }
        let from_dir = if from_root { "" } else { &self.page_dir };
        let Some(target) = normalise(from_dir, &path) else {
            return Err(problem(
                format!("`{dest}` points outside the content folder"),
                "link to a page inside content/",
            ));
        };
        // A page's file, or a folder's _index.md.
        let is_md = target.ends_with(".md");
        let section;
        let wanted: &str = if is_md {
            &target
        } else {
            section = if target.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{target}/_index.md")
            };
            &section
        };
        let page = self.index.pages.by_content_path.get(wanted).or_else(|| {
            is_md
                .then(|| {
                    self.index
                        .pages
                        .by_content_path
                        .get(target.trim_end_matches("index.md").trim_end_matches('/'))
                })
                .flatten()
        });
        if let Some(&index) = page {
            return Ok(LinkTarget::Page {
                index,
                anchor: anchor.map(str::to_string),
                href: self.href_with_anchor(self.url_of(index), anchor),
            });
        }
        if self.is_unparsed_page(wanted) {
            // The page exists but has errors of its own, already reported:
            // one message per mistake, not a second one on every page linking to it.
            return Ok(LinkTarget::File {
                href: self.href(&crate::content::discover::url_for(wanted)),
                asset: None,
            });
        }
        if target.ends_with(".md") {
            let pages = self.index.pages.by_content_path.keys().map(String::as_str);
            let hint = match closest_page(&target, pages) {
                Some(best) if from_root => format!(
                    "did you mean `/{best}{}`? (paths starting with / start at the content folder)",
                    anchor.map_or(String::new(), |a| format!("#{a}"))
                ),
                Some(best) => format!(
                    "did you mean `{}{}`? (paths are relative to this page's folder)",
                    relative_link(&self.page_dir, best),
                    anchor.map_or(String::new(), |a| format!("#{a}"))
                ),
                None if from_root => {
                    "check the file name; paths starting with / start at the content folder"
                        .to_string()
                }
                None => "check the file name; paths are relative to this page's folder".to_string(),
            };
            return Err(problem(
                format!(
                    "the link to `{path}` goes to a page that does not exist (content/{target})"
                ),
                hint,
            ));
        }
        let file = self.index.content_dir.join(&target);
        if file.is_file() {
            let asset = self.asset_for(&path, &target, file);
            return Ok(LinkTarget::File {
                href: self.href(&asset.output),
                asset: Some(asset),
            });
        }
        Err(problem(
            format!("the link to `{path}` goes to nothing: there is no content/{target}"),
            "link to a page's .md file, a folder with an _index.md, or a file next to the page",
        ))
    }

    /// Resolves the source of an image.
    fn resolve_image(&self, dest: &str) -> Result<ResolvedImage, LinkProblem> {
        let dest = dest.trim();
        if dest.is_empty() {
            return Err(problem(
                "this image has no file",
                "write the file after the alt text: ![alt](photo.jpg)",
            ));
        }
        if scheme_of(dest).is_some() || dest.starts_with("//") {
            return Err(problem(
                format!(
                    "the image `{dest}` is on another website; pages may only load files from this site"
                ),
                "save the image in static/images/ and write ![alt](/images/name.jpg)",
            ));
        }
        let (path, _) = split_anchor(dest);
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        if path.starts_with('/') {
            if self.index.static_files.get(&path).is_none() {
                return Err(problem(
                    format!("the image `{path}` is not in static/"),
                    format!("put the file at static{path}, or fix the name"),
                ));
            }
            let size = self.index.static_files.image_size(&path);
            return Ok(ResolvedImage {
                href: self.href(&path),
                size,
                asset: None,
                output: path.trim_start_matches('/').to_string(),
            });
        }
        let Some(target) = normalise(&self.page_dir, &path) else {
            return Err(problem(
                format!("the image `{dest}` points outside the content folder"),
                "put the image next to the page or in static/",
            ));
        };
        let file = self.index.content_dir.join(&target);
        match file_image_size(&file) {
            Ok(size) => {
                let asset = self.asset_for(&path, &target, file);
                Ok(ResolvedImage {
                    href: self.href(&asset.output),
                    size,
                    output: asset.output.clone(),
                    asset: Some(asset),
                })
            }
            Err(_) => Err(problem(
                format!("the image `{path}` does not exist (looked for content/{target})"),
                "check the file name; paths are relative to this page's folder, or start with / for static/",
            )),
        }
    }
}
