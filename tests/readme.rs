//! The examples in README.md and in `--help` run as written: each is taken from
//! the text itself, so this fails when the text and the program drift apart.

mod common;

use common::*;
use std::path::Path;

/// Runs the binary in `dir` with `args`, `stdin` as its input.
fn run_with_input(dir: &Path, args: &[&str], stdin: &str) -> Run {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_clinicsite"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run clinicsite");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    let output = child.wait_with_output().expect("wait");
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    }
}

/// A command line `echo '<input>' | <program> <args>` read apart: the input and the
/// arguments after the program (`clinicsite` or `cargo run --release --`).
fn piped_command(line: &str) -> Option<(String, Vec<String>)> {
    let rest = line.trim().strip_prefix("echo '")?;
    let (input, command) = rest.split_once("' | ")?;
    let command = command.split('#').next().unwrap_or("").trim();
    let args = command
        .strip_prefix("clinicsite ")
        .or_else(|| command.strip_prefix("cargo run --release -- "))?;
    Some((
        input.to_string(),
        args.split_whitespace().map(str::to_string).collect(),
    ))
}

/// Runs `clinicsite <args>` on a copy of the bundled site with `input`, and returns
/// what it printed, after checking that it succeeded.
fn run_on_bundled_site(args: &[String], input: &str) -> String {
    let (_dir, site) = bundled_site();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_with_input(&site, &args, &format!("{input}\n"));
    assert_eq!(
        run.code,
        Some(0),
        "`echo '{input}' | clinicsite {}` failed:\n{}",
        args.join(" "),
        run.stderr
    );
    run.stdout
}

#[test]
fn the_questionnaire_help_examples_run_on_the_bundled_site() {
    let help = run_in(&repo_root(), &["questionnaire", "--help"]);
    assert_eq!(help.code, Some(0));
    let examples: Vec<_> = help.stdout.lines().filter_map(piped_command).collect();
    assert!(!examples.is_empty(), "no example in:\n{}", help.stdout);
    for (input, args) in examples {
        let printed = run_on_bundled_site(&args, &input);
        let verdict: serde_json::Value = serde_json::from_str(printed.trim()).expect("a verdict");
        assert!(verdict["outcome"].is_string(), "{printed}");
        assert_eq!(
            verdict["reasons"].as_array().map(Vec::len),
            verdict["reason_texts"].as_array().map(Vec::len),
            "{printed}"
        );
    }
}

/// A fenced code block of README.md.
struct Block {
    /// The words after the opening fence: the language, then (for a file) its path.
    info: Vec<String>,
    /// The lines inside, without the fence's own indentation.
    text: String,
    /// The README line of the opening fence, for messages.
    line: usize,
}

fn readme_blocks() -> Vec<Block> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Block)> = None;
    for (i, line) in readme.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let fence = line.trim_start().strip_prefix("```");
        match (&mut open, fence) {
            (None, Some(info)) => {
                let info = info.split_whitespace().map(str::to_string).collect();
                let text = String::new();
                open = Some((
                    indent,
                    Block {
                        info,
                        text,
                        line: i + 1,
                    },
                ));
            }
            (Some(_), Some("")) => blocks.extend(open.take().map(|(_, b)| b)),
            (Some((indent, block)), _) => {
                let cut = line.len().min(*indent);
                block.text.push_str(&line[cut..]);
                block.text.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// The errors a build printed, each with its hint: what the README shows.
fn error_lines(stderr: &str) -> Vec<&str> {
    let mut shown = Vec::new();
    let mut after_error = false;
    for line in stderr.lines() {
        let is_error = line.contains(": error: ");
        if is_error || (after_error && line.starts_with("  hint: ")) {
            shown.push(line);
        }
        after_error = is_error;
    }
    shown
}

#[test]
fn the_readme_file_examples_build_and_print_the_errors_shown() {
    let blocks = readme_blocks();
    let mut checked = 0;
    for (i, block) in blocks.iter().enumerate() {
        let [_, path] = block.info.as_slice() else {
            continue;
        };
        let shown = blocks
            .get(i + 1)
            .filter(|next| next.info == ["text"] && next.text.contains(": error: "));
        let (dir, site) = bundled_site();
        std::fs::create_dir_all(site.join(path).parent().expect("a folder")).expect("mkdir");
        std::fs::write(site.join(path), &block.text).expect("write the example");
        let out = dir.path().join("out");
        let run = run_in(
            &site,
            &["build", "--out", out.to_str().expect("UTF-8 path")],
        );
        match shown {
            Some(shown) => {
                assert_eq!(
                    run.code,
                    Some(1),
                    "README line {}: {}",
                    block.line,
                    run.stderr
                );
                assert_eq!(
                    error_lines(&run.stderr),
                    shown.text.lines().collect::<Vec<_>>(),
                    "README line {}: the errors printed are not the ones shown at line {}",
                    block.line,
                    shown.line
                );
            }
            None => assert_eq!(
                run.code,
                Some(0),
                "README line {}: the example does not build:\n{}",
                block.line,
                run.stderr
            ),
        }
        checked += 1;
    }
    assert!(
        checked >= 8,
        "only {checked} file examples found in README.md"
    );
}

#[test]
fn the_readme_questionnaire_examples_print_what_is_shown() {
    let blocks = readme_blocks();
    let mut checked = 0;
    for (i, block) in blocks.iter().enumerate() {
        let commands = block.text.lines().filter_map(piped_command);
        for (input, args) in commands.filter(|(_, args)| args[0] == "questionnaire") {
            let printed = run_on_bundled_site(&args, &input);
            if let Some(shown) = blocks.get(i + 1).filter(|next| next.info == ["json"]) {
                assert_eq!(printed, shown.text, "README line {}", shown.line);
            }
            checked += 1;
        }
    }
    assert!(checked >= 1, "no questionnaire example found in README.md");
}

#[test]
fn the_readme_writes_one_form_of_the_command_and_only_real_options() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    // `cargo run` is the one from-source command before anything is installed.
    for block in readme_blocks()
        .iter()
        .filter(|b| b.info.first().is_some_and(|l| l == "sh"))
    {
        for line in block.text.lines().filter(|l| l.starts_with("cargo run")) {
            assert_eq!(
                line, "cargo run --release -- serve --open",
                "README line {}",
                block.line
            );
        }
    }
    // The program's own help writes the installed form too.
    for command in [
        "",
        "build",
        "serve",
        "check",
        "report",
        "new",
        "questionnaire",
    ] {
        let args: Vec<&str> = [command, "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let help = run_in(&repo_root(), &args);
        assert_eq!(help.code, Some(0), "clinicsite {command} --help");
        assert!(!help.stdout.contains("cargo run"), "{}", help.stdout);
        assert!(help.stdout.contains("clinicsite "), "{}", help.stdout);
    }
    // Every `clinicsite <command> [--option]` the README names exists.
    let mut named = 0;
    for mention in readme.split("`clinicsite ").skip(1) {
        let Some(mention) = mention.split('`').next() else {
            continue;
        };
        let command = mention.split_whitespace().next().unwrap_or("");
        if command.starts_with('-') {
            continue;
        }
        let help = run_in(&repo_root(), &[command, "--help"]);
        assert_eq!(
            help.code,
            Some(0),
            "`clinicsite {mention}`: no such command"
        );
        for option in mention
            .split(['[', ']', ' ', '|'])
            .filter(|w| w.starts_with("--"))
        {
            let option = option.split('=').next().unwrap_or(option);
            assert!(
                help.stdout.contains(&format!("{option} "))
                    || help.stdout.contains(&format!("{option}\n")),
                "`clinicsite {mention}`: `{command}` has no option {option}"
            );
        }
        named += 1;
    }
    assert!(named >= 10, "only {named} commands named in README.md");
}
