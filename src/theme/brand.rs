//! The theme's colours, derived from one brand colour: light and dark schemes in
//! which every text and UI colour pair reaches WCAG AA contrast or better.
//!
//! Lightness and hue are worked in OKLCH (even steps of lightness look even);
//! contrast is WCAG 2's relative-luminance ratio, measured on the 8-bit colour
//! that is written into the CSS, so what is checked is what the browser shows.

use palette::color_difference::Wcag21RelativeContrast;
use palette::convert::FromColorUnclamped;
use palette::{Clamp, FromColor, IsWithinBounds, Oklch, Srgb};
use std::fmt::Write as _;

/// An sRGB colour as written in CSS (`#2a6f6b`).
pub type Colour = Srgb<u8>;

/// The brand colour of the default theme: a calm deep teal.
pub const DEFAULT_BRAND: &str = "#1d6b69";

/// Where the stylesheet of a site's own brand colour is written in the output.
pub const BRAND_CSS_FILE: &str = "css/brand.css";

/// The contrast links, buttons and body text need (WCAG 1.4.3, level AA).
pub const TEXT_CONTRAST: f32 = 4.5;
/// The contrast borders of controls and focus rings need (WCAG 1.4.11, level AA).
pub const UI_CONTRAST: f32 = 3.0;
/// Derived colours aim a little above the limits, so that no rounding in a
/// browser or a checker puts a pair just under them.
const MARGIN: f32 = 0.05;
/// Body text aims at AAA (7:1): it is most of what a patient reads.
const BODY_TEXT_CONTRAST: f32 = 7.0;

const WHITE: Colour = Srgb::new(255, 255, 255);
const BLACK: Colour = Srgb::new(0, 0, 0);

/// Reads `#rrggbb` or `#rgb` (either case); `None` for anything else.
pub fn parse_hex(text: &str) -> Option<Colour> {
    let digits = text.strip_prefix('#')?;
    if !matches!(digits.len(), 3 | 6) || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    digits.parse().ok()
}

/// `#2a6f6b`: lowercase, six digits.
pub fn hex(colour: Colour) -> String {
    format!("#{:02x}{:02x}{:02x}", colour.red, colour.green, colour.blue)
}

/// The WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white).
pub fn contrast(a: Colour, b: Colour) -> f32 {
    a.into_format::<f32>()
        .relative_contrast(b.into_format::<f32>())
}

/// The contrast of `colour` against white: what a brand colour needs to reach
/// [`TEXT_CONTRAST`] to be used for links and buttons on the light scheme.
pub fn contrast_with_white(colour: Colour) -> f32 {
    contrast(colour, WHITE)
}

/// The darker shade of `colour` (same hue, as much of its chroma as fits) that
/// first reaches [`TEXT_CONTRAST`] against white: what to suggest instead.
pub fn darker_shade_for_white(colour: Colour) -> Colour {
    reach(colour, &[WHITE], TEXT_CONTRAST + MARGIN, Direction::Darker)
}

/// The colours of one scheme, by the role they play in the theme's CSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The page background.
    pub bg: Colour,
    /// Boxes set apart from the page (review box, footer, header in the dark).
    pub surface: Colour,
    /// Boxes in the brand's hue (callouts, the questionnaire's notes).
    pub tint: Colour,
    /// Body text.
    pub text: Colour,
    /// Secondary text (hints, dates, labels).
    pub muted: Colour,
    /// Links, buttons, the brand bar, timeline dots.
    pub accent: Colour,
    /// Links and buttons under the pointer.
    pub accent_hover: Colour,
    /// Text on `accent` and `accent_hover`.
    pub on_accent: Colour,
    /// Links already visited.
    pub visited: Colour,
    /// Borders of controls and cards.
    pub border: Colour,
    /// Dividing lines (decorative: no contrast needed).
    pub rule: Colour,
    /// The focus ring.
    pub focus: Colour,
}

/// A colour pair that must reach a contrast: (name, foreground, background, minimum).
pub type Pair = (String, Colour, Colour, f32);

impl Scheme {
    /// Every pair of this scheme that is read or used together, with the contrast
    /// WCAG AA asks of it.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut pairs = Vec::new();
        for (bg_name, bg) in self.backgrounds_named() {
            for (name, fg, min) in [
                ("text", self.text, TEXT_CONTRAST),
                ("muted", self.muted, TEXT_CONTRAST),
                ("accent", self.accent, TEXT_CONTRAST),
                ("accent-hover", self.accent_hover, TEXT_CONTRAST),
                ("visited", self.visited, TEXT_CONTRAST),
                ("border", self.border, UI_CONTRAST),
                ("focus", self.focus, UI_CONTRAST),
            ] {
                pairs.push((format!("{name} / {bg_name}"), fg, bg, min));
            }
        }
        pairs.push((
            "on-accent / accent".into(),
            self.on_accent,
            self.accent,
            TEXT_CONTRAST,
        ));
        pairs.push((
            "on-accent / accent-hover".into(),
            self.on_accent,
            self.accent_hover,
            TEXT_CONTRAST,
        ));
        pairs
    }

    fn backgrounds_named(&self) -> [(&'static str, Colour); 3] {
        [
            ("bg", self.bg),
            ("surface", self.surface),
            ("tint", self.tint),
        ]
    }

    /// The CSS custom properties of this scheme, one per line.
    fn properties(&self, indent: &str) -> String {
        let mut css = String::new();
        for (name, colour) in [
            ("bg", self.bg),
            ("surface", self.surface),
            ("tint", self.tint),
            ("text", self.text),
            ("muted", self.muted),
            ("accent", self.accent),
            ("accent-hover", self.accent_hover),
            ("on-accent", self.on_accent),
            ("visited", self.visited),
            ("border", self.border),
            ("rule", self.rule),
            ("focus", self.focus),
        ] {
            let _ = writeln!(css, "{indent}--{name}: {};", hex(colour));
        }
        css
    }
}

/// Both schemes of a theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The brand colour it was derived from.
    pub brand: Colour,
    /// For `prefers-color-scheme: light` (and no preference).
    pub light: Scheme,
    /// For `prefers-color-scheme: dark`.
    pub dark: Scheme,
}

impl Palette {
    /// The palette of a brand colour. A brand colour under [`TEXT_CONTRAST`]
    /// against white is darkened for links (config refuses such colours first).
    pub fn derive(brand: Colour) -> Palette {
        Palette {
            brand,
            light: scheme(brand, &LIGHT),
            dark: scheme(brand, &DARK),
        }
    }

    /// The default theme's palette.
    pub fn default_theme() -> Palette {
        Palette::derive(parse_hex(DEFAULT_BRAND).unwrap_or(BLACK))
    }

    /// The palette as CSS custom properties: light on `:root`, dark in a
    /// `prefers-color-scheme: dark` query.
    pub fn stylesheet(&self) -> String {
        format!(
            "/* Derived from the brand colour {brand}; every pair is WCAG AA or better */\n:root {{\n{light}}}\n@media (prefers-color-scheme: dark) {{\n  :root {{\n{dark}  }}\n}}\n",
            brand = hex(self.brand),
            light = self.light.properties("  "),
            dark = self.dark.properties("    "),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Darker,
    Lighter,
}

/// A colour in OKLCH, the chroma reduced until it fits sRGB.
fn oklch(l: f32, chroma: f32, hue: f32) -> Colour {
    let mut chroma = chroma.max(0.0);
    loop {
        let rgb = Srgb::<f32>::from_color_unclamped(Oklch::new(l, chroma, hue));
        if rgb.is_within_bounds() || chroma < 1e-4 {
            return rgb.clamp().into_format();
        }
        chroma *= 0.9;
    }
}

/// A colour's lightness, chroma and hue (degrees).
fn lch(colour: Colour) -> (f32, f32, f32) {
    let c = Oklch::from_color(colour.into_format::<f32>());
    (c.l, c.chroma, c.hue.into_positive_degrees())
}

fn min_contrast(colour: Colour, against: &[Colour]) -> f32 {
    against
        .iter()
        .map(|&b| contrast(colour, b))
        .fold(f32::INFINITY, f32::min)
}

/// `colour`, made darker or lighter in small steps (hue and chroma kept as far as
/// sRGB allows) until it reaches `ratio` against every colour of `against`.
fn reach(colour: Colour, against: &[Colour], ratio: f32, direction: Direction) -> Colour {
    let (mut l, chroma, hue) = lch(colour);
    let mut current = colour;
    let step = match direction {
        Direction::Darker => -0.004,
        Direction::Lighter => 0.004,
    };
    while min_contrast(current, against) < ratio {
        l += step;
        if !(0.0..=1.0).contains(&l) {
            return match direction {
                Direction::Darker => BLACK,
                Direction::Lighter => WHITE,
            };
        }
        current = oklch(l, chroma, hue);
    }
    current
}

/// The hue of links already visited: a plum, apart from most brand hues.
const VISITED_HUE: f32 = 330.0;

/// A tone: OKLCH lightness and a share of the brand's (capped) chroma.
type Tone = (f32, f32);

/// How one scheme is made from a brand colour. Text colours start at their tone
/// and move away from the backgrounds (`direction`) until they reach their contrast.
struct Recipe {
    direction: Direction,
    bg: Tone,
    surface: Tone,
    tint: Tone,
    text: Tone,
    muted: Tone,
    border: Tone,
    rule: Tone,
    /// The lightness links start from; `None` starts from the brand colour itself.
    accent_lightness: Option<f32>,
    /// How much further the hover colour moves from the accent.
    hover_step: f32,
    /// Where the visited colour starts: lightness and chroma, in [`VISITED_HUE`].
    visited: (f32, f32),
}

const LIGHT: Recipe = Recipe {
    direction: Direction::Darker,
    bg: (1.0, 0.0),
    surface: (0.972, 0.12),
    tint: (0.955, 0.3),
    text: (0.26, 0.2),
    muted: (0.48, 0.3),
    border: (0.6, 0.3),
    rule: (0.89, 0.2),
    accent_lightness: None,
    hover_step: -0.07,
    visited: (0.46, 0.13),
};

const DARK: Recipe = Recipe {
    direction: Direction::Lighter,
    bg: (0.2, 0.15),
    surface: (0.245, 0.2),
    tint: (0.27, 0.35),
    text: (0.95, 0.1),
    muted: (0.8, 0.25),
    border: (0.58, 0.3),
    rule: (0.37, 0.2),
    accent_lightness: Some(0.8),
    hover_step: 0.06,
    visited: (0.8, 0.1),
};

fn scheme(brand: Colour, recipe: &Recipe) -> Scheme {
    let (_, brand_chroma, hue) = lch(brand);
    // Neutrals carry a trace of the brand's hue; the cap keeps loud brands calm.
    let c = brand_chroma.min(0.12);
    let tone = |(l, share): Tone| oklch(l, c * share, hue);
    let (bg, surface, tint) = (tone(recipe.bg), tone(recipe.surface), tone(recipe.tint));
    let backgrounds = [bg, surface, tint];
    let to =
        |start: Colour, ratio: f32| reach(start, &backgrounds, ratio + MARGIN, recipe.direction);
    let accent_start = match recipe.accent_lightness {
        Some(l) => oklch(l, brand_chroma.min(0.13), hue),
        None => brand,
    };
    let accent = to(accent_start, TEXT_CONTRAST);
    let (accent_l, accent_chroma, _) = lch(accent);
    let accent_hover = to(
        oklch(accent_l + recipe.hover_step, accent_chroma, hue),
        TEXT_CONTRAST,
    );
    let (visited_l, visited_chroma) = recipe.visited;
    Scheme {
        bg,
        surface,
        tint,
        text: to(tone(recipe.text), BODY_TEXT_CONTRAST),
        muted: to(tone(recipe.muted), TEXT_CONTRAST),
        accent,
        accent_hover,
        // Light: white on the brand colour; dark: the page's dark on the light accent.
        on_accent: bg,
        visited: to(oklch(visited_l, visited_chroma, VISITED_HUE), TEXT_CONTRAST),
        border: to(tone(recipe.border), UI_CONTRAST),
        rule: tone(recipe.rule),
        focus: accent_hover,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Colour {
        parse_hex(text).expect(text)
    }

    /// Rounded to two decimals, as WebAIM's contrast checker shows ratios.
    fn ratio(a: &str, b: &str) -> f32 {
        (contrast(c(a), c(b)) * 100.0).round() / 100.0
    }

    #[test]
    fn contrast_matches_webaim() {
        // The ratios WebAIM's contrast checker shows, worked by hand from WCAG's formula
        // (channels linearised, L = 0.2126 R + 0.7152 G + 0.0722 B,
        // ratio = (L1 + 0.05) / (L2 + 0.05)) and rounded to two decimals as it does.
        assert_eq!(ratio("#000000", "#ffffff"), 21.0);
        assert_eq!(ratio("#ffffff", "#ffffff"), 1.0);
        // 119/255 = 0.4667 -> ((0.4667 + 0.055) / 1.055)^2.4 = 0.1845 -> 1.05 / 0.2345 = 4.48
        assert_eq!(ratio("#777777", "#ffffff"), 4.48);
        // the lightest grey that passes AA on white
        assert_eq!(ratio("#767676", "#ffffff"), 4.54);
        // the lightest grey that passes AAA on white
        assert_eq!(ratio("#595959", "#ffffff"), 7.0);
        assert_eq!(ratio("#ff0000", "#ffffff"), 4.0);
        assert_eq!(ratio("#00ff00", "#ffffff"), 1.37);
        assert_eq!(ratio("#0000ff", "#ffffff"), 8.59);
        // the order of the pair does not matter
        assert_eq!(ratio("#ffffff", "#0000ff"), 8.59);
        assert_eq!(ratio("#005eb8", "#ffffff"), 6.38);
        assert_eq!(ratio("#2a6f6b", "#ffffff"), 5.86);
        assert_eq!(ratio("#f5d000", "#ffffff"), 1.51);
    }

    #[test]
    fn hex_colours_parse_and_print() {
        assert_eq!(parse_hex("#2A6F6B").map(hex).as_deref(), Some("#2a6f6b"));
        assert_eq!(parse_hex("#abc").map(hex).as_deref(), Some("#aabbcc"));
        for bad in ["2a6f6b", "#2a6f6", "#2a6f6bb", "#ggg", "teal", "", "#"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn darker_shade_reaches_aa_on_white_and_keeps_the_hue() {
        let yellow = c("#f5d000");
        let shade = darker_shade_for_white(yellow);
        assert!(
            contrast_with_white(shade) >= TEXT_CONTRAST,
            "{}",
            hex(shade)
        );
        assert!(
            contrast_with_white(shade) < 5.0,
            "not much darker than needed"
        );
        let (_, _, hue) = lch(yellow);
        let (_, _, shade_hue) = lch(shade);
        assert!((hue - shade_hue).abs() < 8.0, "{hue} vs {shade_hue}");
    }

    fn assert_all_pairs_pass(palette: &Palette) {
        for (scheme_name, scheme) in [("light", palette.light), ("dark", palette.dark)] {
            for (name, fg, bg, min) in scheme.pairs() {
                let found = contrast(fg, bg);
                assert!(
                    found >= min,
                    "brand {}: {scheme_name} {name}: {} on {} is {found:.2}:1, under {min}:1",
                    hex(palette.brand),
                    hex(fg),
                    hex(bg)
                );
            }
            assert!(
                contrast(scheme.text, scheme.bg) >= BODY_TEXT_CONTRAST,
                "{scheme_name} body text is AAA"
            );
        }
    }

    #[test]
    fn default_palette_passes_every_pair() {
        let palette = Palette::default_theme();
        assert_all_pairs_pass(&palette);
        assert_eq!(hex(palette.light.accent), DEFAULT_BRAND);
    }

    #[test]
    fn every_brand_colour_that_passes_on_white_gives_a_palette_that_passes() {
        // Hues all round the wheel, from light to black, saturated and grey.
        let mut tried = 0;
        for r in (0..=255).step_by(17) {
            for g in (0..=255).step_by(17) {
                for b in (0..=255).step_by(17) {
                    let brand = Srgb::new(r as u8, g as u8, b as u8);
                    if contrast_with_white(brand) < TEXT_CONTRAST {
                        continue;
                    }
                    assert_all_pairs_pass(&Palette::derive(brand));
                    tried += 1;
                }
            }
        }
        assert!(tried > 1000, "{tried}");
    }

    #[test]
    fn a_brand_colour_dark_enough_is_used_as_it_is() {
        let brand = c("#2a6f6b");
        assert_eq!(Palette::derive(brand).light.accent, brand);
    }

    #[test]
    fn the_dark_scheme_is_dark_and_the_light_scheme_light() {
        let palette = Palette::derive(c("#7a2e5c"));
        assert!(contrast(palette.dark.bg, BLACK) < 2.0);
        assert_eq!(palette.light.bg, WHITE);
        assert_ne!(palette.light.accent, palette.dark.accent);
    }

    #[test]
    fn no_nhs_colours_in_the_default_palette() {
        let palette = Palette::default_theme();
        let css = palette.stylesheet();
        for nhs in ["#005eb8", "#212b32", "#ffeb3b", "#0c3257", "#330072"] {
            assert!(!css.contains(nhs), "{nhs}");
        }
    }

    #[test]
    fn the_theme_css_holds_the_default_palette_as_derived() {
        // site.css carries the palette derived from DEFAULT_BRAND, written by this
        // module: a change to the derivation must be copied there.
        let css = include_str!("../../static/css/site.css");
        let palette = Palette::default_theme().stylesheet();
        assert!(
            css.contains(&palette),
            "static/css/site.css must contain, as written:\n{palette}"
        );
    }
}
