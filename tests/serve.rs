//! `clinicsite serve` end to end: the real binary on port 0, on a temp copy of
//! the bundled site, talked to over raw HTTP.

mod common;

use common::{run_in, select};
use scraper::Html;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// A temp folder holding `site/` (a copy of the bundled site) and a secret beside it.
fn bundled_site() -> (tempfile::TempDir, PathBuf) {
    let (dir, site) = common::bundled_site();
    std::fs::write(dir.path().join("secret.txt"), "SECRET").unwrap();
    (dir, site)
}

/// A running `clinicsite serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    base: String,
    log: Receiver<String>,
    lines: Vec<String>,
}

impl Server {
    fn start(site: &Path) -> Server {
        let mut child = common::clinicsite()
            .args(["serve", "--port", "0", "--site"])
            .arg(site)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            base: String::new(),
            log: rx,
            lines: Vec::new(),
        };
        let line = server.wait_line("serving http://", Duration::from_secs(60));
        let url = line.trim_start_matches("serving http://");
        let (host, path) = url.split_once('/').unwrap();
        server.port = host.rsplit(':').next().unwrap().parse().unwrap();
        server.base = format!("/{path}");
        server
    }

    /// Waits for a stderr line containing `needle` (among lines not yet seen).
    fn wait_line(&mut self, needle: &str, timeout: Duration) -> String {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) => {
                    self.lines.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no `{needle}` in the log:\n{}", self.lines.join("\n")),
            }
        }
    }

    /// Lines printed so far.
    fn drain(&mut self) -> Vec<String> {
        while let Ok(line) = self.log.try_recv() {
            self.lines.push(line);
        }
        self.lines.clone()
    }

    fn get(&self, target: &str) -> Reply {
        get(self.port, target)
    }

    fn still_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// A raw HTTP GET: the target is sent exactly as given.
fn get(port: u16, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let end = Instant::now() + Duration::from_secs(20);
    while Instant::now() < end {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn pages_get_the_reload_client_and_connect_self() {
    let (_dir, site) = bundled_site();
    let mut server = Server::start(&site);
    let page = server.get("/conditions/acne-scars/");
    assert_eq!(page.status, 200);
    assert!(page.headers.contains("content-type: text/html"));
    let doc = Html::parse_document(&page.body);
    assert_eq!(
        select(&doc, "script[src=\"/__clinicsite/reload.js\"][defer]").len(),
        1
    );
    assert_eq!(
        select(
            &doc,
            "link[rel=stylesheet][href=\"/__clinicsite/overlay.css\"]"
        )
        .len(),
        1
    );
    let csp = select(&doc, "meta[http-equiv=\"Content-Security-Policy\"]");
    let csp = csp[0].value().attr("content").unwrap();
    assert!(
        csp.contains("connect-src 'self'") && !csp.contains("connect-src 'none'"),
        "{csp}"
    );
    assert!(
        page.body
            .contains("<script src=\"/__clinicsite/reload.js\" defer></script>\n</body>")
    );

    let js = server.get("/__clinicsite/reload.js");
    assert!(js.status == 200 && js.headers.contains("content-type: text/javascript"));
    assert!(js.body.contains("EventSource('/__clinicsite/events')"));
    let css = server.get("/__clinicsite/overlay.css");
    assert!(css.status == 200 && css.headers.contains("content-type: text/css"));
    assert_eq!(server.get("/__clinicsite/nothing").status, 404);
    let css = common::published_name(&site, "css/site.css");
    assert_eq!(server.get(&format!("/{css}")).status, 200);
    let folder = server.get("/conditions");
    assert_eq!(folder.status, 301);
    assert!(folder.headers.contains("location: /conditions/"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/__clinicsite/reload.js"));

    // A built site never has them.
    let out = tempfile::tempdir().unwrap();
    let built = run_in(
        &site,
        &["build", "--out", out.path().to_str().expect("a UTF-8 path")],
    );
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let built =
        std::fs::read_to_string(out.path().join("conditions/acne-scars/index.html")).unwrap();
    assert!(!built.contains("__clinicsite") && built.contains("connect-src &#39;none&#39;"));
    assert!(server.still_running());
}

#[test]
fn paths_out_of_the_site_get_404() {
    let (_dir, site) = bundled_site();
    let server = Server::start(&site);
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/conditions/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/conditions/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%2e%2e%5csecret.txt",
        "/..\\secret.txt",
        "/secret.txt%00.html",
        "//secret.txt",
        "/./index.html",
        "/site.yaml",
        "/content/about.md",
        "/%",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(
            !r.body.contains("SECRET") && !r.body.contains("base_url"),
            "{target}"
        );
    }
}

#[test]
fn edit_break_and_fix_while_serving() {
    let (_dir, site) = bundled_site();
    let mut server = Server::start(&site);
    let page = "/conditions/acne-scars/";
    let file = site.join("content/conditions/acne-scars.md");
    let original = std::fs::read_to_string(&file).unwrap();

    // An open page's event stream.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /__clinicsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let (tx, stream_rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(events).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let next_state = |want: &str| {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            let line = stream_rx
                .recv_timeout(end.saturating_duration_since(Instant::now()))
                .expect("state event");
            if line.starts_with("data: ") && line.contains(want) {
                return line;
            }
        }
    };
    next_state("\"errors\":0");

    // Edit: the new text is served.
    std::fs::write(
        &file,
        original.replace(
            "Acne scars are common.",
            "Acne scars are very common indeed.",
        ),
    )
    .unwrap();
    wait_until("the edited text", || {
        server.get(page).body.contains("very common indeed")
    });
    server.wait_line("rebuilt in", Duration::from_secs(20));
    next_state("\"errors\":0");

    // Break the YAML: errors are reported, the last good page stays.
    std::fs::write(
        &file,
        original.replacen("title: Acne scars", "title: \"Acne scars", 1),
    )
    .unwrap();
    next_state("\"errors\":");
    let mut report = serde_json::Value::Null;
    wait_until("errors.json to list the error", || {
        report = serde_json::from_str(&server.get("/__clinicsite/errors.json").body).unwrap();
        report["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    let errors = report["errors"].as_array().unwrap();
    let yaml = errors
        .iter()
        .find(|e| e["path"] == "content/conditions/acne-scars.md")
        .expect("the broken file is named");
    // The quote opens on line 2; the parser notices on line 3.
    let line = yaml["line"].as_u64().unwrap();
    assert!((2..=3).contains(&line), "{yaml}");
    let location = format!("content/conditions/acne-scars.md:{line}:{}", yaml["column"]);
    assert_eq!(yaml["location"], location.as_str());
    assert!(yaml["message"].as_str().unwrap().contains("YAML"), "{yaml}");
    assert!(yaml["hint"].is_string());
    let stale = server.get(page);
    assert_eq!(stale.status, 200);
    assert!(
        stale.body.contains("very common indeed"),
        "the last good page is served"
    );
    server.wait_line(&format!("{location}: error: "), Duration::from_secs(20));
    server.wait_line("the site has", Duration::from_secs(20));

    // Fix it: the page is back, the errors are gone.
    std::fs::write(&file, &original).unwrap();
    next_state("\"errors\":0");
    wait_until("the fixed page", || {
        let r = server.get(page);
        r.status == 200 && r.body.contains("Acne scars are common.")
    });
    let report: serde_json::Value =
        serde_json::from_str(&server.get("/__clinicsite/errors.json").body).unwrap();
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0));

    // Editors' temp files do not trigger builds.
    server.wait_line("rebuilt in", Duration::from_secs(20));
    let builds = |lines: Vec<String>| {
        lines
            .iter()
            .filter(|l| l.contains("rebuilt") || l.contains("error"))
            .count()
    };
    let before = builds(server.drain());
    for name in [
        ".acne-scars.md.swp",
        "4913",
        "acne-scars.md~",
        ".#acne-scars.md",
    ] {
        std::fs::write(site.join("content/conditions").join(name), "junk").unwrap();
    }
    std::thread::sleep(Duration::from_millis(600));
    let after = builds(server.drain());
    assert_eq!(before, after, "temp files triggered a build");
    assert!(server.still_running());
}

#[test]
fn first_build_fails_then_recovers() {
    let (_dir, site) = bundled_site();
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        config.replace("language:", "langauge:"),
    )
    .unwrap();
    let mut server = Server::start(&site);
    for target in ["/", "/conditions/acne-scars/", "/anything"] {
        let r = server.get(target);
        assert_eq!(r.status, 500, "{target}");
        let doc = Html::parse_document(&r.body);
        assert_eq!(select(&doc, "h1").len(), 1);
        assert!(
            select(&doc, "code")
                .iter()
                .any(|c| c.inner_html().starts_with("site.yaml:"))
        );
        assert!(r.body.contains("did you mean `language`?"));
        assert_eq!(
            select(&doc, "script[src=\"/__clinicsite/reload.js\"]").len(),
            1
        );
        assert!(select(&doc, "[style]").is_empty() && select(&doc, "style").is_empty());
    }
    std::fs::write(site.join("site.yaml"), &config).unwrap();
    wait_until("the site after the fix", || server.get("/").status == 200);
    assert!(
        server
            .get("/conditions/acne-scars/")
            .body
            .contains("Acne scars")
    );
    assert!(server.still_running());
}

#[test]
fn base_path_is_served_under_its_path() {
    let (_dir, site) = bundled_site();
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        config.replace("https://example.org/\"", "https://example.org/clinic/\""),
    )
    .unwrap();
    let server = Server::start(&site);
    assert_eq!(server.base, "/clinic/");
    let home = server.get("/");
    assert_eq!(home.status, 301);
    assert!(home.headers.contains("location: /clinic/"));
    let page = server.get("/clinic/conditions/acne-scars/");
    assert_eq!(page.status, 200);
    let css = format!("/clinic/{}", common::published_name(&site, "css/site.css"));
    assert!(page.body.contains(&format!("href=\"{css}\"")));
    assert_eq!(server.get(&css).status, 200);
    assert_eq!(server.get("/conditions/acne-scars/").status, 404);
}

#[test]
fn port_in_use_is_a_clear_error() {
    let (_dir, site) = bundled_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = run_in(&site, &["serve", "--port", &port]);
    assert_eq!(out.code, Some(1));
    let stderr = out.stderr;
    assert!(
        stderr.contains(&format!(
            "error: cannot listen on 127.0.0.1:{port}: the address is already in use"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: ") && stderr.contains("--port 0"),
        "{stderr}"
    );
    let missing = run_in(&site, &["serve", "--port", "0", "--site", "/no/such/site"]);
    assert_eq!(missing.code, Some(1));
}

/// A browser opens several connections at once and keeps them open between
/// requests (keep-alive): every one of them must still be answered. Open
/// connections must not hold back new ones (tiny_http 0.12's thread pool lost
/// wake-ups in a burst like this and left a request unanswered for minutes).
#[test]
fn a_burst_of_kept_alive_connections_is_all_answered() {
    let (_dir, site) = bundled_site();
    let mut server = Server::start(&site);
    for round in 0..5 {
        // Each round: a burst of new connections, left open as a browser leaves them.
        let mut held = Vec::new();
        for n in 0..12 {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            write!(
                stream,
                "GET /conditions/acne-scars/?{round}-{n} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
            )
            .unwrap();
            held.push(stream);
        }
        for (n, stream) in held.iter_mut().enumerate() {
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut first = [0u8; 12];
            let read = stream.read_exact(&mut first);
            assert!(
                read.is_ok() && first.starts_with(b"HTTP/1.1 200"),
                "round {round}, connection {n}: no answer within 10 s ({read:?})"
            );
        }
    }
    assert!(server.still_running());
}
