//! Resolving what a page links to: other pages (written as links to their `.md`
//! files), anchors, static files and files next to the page.

use crate::markdown::PageAsset;
use crate::theme::StaticFiles;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

/// What page links are resolved against: every page's source path and URL (known
/// once the site is linked), and the static files.
#[derive(Debug)]
pub struct SiteIndex<'a> {
    /// The pages by source path and by URL.
    pub pages: PageLookups,
    /// The site's `content/` folder.
    pub content_dir: PathBuf,
    /// Prefix of every URL (`/` or `/clinic/`).
    pub base_path: &'a str,
    /// Theme and site static files.
    pub static_files: &'a StaticFiles,
}

/// The site's pages by source path and by URL, and each page's URL: the part of a
/// [`SiteIndex`] that owns its data, so `serve` can keep it from build to build.
#[derive(Debug, Default)]
pub struct PageLookups {
    /// `conditions/acne-scars.md` -> page index.
    pub by_content_path: HashMap<String, usize>,
    /// `/conditions/acne-scars/` -> page index.
    pub by_url: HashMap<String, usize>,
    /// Page index -> URL (root-relative, without the base path).
    pub urls: Vec<String>,
    /// This build publishes drafts: placeholder text is then a warning, not an error.
    pub drafts: bool,
}

impl PageLookups {
    /// The lookups for the site's pages, indexed like them (a page that failed to
    /// parse has no URL).
    pub fn of(site: &crate::site::Site) -> Self {
        let count = site.pages.len();
        let mut lookups = PageLookups {
            by_content_path: HashMap::with_capacity(count),
            by_url: HashMap::with_capacity(count),
            urls: Vec::with_capacity(count),
            drafts: site.drafts,
        };
        for (i, page) in site.pages.iter().enumerate() {
            match page {
                Some(page) => {
                    let source = &page.file.source;
                    lookups
                        .by_content_path
                        .insert(source.content_path.clone(), i);
                    lookups.by_url.insert(source.url.clone(), i);
                    lookups.urls.push(source.url.clone());
                }
                None => lookups.urls.push(String::new()),
            }
        }
        lookups
    }
}

impl<'a> SiteIndex<'a> {
    /// The lookups for the site's pages (see [`PageLookups::of`]).
    pub fn new(
        site: &crate::site::Site,
        content_dir: PathBuf,
        base_path: &'a str,
        static_files: &'a StaticFiles,
    ) -> Self {
        SiteIndex {
            pages: PageLookups::of(site),
            content_dir,
            base_path,
            static_files,
        }
    }
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another website, an email address or a phone number: left as written.
    External,
    /// A page of the site.
    Page {
        /// The page's index.
        index: usize,
        /// The anchor, if any.
        anchor: Option<String>,
        /// The rewritten `href`.
        href: String,
    },
    /// A static file or a file next to the page.
    File {
        /// The rewritten `href`.
        href: String,
        /// The file to copy, when it lives in `content/`.
        asset: Option<PageAsset>,
    },
}

/// An image ready to be written as `<img>`.
#[derive(Debug, Clone)]
pub struct ResolvedImage {
    /// The rewritten `src`.
    pub href: String,
    /// Width and height in pixels, read from the file.
    pub size: Option<(u32, u32)>,
    /// The file to copy, when it lives in `content/`.
    pub asset: Option<PageAsset>,
}

/// Why a link or image could not be resolved.
#[derive(Debug, Clone)]
pub struct LinkProblem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> LinkProblem {
    LinkProblem {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Resolves links written on one page.
pub struct Resolver<'a> {
    index: &'a SiteIndex<'a>,
    page: usize,
    /// Content-relative folder of the page's source (`conditions`).
    page_dir: String,
    /// Output folder of the page (`conditions/acne-scars/`).
    page_out_dir: String,
}

impl<'a> Resolver<'a> {
    /// A resolver for the page `page`, whose source is at `content_path` and URL is `url`.
    pub fn new(index: &'a SiteIndex<'a>, page: usize, content_path: &str, url: &str) -> Self {
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

    /// Resolves the destination of a `[text](dest)` link.
    pub fn resolve(&self, dest: &str) -> Result<LinkTarget, LinkProblem> {
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
        if path.starts_with('/') {
            return self.resolve_absolute(&path, anchor);
        }
        let Some(target) = normalise(&self.page_dir, &path) else {
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
            let known: Vec<String> = self.index.pages.by_content_path.keys().cloned().collect();
            let hint = match crate::yaml::suggest(&target, &known) {
                Some(best) => format!(
                    "did you mean `{}`? (paths are relative to this page's folder)",
                    relative_from(&self.page_dir, best)
                ),
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

    /// Resolves the source of an image.
    pub fn resolve_image(&self, dest: &str) -> Result<ResolvedImage, LinkProblem> {
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
                    asset: Some(asset),
                })
            }
            Err(_) => Err(problem(
                format!("the image `{path}` does not exist (looked for content/{target})"),
                "check the file name; paths are relative to this page's folder, or start with / for static/",
            )),
        }
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

/// Width and height of the image file at `path`, as [`image_size`] gives for its bytes,
/// reading only the header of formats that say their size there (a large photo is not
/// read whole); anything else (SVG, unknown, damaged) is read whole. Err when the file
/// cannot be read.
pub fn file_image_size(path: &std::path::Path) -> std::io::Result<Option<(u32, u32)>> {
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    match imagesize::reader_size(&mut reader) {
        Ok(size) => Ok(Some((size.width as u32, size.height as u32))),
        Err(_) => std::fs::read(path).map(|bytes| image_size(&bytes)),
    }
}

/// Width and height of an image; SVGs are read from their attributes or viewBox.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if let Ok(size) = imagesize::blob_size(bytes) {
        return Some((size.width as u32, size.height as u32));
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[i..i + tag[i..].find('"')?];
        value.trim_end_matches("px").parse().ok()
    };
    if let (Some(w), Some(h)) = (attr("width"), attr("height")) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let i = tag.find(" viewBox=\"")? + 10;
    let parts: Vec<f64> = tag[i..i + tag[i..].find('"')?]
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    (parts.len() == 4).then(|| (parts[2].round() as u32, parts[3].round() as u32))
}

fn scheme_of(dest: &str) -> Option<String> {
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

fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (dest, None),
    }
}

/// Joins `rel` to `dir` and resolves `.` and `..`; `None` if it climbs above the root.
fn normalise(dir: &str, rel: &str) -> Option<String> {
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

/// How to write `target` relative to `dir`, for hints.
fn relative_from(dir: &str, target: &str) -> String {
    let depth = dir.split('/').filter(|s| !s.is_empty()).count();
    format!("{}{}", "../".repeat(depth), target)
}

fn percent_decode(s: &str) -> Cow<'_, str> {
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
    fn svg_size_from_viewbox() {
        assert_eq!(
            image_size(b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 16\"></svg>"),
            Some((24, 16))
        );
        assert_eq!(
            image_size(b"<svg width=\"10\" height=\"20\">"),
            Some((10, 20))
        );
    }

    #[test]
    fn file_sizes_agree_with_byte_sizes() {
        let dir = tempfile::tempdir().unwrap();
        // A 3x2 PNG header, an SVG, a damaged file and an empty one.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x03\0\0\0\x02".to_vec();
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        let files: [(&str, &[u8]); 4] = [
            ("a.png", &png),
            ("b.svg", b"<svg width=\"10\" height=\"20\"></svg>"),
            ("c.jpg", b"\xFF\xD8\xFF"),
            ("d.gif", b""),
        ];
        for (name, bytes) in files {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(file_image_size(&path).unwrap(), image_size(bytes), "{name}");
        }
        assert_eq!(
            file_image_size(&dir.path().join("a.png")).unwrap(),
            Some((3, 2))
        );
        assert!(file_image_size(&dir.path().join("missing.png")).is_err());
        assert!(file_image_size(dir.path()).is_err());
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("my%20page.md"), "my page.md");
    }
}
