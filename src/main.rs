//! The `clinicsite` command: parses arguments, calls the library, maps outcomes to exit codes.

use clap::{Parser, Subcommand};
use clinicsite::{BuildError, BuildOptions, diagnostics::Diagnostic};
use std::path::PathBuf;
use std::process::ExitCode;

/// Build patient-information websites from markdown.
#[derive(Parser)]
#[command(name = "clinicsite", version, about, long_about = None, after_help = "Examples:\n  clinicsite build                 build the site in this folder into ./public\n  clinicsite build --site my-site  build another folder\n  clinicsite new my-clinic         start a new site")]
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
    /// Create a starter site in a new or empty folder.
    #[command(
        after_help = "Example:\n  clinicsite new my-clinic && clinicsite build --site my-clinic"
    )]
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { site, out, drafts } => {
            let out_dir = out.unwrap_or_else(|| site.join("public"));
            let options = BuildOptions {
                site_dir: site,
                out_dir,
                drafts,
            };
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
                Err(e) => fail(&e),
            }
        }
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

fn print_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn fail(error: &BuildError) -> ExitCode {
    match error {
        BuildError::Site(diagnostics) => {
            print_all(diagnostics);
            eprintln!("{error}; nothing was written");
        }
        BuildError::Write(e) => eprintln!("error: {e}"),
    }
    ExitCode::from(1)
}
