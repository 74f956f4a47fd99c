//! Save-to-reload latency of `clinicsite serve` (a benchmark, not a test).
//!
//!     cargo bench --bench serve_latency
//!     python3 ../shared/bench/gen_corpus.py --pages 10000 --out /tmp/corpus-10k --flavor clinicsite
//!     cargo bench --bench serve_latency -- /tmp/corpus-10k
//!
//! For each site (the bundled one, then any folder given), the server runs in
//! process on a temp copy; one page's markdown is edited 30 times. Reported:
//! - rebuild: from the watcher's debounced event to the reload message handed
//!   to every open page (the number the targets are about: < 20 ms bundled,
//!   < 50 ms on 10,000 pages);
//! - save to reload: from the file write to the reload message read by an
//!   event-stream client, which adds the debounce window.

use clinicsite::serve::{self, ServeOptions, state::Rebuild};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const EDITS: usize = 30;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A page to edit: the first markdown file (in name order) below the top folder that is not a section index.
fn page_to_edit(content: &Path) -> Option<PathBuf> {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.depth() > 1 && e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
}

fn stats(mut ms: Vec<f64>) -> String {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    format!(
        "median {:6.2} ms   p90 {:6.2} ms   max {:6.2} ms",
        at(0.5),
        at(0.9),
        at(1.0)
    )
}

fn bench(name: &str, source: &Path) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    std::fs::create_dir_all(&site).expect("site folder");
    std::fs::copy(source.join("site.yaml"), site.join("site.yaml")).expect("site.yaml");
    copy_dir(&source.join("content"), &site.join("content"));
    if source.join("static").is_dir() && source != Path::new(env!("CARGO_MANIFEST_DIR")) {
        copy_dir(&source.join("static"), &site.join("static"));
    }
    let Some(page) = page_to_edit(&site.join("content")) else {
        eprintln!("{name}: no page to edit");
        return;
    };
    let (tx, rx) = mpsc::channel::<Rebuild>();
    let mut options = ServeOptions::new(&site);
    options.port = 0;
    let started = Instant::now();
    let running = serve::start(
        &options,
        Box::new(move |r: &Rebuild| {
            let _ = tx.send(r.clone());
        }),
    )
    .expect("server starts");
    let first = started.elapsed();

    let mut stream = TcpStream::connect(running.addr).expect("connect");
    write!(
        stream,
        "GET /__clinicsite/events HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    .expect("request");
    let (ev_tx, ev_rx) = mpsc::channel::<Instant>();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if line.starts_with("data: ") && ev_tx.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    let _hello = ev_rx.recv_timeout(Duration::from_secs(10)).expect("hello");

    let original = std::fs::read_to_string(&page).expect("page");
    println!(
        "{name}: first build {:.0} ms; editing {}",
        first.as_secs_f64() * 1000.0,
        page.strip_prefix(&site).unwrap_or(&page).display()
    );
    let title_line = original
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap_or("title: x")
        .to_string();
    let body_edit = |n: usize| format!("{original}\nEdit number {n} for the benchmark.\n");
    let title_edit = |n: usize| {
        let new_title = match title_line.strip_suffix('"') {
            Some(open) => format!("{open} {n}\""),
            None => format!("{title_line} {n}"),
        };
        original.replacen(&title_line, &new_title, 1)
    };
    for (label, edits, edit) in [
        ("body edit", EDITS, &body_edit as &dyn Fn(usize) -> String),
        ("title edit", EDITS / 3, &title_edit),
    ] {
        let mut rebuild_ms = Vec::new();
        let mut end_to_end_ms = Vec::new();
        let mut summary = None;
        for n in 0..edits {
            std::thread::sleep(Duration::from_millis(150));
            while ev_rx.try_recv().is_ok() || rx.try_recv().is_ok() {}
            let written = Instant::now();
            std::fs::write(&page, edit(n)).expect("write page");
            let r = rx.recv_timeout(Duration::from_secs(30)).expect("rebuild");
            let received = ev_rx
                .recv_timeout(Duration::from_secs(30))
                .expect("reload event");
            assert!(r.errors == 0, "the edit broke the site");
            rebuild_ms.push(r.latency.as_secs_f64() * 1000.0);
            end_to_end_ms.push((received - written).as_secs_f64() * 1000.0);
            if std::env::var_os("VERBOSE").is_some() {
                eprintln!(
                    "  {label} {n}: rebuild {:.2} ms, save to reload {:.2} ms",
                    r.latency.as_secs_f64() * 1000.0,
                    (received - written).as_secs_f64() * 1000.0
                );
            }
            summary = r.summary;
        }
        if let Some(s) = summary {
            println!(
                "  {label} x{edits}: {} of {} pages rendered, {} read, {} bodies rendered",
                s.pages_rendered, s.pages, s.files_read, s.bodies_rendered
            );
        }
        println!(
            "    rebuild (debounced event -> reload sent): {}",
            stats(rebuild_ms)
        );
        println!(
            "    save -> reload received (incl. {} ms debounce): {}",
            serve::watch::DEBOUNCE.as_millis(),
            stats(end_to_end_ms)
        );
    }
    running.stop();
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    println!(
        "serve latency, {EDITS} one-page edits per site, debounce window {} ms",
        serve::watch::DEBOUNCE.as_millis()
    );
    bench("bundled site", Path::new(env!("CARGO_MANIFEST_DIR")));
    for dir in &args {
        let path = Path::new(dir);
        if path.join("site.yaml").is_file() {
            bench(dir, path);
        } else {
            eprintln!("{dir}: not a site folder (no site.yaml); make one with gen_corpus.py");
        }
    }
}
