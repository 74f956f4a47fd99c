//! The `clinicsite` command: parses arguments, calls the library, maps outcomes to exit codes.

use clap::{Parser, Subcommand, ValueEnum};
use clinicsite::serve::{ServeOptions, state::Rebuild};
use clinicsite::{BuildError, BuildOptions, diagnostics::Diagnostic};
use jiff::civil::Date;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Build patient-information websites from markdown.
#[derive(Parser)]
#[command(name = "clinicsite", version, about, long_about = None, after_help = "Examples:\n  clinicsite build                 build the site in this folder into ./public\n  clinicsite build --site my-site  build another folder\n  clinicsite serve --open          preview this folder, reloading on every save\n  clinicsite new my-clinic         start a new site")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder of static files.
    #[command(
        after_help = "Examples:\n  clinicsite build\n  clinicsite build --site my-site --out /tmp/site\n  clinicsite build --drafts"
    )]
    Build {
        /// The site folder (holds site.yaml and content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to write the site [default: <site>/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Evaluate questionnaire answers with the reference rules (to test rules or tools).
    ///
    /// Reads one JSON object per line from standard input that answers every question
    /// (`--describe` lists the question and answer ids), and prints one line per answer
    /// set: the outcome, the numbers of the rules that matched (most serious outcome
    /// first, then in the order written) and their reasons:
    /// `{"outcome":"not-now","reasons":[1,27],"reason_texts":["...","..."]}`.
    #[command(after_help = QUESTIONNAIRE_HELP)]
    Questionnaire {
        /// The site folder.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The questionnaire page, relative to the site folder (default: the only one).
        #[arg(long)]
        page: Option<String>,
        /// Print the questionnaire's questions, answers and outcomes as JSON instead.
        #[arg(long)]
        describe: bool,
    },
    /// Check the site without writing it: build errors, reviews, reading level, sources, privacy.
    #[command(
        after_help = "Exit status: 0 when nothing is wrong (warnings allowed unless --strict), 1 on errors\n(or warnings with --strict), 2 on a bad command line.\n\nExamples:\n  clinicsite check\n  clinicsite check --strict --today 2026-11-24\n  clinicsite check --format json > check.json"
    )]
    Check {
        /// The site folder (holds site.yaml and content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail (exit 1) on warnings too, not only on errors.
        #[arg(long)]
        strict: bool,
        /// The day to compute review status for, as YYYY-MM-DD [default: today].
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
    },
    /// Write an HTML report of every page's review and reading level, for the clinic.
    #[command(
        after_help = "Examples:\n  clinicsite report                      writes ./report.html\n  clinicsite report --out /tmp/review.html --today 2026-11-24"
    )]
    Report {
        /// The site folder (holds site.yaml and content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to write the report [default: <site>/report.html]; never inside <site>/public.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The day to compute review status for, as YYYY-MM-DD [default: today].
        #[arg(long, value_parser = parse_day)]
        today: Option<Date>,
    },
    /// Serve the site from memory, rebuilding and reloading the browser on every save.
    #[command(after_help = SERVE_HELP)]
    Serve {
        /// The site folder (holds site.yaml and content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Only this computer can connect to the default;
        /// 0.0.0.0 lets other devices on the network connect.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a starter site in a new or empty folder.
    #[command(
        after_help = "Example:\n  clinicsite new my-clinic && clinicsite build --site my-clinic"
    )]
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

/// How `check` prints its findings.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A table grouped by page, problems as `path:line:col: warning: message`.
    Text,
    /// The JSON format documented in docs/check.md.
    Json,
}

fn parse_day(text: &str) -> Result<Date, String> {
    clinicsite::content::front_matter::parse_date(text)
        .ok_or_else(|| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24"))
}

fn today_or_now(today: Option<Date>) -> Date {
    today.unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}
const QUESTIONNAIRE_HELP: &str = r#"Examples, in the bundled microneedling site:
  clinicsite questionnaire --describe
  echo '{"infection":"yes","cold-sores":"no","acne":"no","broken-skin":"no","skin-condition":"no","skin-cancer":"no","dark-marks":"no","keloid":"no","recent-treatment":"no","pregnant":"no","bleeding":"no","blood-thinners":"no","isotretinoin":"recent","allergy":"no","diabetes":"no","immune":"no","autoimmune":"no"}' | clinicsite questionnaire"#;

const SERVE_HELP: &str = "\
Watches content/, templates/, static/ and site.yaml. On every save it rebuilds
what the change touches and reloads the open page. When the site has errors,
the terminal lists them and the page shows them over the last version that
built; the server keeps running. With a base_url path such as
https://example.org/clinic/, the site is served under /clinic/.

Examples:
  clinicsite serve                      serve this folder on http://127.0.0.1:1111/
  clinicsite serve --site my-site --open
  clinicsite serve --port 0             pick a free port (the URL is printed)";

/// mimalloc: a cold build's memory is mostly fresh pages, and mimalloc takes them
/// from the system in large pieces, so a 10,000-page build faults 3,000 times
/// instead of 40,000 (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            site,
            format,
            strict,
            today,
        } => {
            let report = clinicsite::check::check(&BuildOptions::new(site), today_or_now(today));
            match format {
                Format::Text => print!("{}", clinicsite::check::text::render(&report)),
                Format::Json => match serde_json::to_string_pretty(&report) {
                    Ok(json) => println!("{json}"),
                    Err(e) => {
                        eprintln!("error: cannot write the report as JSON: {e}");
                        return ExitCode::from(1);
                    }
                },
            }
            if report.has_errors() || (strict && report.has_warnings()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Report { site, out, today } => {
            let options = BuildOptions::new(site);
            match clinicsite::report::write(&options, out.as_deref(), today_or_now(today)) {
                Ok(done) => {
                    eprintln!(
                        "wrote {} ({} pages, {} errors, {} warnings)",
                        done.path.display(),
                        done.report.summary.pages,
                        done.report.summary.errors,
                        done.report.summary.warnings
                    );
                    if done.report.has_errors() {
                        eprintln!("the site has errors: run `clinicsite check` to see them");
                    }
                    ExitCode::SUCCESS
                }
                Err(clinicsite::report::ReportError::Site(diagnostics)) => {
                    print_all(&diagnostics);
                    eprintln!("error: no report written: the site could not be read");
                    ExitCode::from(1)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Build { site, out, drafts } => {
            let mut options = BuildOptions::new(&site);
            if let Some(out) = out {
                options.out_dir = out;
            }
            options.drafts = drafts;
            match clinicsite::build(&options) {
                Ok(report) => {
                    print_all(&report.warnings);
                    eprintln!(
                        "built {} pages into {} ({} files written, {} unchanged, {} removed)",
                        report.pages,
                        options.out_dir.display(),
                        report.write.written,
                        report.write.unchanged,
                        report.write.removed
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e, "nothing was written"),
            }
        }
        Command::Questionnaire {
            site,
            page,
            describe,
        } => questionnaire_command(site, page, describe),
        Command::Serve {
            site,
            port,
            bind,
            drafts,
            open,
        } => serve(
            ServeOptions {
                site_dir: site,
                bind,
                port,
                drafts,
            },
            open,
        ),
        Command::New { dir } => match clinicsite::new_site::create(&dir) {
            Ok(files) => {
                eprintln!(
                    "created a starter site in {} ({} files)",
                    dir.display(),
                    files.len()
                );
                eprintln!("next: clinicsite build --site {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn questionnaire_command(site: PathBuf, page: Option<String>, describe: bool) -> ExitCode {
    let options = BuildOptions::new(site);
    let questionnaire = match clinicsite::find_questionnaire(&options, page.as_deref()) {
        Ok(q) => q,
        Err(e) => return fail(&e, "no answers were read"),
    };
    let stdout = std::io::stdout().lock();
    let result = if describe {
        clinicsite::questionnaire::describe(&questionnaire, stdout)
    } else {
        clinicsite::questionnaire::evaluate_lines(&questionnaire, std::io::stdin().lock(), stdout)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn print_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// Prints why the site could not be built; `outcome` says what did not happen.
fn fail(error: &BuildError, outcome: &str) -> ExitCode {
    match error {
        BuildError::Site(diagnostics) => {
            print_all(diagnostics);
            eprintln!("{error}; {outcome}");
        }
        BuildError::Write(e) => eprintln!("error: {e}"),
    }
    ExitCode::from(1)
}

fn serve(options: ServeOptions, open: bool) -> ExitCode {
    let running = match clinicsite::serve::start(&options, Box::new(report_rebuild)) {
        Ok(running) => running,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(hint) = e.hint() {
                eprintln!("  hint: {hint}");
            }
            return ExitCode::from(1);
        }
    };
    eprintln!("serving {}", running.url);
    if std::env::var_os("CLINICSITE_CONTAINER").is_some() {
        // Set by the Dockerfile: there the port published with `docker run -p`,
        // not the address inside the container, decides who can connect.
        eprintln!(
            "listening on {} in the container: `docker run -p 127.0.0.1:{port}:{port}` keeps the site to this computer",
            options.bind,
            port = running.addr.port()
        );
    } else if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other devices on the network can see the site",
            options.bind
        );
    }
    eprintln!(
        "watching content/, templates/, static/ and site.yaml (debounce {} ms); press Ctrl+C to stop",
        clinicsite::serve::watch::DEBOUNCE.as_millis()
    );
    if open && let Err(why) = clinicsite::serve::browser::open(&running.url) {
        eprintln!("warning: could not open a browser: {why}");
        eprintln!("  hint: open {} in your browser", running.url);
    }
    running.wait();
    ExitCode::SUCCESS
}

fn report_rebuild(r: &Rebuild) {
    let what = match r.changed.as_slice() {
        [] => String::new(),
        [one] => format!(" after a change to {one}"),
        [first, rest @ ..] => format!(" after changes to {first} and {} more", rest.len()),
    };
    let ms = r.latency.as_secs_f64() * 1000.0;
    match &r.summary {
        Some(s) => eprintln!(
            "rebuilt in {ms:.1} ms{what}: {} read, {} rendered, {} of {} pages rendered",
            plural(s.files_read, "file"),
            plural(s.bodies_rendered, "body"),
            s.pages_rendered,
            s.pages
        ),
        None => eprintln!(
            "the site has {}{what} ({ms:.1} ms); the browser shows them over the last page that built",
            plural(r.errors, "error")
        ),
    }
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, w) => format!("1 {w}"),
        (n, "body") => format!("{n} bodies"),
        (n, w) => format!("{n} {w}s"),
    }
}
