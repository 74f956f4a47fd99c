//! The sources stage: what a build reads besides the markdown texts (site.yaml,
//! templates, static files) and the list of markdown files. `serve` keeps it from
//! one build to the next and loads again only the parts its changes touch.

use crate::config::{self, SiteConfig};
use crate::content::{self, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::file_stamp::Stamp;
use crate::theme::{FileSource, StaticFiles, TemplateSources};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

/// What changed since the last run.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Changes<'a> {
    /// Not known (`build`, or `serve`'s first build): look at every file.
    Unknown,
    /// Exactly these files (absolute paths) changed, as the watcher saw.
    Named(&'a BTreeSet<PathBuf>),
}

/// Everything besides the markdown texts, with the keys later stages read.
#[derive(Debug)]
pub(crate) struct Sources {
    /// The site's settings.
    pub config: SiteConfig,
    /// Hash of what reading any file depends on besides the file: the program and site.yaml.
    pub settings_key: u64,
    /// The templates.
    pub templates: TemplateSources,
    /// Per template: hash of its text and of every template it pulls in.
    pub template_keys: BTreeMap<String, u64>,
    /// The theme's and the site's static files.
    pub statics: StaticFiles,
    /// What page bodies read of the static files: which exist, and the stamp of each that may be an image.
    pub statics_key: u64,
    /// The markdown files, in discovery order.
    pub files: Vec<SourceFile>,
    /// Markdown files the watcher named: read again whatever their stamp.
    pub modified: BTreeSet<PathBuf>,
    /// True when files not in `modified` are known unchanged without looking.
    pub trust_unnamed: bool,
    /// True when nothing but the texts of the files in `modified` changed since
    /// the last load (no settings, template, static file, image or file list).
    pub only_texts: bool,
    /// Problems loading templates, static files, or finding markdown files.
    pub problems: Vec<Diagnostic>,
    template_problems: Vec<Diagnostic>,
    static_problems: Vec<Diagnostic>,
    discover_problems: Vec<Diagnostic>,
}

/// The top-level part of the site folder a changed path is in.
fn area<'p>(site_dir: &Path, path: &'p Path) -> Option<(String, &'p Path)> {
    let rel = path.strip_prefix(site_dir).ok()?;
    let mut parts = rel.components();
    let top = parts.next()?.as_os_str().to_string_lossy().into_owned();
    let ignored = parts.any(|p| content::is_ignored(&p.as_os_str().to_string_lossy()));
    (!ignored).then_some((top, rel))
}

impl Sources {
    /// Loads the sources of the site in `site_dir`, keeping from `previous` what
    /// `changes` leaves alone. Fails only when site.yaml cannot be used.
    pub fn load(
        site_dir: &Path,
        previous: Option<Sources>,
        changes: Changes,
    ) -> Result<Sources, Vec<Diagnostic>> {
        let (previous, named) = match (previous, changes) {
            (Some(previous), Changes::Named(named)) => (previous, named),
            _ => return Sources::load_all(site_dir),
        };
        let mut touched = BTreeSet::new();
        // Searched rather than hashed into a set: a save names one or two files, and
        // hashing every path (component by component) would cost more than the search.
        let is_known = |path: &Path| previous.files.iter().any(|f| f.path == path);
        let mut modified = BTreeSet::new();
        let mut structural = false;
        let mut other_content = false;
        for path in named {
            let Some((top, rel)) = area(site_dir, path) else {
                continue;
            };
            let is_root = rel.components().count() == 1;
            match top.as_str() {
                "content" if is_root => structural = true,
                "content" if is_known(path) => {
                    if path.is_file() {
                        modified.insert(path.clone());
                    } else {
                        structural = true;
                    }
                }
                "content" => {
                    let is_md = path.extension().is_some_and(|e| e == "md");
                    // A new page or folder, or a folder of pages removed or renamed;
                    // other files (images) are checked by the stamps bodies keep.
                    structural |= path.is_dir()
                        || (is_md && path.is_file())
                        || (!path.exists()
                            && previous.files.iter().any(|f| f.path.starts_with(path)));
                    other_content = true;
                }
                _ => {
                    touched.insert(top);
                }
            }
        }
        let mut sources = previous;
        // The logo's width and height are read with the settings.
        let logo_may_change = touched.contains("static") && sources.config.logo.is_some();
        if touched.contains(config::CONFIG_FILE) || logo_may_change {
            return Sources::load_all(site_dir);
        }
        if touched.contains("templates") {
            sources.load_templates(site_dir);
        }
        if touched.contains("static") {
            sources.load_statics(site_dir);
        }
        if structural {
            sources.discover(site_dir);
        }
        sources.trust_unnamed = !structural;
        sources.only_texts = !structural && !other_content && touched.is_empty();
        sources.modified = modified;
        sources.gather_problems();
        Ok(sources)
    }

    /// Loads every source afresh.
    fn load_all(site_dir: &Path) -> Result<Sources, Vec<Diagnostic>> {
        let config = config::load(site_dir)?;
        // The logo's size is read from its file with the settings, so it is part of them.
        let settings_key = hash_of(&(settings_key(site_dir), format!("{:?}", config.logo)));
        let mut sources = Sources {
            settings_key,
            config,
            templates: TemplateSources::default(),
            template_keys: BTreeMap::new(),
            statics: StaticFiles::default(),
            statics_key: 0,
            files: Vec::new(),
            modified: BTreeSet::new(),
            trust_unnamed: false,
            only_texts: false,
            problems: Vec::new(),
            template_problems: Vec::new(),
            static_problems: Vec::new(),
            discover_problems: Vec::new(),
        };
        sources.load_templates(site_dir);
        sources.load_statics(site_dir);
        sources.discover(site_dir);
        sources.gather_problems();
        Ok(sources)
    }

    fn load_templates(&mut self, site_dir: &Path) {
        (self.templates, self.template_problems) = match TemplateSources::load(site_dir) {
            Ok(t) => (t, Vec::new()),
            Err(e) => (TemplateSources::default(), e),
        };
        self.template_keys = template_keys(&self.templates);
    }

    fn load_statics(&mut self, site_dir: &Path) {
        (self.statics, self.static_problems) = match StaticFiles::load(site_dir) {
            Ok(s) => (s, Vec::new()),
            Err(e) => (StaticFiles::default(), e),
        };
        self.statics_key = statics_key(&self.statics);
    }

    fn discover(&mut self, site_dir: &Path) {
        (self.files, self.discover_problems) =
            content::discover(site_dir, &site_dir.join("content"));
    }

    fn gather_problems(&mut self) {
        self.problems = (self.template_problems.iter())
            .chain(&self.static_problems)
            .chain(&self.discover_problems)
            .cloned()
            .collect();
    }
}

/// Hash of what reading any file depends on besides the file: the program and site.yaml.
pub(crate) fn settings_key(site_dir: &Path) -> u64 {
    let program = std::env::current_exe().ok().and_then(|p| Stamp::of(&p));
    let settings = std::fs::read(site_dir.join(config::CONFIG_FILE)).ok();
    hash_of(&(env!("CARGO_PKG_VERSION"), program, settings))
}

/// Hashes any hashable value (deterministic within one program).
pub(crate) fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// What page bodies read of the static files: the set of paths (links to them are
/// checked) and the stamp of every file but styles and scripts (an image's width and
/// height go into the page). A CSS or script edit changes no body.
fn statics_key(statics: &StaticFiles) -> u64 {
    let mut h = DefaultHasher::new();
    for (path, source) in statics.originals() {
        path.hash(&mut h);
        if let FileSource::Disk(disk) = source
            && !(path.ends_with(".css") || path.ends_with(".js"))
        {
            Stamp::of(disk).hash(&mut h);
        }
    }
    h.finish()
}

/// For every template, a hash of its own text and of every template it can pull
/// in (`extends`, `include`, `import`; components are global, so a template that
/// defines one counts as pulled in by all).
pub(crate) fn template_keys(sources: &TemplateSources) -> BTreeMap<String, u64> {
    let names: BTreeSet<&str> = sources.templates.keys().map(String::as_str).collect();
    let direct: BTreeMap<&str, BTreeSet<&str>> = (sources.templates.iter())
        .map(|(name, (text, _))| (name.as_str(), quoted_names(text, &names)))
        .collect();
    let global: BTreeSet<&str> = (sources.templates.iter())
        .filter(|(_, (text, _))| defines_component(text))
        .map(|(name, _)| name.as_str())
        .collect();
    let mut out = BTreeMap::new();
    for &name in &names {
        let mut seen: BTreeSet<&str> = global.clone();
        seen.insert(name);
        let mut stack: Vec<&str> = seen.iter().copied().collect();
        while let Some(n) = stack.pop() {
            for &d in direct.get(n).into_iter().flatten() {
                if seen.insert(d) {
                    stack.push(d);
                }
            }
        }
        let mut h = DefaultHasher::new();
        for n in &seen {
            n.hash(&mut h);
            if let Some((text, origin)) = sources.templates.get(*n) {
                text.hash(&mut h);
                origin.hash(&mut h);
            }
        }
        out.insert(name.to_string(), h.finish());
    }
    out
}

/// Every quoted string in a template that names another template.
fn quoted_names<'a>(text: &str, names: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
    let mut found = BTreeSet::new();
    for quote in ['"', '\'', '`'] {
        // Every other piece sits between two quotes; checking all of them
        // over-approximates (an apostrophe in prose shifts the pairs), which is safe.
        for part in text.split(quote).skip(1) {
            if let Some(&name) = names.get(part) {
                found.insert(name);
            }
        }
    }
    found
}

fn defines_component(text: &str) -> bool {
    text.split("{%").skip(1).any(|tag| {
        tag.trim_start_matches('-')
            .trim_start()
            .starts_with("component")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(list: &[(&str, &str)]) -> TemplateSources {
        TemplateSources {
            templates: list
                .iter()
                .map(|(n, t)| (n.to_string(), (t.to_string(), n.to_string())))
                .collect(),
        }
    }

    #[test]
    fn a_template_key_follows_includes_and_extends() {
        let s = sources(&[
            ("base.html", "{% include \"partials/a.html\" %}"),
            ("page.html", "{% extends 'base.html' %}"),
            ("partials/a.html", "a"),
            ("partials/b.html", "b"),
            ("other.html", "x"),
        ]);
        let before = template_keys(&s);
        let s2 = sources(&[
            ("base.html", "{% include \"partials/a.html\" %}"),
            ("page.html", "{% extends 'base.html' %}"),
            ("partials/a.html", "a changed"),
            ("partials/b.html", "b"),
            ("other.html", "x"),
        ]);
        let after = template_keys(&s2);
        assert_ne!(before["page.html"], after["page.html"]);
        assert_ne!(before["base.html"], after["base.html"]);
        assert_eq!(before["other.html"], after["other.html"]);
        assert_eq!(before["partials/b.html"], after["partials/b.html"]);
    }

    #[test]
    fn components_are_in_every_template_key() {
        let a = sources(&[
            ("c.html", "{% component Box() %}1{% endcomponent Box %}"),
            ("page.html", "{{<Box/>}}"),
        ]);
        let b = sources(&[
            ("c.html", "{% component Box() %}2{% endcomponent Box %}"),
            ("page.html", "{{<Box/>}}"),
        ]);
        assert_ne!(
            template_keys(&a)["page.html"],
            template_keys(&b)["page.html"]
        );
    }
}
