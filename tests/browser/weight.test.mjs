// Light pages: every page of the built site loads in one round of same-origin
// requests, and its theme weight (HTML + CSS + JS, not content images) stays
// within 60 KB uncompressed. JavaScript only where a page needs it (the
// questionnaire and the search page). Every image carries width and height, so
// nothing shifts. The search index (search/*.js) is data the search page's
// script loads as a query needs it, not part of any page's theme: it is not
// counted here (docs/benchmarks.md gives its size).
//
// usage: node tests/browser/weight.test.mjs <site-dir>
// No browser needed: it reads the built files.

import fs from 'node:fs';
import path from 'node:path';
import { listPages, main, reporter, siteDirFromArgs } from './lib.mjs';

const BUDGET = 60 * 1024;
const t = reporter('weight');

/** Attribute values of every tag matching `tag` that has `attr`. */
function attributes(html, tag, attr) {
  const out = [];
  const tags = html.match(new RegExp(`<${tag}\\b[^>]*>`, 'gi')) || [];
  for (const t of tags) {
    const m = t.match(new RegExp(`\\s${attr}="([^"]*)"`, 'i'));
    if (m) out.push({ tag: t, value: m[1] });
  }
  return out;
}

main('weight', async () => {
  const siteDir = siteDirFromArgs('tests/browser/weight.test.mjs');
  const pages = await listPages(siteDir);
  const rows = [];
  for (const p of pages) {
    const file = path.join(siteDir, p.endsWith('/') ? p + 'index.html' : p);
    const html = fs.readFileSync(file, 'utf8');
    const base = new URL(p, 'http://site.invalid');
    let bytes = Buffer.byteLength(html);
    const assets = [
      ...attributes(html, 'link', 'href').filter((l) => /rel="stylesheet"/i.test(l.tag)),
      ...attributes(html, 'script', 'src'),
    ];
    for (const a of assets) {
      const url = new URL(a.value, base);
      if (url.origin !== base.origin) {
        t.fail(p, `loads ${a.value} from another origin`);
        continue;
      }
      const local = path.join(siteDir, decodeURIComponent(url.pathname));
      if (!fs.existsSync(local)) {
        t.fail(p, `links ${a.value}, which is not in the built site`);
        continue;
      }
      bytes += fs.statSync(local).size;
    }
    t.check(bytes <= BUDGET, p, `theme weight ${bytes} bytes is over the ${BUDGET}-byte budget`);
    const scripts = attributes(html, 'script', 'src');
    const needsScript = html.includes('id="qn"') || html.includes('id="search"');
    t.check(needsScript || scripts.length === 0, p, () => `JavaScript on a page that does not need it: ${scripts.map((s) => s.value).join(', ')}`);
    for (const img of (html.match(/<img\b[^>]*>/gi) || [])) {
      t.check(/\swidth="\d+"/.test(img) && /\sheight="\d+"/.test(img), p, `image without width and height: ${img}`);
    }
    rows.push([p, bytes]);
    t.count('pages');
  }
  rows.sort((a, b) => b[1] - a[1]);
  t.log(`heaviest: ${rows.slice(0, 3).map(([p, b]) => `${p} ${(b / 1024).toFixed(1)} KB`).join(', ')}; budget ${BUDGET / 1024} KB`);
  t.finish();
});
