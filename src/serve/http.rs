//! The HTTP side: a few worker threads answer requests from the current
//! snapshot; each open page's event stream gets a thread of its own.

use super::inject;
use super::overlay;
use super::request_path::{self, Target};
use super::state::{Message, Shared, Snapshot};
use std::io::{Cursor, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// Where serve's own files live; pages of a site cannot use this path.
pub const PREFIX: &str = "/__clinicsite/";

/// How many requests are answered at once (event streams not counted).
const WORKERS: usize = 4;

/// How often an idle event stream sends a comment, to notice closed tabs.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Most pages that may listen for reloads at once.
const MAX_STREAMS: usize = 64;

/// Starts the worker threads; they run until the server is unblocked.
pub fn spawn_workers(
    server: Arc<Server>,
    shared: Shared,
    owner: Sender<Message>,
) -> Vec<std::thread::JoinHandle<()>> {
    let streams = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    (0..WORKERS)
        .filter_map(|n| {
            let server = server.clone();
            let shared = shared.clone();
            let owner = owner.clone();
            let streams = streams.clone();
            std::thread::Builder::new()
                .name(format!("clinicsite-http-{n}"))
                .spawn(move || {
                    while let Ok(request) = server.recv() {
                        let snapshot = shared.load_full();
                        if request.url().split('?').next() == Some("/__clinicsite/events") {
                            open_stream(request, &owner, &streams);
                        } else {
                            let response = respond(request.method(), request.url(), &snapshot);
                            let _ = request.respond(response);
                        }
                    }
                })
                .ok()
        })
        .collect()
}

type Reply = Response<Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let mut response = Response::from_data(body).with_status_code(StatusCode(status));
    for h in [
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
        header("Referrer-Policy", "no-referrer"),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    response
}

fn redirect(location: &str) -> Reply {
    let mut response = reply(301, "text/plain; charset=utf-8", b"moved\n".to_vec());
    if let Some(h) = header("Location", location) {
        response.add_header(h);
    }
    response
}

/// Answers one request from `snapshot` (everything but the event stream).
pub fn respond(method: &Method, url: &str, snapshot: &Snapshot) -> Reply {
    if !matches!(method, Method::Get | Method::Head) {
        let mut r = reply(
            405,
            "text/plain; charset=utf-8",
            b"405 Method Not Allowed\n".to_vec(),
        );
        if let Some(h) = header("Allow", "GET, HEAD") {
            r.add_header(h);
        }
        return r;
    }
    if let Some(own) = url.strip_prefix(PREFIX) {
        return own_file(own.split('?').next().unwrap_or(""), snapshot);
    }
    let Some(files) = &snapshot.files else {
        // No build has worked yet: every URL lists the errors.
        let csp = crate::render::CSP.replace("connect-src 'none'", "connect-src 'self'");
        let page = overlay::error_page(snapshot.version, &snapshot.errors, &csp);
        return reply(500, "text/html; charset=utf-8", page.into_bytes());
    };
    let base = snapshot.base_path.as_str();
    let (path, dir) = match request_path::resolve(url, base) {
        Target::File { path, dir } => (path, dir),
        Target::Home => return redirect(base),
        Target::Refused => return not_found(files, snapshot),
    };
    if let Some(file) = files.get(path.as_str()) {
        return match file.bytes() {
            Ok(bytes) => {
                let content_type = content_type(&path);
                let body = if content_type.starts_with("text/html") {
                    inject::inject(&bytes, snapshot.good)
                } else {
                    bytes.into_owned()
                };
                reply(200, content_type, body)
            }
            Err(_) => not_found(files, snapshot),
        };
    }
    if !dir && files.contains_key(format!("{path}/index.html").as_str()) {
        let raw = url.split(['?', '#']).next().unwrap_or(url);
        return redirect(&format!("{raw}/"));
    }
    not_found(files, snapshot)
}

fn not_found(files: &crate::pipeline::SiteFiles, snapshot: &Snapshot) -> Reply {
    match files.get("404.html").and_then(|f| f.bytes().ok()) {
        Some(bytes) => reply(
            404,
            "text/html; charset=utf-8",
            inject::inject(&bytes, snapshot.good),
        ),
        None => reply(
            404,
            "text/plain; charset=utf-8",
            b"404 Not Found\n".to_vec(),
        ),
    }
}

fn own_file(name: &str, snapshot: &Snapshot) -> Reply {
    match name {
        "reload.js" => reply(
            200,
            "text/javascript; charset=utf-8",
            overlay::RELOAD_JS.as_bytes().to_vec(),
        ),
        "overlay.css" => reply(
            200,
            "text/css; charset=utf-8",
            overlay::OVERLAY_CSS.as_bytes().to_vec(),
        ),
        "errors.json" => reply(
            200,
            "application/json; charset=utf-8",
            overlay::errors_json(snapshot.version, snapshot.good, &snapshot.errors).into_bytes(),
        ),
        _ => reply(
            404,
            "text/plain; charset=utf-8",
            b"404 Not Found\n".to_vec(),
        ),
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        Some("webmanifest") => "application/manifest+json; charset=utf-8",
        _ if path.ends_with("_headers") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Hands an event-stream request to a thread of its own, subscribed to the owner.
fn open_stream(
    request: Request,
    owner: &Sender<Message>,
    streams: &Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::sync::atomic::Ordering;
    if streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        streams.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(reply(
            503,
            "text/plain; charset=utf-8",
            b"too many open pages\n".to_vec(),
        ));
        return;
    }
    let (tx, rx) = mpsc::channel::<String>();
    if owner.send(Message::Subscribe(tx)).is_err() {
        streams.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let counter = streams.clone();
    let spawned = std::thread::Builder::new()
        .name("clinicsite-events".into())
        .spawn(move || {
            let mut writer = request.into_writer();
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n";
            let mut ok = writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_ok();
            while ok {
                let chunk = match rx.recv_timeout(KEEPALIVE) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                ok = writer.write_all(chunk.as_bytes()).and_then(|_| writer.flush()).is_ok();
            }
            counter.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        // The subscription's receiver is gone with the closure; the owner drops it on its next send.
        streams.fetch_sub(1, Ordering::SeqCst);
    }
}
