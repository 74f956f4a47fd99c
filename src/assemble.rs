//! The render stage's last step: every output file of a rendered site (pages, the
//! 404 page, site files, static files, questionnaire files and page assets), each
//! with where it comes from, so two that would share a path are reported by name.

use crate::diagnostics::{self, Diagnostic};
use crate::{
    BuildError, BuildOptions, LoadedSite, RenderedSite, build_record, fail_on_errors, output,
    questionnaire, site_files, theme,
};

/// Whether a site's static files are among the files still to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StaticOutput {
    /// They are copied with the rest of the output.
    ToCopy,
    /// They are in the output folder already (listed as [`output::Contents::Kept`]).
    Copied,
}

/// The output files of a site whose pages are rendered (`pages`: their files, or
/// [`output::Contents::Kept`] for those already written) with its 404 page, and
/// everything else the site is made of; an error if two would have one path.
pub(crate) fn finish_render(
    options: &BuildOptions,
    loaded: LoadedSite,
    pages: Vec<output::OutputFile>,
    not_found: Result<String, Diagnostic>,
    reuse: &build_record::Reuse,
    statics: StaticOutput,
) -> Result<RenderedSite, BuildError> {
    let site_dir = &options.site_dir;
    let LoadedSite {
        config,
        static_files,
        site,
        mut diagnostics,
        ..
    } = loaded;
    let mut files = pages;
    match not_found {
        Ok(html) => files.push(output::OutputFile {
            path: "404.html".into(),
            contents: output::Contents::Bytes(html.into_bytes()),
        }),
        Err(d) => diagnostics.push(d),
    }
    fail_on_errors(&mut diagnostics)?;
    // Every output file with what made it, so two sources of one path can be named.
    let pages_by_output: std::collections::HashMap<String, String> = site
        .included()
        .map(|(_, p)| (p.output_path(), p.file.source.display_path.clone()))
        .collect();
    let mut made: Vec<(output::OutputFile, String)> = files
        .into_iter()
        .map(|f| {
            let origin = pages_by_output
                .get(&f.path)
                .cloned()
                .unwrap_or_else(|| "templates/404.html".to_string());
            (f, origin)
        })
        .collect();
    for (i, page) in site.included() {
        let Some(kept) = reuse.kept(i) else { continue };
        let dir = page.output_dir();
        made.extend(kept.outputs().map(|name| {
            let file = output::OutputFile {
                path: format!("{dir}{name}"),
                contents: output::Contents::Kept,
            };
            (file, page.file.source.display_path.clone())
        }));
    }
    made.extend(
        site_files::generate(&site, &config)
            .into_iter()
            .map(|f| (f, "clinicsite".to_string())),
    );
    made.extend(static_files.iter().map(|(path, source)| {
        let origin = match source {
            theme::FileSource::Disk(p) => diagnostics::display_path(site_dir, p),
            theme::FileSource::Embedded(_) => "the built-in theme".to_string(),
        };
        let contents = match statics {
            StaticOutput::ToCopy => output::Contents::Copy(source.clone()),
            StaticOutput::Copied => output::Contents::Kept,
        };
        let path = path.to_string();
        (output::OutputFile { path, contents }, origin)
    }));
    for (_, page) in site.included() {
        let origin = &page.file.source.display_path;
        if let Some(q) = &page.questionnaire {
            let dir = page.output_dir();
            let bytes = |text: &str| output::Contents::Bytes(text.as_bytes().to_vec());
            made.push((
                output::OutputFile {
                    path: format!("{dir}{}", questionnaire::page::CSS_FILE),
                    contents: bytes(&q.css),
                },
                origin.clone(),
            ));
            made.push((
                output::OutputFile {
                    path: format!("{dir}{}", questionnaire::page::DATA_FILE),
                    contents: bytes(&q.data_js),
                },
                origin.clone(),
            ));
        }
        made.extend(page.body.assets.iter().map(|a| {
            let file = output::OutputFile {
                path: a.output.clone(),
                contents: output::Contents::Copy(theme::FileSource::Disk(a.source.clone())),
            };
            (file, diagnostics::display_path(site_dir, &a.source))
        }));
    }
    made.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let mut files: Vec<output::OutputFile> = Vec::with_capacity(made.len());
    let mut last_origin = String::new();
    for (file, origin) in made {
        match files.last() {
            // The same file used by two pages is written once.
            Some(prev) if prev.path == file.path && origin == last_origin => continue,
            Some(prev) if prev.path == file.path => {
                diagnostics.push(
                    Diagnostic::file_error(
                        &origin,
                        format!(
                            "`{origin}` and `{last_origin}` would both be written to {}",
                            file.path
                        ),
                    )
                    .with_hint("rename or move one of them"),
                );
                continue;
            }
            _ => {}
        }
        last_origin = origin;
        files.push(file);
    }
    fail_on_errors(&mut diagnostics)?;
    diagnostics::sort(&mut diagnostics);
    Ok(RenderedSite {
        files,
        warnings: diagnostics,
        site,
        config,
    })
}
