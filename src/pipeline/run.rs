//! A whole run of the pipeline, stage by stage, in the order the data flows.

use super::cache::{HtmlEntry, Made, StageCache};
use super::keys::Keys;
use super::pages::{PageMade, PageStage};
use super::parse::{self, SourceRead};
use super::sink::{Finished, Sink};
use super::{Counts, Next, Partial, Ran, RunInput, Stopped, assemble};
use crate::content::ParsedFile;
use crate::diagnostics::{self, Diagnostic};
use crate::output::{Contents, WriteError};
use crate::site::{self, Site};
use rayon::prelude::*;

/// Runs every stage: `cache` is what earlier runs made, `sink` where the files go.
pub(crate) fn run(input: &RunInput, mut cache: StageCache, sink: Sink) -> Result<Ran, Stopped> {
    let RunInput {
        site_dir,
        drafts,
        sources,
        cache_dir,
    } = *input;
    let config = &sources.config;
    let mut found = sources.problems.clone();
    // parse (a file whose key holds is not read again)
    let same_settings = cache.settings_key == sources.settings_key;
    let (jobs, earlier) = parse::jobs(
        &sources.files,
        &mut cache.pages,
        same_settings,
        sources.trust_unnamed,
        &sources.modified,
    );
    // Entries of files gone since: freeing them is no work of this run.
    let gone = std::mem::take(&mut cache.pages);
    std::thread::spawn(move || drop(gone));
    let (files, mut reads) = split_parsed(parse::parse_all(jobs, config), &mut found);
    let mut earlier = earlier;

    // link
    let mut link_problems = Vec::new();
    let mut site = site::link(files, config, drafts, &mut link_problems);
    found.extend(link_problems.iter().cloned());
    // Pages the link stage made (the treatments' own pages) have no file: each is
    // made again every run, from what its key reads.
    for page in &site.pages[reads.len()..] {
        let text_hash = page
            .as_ref()
            .map_or(0, |p| super::sources::hash_of(&p.url()));
        reads.push(Some(SourceRead {
            stamp: None,
            text_hash,
            read_now: true,
        }));
        earlier.push((None, None));
    }

    // body and page HTML, page by page, with the static files beside
    let keys = Keys::new(&site, sources, drafts);
    let mut texts: Vec<Option<String>> = (site.pages.iter_mut())
        .map(|p| p.as_mut().map(|p| std::mem::take(&mut p.file.text)))
        .collect();
    let links = crate::links::SiteIndex::new(
        &site,
        site_dir.join("content"),
        &config.base_path,
        &sources.statics,
    );
    let (renderer, mut template_problems) =
        match crate::render::Renderer::new(&sources.templates, config, &site, &sources.statics) {
            Ok(renderer) => (Some(renderer), Vec::new()),
            Err(problems) => (None, problems),
        };
    // search: kept when its key holds and its files are still there; else every
    // page's terms are needed (from the side file of the record, or rendered)
    let mut search_key = 0;
    let mut kept_search = None;
    let mut store = None;
    if config.search {
        // Over every page: worked out only for a site with search.
        search_key = super::search::key(&site, &keys, &reads, &sources.template_keys);
        kept_search = super::search::kept(cache.search.take(), search_key, &sink);
        if kept_search.is_none() {
            let file = cache.terms_file.as_deref();
            store = Some(file.map(super::search::load_terms).unwrap_or_default());
        }
    }
    let stage = PageStage {
        site: &site,
        links: &links,
        config,
        renderer: renderer.as_ref(),
        template_keys: &sources.template_keys,
        keys: &keys,
        sink: &sink,
        terms: store.as_ref(),
    };
    let mut work = Vec::new();
    for ((i, page), earlier) in site.pages.iter().enumerate().zip(earlier) {
        if let (Some(page), Some(read)) = (page.as_ref().filter(|p| p.included), reads[i]) {
            let text = texts[i].take().unwrap_or_default();
            work.push((i, page, read, text, earlier));
        }
    }
    // Collected at the known length (a `Result` collect would grow its vectors).
    let (made, statics_in_place) = rayon::join(
        || -> Vec<Result<PageMade, WriteError>> {
            (work.into_par_iter())
                .map(|(i, page, read, text, earlier)| stage.page(i, page, &read, text, earlier))
                .collect()
        },
        || sink.stream_statics(&sources.statics),
    );
    let made = made.into_iter().collect::<Result<Vec<_>, _>>()?;
    let statics_in_place = statics_in_place?;
    let not_found = stage.not_found(cache.not_found.take());
    let lookups = links.pages;

    // validate: the content first; a template's problems show once the content has none
    let mut next = Next {
        settings_key: sources.settings_key,
        reads,
        made: (0..site.pages.len()).map(|_| None).collect(),
        texts,
        payloads: sink.keeps_payloads(),
        not_found: None,
        search: None,
        search_terms: None,
    };
    let mut page_files = Vec::with_capacity(made.len());
    let mut counts = Counts::default();
    for m in made {
        counts.bodies_rendered += usize::from(m.rendered.0);
        counts.pages_rendered += usize::from(m.rendered.1);
        counts.pages_kept += usize::from(m.html_entry.is_some() && !m.rendered.1);
        template_problems.extend(m.problem);
        if let Some(page) = site.pages[m.index].as_mut() {
            page.body = m.body;
            page.questionnaire = m.questionnaire;
            page_files.push((page.file.source.display_path.clone(), m.files));
        }
        next.made[m.index] = Some((m.body_entry, m.html_entry));
        if let Some(text) = m.text {
            next.texts[m.index] = Some(text);
        }
    }
    // A run that keeps payloads gives every page its text back (checks read it).
    if sink.keeps_payloads() {
        for (page, text) in site.pages.iter_mut().zip(&mut next.texts) {
            if let (Some(page), Some(text)) = (page.as_mut(), text.take()) {
                page.file.text = text;
            }
        }
    }
    let mut search_files = Vec::new();
    if let Some((entry, files)) = kept_search {
        next.search = Some(entry);
        search_files = files;
    } else if let (true, Some(renderer)) = (config.search, renderer.as_ref()) {
        match super::search::make(&site, config, renderer, search_key, &sink)? {
            Ok((entry, files)) => {
                counts.search_made = true;
                counts.pages_rendered += 1;
                next.search = Some(entry);
                search_files = files;
                if let (false, Some(old)) = (sink.keeps_payloads(), &store) {
                    let (site, reads) = (&mut site, &next.reads);
                    next.search_terms = super::search::take_terms(site, &keys, reads, old);
                }
            }
            Err(problem) => template_problems.push(problem),
        }
    }
    // Freeing the side file's terms is no work of this run.
    std::thread::spawn(move || drop(store));
    let (site_ref, found_ref) = (&site, &mut found);
    rayon::join(
        move || drop(renderer),
        || content_problems(site_ref, found_ref),
    );
    if has_errors(&found) {
        return Err(stopped(found, site, next));
    }
    found.extend(template_problems);
    let not_found = match not_found {
        Some(Ok(((entry, files), rendered))) => {
            counts.pages_rendered += usize::from(rendered);
            next.not_found = Some(entry);
            files
        }
        Some(Err(problem)) => {
            found.push(problem);
            Vec::new()
        }
        None => Vec::new(),
    };
    if has_errors(&found) {
        return Err(stopped(found, site, next));
    }

    // site files, then every file assembled
    let mut assembly = assemble::Assembly::new(site_dir, page_files.len() + 64);
    for (origin, files) in page_files {
        assembly.add(files, &origin);
    }
    assembly.add(not_found, "templates/404.html");
    assembly.add(search_files, "clinicsite search");
    assembly.add(
        crate::site_files::generate(&site, config, &sources.statics),
        "clinicsite",
    );
    assembly.add_statics(&sources.statics, statics_in_place);
    assembly.add_page_assets(&site);
    // images: every picture once, by its output stem
    let mut pictures: Vec<crate::images::Picture> = (site.included())
        .flat_map(|(_, p)| p.body.pictures.iter().cloned())
        .collect();
    pictures.sort_by(|a, b| a.stem.cmp(&b.stem));
    pictures.dedup_by(|a, b| a.stem == b.stem);
    let images = crate::images::stage::run(pictures, &sources.statics, cache_dir);
    counts.images_encoded = images.encoded;
    if !images.problems.is_empty() {
        found.extend(images.problems);
        return Err(stopped(found, site, next));
    }
    assembly.add(images.files, "clinicsite images");
    let files = match assembly.finish() {
        Ok(files) => files,
        Err(problems) => {
            found.extend(problems);
            return Err(stopped(found, site, next));
        }
    };

    // write
    counts.html_files = files.iter().filter(|f| f.path.ends_with(".html")).count();
    counts.files_read = (next.reads.iter().flatten())
        .filter(|r| r.read_now && r.stamp.is_some())
        .count();
    let streamed = match sink.streams() {
        true => files
            .iter()
            .filter(|f| matches!(f.contents, Contents::Kept))
            .count(),
        false => 0,
    };
    let finished = sink.finish(files, streamed)?;
    if let Finished::Written(_, stamps) = &finished {
        for (_, html) in next.made.iter_mut().flatten() {
            stamp_outputs(html, stamps);
        }
        stamp_outputs(&mut next.not_found, stamps);
        stamp_outputs(&mut next.search, stamps);
    }
    diagnostics::sort(&mut found);
    Ok(Ran {
        finished,
        site,
        warnings: found,
        counts,
        keys,
        lookups,
        link_problems,
        next,
    })
}

/// Gives every output a run held until its end the stamp the write left on it.
fn stamp_outputs(html: &mut Option<HtmlEntry>, stamps: &crate::output::OutputStamps) {
    let Some(entry) = html else { return };
    for (path, made) in &mut entry.outputs {
        if matches!(made, Made::Pending) {
            match stamps.get(path.as_str()) {
                Some(stamp) => *made = Made::Stamp(*stamp),
                None => {
                    *html = None;
                    return;
                }
            }
        }
    }
}

/// Splits the parse stage's results into files and how each was read, moving
/// problems into `found`.
fn split_parsed(
    parsed: Vec<parse::ParseResult>,
    found: &mut Vec<Diagnostic>,
) -> (Vec<Option<ParsedFile>>, Vec<Option<SourceRead>>) {
    parsed
        .into_iter()
        .map(|r| match r {
            Ok((file, read)) => (Some(file), Some(read)),
            Err(problems) => {
                found.extend(problems);
                (None, None)
            }
        })
        .unzip()
}

/// The validate stage: the problems of every page's body and front matter, and of
/// the links between pages.
pub(crate) fn content_problems(site: &Site, found: &mut Vec<Diagnostic>) {
    page_problems(site, found);
    site::check_links(site, found);
}

/// The problems each page's body and front matter found on their own.
pub(crate) fn page_problems(site: &Site, found: &mut Vec<Diagnostic>) {
    for (_, page) in site.included() {
        found.extend(page.body.diagnostics.iter().cloned());
        found.extend(page.file.front.warnings.iter().cloned());
    }
}

/// True when `found` holds an error.
fn has_errors(found: &[Diagnostic]) -> bool {
    found.iter().any(Diagnostic::is_error)
}

/// The run stopped by the mistakes in `found`, with what it made so far.
fn stopped(mut found: Vec<Diagnostic>, site: Site, next: Next) -> Stopped {
    diagnostics::sort(&mut found);
    Stopped::Site(found, Box::new(Partial { site, next }))
}
