// Self-test of the harness's static server (lib.mjs serveDir), so that the
// browser tests see the site as a static host would serve it:
// index.html for folders, 404.html with status 404, the right Content-Type
// for every file of the built site, and no way out of the folder.
//
// usage: node tests/browser/static-server.test.mjs <site-dir>

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { contentTypeFor, listPages, main, reporter, serveDir, siteDirFromArgs } from './lib.mjs';

const t = reporter('static-server');

/** Sends a raw request line (no client-side URL normalisation). */
function rawGet(port, target) {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    c.setEncoding('latin1');
    c.on('data', (d) => (data += d));
    c.on('error', reject);
    c.on('end', () => resolve({ status: Number(data.split(' ')[1]), body: data.slice(data.indexOf('\r\n\r\n') + 4) }));
  });
}

function* walk(dir, rel = '') {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(path.join(dir, e.name), r);
    else if (e.isFile()) yield r;
  }
}

main('static-server', async () => {
  const siteDir = siteDirFromArgs('tests/browser/static-server.test.mjs');

  // 1. The built site: every file answers 200 with its Content-Type, every
  // page URL answers 200 as HTML, a missing URL answers 404.
  const site = await serveDir(siteDir);
  try {
    for (const rel of walk(siteDir)) {
      const url = site.origin + '/' + rel.split('/').map(encodeURIComponent).join('/');
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      t.check(res.status === 200, '/' + rel, `expected 200, got ${res.status}`);
      t.check(res.headers.get('content-type') === contentTypeFor(rel), '/' + rel, `Content-Type ${res.headers.get('content-type')}`);
      t.count('files');
    }
    for (const p of await listPages(siteDir)) {
      const res = await fetch(site.origin + p, { redirect: 'manual' });
      await res.arrayBuffer();
      t.check(res.status === 200 && res.headers.get('content-type').startsWith('text/html'), p, `page answered ${res.status} ${res.headers.get('content-type')}`);
    }
    const missing = await fetch(site.origin + '/no/such/page/');
    await missing.arrayBuffer();
    t.check(missing.status === 404, '/no/such/page/', `expected 404, got ${missing.status}`);
  } finally {
    await site.close();
  }

  // 2. Traversal, on a throwaway folder with a secret next to the root.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-test-'));
  try {
    const root = path.join(tmp, 'root');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>root</title>');
    fs.writeFileSync(path.join(root, 'sub', 'index.html'), '<!doctype html><title>sub</title>');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET');
    const s = await serveDir(root);
    try {
      const sub = await rawGet(s.port, '/sub');
      t.check(sub.status === 301, '/sub', `folder without slash: expected 301, got ${sub.status}`);
      t.check((await rawGet(s.port, '/sub/')).body.includes('<title>sub</title>'), '/sub/', 'folder did not serve its index.html');
      const noPage = await rawGet(s.port, '/nothing');
      t.check(noPage.status === 404, '/nothing', `no 404.html: expected 404, got ${noPage.status}`);
      for (const target of [
        '/../secret.txt',
        '/sub/../../secret.txt',
        '/%2e%2e/secret.txt',
        '/..%2fsecret.txt',
        '/sub/..%2f..%2fsecret.txt',
        '/..%5csecret.txt',
        '/%2e%2e%5csecret.txt',
        '/secret.txt%00.html',
        '//secret.txt',
      ]) {
        const r = await rawGet(s.port, target);
        t.check(!r.body.includes('SECRET') && r.status !== 200, target, `traversal not refused: ${r.status}`);
        t.count('traversal attempts refused');
      }
    } finally {
      await s.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  t.finish();
});
