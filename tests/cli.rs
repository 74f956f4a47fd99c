//! The `clinicsite` command: a failed build leaves the previous output alone,
//! `new` makes a site that builds, and exit codes are 0, 1 and 2.

mod common;

use clinicsite::BuildOptions;
use common::*;

fn site_with_pages() -> Fixture {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: A\n---\n\n## Results\n\n![A photo](p.png)\n",
        ),
        ("content/b/_index.md", &page("B", "[A](../a.md#results)\n")),
        ("content/b/c.md", &page("C", "Text.\n")),
    ]);
    site.write("content/p.png", png(2, 3));
    site
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = site_with_pages();
    site.build_ok();
    site.write("public/mine.txt", "the user's own file");
    let before = snapshot(&site.public());
    assert!(before.len() > 8);

    // A front-matter error, a new page, a changed page and a removed page:
    // nothing of it may reach public/.
    site.write("content/a.md", "---\ntitle: A changed\ntitel: x\n---\n");
    site.write("content/new.md", page("New", "Text.\n"));
    std::fs::remove_file(site.path().join("content/b/c.md")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/a.md:3:1: error: unknown front matter key `titel`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("nothing was written\n"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.public()), before);

    // The same through the library, with an error found only while rendering.
    site.write("content/a.md", "---\ntitle: A\n---\n\n## Results\n");
    site.write("templates/page.html", "{% extends \"base.html\" %}{{ nope(");
    let errors = site.build_errors();
    assert!(!errors.is_empty());
    assert_eq!(snapshot(&site.public()), before);
}

#[test]
fn build_with_site_and_out_options() {
    let site = site_with_pages();
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("www");
    let elsewhere = tempfile::tempdir().unwrap();
    let run = run_in(
        elsewhere.path(),
        &[
            "build",
            "--site",
            site.path().to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("built 6 pages"), "{}", run.stderr);
    assert!(out_dir.join("b/c/index.html").is_file());
    assert!(!site.public().exists());
}

#[test]
fn new_creates_a_site_that_builds_cleanly() {
    let parent = tempfile::tempdir().unwrap();
    let run = run_in(parent.path(), &["new", "my-clinic"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let dir = parent.path().join("my-clinic");
    assert!(dir.join("site.yaml").is_file());
    let report = clinicsite::build(&BuildOptions::new(&dir)).expect("the starter site builds");
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    assert!(report.pages >= 4);
    let home = read_page(&dir.join("public"), "/");
    assert_eq!(select(&home, "h1").len(), 1);
    // ...and through the command, as its message suggests.
    let run = run_in(parent.path(), &["build", "--site", "my-clinic"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

/// Every file of a starter made by `new` (path relative to it -> text).
fn starter_files(dir: &std::path::Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .filter(|(path, _)| !path.starts_with("public/"))
        .map(|(path, (bytes, _))| (path, String::from_utf8(bytes).expect("UTF-8")))
        .collect()
}

#[test]
fn the_starter_has_every_feature_reviewed_today_and_no_microneedling() {
    let parent = tempfile::tempdir().unwrap();
    let before = jiff::ZonedDateTime::now().date();
    assert_eq!(run_in(parent.path(), &["new", "site"]).code, Some(0));
    let after = jiff::ZonedDateTime::now().date();
    let dir = parent.path().join("site");
    let files = starter_files(&dir);

    for (path, text) in &files {
        assert!(
            !text.to_lowercase().contains("microneedling"),
            "{path} mentions microneedling"
        );
        if !path.ends_with(".md") {
            continue;
        }
        let reviewed = text
            .lines()
            .find_map(|l| l.strip_prefix("last_reviewed: "))
            .unwrap_or_else(|| panic!("{path} has no last_reviewed"));
        assert!(
            reviewed == before.to_string() || reviewed == after.to_string(),
            "{path}: last_reviewed {reviewed}, made on {before}"
        );
    }
    let kinds: Vec<&str> = files
        .iter()
        .flat_map(|(_, t)| t.lines())
        .filter_map(|l| {
            l.strip_prefix("kind: ")
                .or_else(|| l.strip_prefix("page_kind: "))
        })
        .collect();
    for kind in ["step", "phase", "faq", "questionnaire", "help", "condition"] {
        assert!(kinds.contains(&kind), "no {kind} in the starter: {kinds:?}");
    }

    let report = clinicsite::build(&BuildOptions::new(&dir)).expect("the starter builds");
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    let out = dir.join("public");
    let home = read_page(&out, "/");
    let links = main_links(&home);
    let mut unique = links.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        links.len(),
        unique.len(),
        "the home page repeats a link: {links:?}"
    );
    for section in ["/treatment/", "/healing/", "/faq/", "/suitability/"] {
        assert!(
            links.contains(&section.to_string()),
            "{section} not in {links:?}"
        );
    }
    assert_eq!(
        select(&read_page(&out, "/treatment/"), ".card-list--steps .card").len(),
        1
    );
    assert_eq!(
        select(&read_page(&out, "/healing/"), ".timeline__item").len(),
        1
    );
    assert_eq!(select(&read_page(&out, "/faq/"), ".faq-index li").len(), 2);
    assert!(!select(&read_page(&out, "/suitability/"), "form.qn fieldset").is_empty());
    let phase = read_page(&out, "/healing/first-days/");
    assert_eq!(select(&phase, "aside.help-box").len(), 1);
    assert_eq!(select(&phase, ".example-banner").len(), 1);
    // `check --strict` finds nothing to fix in a starter still marked as an example.
    let run = run_in(&dir, &["check", "--strict"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

#[test]
fn without_the_example_flag_the_starter_lists_what_is_left_to_replace() {
    let parent = tempfile::tempdir().unwrap();
    assert_eq!(run_in(parent.path(), &["new", "site"]).code, Some(0));
    let dir = parent.path().join("site");
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    assert!(yaml.contains("\nexample_site: true\n"));
    std::fs::write(
        dir.join("site.yaml"),
        yaml.replace("\nexample_site: true\n", "\n"),
    )
    .unwrap();
    let run = run_in(parent.path(), &["build", "--site", "site"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let errors = run.error_lines();
    for wanted in [
        "site.yaml:",
        "the clinic's name is an example",
        "content/help-box.md:",
        "this source is a placeholder",
        "\"Replace with\" is placeholder text",
    ] {
        assert!(
            errors.iter().any(|l| l.contains(wanted)),
            "no `{wanted}` in:\n{}",
            run.stderr
        );
    }
    assert!(!dir.join("public").exists());
}

#[test]
fn new_into_an_empty_folder_works_but_not_into_a_non_empty_one() {
    let parent = tempfile::tempdir().unwrap();
    std::fs::create_dir(parent.path().join("empty")).unwrap();
    assert_eq!(run_in(parent.path(), &["new", "empty"]).code, Some(0));

    std::fs::create_dir(parent.path().join("full")).unwrap();
    std::fs::write(parent.path().join("full/notes.txt"), "keep me").unwrap();
    let run = run_in(parent.path(), &["new", "full"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_dir(parent.path().join("full"))
            .unwrap()
            .count(),
        1,
        "nothing was added"
    );
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &[][..],
        &["frobnicate"],
        &["build", "--nope"],
        &["build", "extra-argument"],
        &["new"],
    ] {
        let run = run_in(dir.path(), args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} says why");
    }
    let run = run_in(dir.path(), &["--help"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("build"), "{}", run.stdout);
}

#[test]
fn an_empty_folder_is_not_a_site() {
    let site = Fixture::empty();
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(!site.public().exists());
}

/// Runs `serve --open --port 0` (and `args`) on `site` with `env` and no graphical
/// session, and returns what it printed up to the line that says where to go.
#[cfg(all(unix, not(target_os = "macos")))]
fn serve_open_output(site: &Fixture, args: &[&str], env: &[(&str, &str)]) -> String {
    use std::io::BufRead;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_clinicsite"));
    command
        .args(["serve", "--open", "--port", "0"])
        .args(args)
        .current_dir(site.path())
        .env_remove("BROWSER")
        .env_remove("CLINICSITE_CONTAINER");
    // No graphical session for xdg-open to find (it looks at each of these).
    for name in [
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "XDG_CURRENT_DESKTOP",
        "XDG_SESSION_DESKTOP",
        "DESKTOP_SESSION",
        "KDE_FULL_SESSION",
        "GNOME_DESKTOP_SESSION_ID",
        "MATE_DESKTOP_SESSION_ID",
        "DBUS_SESSION_BUS_ADDRESS",
    ] {
        command.env_remove(name);
    }
    command
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("start serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut printed = String::new();
    while let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(60)) {
        printed.push_str(&line);
        printed.push('\n');
        if line.starts_with("  hint: open ") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    printed
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn serve_open_without_a_browser_says_so_and_where_to_go() {
    let site = site_with_pages();
    let no_programs = tempfile::tempdir().unwrap();
    let empty_path = no_programs.path().to_str().unwrap();
    let cases = [
        // No xdg-open: $BROWSER is run, and fails.
        (
            vec![("PATH", empty_path), ("BROWSER", "/bin/false")],
            "warning: could not open a browser: `/bin/false` ended with exit status 1",
        ),
        // Neither xdg-open nor $BROWSER.
        (
            vec![("PATH", empty_path)],
            "warning: could not open a browser: there is no `xdg-open` program to start one with",
        ),
    ];
    for (env, warning) in cases {
        let printed = serve_open_output(&site, &[], &env);
        let url = printed
            .lines()
            .find_map(|l| l.strip_prefix("serving "))
            .unwrap_or_else(|| panic!("no address printed:\n{printed}"));
        assert!(url.starts_with("http://127.0.0.1:"), "{printed}");
        let lines: Vec<&str> = printed.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("warning: could not open"));
        let at = at.unwrap_or_else(|| panic!("no warning:\n{printed}"));
        assert_eq!(lines[at], warning, "{printed}");
        assert_eq!(lines[at + 1], format!("  hint: open {url} in your browser"));
    }
    // With the system's own xdg-open (if any) and a browser that fails.
    let printed = serve_open_output(&site, &[], &[("BROWSER", "/bin/false")]);
    assert!(
        printed.contains("\nwarning: could not open a browser: "),
        "{printed}"
    );
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn serve_on_every_address_opens_and_prints_this_computers_address() {
    let site = site_with_pages();
    let no_programs = tempfile::tempdir().unwrap();
    let env = [("PATH", no_programs.path().to_str().unwrap())];
    let printed = serve_open_output(&site, &["--bind", "0.0.0.0"], &env);
    let url = printed.lines().find_map(|l| l.strip_prefix("serving "));
    let url = url.unwrap_or_else(|| panic!("no address printed:\n{printed}"));
    assert!(url.starts_with("http://127.0.0.1:"), "{printed}");
    assert!(
        printed.contains(
            "\nwarning: listening on 0.0.0.0: other devices on the network can see the site\n"
        ),
        "{printed}"
    );
    assert!(printed.ends_with(&format!("  hint: open {url} in your browser\n")));

    // In the container image, the published port decides who can connect.
    let env = [env[0], ("CLINICSITE_CONTAINER", "1")];
    let printed = serve_open_output(&site, &["--bind", "0.0.0.0"], &env);
    let port = printed
        .lines()
        .find_map(|l| l.strip_prefix("serving http://127.0.0.1:"))
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("no address printed:\n{printed}"));
    assert!(
        printed.contains(&format!("\nlistening on 0.0.0.0 in the container: `docker run -p 127.0.0.1:{port}:{port}` keeps the site to this computer\n")),
        "{printed}"
    );
    assert!(!printed.contains("warning: listening"), "{printed}");
}
