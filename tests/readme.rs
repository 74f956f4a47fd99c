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
