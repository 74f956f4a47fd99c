//! Images the site publishes: no metadata (EXIF with GPS, XMP, text chunks) in
//! any copy, whether from next to a page or from static/.

mod common;

use common::Fixture;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::{Bytes, ImageEXIF};

/// A little-endian TIFF/EXIF block with a GPS IFD: latitude 51 N, longitude 0 W,
/// and a camera serial number in a maker-like ASCII field.
fn exif_with_gps() -> Vec<u8> {
    let mut t = b"II\x2A\x00\x08\x00\x00\x00".to_vec();
    // IFD0: one entry, the GPS IFD pointer (tag 0x8825) at offset 26.
    t.extend_from_slice(&1u16.to_le_bytes());
    t.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0]);
    t.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD: GPSLatitudeRef "N", GPSLongitudeRef "W".
    t.extend_from_slice(&2u16.to_le_bytes());
    t.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    t.extend_from_slice(&[3, 0, 2, 0, 2, 0, 0, 0, b'W', 0, 0, 0]);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(b"GPSPosition 51.5N SerialNumber CAM-123456");
    t
}

/// A JPEG photo carrying EXIF with GPS tags, XMP and a comment.
fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut plain)
        .encode(img.as_raw(), 64, 48, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut jpeg = Jpeg::from_bytes(Bytes::from(plain)).unwrap();
    jpeg.set_exif(Some(Bytes::from(exif_with_gps())));
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>51,30N</exif:GPSLatitude></x:xmpmeta>";
    let segments = jpeg.segments_mut();
    segments.insert(
        1,
        JpegSegment::new_with_contents(markers::APP1, Bytes::from(&xmp[..])),
    );
    segments.insert(
        1,
        JpegSegment::new_with_contents(markers::COM, Bytes::from_static(b"taken at home")),
    );
    let bytes = jpeg.encoder().bytes().to_vec();
    assert!(contains(&bytes, b"Exif\0\0") && contains(&bytes, b"GPSPosition"));
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn assert_no_metadata(bytes: &[u8], what: &str) {
    for needle in [
        &b"Exif"[..],
        b"GPS",
        b"SerialNumber",
        b"ns.adobe.com/xap",
        b"taken at home",
    ] {
        assert!(
            !contains(bytes, needle),
            "{what} still holds {:?}",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn published_photos_carry_no_gps_exif_or_xmp() {
    let photo = jpeg_with_gps();
    let site = Fixture::new(&[(
        "content/about.md",
        &common::page(
            "About",
            "![Our clinic](clinic.jpg)\n\n![Team](/images/team.jpg)\n",
        ),
    )]);
    site.write("content/clinic.jpg", &photo);
    site.write("static/images/team.jpg", &photo);
    site.write("static/images/unused.jpg", &photo);
    // A fresh build (staging) and a build into the existing folder (compare and write).
    for round in ["first", "second"] {
        site.build_ok();
        for path in ["about/clinic.jpg", "images/team.jpg", "images/unused.jpg"] {
            let out = std::fs::read(site.public().join(path)).unwrap();
            assert_no_metadata(&out, &format!("{round} build: {path}"));
            let decoded = image::load_from_memory(&out).expect("still a JPEG");
            assert_eq!((decoded.width(), decoded.height()), (64, 48), "{path}");
        }
        std::fs::write(site.public().join("images/team.jpg"), &photo).unwrap();
    }
}

#[test]
fn png_text_and_exif_chunks_are_removed() {
    let mut png = common::png(4, 3);
    let end = png.len() - 12; // before IEND
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let c = img_parts::png::PngChunk::new(*kind, Bytes::copy_from_slice(data));
        c.encoder().bytes().to_vec()
    };
    let mut extra = chunk(b"tEXt", b"Comment\0GPS 51.5N");
    extra.extend(chunk(
        b"iTXt",
        b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>ns.adobe.com/xap</x:xmpmeta>",
    ));
    extra.extend(chunk(b"eXIf", b"MM\0\x2aSerialNumber"));
    png.splice(end..end, extra);
    let site = Fixture::new(&[(
        "content/about.md",
        &common::page("About", "![A chart](chart.png)\n"),
    )]);
    site.write("content/chart.png", &png);
    site.build_ok();
    let out = std::fs::read(site.public().join("about/chart.png")).unwrap();
    assert_no_metadata(&out, "chart.png");
    assert!(out.starts_with(b"\x89PNG") && contains(&out, b"IDAT"));
}

/// A JPEG with gradients.
fn photo(width: u32, height: u32) -> Vec<u8> {
    jpeg_of(image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    }))
}

/// The image as a JPEG.
fn jpeg_of(img: image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .encode(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

#[test]
fn photos_are_published_at_several_widths_as_webp_and_jpeg_and_cached() {
    let site = Fixture::new(&[(
        "content/about.md",
        &common::page("About", "Text.\n\n![Our clinic](clinic.jpg)\n"),
    )]);
    site.write("content/clinic.jpg", photo(1000, 750));
    let cache = tempfile::tempdir().unwrap();
    let mut options = site.options();
    options.cache_dir = Some(cache.path().to_path_buf());
    let first = clinicsite::build(&options).unwrap();
    assert_eq!(first.images_encoded, 1);
    let html = site.page("/about/");
    let source = common::select_one(&html, "main picture > source[type='image/webp']");
    assert_eq!(
        source.attr("srcset"),
        Some(
            "/about/clinic-480w.webp 480w, /about/clinic-800w.webp 800w, /about/clinic-1000w.webp 1000w"
        )
    );
    assert!(source.attr("sizes").is_some());
    let img = common::select_one(&html, "main picture > img");
    assert_eq!(img.attr("src"), Some("/about/clinic-800w.jpg"));
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("1000"), Some("750"))
    );
    assert_eq!(img.attr("alt"), Some("Our clinic"));
    assert!(
        img.attr("srcset")
            .unwrap()
            .contains("/about/clinic-480w.jpg 480w")
    );
    for (w, h) in [(480, 360), (800, 600), (1000, 750)] {
        for ext in ["webp", "jpg"] {
            let bytes =
                std::fs::read(site.public().join(format!("about/clinic-{w}w.{ext}"))).unwrap();
            let decoded = image::load_from_memory(&bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (w, h), "{w} {ext}");
            assert_no_metadata(&bytes, ext);
        }
    }
    assert!(
        !site.public().join("about/clinic-1200w.webp").exists(),
        "never upscaled"
    );
    // A rebuild, and a build into a new folder, take every file from the cache.
    assert_eq!(clinicsite::build(&options).unwrap().images_encoded, 0);
    std::fs::remove_dir_all(site.public()).unwrap();
    assert_eq!(clinicsite::build(&options).unwrap().images_encoded, 0);
    assert!(site.public().join("about/clinic-480w.webp").is_file());
    // A changed photo is encoded again.
    site.write("content/clinic.jpg", photo(1000, 700));
    assert_eq!(clinicsite::build(&options).unwrap().images_encoded, 1);
}

#[test]
fn a_photo_that_cannot_be_decoded_is_an_error_at_its_line() {
    let mut png = common::png(600, 10);
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
    for b in &mut png[idat + 4..idat + 12] {
        *b ^= 0x5A;
    }
    let site = Fixture::new(&[(
        "content/about.md",
        &common::page("About", "Text.\n\n![A chart](chart.png)\n"),
    )]);
    site.write("content/chart.png", &png);
    let errors = common::render(&site.build_errors());
    assert!(
        errors.contains("content/about.md:7:1: error: the image `about/chart` cannot be used"),
        "{errors}"
    );
    assert!(
        errors.contains("hint: open the image in an image editor"),
        "{errors}"
    );
}

/// A noisy photo, which compresses poorly (a heavy page).
fn noisy_photo(width: u32, height: u32) -> Vec<u8> {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    jpeg_of(image::RgbImage::from_fn(width, height, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        image::Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
    }))
}

#[test]
fn check_reports_a_page_over_the_weight_limit_with_its_parts() {
    let yaml = format!("{}page_weight: {{max_kb: 60}}\n", common::SITE_YAML);
    let site = Fixture::new(&[
        ("site.yaml", yaml.as_str()),
        (
            "content/heavy.md",
            &common::page("Heavy", "Text.\n\n![Noise](noise.jpg)\n"),
        ),
        ("content/light.md", &common::page("Light", "Text.\n")),
    ]);
    site.write("content/noise.jpg", noisy_photo(900, 600));
    let today = jiff::civil::date(2026, 11, 24);
    let report = clinicsite::check::check(&site.options(), today);
    let weight_problems = |path: &str| -> Vec<String> {
        let page = report.pages.iter().find(|p| p.path == path).unwrap();
        (page.problems.iter())
            .filter(|p| p.code == clinicsite::check::ProblemCode::PageWeight)
            .map(|p| common::render(std::slice::from_ref(&p.diagnostic)))
            .collect()
    };
    let heavy = weight_problems("content/heavy.md");
    assert_eq!(heavy.len(), 1, "{heavy:?}");
    assert!(
        heavy[0].starts_with("content/heavy.md:1:1: warning: the page weighs "),
        "{}",
        heavy[0]
    );
    assert!(
        heavy[0].contains("over the site's limit of 60 KB"),
        "{}",
        heavy[0]
    );
    assert!(
        heavy[0].contains("HTML ") && heavy[0].contains("CSS ") && heavy[0].contains("images ")
    );
    // The 800 px WebP is what a 1280 px screen loads: its size is the images part.
    let webp = std::fs::metadata(site.path().join("public/heavy/noise-800w.webp")).ok();
    assert!(webp.is_none(), "check writes nothing");
    assert!(weight_problems("content/light.md").is_empty());

    // The default limit (500 KB) lets the page be.
    site.write("site.yaml", common::SITE_YAML);
    let report = clinicsite::check::check(&site.options(), today);
    assert!(
        report
            .problems()
            .all(|p| p.code != clinicsite::check::ProblemCode::PageWeight)
    );
}

#[test]
fn an_unknown_page_weight_key_is_an_error_with_a_suggestion() {
    let yaml = format!("{}page_weight:\n  max_kbs: 100\n", common::SITE_YAML);
    let site = Fixture::new(&[("site.yaml", yaml.as_str())]);
    let errors = common::render(&site.build_errors());
    assert!(errors.contains("site.yaml:5:3: error: unknown"), "{errors}");
    assert!(errors.contains("did you mean `max_kb`?"), "{errors}");
}

#[test]
fn stylesheets_and_scripts_have_content_hashed_names_marked_immutable() {
    let site = Fixture::new(&[("content/about.md", &common::page("About", "Text.\n"))]);
    site.build_ok();
    let headers = std::fs::read_to_string(site.public().join("_headers")).unwrap();
    let css = common::published_name(site.path(), "css/site.css");
    let js = common::published_name(site.path(), "js/questionnaire.js");
    for (page, file) in [("about/index.html", &css), ("404.html", &css)] {
        let html = std::fs::read_to_string(site.public().join(page)).unwrap();
        assert!(
            html.contains(&format!("href=\"/{file}\"")),
            "{page} links /{file}"
        );
        assert!(
            !html.contains("/css/site.css\""),
            "{page} links the unhashed name"
        );
    }
    for file in [&css, &js] {
        let (stem, ext) = file.rsplit_once('.').unwrap();
        let hash = stem.rsplit_once('.').unwrap().1;
        assert!(
            hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{file}"
        );
        assert!(matches!(ext, "css" | "js"));
        assert!(site.public().join(file).is_file());
        let block = format!("/{file}\n  Cache-Control: public, max-age=31536000, immutable\n");
        assert!(headers.contains(&block), "{headers}");
    }
    assert!(headers.starts_with("/*\n  Content-Security-Policy: default-src 'self'"));
    // A changed stylesheet gets a new name; the old one is gone.
    site.write("static/css/site.css", "body { color: black }\n");
    site.build_ok();
    let changed = common::published_name(site.path(), "css/site.css");
    assert_ne!(changed, css);
    assert!(site.public().join(&changed).is_file() && !site.public().join(&css).exists());
    let html = std::fs::read_to_string(site.public().join("about/index.html")).unwrap();
    assert!(html.contains(&format!("href=\"/{changed}\"")));
}
