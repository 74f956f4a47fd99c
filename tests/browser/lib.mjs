// Shared helpers for the browser tests: a static file server, the Chromium
// launcher, page discovery and a tiny reporter. No dependencies besides
// playwright-core (for the launcher).
//
// Every test script in this folder is invoked as `node <file> <site-dir>`,
// where <site-dir> is the output of `clinicsite build`. It prints what it
// checked and exits non-zero on any failure.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonld': 'application/ld+json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
};

/** The Content-Type served for a file name (application/octet-stream if unknown). */
export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Serves `dir` over HTTP on 127.0.0.1 (a free port), the way a plain static
 * host would: `index.html` for a folder, a redirect to add the trailing slash
 * of a folder URL, `404.html` with status 404 for anything missing, and 403
 * for any path that would leave the folder.
 *
 * Returns `{ url, origin, port, requests, close }`: `url` ends with `/`,
 * `requests` is the list of every request path served (for assertions),
 * `close()` stops the server and drops open connections.
 */
export async function serveDir(dir) {
  const root = path.resolve(dir);
  if (!isDir(root)) throw new Error(`serveDir: not a folder: ${dir}`);
  const requests = [];

  const send = (res, status, headers, body, head) => {
    res.writeHead(status, {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
      'Content-Length': body ? body.length : 0,
    });
    res.end(head ? undefined : body);
  };

  const sendFile = (res, status, file, head) => {
    const body = fs.readFileSync(file);
    send(res, status, { 'Content-Type': contentTypeFor(file) }, body, head);
  };

  const notFound = (res, head) => {
    const page = path.join(root, '404.html');
    if (isFile(page)) return sendFile(res, 404, page, head);
    return send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('404 Not Found\n'), head);
  };

  const server = http.createServer((req, res) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      return send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('405\n'));
    }
    // The request target as sent (no URL normalisation, which would turn
    // `//x` into a host name and resolve `..` before it could be refused).
    const [rawPath, query] = req.url.split(/[?#]/, 2).concat('');
    let pathname;
    try {
      if (!rawPath.startsWith('/')) throw new Error('not an origin-form target');
      pathname = decodeURIComponent(rawPath);
    } catch {
      return send(res, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('400 Bad Request\n'), head);
    }
    requests.push(pathname);
    // Refuse anything that would leave the folder: `..` segments (also
    // percent-encoded ones, decoded above), backslashes and NUL bytes.
    const segments = pathname.split('/');
    if (pathname.includes('\0') || pathname.includes('\\') || segments.includes('..')) {
      return send(res, 403, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('403 Forbidden\n'), head);
    }
    const file = path.resolve(root, '.' + pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      return send(res, 403, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('403 Forbidden\n'), head);
    }
    if (isDir(file)) {
      if (!pathname.endsWith('/')) {
        return send(res, 301, { Location: rawPath + '/' + (query ? '?' + query : '') }, null, head);
      }
      const index = path.join(file, 'index.html');
      if (isFile(index)) return sendFile(res, 200, index, head);
      return notFound(res, head);
    }
    if (isFile(file)) return sendFile(res, 200, file, head);
    return notFound(res, head);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + '/',
    origin,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Flags for Chromium on a machine with a closed network (see rust.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Path of the Chromium binary: $CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  return process.env.CHROMIUM || '/usr/bin/chromium';
}

/**
 * Launches the system Chromium with playwright-core (never a downloaded
 * browser) and opens one context.
 *
 * `options` are Playwright context options (`javaScriptEnabled`, `viewport`,
 * `reducedMotion`, ...); `javaScriptEnabled` defaults to true, the viewport
 * to 1280x800.
 *
 * Returns `{ browser, context, newContext(opts), close() }`.
 */
export async function launchBrowser(options = {}) {
  const exe = chromiumPath();
  if (!fs.existsSync(exe)) {
    throw new Error(
      `Chromium not found at ${exe}. Install it with \`apt-get install -y chromium\` ` +
        '(scripts/test.sh does this), or set CHROMIUM to its path.',
    );
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: exe,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const defaults = { javaScriptEnabled: true, viewport: { width: 1280, height: 800 } };
  const newContext = (opts = {}) => browser.newContext({ ...defaults, ...opts });
  const context = await newContext(options);
  return {
    browser,
    context,
    newContext,
    close: () => browser.close(),
  };
}

/**
 * Every `*.html` file under `dir` as a URL path, sorted:
 * `conditions/acne-scars/index.html` -> `/conditions/acne-scars/`,
 * `index.html` -> `/`, `404.html` -> `/404.html`.
 */
export async function listPages(dir) {
  const root = path.resolve(dir);
  const out = [];
  async function walk(abs, rel) {
    const entries = await fsp.readdir(abs, { withFileTypes: true });
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(abs, e.name), relPath);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.html')) {
        out.push(e.name === 'index.html' ? '/' + relPath.slice(0, -'index.html'.length) : '/' + relPath);
      }
    }
  }
  await walk(root, '');
  return out.sort();
}

/** Every `*.html` file under `dir` as an absolute file path, sorted. */
export async function listHtmlFiles(dir) {
  const root = path.resolve(dir);
  return (await listPages(root)).map((p) => path.join(root, p.endsWith('/') ? p + 'index.html' : p));
}

/**
 * Reads the site folder from argv (`node <test> <site-dir>`), checks that it
 * exists and has an index.html; exits with status 2 and a usage line if not.
 */
export function siteDirFromArgs(scriptName) {
  const dir = process.argv[2];
  if (!dir) {
    console.error(`usage: node ${scriptName} <site-dir>   (the output folder of \`clinicsite build\`)`);
    process.exit(2);
  }
  const abs = path.resolve(dir);
  if (!isDir(abs)) {
    console.error(`${scriptName}: error: site folder not found: ${dir}`);
    process.exit(2);
  }
  if (!isFile(path.join(abs, 'index.html'))) {
    console.error(`${scriptName}: error: ${dir} has no index.html; is it a built site?`);
    process.exit(2);
  }
  return abs;
}

/**
 * A tiny reporter. Checks are counted; a failed check records a message
 * (grouped by page). `finish()` prints the failures and the counts and sets
 * the exit code.
 *
 *   const t = reporter('a11y');
 *   t.check(cond, '/faq/', 'exactly one h1 (found 2)');
 *   t.count('pages');                // counters printed at the end
 *   t.finish();
 */
export function reporter(name) {
  const failures = [];
  const counters = new Map();
  let checks = 0;
  const t = {
    name,
    /** Records one check; `message` may be a string or a function (lazy). */
    check(ok, where, message) {
      checks++;
      if (!ok) failures.push({ where, message: typeof message === 'function' ? message() : message });
      return !!ok;
    },
    fail(where, message) {
      return t.check(false, where, message);
    },
    pass() {
      checks++;
    },
    count(counter, n = 1) {
      counters.set(counter, (counters.get(counter) ?? 0) + n);
    },
    get failed() {
      return failures.length;
    },
    /** How many failures were recorded for `where` (a page, a file). */
    failuresAt(where) {
      return failures.filter((f) => f.where === where).length;
    },
    log(...args) {
      console.log(`[${name}]`, ...args);
    },
    /** Prints the result and sets process.exitCode; returns true on success. */
    finish() {
      const counts = [...counters].map(([k, v]) => `${v} ${k}`).join(', ');
      if (failures.length) {
        console.error(`\n[${name}] FAILED: ${failures.length} problem(s)`);
        let last;
        for (const f of failures) {
          if (f.where !== last) console.error(`  ${f.where}`);
          last = f.where;
          console.error('    - ' + String(f.message).split('\n').join('\n      '));
        }
        console.error(`[${name}] ${counts}${counts ? ', ' : ''}${checks} checks, ${failures.length} failed`);
        process.exitCode = 1;
        return false;
      }
      console.log(`[${name}] OK: ${counts}${counts ? ', ' : ''}${checks} checks, 0 failed`);
      return true;
    },
  };
  return t;
}

/** Runs `fn` over `items` with at most `limit` at a time; results in order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Wraps a test's main function: uncaught errors print and exit 1. */
export function main(scriptName, fn) {
  fn().catch((err) => {
    console.error(`[${scriptName}] error: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
