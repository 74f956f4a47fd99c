//! A seeded walk of random writer edits over a site's markdown files, that undoes
//! its own mistakes so most steps leave a site that builds (and whose whole output
//! can be compared), while every mistake is still seen failing first.

use std::path::{Path, PathBuf};

/// Edits made on top of a broken site before the walk undoes them all.
const MAX_EDITS_WHILE_BROKEN: usize = 2;

/// Edits between two mistakes, at the least, so most steps leave a site that builds.
const EDITS_BETWEEN_MISTAKES: u64 = 8;

/// One step of the walk: the file it changed, and whether the site must build after it.
#[derive(Debug, Clone)]
pub struct WalkEdit {
    /// The site-relative path changed.
    pub path: String,
    /// What the step did, for failure messages.
    pub what: String,
    /// `Some(true)`: the site is back where it last built. `Some(false)`: a writer's
    /// mistake the build must report. `None`: either may happen.
    pub builds: Option<bool>,
}

impl WalkEdit {
    fn new(path: String, what: String, builds: Option<bool>) -> Self {
        WalkEdit { path, what, builds }
    }
}

/// A seeded walk of random writer edits over a site's markdown files: titles,
/// order, bodies, headings, links to headings, descriptions, drafts, pages added
/// and removed, and now and then a mistake (an unknown key, a link to a missing
/// heading, an unclosed quote, a linked page made a draft). After a failed build
/// or a mistake, the walk undoes its edits since the site last built, newest
/// first (sometimes after one more edit on the broken site).
/// The seed and the number of steps can be set with `CLINICSITE_FUZZ_SEED` and
/// `CLINICSITE_FUZZ_STEPS`.
pub struct EditWalk {
    site: PathBuf,
    seed: u64,
    pages: Vec<String>,
    added: Vec<String>,
    /// The edits since the site last built, oldest first: (path, its bytes before, if any).
    undo: Vec<(String, Option<Vec<u8>>)>,
    /// Whether the last build succeeded.
    built: bool,
    /// Whether a mistake is among the edits to undo (a mistake is always undone,
    /// even one the build cannot see, such as a bad link on a draft).
    mistake_made: bool,
    /// Whether the walk has begun undoing its edits.
    undoing: bool,
    /// Edits since the last mistake.
    since_mistake: u64,
    /// Steps whose result was recorded, and how many of them built.
    steps: u64,
    steps_built: u64,
}

impl EditWalk {
    /// A walk over the markdown files of `site`, which builds.
    pub fn new(site: &Path, default_seed: u64) -> Self {
        let pages = walkdir::WalkDir::new(site.join("content"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| {
                let rel = e.path().strip_prefix(site).expect("inside the site");
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        EditWalk {
            site: site.to_path_buf(),
            seed: env_number("CLINICSITE_FUZZ_SEED", default_seed).max(1),
            pages,
            added: Vec::new(),
            undo: Vec::new(),
            built: true,
            mistake_made: false,
            undoing: false,
            since_mistake: EDITS_BETWEEN_MISTAKES,
            steps: 0,
            steps_built: 0,
        }
    }

    /// How many steps to walk.
    pub fn steps(default: u64) -> u64 {
        env_number("CLINICSITE_FUZZ_STEPS", default)
    }

    fn next(&mut self, n: usize) -> usize {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        (self.seed % n as u64) as usize
    }

    /// Makes one edit, or undoes one after a failed build or a mistake.
    pub fn step(&mut self, step: u64) -> WalkEdit {
        if self.built && !self.mistake_made {
            self.undo.clear();
            self.undoing = false;
        } else if !self.undo.is_empty()
            && (self.undoing || self.undo.len() >= MAX_EDITS_WHILE_BROKEN || self.next(5) != 0)
        {
            self.undoing = true;
            return self.undo_newest(step);
        }
        self.since_mistake += 1;
        let roll = if self.since_mistake > EDITS_BETWEEN_MISTAKES && self.next(6) == 0 {
            self.since_mistake = 0;
            0
        } else {
            1 + self.next(19)
        };
        if roll == 1 {
            return self.add_or_remove_page(step);
        }
        // Drafts only among the pages the walk added: nothing links to those.
        let draft_toggle = roll == 2 && !self.added.is_empty();
        let rel = if draft_toggle {
            let n = self.next(self.added.len());
            self.added[n].clone()
        } else {
            let n = self.next(self.pages.len());
            self.pages[n].clone()
        };
        self.remember(&rel);
        let text = std::fs::read_to_string(self.site.join(&rel)).expect("read");
        let (new, what, builds) = if roll == 0 {
            self.mistake_made = true;
            self.mistake(&rel, &text, step)
        } else if draft_toggle && text.contains("draft: true\n") {
            (text.replace("draft: true\n", ""), "published", None)
        } else if draft_toggle {
            (
                text.replacen("---\n", "---\ndraft: true\n", 1),
                "made a draft",
                None,
            )
        } else {
            let (new, what) = self.writer_edit(&rel, &text, step);
            (new, what, None)
        };
        std::fs::write(self.site.join(&rel), new).expect("write");
        let what = format!("step {step}: {what} in {rel}");
        WalkEdit::new(rel, what, builds)
    }

    /// An edit a writer makes on purpose; it may still break the site (a renamed
    /// heading that a link points at).
    fn writer_edit(&mut self, rel: &str, text: &str, step: u64) -> (String, &'static str) {
        let scars = acne_scars_from(rel);
        match self.next(9) {
            0 => (text.replacen("title: ", "title: New ", 1), "a new title"),
            1 => (text.replacen("weight: ", "weight: 1", 1), "another order"),
            2 | 3 => (format!("{text}\nOne more line {step}.\n"), "a line added"),
            4 => (text.replacen("## ", "### ", 1), "a heading one level down"),
            5 => (
                format!("{text}\nSee [what to expect]({scars}#what-to-expect) {step}.\n"),
                "a link to a heading",
            ),
            6 => (
                text.replacen("description: \"", "description: \"Changed: ", 1),
                "a new description",
            ),
            // The last heading: links point at a page's first headings more often.
            _ => match text.rfind("\n## ") {
                Some(at) => {
                    let (head, tail) = text.split_at(at + 4);
                    (format!("{head}Moved {tail}"), "a heading renamed")
                }
                None => (format!("{text}\n## Added {step}\n"), "a heading added"),
            },
        }
    }

    /// A writer's mistake, and whether the build must then fail (`Some(false)`).
    fn mistake(
        &mut self,
        rel: &str,
        text: &str,
        step: u64,
    ) -> (String, &'static str, Option<bool>) {
        let scars = acne_scars_from(rel);
        match self.next(4) {
            0 => (
                text.replacen("---\n", "---\ntitel: x\n", 1),
                "an unknown key",
                Some(false),
            ),
            1 => (
                format!("{text}\nSee [scars]({scars}#no-such-heading) {step}.\n"),
                "a link to a missing heading",
                // A draft's links are not checked.
                (!text.contains("draft: true\n")).then_some(false),
            ),
            2 => (
                text.replacen("title: ", "title: \"", 1),
                "an unclosed quote",
                Some(false),
            ),
            // Most pages are linked from another: a link to a draft is an error.
            _ => (
                text.replacen("---\n", "---\ndraft: true\n", 1),
                "a page made a draft",
                None,
            ),
        }
    }

    /// Adds a page, or removes one the walk added (nothing links to those).
    fn add_or_remove_page(&mut self, step: u64) -> WalkEdit {
        let rel = if self.added.is_empty() || self.next(2) == 0 {
            let rel = format!("content/conditions/added-{step}.md");
            let text =
                format!("---\ntitle: Added {step}\nweight: {step}\n---\n\n## Part\n\nText.\n");
            self.remember(&rel);
            std::fs::write(self.site.join(&rel), text).expect("write");
            self.added.push(rel.clone());
            rel
        } else {
            let n = self.next(self.added.len());
            let rel = self.added.swap_remove(n);
            self.remember(&rel);
            std::fs::remove_file(self.site.join(&rel)).expect("remove");
            rel
        };
        let what = format!("step {step}: add/remove {rel}");
        WalkEdit::new(rel, what, None)
    }

    /// Notes the file's bytes before an edit, so the edit can be undone.
    fn remember(&mut self, rel: &str) {
        let before = std::fs::read(self.site.join(rel)).ok();
        self.undo.push((rel.to_string(), before));
    }

    /// Puts back the newest edit's file as it was.
    fn undo_newest(&mut self, step: u64) -> WalkEdit {
        let (rel, before) = self.undo.pop().expect("an edit to undo");
        let path = self.site.join(&rel);
        match &before {
            Some(bytes) => std::fs::write(&path, bytes).expect("write"),
            None => std::fs::remove_file(&path).expect("remove"),
        }
        self.added.retain(|a| *a != rel);
        if before.is_some() && rel.contains("/added-") {
            self.added.push(rel.clone());
        }
        // With nothing left to undo the site is as it was when it last built.
        let builds = self.undo.is_empty().then_some(true);
        if self.undo.is_empty() {
            self.mistake_made = false;
            self.undoing = false;
        }
        let what = format!("step {step}: undo in {rel}");
        WalkEdit::new(rel, what, builds)
    }

    /// Records a step's build (`Err` holds its error messages), asserting the
    /// outcome the step must have.
    pub fn record<T>(&mut self, edit: &WalkEdit, result: &Result<T, Vec<String>>) {
        self.built = result.is_ok();
        // Shown when the test fails, or with `-- --nocapture`.
        match result {
            Ok(_) => println!("{}: built", edit.what),
            Err(errors) => println!("{}: failed: {}", edit.what, errors.join(" / ")),
        }
        match (edit.builds, result) {
            (Some(true), Err(errors)) => {
                panic!("{}: the build failed:\n{}", edit.what, errors.join("\n"))
            }
            (Some(false), Ok(_)) => panic!("{}: the build succeeded", edit.what),
            _ => {}
        }
        self.steps += 1;
        self.steps_built += u64::from(self.built);
    }

    /// Undoes every edit since the site last built, and any mistake; returns the
    /// files it put back.
    pub fn undo_all(&mut self) -> Vec<String> {
        if self.built && !self.mistake_made {
            self.undo.clear();
        }
        let mut paths = Vec::new();
        while !self.undo.is_empty() {
            paths.push(self.undo_newest(0).path);
        }
        self.built = true;
        paths
    }

    /// Prints how many steps built (and so compared whole outputs), and asserts
    /// that at least `percent` of them did.
    pub fn assert_built_at_least(&self, name: &str, percent: u64) {
        println!(
            "{name}: {} steps, {} built and compared whole outputs, {} failed and compared errors",
            self.steps,
            self.steps_built,
            self.steps - self.steps_built
        );
        assert!(
            self.steps_built * 100 >= self.steps * percent,
            "{name}: only {} of {} steps built",
            self.steps_built,
            self.steps
        );
    }
}

/// The link from the page at `rel` to the acne scars page, written as a writer
/// does: relative to the page's own file.
fn acne_scars_from(rel: &str) -> String {
    let depth = rel.matches('/').count().saturating_sub(1);
    format!("{}conditions/acne-scars.md", "../".repeat(depth))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
