//! Image width and height, read from the file, so pages can reserve the space
//! an image takes before it loads.

/// Width and height of the image file at `path`, as [`image_size`] gives for its bytes,
/// reading only the header of formats that say their size there (a large photo is not
/// read whole); anything else (SVG, unknown, damaged) is read whole. Err when the file
/// cannot be read.
pub(crate) fn file_image_size(path: &std::path::Path) -> std::io::Result<Option<(u32, u32)>> {
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    match imagesize::reader_size(&mut reader) {
        Ok(size) => Ok(Some((size.width as u32, size.height as u32))),
        Err(_) => std::fs::read(path).map(|bytes| image_size(&bytes)),
    }
}

/// Width and height of an image; SVGs are read from their attributes or viewBox.
pub(crate) fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
