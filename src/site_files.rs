//! Files made for the whole site: sitemap.xml, robots.txt and host header files.

use crate::config::SiteConfig;
use crate::output::{Contents, OutputFile};
use crate::render::CSP;
use crate::site::Site;

/// How long a browser may keep a file whose name holds a hash of its contents.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Security headers for hosts that read a `_headers` file (Netlify, Cloudflare
/// Pages), and a year's caching for each content-hashed file (`hashed`: output paths).
pub fn headers_file<'a>(base_path: &str, hashed: impl IntoIterator<Item = &'a String>) -> String {
    let mut out = format!(
        "/*\n  Content-Security-Policy: {CSP}; frame-ancestors 'none'\n  Referrer-Policy: no-referrer\n  X-Content-Type-Options: nosniff\n  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n"
    );
    for path in hashed {
        out.push_str(&format!(
            "{base_path}{path}\n  Cache-Control: {IMMUTABLE}\n"
        ));
    }
    out
}

/// sitemap.xml, robots.txt, _headers and the brand colour's stylesheet.
pub fn generate(
    site: &Site,
    config: &SiteConfig,
    statics: &crate::theme::StaticFiles,
) -> Vec<OutputFile> {
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entries: Vec<(String, Option<String>)> = site
        .included()
        .map(|(_, p)| {
            (
                crate::json_ld::permalink(config, p.url()),
                p.file.front.last_reviewed.map(|d| d.to_string()),
            )
        })
        .collect();
    entries.sort();
    for (loc, lastmod) in entries {
        sitemap.push_str("  <url><loc>");
        let _ = pulldown_cmark_escape::escape_html(&mut sitemap, &loc);
        sitemap.push_str("</loc>");
        if let Some(d) = lastmod {
            sitemap.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    let robots = format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        config.base_url
    );
    let brand_css = config.brand_colour.map(|brand| OutputFile {
        path: crate::theme::brand::BRAND_CSS_FILE.into(),
        contents: Contents::Bytes(
            crate::theme::brand::Palette::derive(brand)
                .stylesheet()
                .into_bytes()
                .into(),
        ),
    });
    let mut headers = headers_file(&config.base_path, statics.hashed().values());
    if config.search {
        // The search index: every file's name holds a hash of its contents.
        let dir = crate::search::index::DIR;
        headers.push_str(&format!(
            "{}{dir}*\n  Cache-Control: {IMMUTABLE}\n",
            config.base_path
        ));
    }
    let files = vec![
        OutputFile {
            path: "sitemap.xml".into(),
            contents: Contents::Bytes(sitemap.into_bytes().into()),
        },
        OutputFile {
            path: "robots.txt".into(),
            contents: Contents::Bytes(robots.into_bytes().into()),
        },
        OutputFile {
            path: "_headers".into(),
            contents: Contents::Bytes(headers.into_bytes().into()),
        },
    ];
    let treatments_css = (!site.treatments.is_empty()).then(|| OutputFile {
        path: crate::treatments::STYLESHEET_FILE.into(),
        contents: Contents::Bytes(crate::treatments::STYLESHEET.as_bytes().to_vec().into()),
    });
    (files.into_iter().chain(brand_css).chain(treatments_css)).collect()
}
