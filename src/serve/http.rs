//! The HTTP side: hyper on a small tokio runtime answers requests from the
//! current snapshot; each open page's event stream is a body that waits on the
//! owner's messages.
//!
//! hyper rather than a thread-per-request server: a browser opens several
//! connections at once and keeps them open, and every one must be answered
//! however many are held open (tiny_http 0.12 left a burst's fifth connection
//! unanswered; see the `a_burst_of_kept_alive_connections_is_all_answered` test).

use super::inject;
use super::overlay;
use super::request_path::{self, Target};
use super::state::{Message, Shared, Snapshot};
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Body, Bytes, Frame};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// Where serve's own files live; pages of a site cannot use this path.
pub const PREFIX: &str = "/__clinicsite/";

/// How often an idle event stream sends a comment, to notice closed tabs.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Most pages that may listen for reloads at once.
const MAX_STREAMS: usize = 64;

/// A response as serve sends it: a whole body, or an event stream.
pub type Reply = Response<BoxBody<Bytes, Infallible>>;

/// What every connection's requests share.
#[derive(Clone)]
struct RequestContext {
    shared: Shared,
    owner: Sender<Message>,
    streams: Arc<AtomicUsize>,
}

/// Accepts connections until `stop` fires, each served on its own task.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shared: Shared,
    owner: Sender<Message>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let context = RequestContext {
        shared,
        owner,
        streams: Arc::new(AtomicUsize::new(0)),
    };
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // A connection that failed before it was accepted is the client's problem.
                Err(_) => continue,
            },
            _ = &mut stop => return,
        };
        let context = context.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let context = context.clone();
                async move { Ok::<_, Infallible>(answer(&request, &context)) }
            });
            // A connection the browser drops mid-answer is not an error worth showing.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

fn answer(request: &Request<hyper::body::Incoming>, context: &RequestContext) -> Reply {
    let url = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    if url.split('?').next() == Some("/__clinicsite/events") {
        return open_stream(&context.owner, &context.streams);
    }
    let snapshot = context.shared.load_full();
    respond(request.method(), url, &snapshot)
}

fn full(body: Vec<u8>) -> BoxBody<Bytes, Infallible> {
    Full::new(Bytes::from(body)).boxed()
}

fn add_header(response: &mut Reply, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let mut response = Response::new(full(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    add_header(&mut response, "content-type", content_type);
    add_header(&mut response, "cache-control", "no-store");
    add_header(&mut response, "x-content-type-options", "nosniff");
    add_header(&mut response, "referrer-policy", "no-referrer");
    response
}

fn redirect(location: &str) -> Reply {
    let mut response = reply(301, "text/plain; charset=utf-8", b"moved\n".to_vec());
    add_header(&mut response, "location", location);
    response
}

/// Answers one request from `snapshot` (everything but the event stream).
pub fn respond(method: &Method, url: &str, snapshot: &Snapshot) -> Reply {
    if !matches!(*method, Method::GET | Method::HEAD) {
        let mut r = reply(
            405,
            "text/plain; charset=utf-8",
            b"405 Method Not Allowed\n".to_vec(),
        );
        add_header(&mut r, "allow", "GET, HEAD");
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

/// Answers an event-stream request: subscribed to the owner, the stream
/// sends every state message until the page goes away.
fn open_stream(owner: &Sender<Message>, streams: &Arc<AtomicUsize>) -> Reply {
    if streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        streams.fetch_sub(1, Ordering::SeqCst);
        return reply(
            503,
            "text/plain; charset=utf-8",
            b"too many open pages\n".to_vec(),
        );
    }
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    if owner.send(Message::Subscribe(tx)).is_err() {
        streams.fetch_sub(1, Ordering::SeqCst);
        return reply(
            503,
            "text/plain; charset=utf-8",
            b"the server is stopping\n".to_vec(),
        );
    }
    let body = EventStream {
        first: Some("retry: 500\n\n".into()),
        messages: rx,
        keepalive: tokio::time::interval_at(tokio::time::Instant::now() + KEEPALIVE, KEEPALIVE),
        open: Arc::clone(streams),
    };
    let mut response = Response::new(body.boxed());
    add_header(
        &mut response,
        "content-type",
        "text/event-stream; charset=utf-8",
    );
    add_header(&mut response, "cache-control", "no-store");
    add_header(&mut response, "x-content-type-options", "nosniff");
    response
}

/// An open page's event stream: the owner's messages, and a comment when idle
/// (writing it is how a closed tab is noticed).
struct EventStream {
    first: Option<String>,
    messages: UnboundedReceiver<String>,
    keepalive: tokio::time::Interval,
    /// The count of open streams, lowered when this one ends.
    open: Arc<AtomicUsize>,
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let frame = |text: String| Poll::Ready(Some(Ok(Frame::data(Bytes::from(text)))));
        if let Some(first) = self.first.take() {
            return frame(first);
        }
        match self.messages.poll_recv(cx) {
            Poll::Ready(Some(message)) => return frame(message),
            // The owner stopped: the stream ends and the page reconnects later.
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        match self.keepalive.poll_tick(cx) {
            Poll::Ready(_) => frame(": keep-alive\n\n".into()),
            Poll::Pending => Poll::Pending,
        }
    }
}
