//! The clinic's identity from site.yaml: its logo and its brand colour, checked
//! with messages that point at the value.

use super::brand::{self, Colour, TEXT_CONTRAST};
use crate::diagnostics::{Diagnostic, Position};
use std::path::Path;

/// The clinic's logo: an image of the site's (or the theme's) `static/` folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// Path inside `static/`, which is also its path in the output (`images/logo.svg`).
    pub path: String,
    /// Width read from the file, in CSS pixels.
    pub width: u32,
    /// Height read from the file, in CSS pixels.
    pub height: u32,
}

/// The image types a logo may be.
const LOGO_TYPES: [&str; 5] = ["svg", "png", "jpg", "jpeg", "webp"];

/// What a site.yaml value is checked against: the file's name for messages and
/// where the value is.
#[derive(Debug, Clone, Copy)]
pub struct Value<'a> {
    /// The value as written; `None` when the key has no value.
    pub text: Option<&'a str>,
    /// Where the value (or its key, when empty) is.
    pub position: Position,
    /// The settings file, for messages.
    pub file: &'a str,
}

/// Checks `brand_colour`: a `#rrggbb` colour with AA contrast against white.
pub fn brand_colour(value: Value) -> Result<Colour, Diagnostic> {
    let error = |message: String| Diagnostic::error(value.file, value.position, message);
    let Some(text) = value.text.map(str::trim) else {
        return Err(error("`brand_colour` has no value".into()).with_hint(
            "write the colour in quotes, e.g. `brand_colour: \"#2a6f6b\"`: without quotes, YAML reads # as the start of a comment",
        ));
    };
    let Some(colour) = brand::parse_hex(text) else {
        return Err(error(format!(
            "`brand_colour` `{text}` is not a colour written as #rrggbb"
        ))
        .with_hint(
            "write # and six hexadecimal digits, in quotes, e.g. `brand_colour: \"#2a6f6b\"`",
        ));
    };
    let found = brand::contrast_with_white(colour);
    if found < TEXT_CONTRAST {
        let shade = brand::darker_shade_for_white(colour);
        return Err(error(format!(
            "`brand_colour` {} has contrast {}:1 against white; links and buttons need at least {TEXT_CONTRAST}:1",
            brand::hex(colour),
            ratio_text(found)
        ))
        .with_hint(format!(
            "choose a darker colour: {} is the same hue at {}:1 (check others at https://webaim.org/resources/contrastchecker/)",
            brand::hex(shade),
            ratio_text(brand::contrast_with_white(shade))
        )));
    }
    Ok(colour)
}

/// A contrast ratio in words, cut (not rounded) to one decimal, so that a failing
/// ratio is never shown as the limit itself (4.47 is "4.4", never "4.5").
pub fn ratio_text(ratio: f32) -> String {
    format!("{:.1}", (ratio * 10.0).floor() / 10.0)
}

/// Checks `logo`: an SVG, PNG, JPEG or WebP file in the site's `static/` folder
/// (or the theme's), whose width and height can be read.
pub fn logo(value: Value, site_dir: Option<&Path>) -> Result<Logo, Diagnostic> {
    let error = |message: String| Diagnostic::error(value.file, value.position, message);
    let example = "e.g. `logo: images/logo.svg` for the file static/images/logo.svg";
    let Some(text) = value.text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Err(error("`logo` has no value".into()).with_hint(format!(
            "write the path of an image in the static folder, {example}"
        )));
    };
    let path = text.trim_start_matches('/');
    if path.contains('\\') || path.split('/').any(|part| part == ".." || part.is_empty()) {
        return Err(error(format!(
            "`logo` `{text}` is not a path inside the static folder"
        ))
        .with_hint(format!("write the path from the static folder, {example}")));
    }
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if !extension.is_some_and(|e| LOGO_TYPES.contains(&e.as_str())) {
        return Err(error(format!(
            "`logo` `{text}` is not an SVG, PNG, JPEG or WebP image"
        ))
        .with_hint("save the logo as .svg (best: sharp at any size) or .png"));
    }
    let on_disk = site_dir.map(|d| d.join("static").join(path));
    let bytes = match on_disk.as_deref().filter(|p| p.is_file()) {
        Some(file) => std::fs::read(file)
            .map_err(|e| error(format!("cannot read `logo` static/{path}: {e}")))?,
        None => match super::embedded_static(path) {
            Some(bytes) => bytes.to_vec(),
            None => {
                return Err(
                    error(format!("`logo` `{text}` is not in the static folder")).with_hint(
                        format!(
                            "put the image at static/{path}, or correct the path (it starts in the static folder)"
                        ),
                    ),
                );
            }
        },
    };
    match crate::image_size::image_size(&bytes) {
        Some((width, height)) if width > 0 && height > 0 => Ok(Logo {
            path: path.to_string(),
            width,
            height,
        }),
        _ => Err(error(format!(
            "cannot read the width and height of `logo` static/{path}"
        ))
        .with_hint("for an SVG, give the <svg> element a viewBox (or width and height); otherwise save the image again as PNG")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: Option<&str>) -> Value<'_> {
        Value {
            text,
            position: Position::new(3, 15),
            file: "site.yaml",
        }
    }

    #[test]
    fn ratios_are_cut_not_rounded() {
        assert_eq!(ratio_text(1.51), "1.5");
        assert_eq!(ratio_text(1.49), "1.4");
        assert_eq!(ratio_text(4.47), "4.4");
        assert_eq!(ratio_text(4.499), "4.4");
        assert_eq!(ratio_text(12.0), "12.0");
    }

    #[test]
    fn brand_colour_messages() {
        assert_eq!(
            brand_colour(value(Some("#2A6F6B"))).map(brand::hex),
            Ok("#2a6f6b".to_string())
        );
        let e = brand_colour(value(Some("#f5d000"))).unwrap_err();
        assert_eq!(
            e.message,
            "`brand_colour` #f5d000 has contrast 1.5:1 against white; links and buttons need at least 4.5:1"
        );
        assert_eq!(e.position, Some(Position::new(3, 15)));
        let hint = e.hint.unwrap();
        assert!(hint.starts_with("choose a darker colour: #"), "{hint}");
        let e = brand_colour(value(Some("teal"))).unwrap_err();
        assert_eq!(
            e.message,
            "`brand_colour` `teal` is not a colour written as #rrggbb"
        );
        let e = brand_colour(value(None)).unwrap_err();
        assert_eq!(e.message, "`brand_colour` has no value");
        assert!(e.hint.unwrap().contains("in quotes"));
    }

    #[test]
    fn logo_paths_are_checked_before_the_file() {
        for (text, message) in [
            (
                "../logo.svg",
                "`logo` `../logo.svg` is not a path inside the static folder",
            ),
            (
                "images//logo.svg",
                "`logo` `images//logo.svg` is not a path inside the static folder",
            ),
            (
                "logo.bmp",
                "`logo` `logo.bmp` is not an SVG, PNG, JPEG or WebP image",
            ),
            (
                "images/none.svg",
                "`logo` `images/none.svg` is not in the static folder",
            ),
        ] {
            let e = logo(value(Some(text)), None).unwrap_err();
            assert_eq!(e.message, message);
            assert_eq!(e.position, Some(Position::new(3, 15)));
        }
        assert_eq!(
            logo(value(None), None).unwrap_err().message,
            "`logo` has no value"
        );
    }

    #[test]
    fn logo_size_is_read_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static/images")).unwrap();
        std::fs::write(
            dir.path().join("static/images/logo.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 180 48\"></svg>",
        )
        .unwrap();
        std::fs::write(dir.path().join("static/images/bad.svg"), "<svg></svg>").unwrap();
        let found = logo(value(Some("/images/logo.svg")), Some(dir.path())).unwrap();
        assert_eq!(
            found,
            Logo {
                path: "images/logo.svg".into(),
                width: 180,
                height: 48
            }
        );
        let e = logo(value(Some("images/bad.svg")), Some(dir.path())).unwrap_err();
        assert_eq!(
            e.message,
            "cannot read the width and height of `logo` static/images/bad.svg"
        );
    }
}
