//! Writes a site with N synthetic 12-megapixel photos (4000x3000 JPEG with noise
//! and gradients, so it compresses like a phone photo), for the image figures
//! in docs/benchmarks.md: `cargo run --release --example photo_site -- DIR 50`.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).ok_or("usage: photo_site DIR COUNT")?);
    let count: usize = args.get(2).map_or(Ok(50), |c| c.parse())?;
    std::fs::create_dir_all(dir.join("content/photos"))?;
    std::fs::write(
        dir.join("site.yaml"),
        "title: Photos\nbase_url: \"https://example.org/\"\nlanguage: en-GB\n",
    )?;
    std::fs::write(
        dir.join("content/_index.md"),
        "---\ntitle: Home\n---\n\nPhotos.\n",
    )?;
    std::fs::write(
        dir.join("content/photos/_index.md"),
        "---\ntitle: Photos\n---\n\nPhotos.\n",
    )?;
    let (w, h) = (4000u32, 3000u32);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for i in 0..count {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let noise = (seed & 31) as i32 - 16;
            let fx = x as f32 / w as f32;
            let fy = y as f32 / h as f32;
            let wave = ((fx * 23.0 + i as f32).sin() * (fy * 17.0).cos() * 60.0) as i32;
            let c = |base: f32| (base * 255.0) as i32 + wave + noise;
            image::Rgb([c(fx), c(fy), c(0.5 * (fx + fy))].map(|v| v.clamp(0, 255) as u8))
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90).encode(
            img.as_raw(),
            w,
            h,
            image::ExtendedColorType::Rgb8,
        )?;
        std::fs::write(dir.join(format!("content/photos/photo-{i}.jpg")), &bytes)?;
        let mut page = std::fs::File::create(dir.join(format!("content/photos/p{i}.md")))?;
        write!(
            page,
            "---\ntitle: Photo {i}\n---\n\nA photo.\n\n![Photo {i}](photo-{i}.jpg)\n"
        )?;
        eprintln!("photo {i}: {} bytes", bytes.len());
    }
    Ok(())
}
