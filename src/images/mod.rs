//! Images the site publishes: metadata stripped from every copy ([`strip`]),
//! raster photos resized to a few widths and encoded as WebP plus a JPEG or PNG
//! fallback ([`encode`]), cached by content hash between builds ([`stage`]).

pub(crate) mod encode;
pub(crate) mod stage;
pub(crate) mod strip;

use crate::diagnostics::Position;
use encode::{Fallback, plan_widths};
use std::path::PathBuf;

/// The `sizes` of every picture: the content column is at most 42em (672 px) wide.
pub(crate) const SIZES: &str = "(min-width: 44em) 42em, 100vw";

/// The width, in CSS pixels, a picture takes on a 1280 px wide screen (see [`SIZES`]).
pub(crate) const SLOT_AT_1280: u32 = 672;

/// Where a picture's original is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum PictureSource {
    /// A file in `content/` (absolute path).
    Content(PathBuf),
    /// A static file, by its path in the output (`images/team.jpg`).
    Static(String),
}

/// A raster image a page shows, published at [`plan_widths`] widths.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Picture {
    /// The original.
    pub source: PictureSource,
    /// Output path without the extension (`about/clinic`).
    pub stem: String,
    /// The original's width and height.
    pub size: (u32, u32),
    /// The fallback format.
    pub fallback: Fallback,
    /// The page that shows it first, and where (for a message when it cannot be read).
    pub used_at: (String, Position),
}

impl Picture {
    /// Output path of the file at `width` with extension `ext`.
    pub(crate) fn variant(stem: &str, width: u32, ext: &str) -> String {
        format!("{stem}-{width}w.{ext}")
    }

    /// The width a 1280 px screen loads: the narrowest at least [`SLOT_AT_1280`] wide.
    pub(crate) fn width_at_1280(&self) -> u32 {
        let widths = plan_widths(self.size.0);
        let last = widths.last().copied().unwrap_or(self.size.0);
        widths
            .into_iter()
            .find(|&w| w >= SLOT_AT_1280)
            .unwrap_or(last)
    }
}

/// The fallback for an image whose output path is `path`, when it is a raster
/// image this build resizes (JPEG or PNG).
pub(crate) fn fallback_for(path: &str) -> Option<Fallback> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => Some(Fallback::Jpeg),
        "png" => Some(Fallback::Png),
        _ => None,
    }
}

/// The `<picture>` element (without alt and the closing tags' tail) for `picture`,
/// whose original's `href` is given: a WebP `<source>` and an `<img>` with the
/// fallback's `srcset`, width and height. `img_attrs` go on the `<img>`.
pub(crate) fn picture_html(picture: &Picture, href: &str, img_attrs: &str) -> String {
    let href_stem = href.rsplit_once('.').map_or(href, |(stem, _)| stem);
    let widths = plan_widths(picture.size.0);
    let srcset = |ext: &str| {
        (widths.iter())
            .map(|&w| format!("{} {w}w", Picture::variant(href_stem, w, ext)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (w, h) = picture.size;
    let src = Picture::variant(href_stem, picture.width_at_1280(), picture.fallback.ext());
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\"><img src=\"{src}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{w}\" height=\"{h}\"{img_attrs}></picture>",
        srcset("webp"),
        srcset(picture.fallback.ext()),
    )
}
