//! Metadata stripping: EXIF (with GPS position and camera serial), XMP, IPTC and
//! comments are removed from every JPEG, PNG and WebP the site publishes. The
//! colour profile stays (colours would shift without it).

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use std::borrow::Cow;

/// PNG chunks that carry text or EXIF: tEXt, zTXt, iTXt (XMP lives there), eXIf, tIME.
const PNG_METADATA: [[u8; 4]; 5] = [*b"tEXt", *b"zTXt", *b"iTXt", *b"eXIf", *b"tIME"];

/// The bytes to publish for a file: an image without its metadata, anything else
/// (or an image that cannot be parsed, which is published as it is) unchanged.
pub(crate) fn published(bytes: Cow<'static, [u8]>) -> Cow<'static, [u8]> {
    match strip(&bytes) {
        Some(stripped) => Cow::Owned(stripped),
        None => bytes,
    }
}

/// The image without metadata, or `None` when `bytes` is no JPEG, PNG or WebP
/// (or one that holds no metadata, or cannot be parsed).
pub(crate) fn strip(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        strip_jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let mut png = Png::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
        let before = png.chunks().len();
        for kind in PNG_METADATA {
            png.remove_chunks_by_type(kind);
        }
        (png.chunks().len() != before).then(|| png.encoder().bytes().to_vec())
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        let mut webp = WebP::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
        let before = webp.chunks().len();
        webp.set_exif(None);
        webp.remove_chunks_by_id(*b"XMP ");
        (webp.chunks().len() != before).then(|| webp.encoder().bytes().to_vec())
    } else {
        None
    }
}

/// A JPEG with only the segments an image needs: APP0 (JFIF), an APP2 colour
/// profile and APP14 (Adobe colour transform) are kept; every other APPn and
/// comment goes, and so does anything after the image's end (the extra images
/// of a multi-picture file carry EXIF of their own).
fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
    jpeg.segments_mut().retain(|s| {
        let m = s.marker();
        let app = (markers::APP0..=markers::APP15).contains(&m);
        let icc = m == markers::APP2 && s.contents().starts_with(b"ICC_PROFILE\0");
        !(m == markers::COM || app) || m == markers::APP0 || m == markers::APP14 || icc
    });
    let header: usize = 2 + jpeg.segments().iter().map(|s| s.len()).sum::<usize>();
    let mut out = jpeg.encoder().bytes().to_vec();
    // Entropy-coded data never holds FF D9 but as the image's end marker.
    if let Some(end) = (out.get(header..)?.windows(2)).position(|w| w == [0xFF, 0xD9]) {
        out.truncate(header + end + 2);
    }
    (out != bytes).then_some(out)
}
