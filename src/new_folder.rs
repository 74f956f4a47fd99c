//! A build into a new or empty output folder: there is nothing there to compare with
//! or to protect, so each page is written as soon as it is rendered.

use crate::diagnostics::Diagnostic;
use crate::{
    BuildError, BuildOptions, BuildReport, assemble, build_record, check_bodies_and_links, config,
    fail_on_errors, file_stamp, finish_build, json_ld, links, load_unrendered, markdown, output,
    questionnaire, render, render_bodies, site, site_index, theme, write_loaded,
};
use rayon::prelude::*;

/// [`crate::build`] into a new or empty folder. Each page is written as soon as its body and
/// template are rendered, and both are freed at once, instead of every page waiting in
/// memory for the others. They are written through [`output::Staging`], which leaves
/// the folder as it was (absent, or empty) unless everything succeeded. An earlier
/// record for this folder is of no use: none of the files it knew are left.
pub(crate) fn build_into_new_folder(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let no_record = build_record::BuildRecord::default();
    let (mut loaded, reuse) = load_unrendered(options, no_record)?;
    let index = site_index(options, &loaded.site, &loaded.config, &loaded.static_files);
    let Ok(renderer) = render::Renderer::new(&loaded.templates, &loaded.config, &loaded.site)
    else {
        // The templates do not compile: the usual path reports which errors come first.
        render_bodies(&mut loaded.site, &reuse, &index, &loaded.config);
        check_bodies_and_links(&loaded.site, &mut loaded.diagnostics);
        return write_loaded(options, loaded, reuse);
    };
    let staging = output::Staging::create(&options.out_dir)?;
    let texts: Vec<String> = (loaded.site.pages.iter_mut())
        .map(|p| p.as_mut().map(|p| std::mem::take(&mut p.file.text)))
        .map(Option::unwrap_or_default)
        .collect();
    let stream = PageStream {
        site: &loaded.site,
        links: &index,
        config: &loaded.config,
        renderer: &renderer,
        staging: &staging,
    };
    // The static files (images, styles) are copied as the pages are written: they
    // need nothing from the pages, and a clash with a page is still found below.
    let (streamed, copied) = rayon::join(
        || -> Result<Vec<StreamedPage>, _> {
            (texts.into_par_iter().enumerate())
                .filter_map(|(i, text)| {
                    let page = stream.site.page(i).filter(|p| p.included)?;
                    Some(stream.page(i, page, &text))
                })
                .collect()
        },
        || copy_static_files(&loaded.static_files, &staging),
    );
    let (streamed, copied) = (streamed?, copied?);
    let not_found = renderer.render_not_found();

    let mut pages = Vec::with_capacity(streamed.len() + 1);
    let mut stamps = output::OutputStamps::default();
    let mut problems = Vec::new();
    for page in streamed {
        if let Some(node) = loaded.site.pages[page.index].as_mut() {
            node.body = page.body;
            node.questionnaire = page.questionnaire;
        }
        match page.output {
            Ok((path, stamp)) => {
                stamps.extend(stamp.map(|s| (path.clone(), s)));
                let contents = output::Contents::Kept;
                pages.push(output::OutputFile { path, contents });
            }
            Err(problem) => problems.push(problem),
        }
    }
    // Freeing the renderer (every page's link as a template value) is work for
    // another thread while the links are checked.
    let (site, diagnostics) = (&loaded.site, &mut loaded.diagnostics);
    rayon::join(
        move || drop(renderer),
        || check_bodies_and_links(site, diagnostics),
    );
    // As on the usual path, a template's problems show only once the content has none.
    fail_on_errors(&mut loaded.diagnostics)?;
    loaded.diagnostics.extend(problems);
    let streamed = pages.len() + copied;
    let statics = assemble::StaticOutput::Copied;
    let rendered = assemble::finish_render(options, loaded, pages, not_found, &reuse, statics)?;
    let (mut write, written) = output::write(staging.path(), &rendered.files)?;
    staging.finish()?;
    stamps.extend(written);
    // The pages and static files were written before the rest, which the write found in place.
    write.written += streamed;
    write.unchanged -= streamed;
    Ok(finish_build(options, rendered, reuse, write, &stamps))
}

/// One page as [`build_into_new_folder`] rendered and wrote it.
struct StreamedPage {
    index: usize,
    /// Its body, without the HTML (written and freed).
    body: markdown::RenderedMarkdown,
    questionnaire: Option<questionnaire::page::QuestionnairePage>,
    /// The file written and its stamp, or why its template failed.
    output: Result<(String, Option<file_stamp::Stamp>), Diagnostic>,
}

/// Copies the static files into the staging folder; returns how many.
fn copy_static_files(
    files: &theme::StaticFiles,
    staging: &output::Staging,
) -> Result<usize, output::WriteError> {
    let files: Vec<(&str, &theme::FileSource)> = files.iter().collect();
    (files.par_iter()).try_for_each(|(path, source)| staging.copy(path, source).map(drop))?;
    Ok(files.len())
}

/// What [`build_into_new_folder`] renders and writes each page with.
struct PageStream<'a> {
    site: &'a site::Site,
    links: &'a links::SiteIndex<'a>,
    config: &'a config::SiteConfig,
    renderer: &'a render::Renderer<'a>,
    staging: &'a output::Staging,
}

impl PageStream<'_> {
    /// Renders the body and template of `page`, the site's page at `index`, from its
    /// file's `text`, and writes it into the staging folder.
    fn page(
        &self,
        index: usize,
        page: &site::PageNode,
        text: &str,
    ) -> Result<StreamedPage, output::WriteError> {
        let (mut body, questionnaire) =
            crate::body::render(&page.file, text, index, page.kind, self.links, self.config);
        let json_ld = json_ld::for_page_with_faq(self.site, index, &body.faq, self.config);
        let path = page.output_path();
        let html = std::mem::take(&mut body.html);
        let page_body = render::PageBody {
            html: &html,
            markdown: &body,
            questionnaire: questionnaire.as_ref(),
        };
        let write = |bytes: &[u8]| self.staging.write(&path, bytes);
        let output =
            match (self.renderer).render_page_with(self.site, index, page_body, &json_ld, write) {
                Ok(stamp) => Ok((path, stamp?)),
                Err(problem) => Err(problem),
            };
        Ok(StreamedPage {
            index,
            body,
            questionnaire,
            output,
        })
    }
}
