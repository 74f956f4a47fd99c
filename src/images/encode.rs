//! Planning and encoding one raster image: the widths it is published at (never
//! wider than the original) and, at each, a WebP and a JPEG or PNG fallback,
//! none carrying metadata.

use fast_image_resize::{PixelType, ResizeOptions, Resizer, images::Image};

/// The widths a photo is published at, in pixels, when it is at least as wide.
pub(crate) const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];

/// WebP and JPEG quality (0 to 100).
pub(crate) const QUALITY: u8 = 80;

/// Why an image could not be encoded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum EncodeError {
    /// The file is no image this build can read.
    #[error("cannot read the image: {0}")]
    Decode(#[from] image::ImageError),
    /// Resizing failed (an empty image).
    #[error("cannot resize the image: {0}")]
    Resize(String),
}

/// The widths an image `width` pixels wide is published at: each of [`WIDTHS`]
/// below it, and its own width when that is under the widest.
pub(crate) fn plan_widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] || widths.is_empty() {
        widths.push(width.min(WIDTHS[WIDTHS.len() - 1]).max(1));
    }
    widths.dedup();
    widths
}

/// Height at `width` of an image `size` (width, height), rounded, at least 1.
pub(crate) fn scaled_height(size: (u32, u32), width: u32) -> u32 {
    let h =
        (u64::from(size.1) * u64::from(width) + u64::from(size.0) / 2) / u64::from(size.0.max(1));
    (h as u32).max(1)
}

/// The fallback format of a source: PNG for a PNG (it may be transparent), else JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum Fallback {
    /// A JPEG.
    Jpeg,
    /// A PNG.
    Png,
}

impl Fallback {
    /// The file extension.
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Fallback::Jpeg => "jpg",
            Fallback::Png => "png",
        }
    }
}

/// One encoded width: the WebP bytes and the fallback bytes.
#[derive(Debug)]
pub(crate) struct Encoded {
    /// Width in pixels.
    pub width: u32,
    /// The WebP file.
    pub webp: Vec<u8>,
    /// The JPEG or PNG file.
    pub fallback: Vec<u8>,
}

/// Decodes `bytes` and encodes it at every width of `widths`.
pub(crate) fn encode(
    bytes: &[u8],
    widths: &[u32],
    fallback: Fallback,
) -> Result<Vec<Encoded>, EncodeError> {
    let decoded = image::load_from_memory(bytes)?;
    let alpha = fallback == Fallback::Png && decoded.color().has_alpha();
    let (pixels, pixel_type, channels) = match alpha {
        true => (decoded.to_rgba8().into_raw(), PixelType::U8x4, 4),
        false => (decoded.to_rgb8().into_raw(), PixelType::U8x3, 3),
    };
    let size = (decoded.width(), decoded.height());
    drop(decoded);
    let src = Image::from_vec_u8(size.0, size.1, pixels, pixel_type)
        .map_err(|e| EncodeError::Resize(e.to_string()))?;
    let mut resizer = Resizer::new();
    let mut out = Vec::with_capacity(widths.len());
    for &width in widths {
        let (w, h) = (width.min(size.0), scaled_height(size, width.min(size.0)));
        let mut dst = Image::new(w, h, pixel_type);
        let options = ResizeOptions::new();
        resizer
            .resize(&src, &mut dst, &options)
            .map_err(|e| EncodeError::Resize(e.to_string()))?;
        let raw = dst.buffer();
        let webp = match channels {
            4 => webp::Encoder::from_rgba(raw, w, h),
            _ => webp::Encoder::from_rgb(raw, w, h),
        }
        .encode(f32::from(QUALITY))
        .to_vec();
        let color = match channels {
            4 => image::ExtendedColorType::Rgba8,
            _ => image::ExtendedColorType::Rgb8,
        };
        let mut fallback_bytes = Vec::new();
        match fallback {
            Fallback::Jpeg => {
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut fallback_bytes, QUALITY)
                    .encode(raw, w, h, color)?
            }
            Fallback::Png => {
                use image::ImageEncoder;
                image::codecs::png::PngEncoder::new(&mut fallback_bytes)
                    .write_image(raw, w, h, color)?
            }
        }
        out.push(Encoded {
            width: w,
            webp,
            fallback: fallback_bytes,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled() {
        assert_eq!(plan_widths(4000), vec![480, 800, 1200, 1600]);
        assert_eq!(plan_widths(1000), vec![480, 800, 1000]);
        assert_eq!(plan_widths(1600), vec![480, 800, 1200, 1600]);
        assert_eq!(plan_widths(300), vec![300]);
        assert_eq!(scaled_height((4000, 3000), 800), 600);
    }

    #[test]
    fn encodes_each_width_as_webp_and_jpeg() {
        let img = image::RgbImage::from_fn(900, 600, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode(img.as_raw(), 900, 600, image::ExtendedColorType::Rgb8)
            .unwrap();
        let out = encode(&jpeg, &plan_widths(900), Fallback::Jpeg).unwrap();
        let widths: Vec<u32> = out.iter().map(|e| e.width).collect();
        assert_eq!(widths, vec![480, 800, 900]);
        for e in &out {
            assert!(e.webp.starts_with(b"RIFF") && &e.webp[8..12] == b"WEBP");
            assert!(e.fallback.starts_with(&[0xFF, 0xD8]));
            let (w, _) = image::load_from_memory(&e.fallback)
                .unwrap()
                .dimensions_pair();
            assert_eq!(w, e.width);
        }
        assert!(encode(b"not an image", &[480], Fallback::Jpeg).is_err());
    }

    trait Dims {
        fn dimensions_pair(&self) -> (u32, u32);
    }
    impl Dims for image::DynamicImage {
        fn dimensions_pair(&self) -> (u32, u32) {
            (self.width(), self.height())
        }
    }
}
