// Accessibility and robustness checks on every page of a built site, in real
// Chromium:
//   - axe-core (WCAG 2.0/2.1/2.2 A and AA rules): zero violations, plus
//     colour contrast again in the dark colour scheme;
//   - no request to another origin, no failed same-origin request, no
//     console error (CSP violations included), no uncaught exception;
//   - exactly one h1, the first heading is the h1, no skipped heading level;
//   - at 320 CSS px wide, no horizontal scrolling;
//   - the first Tab focuses a visible skip link to <main>, and activating it
//     moves focus onto (or into) <main>;
//   - every focusable link, button and form control has a box of at least
//     24x24 CSS px (WCAG 2.5.8), except inline links within running text;
//   - with JavaScript off, every page still shows its main content.
// With SCREENSHOTS=1 it also saves full-page screenshots of a few pages at
// 1280 and 375 px (the home page also in the dark scheme) into docs/screenshots/
// (or $SCREENSHOT_DIR).
//
// usage: node tests/browser/a11y.mjs <site-dir>

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  REPO_ROOT,
  launchBrowser,
  listPages,
  main,
  mapLimit,
  reporter,
  serveDir,
  siteDirFromArgs,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MIN_TARGET = 24;
const NARROW = 320;
const CONCURRENCY = Number(process.env.A11Y_CONCURRENCY || 2);
const SCREENSHOT_PAGES = ['/', '/conditions/acne-scars/', '/healing/'];
const SCREENSHOT_WIDTHS = [1280, 375];
// The dark scheme too, for these pages at these widths.
const SCREENSHOT_DARK = { '/': [375] };

const t = reporter('a11y');

main('a11y', async () => {
  const siteDir = siteDirFromArgs('tests/browser/a11y.mjs');
  const pages = await listPages(siteDir);
  const server = await serveDir(siteDir);
  const started = Date.now();
  const chrome = await launchBrowser();
  try {
    t.log(`${pages.length} pages from ${siteDir}, served at ${server.url}, Chromium ${chrome.browser.version()}`);

    // One context per worker, so keyboard focus and history never mix.
    const contexts = await Promise.all(
      Array.from({ length: Math.max(1, Math.min(CONCURRENCY, pages.length)) }, async () => {
        const ctx = await chrome.newContext({ reducedMotion: 'reduce' });
        await blockForeign(ctx, server.origin);
        return ctx;
      }),
    );
    const free = [...contexts];
    await mapLimit(pages, contexts.length, async (p) => {
      const ctx = free.pop();
      try {
        await checkPage(ctx, server.origin, p);
      } finally {
        free.push(ctx);
      }
    });
    await checkNotFound(contexts[0], server.origin, pages);
    await Promise.all(contexts.map((c) => c.close()));

    // JavaScript off: every page still renders its main content.
    const noJs = await chrome.newContext({ javaScriptEnabled: false });
    await blockForeign(noJs, server.origin);
    await mapLimit(pages, CONCURRENCY, (p) => checkNoScript(noJs, server.origin, p));
    await noJs.close();

    if (process.env.SCREENSHOTS === '1') await screenshots(chrome, server.origin, pages);
  } finally {
    await chrome.close();
    await server.close();
  }
  t.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  t.finish();
});

/** Attaches listeners that collect console errors and foreign/failed requests. */
function watch(page, origin) {
  const seen = { consoleErrors: [], foreign: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location();
    const where = loc?.url ? ` (${loc.url.replace(origin, '')}${loc.lineNumber ? ':' + loc.lineNumber : ''})` : '';
    seen.consoleErrors.push(m.text() + where);
  });
  page.on('pageerror', (err) => seen.consoleErrors.push(`uncaught exception: ${err.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (/^(data|blob|about):/.test(u)) return;
    if (!u.startsWith(origin + '/')) seen.foreign.push(`${r.resourceType()} ${u}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(origin + '/') && r.request().resourceType() !== 'document') {
      seen.failed.push(`${r.status()} ${r.request().resourceType()} ${r.url().replace(origin, '')}`);
    }
  });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith(origin + '/')) seen.failed.push(`${r.failure()?.errorText} ${r.url().replace(origin, '')}`);
  });
  return seen;
}

async function blockForeign(ctx, origin) {
  // Never let a request leave the machine; it is recorded by watch() first.
  await ctx.route(
    (url) => url.origin !== origin,
    (route) => route.abort('blockedbyclient'),
  );
}

const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function checkPage(ctx, origin, p) {
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page, origin);
  let axeCount = 0;
  let targets = 0;
  try {
    const res = await page.goto(origin + p, { waitUntil: 'load' });
    t.check(res && res.status() === 200, p, `page answered HTTP ${res?.status()}`);
    t.count('pages');

    // 1. Skip link: the very first Tab stop.
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body || a === document.documentElement) return { ok: false, why: 'the first Tab focused nothing' };
      const what = `<${a.tagName.toLowerCase()}${a.id ? ' id="' + a.id + '"' : ''}${a.className ? ' class="' + a.className + '"' : ''}> "${(a.textContent || '').trim().slice(0, 40)}"`;
      const href = a.getAttribute('href') || '';
      if (a.tagName !== 'A' || !href.startsWith('#') || href.length < 2) return { ok: false, why: `the first Tab focused ${what}, not a skip link (<a href="#main">)` };
      const id = decodeURIComponent(href.slice(1));
      const target = document.getElementById(id);
      if (!target) return { ok: false, why: `skip link ${what} points at #${id}, which does not exist` };
      if (target.tagName !== 'MAIN' && target.getAttribute('role') !== 'main') return { ok: false, why: `skip link ${what} points at <${target.tagName.toLowerCase()} id="${id}">, not at <main>` };
      const r = a.getBoundingClientRect();
      const visible = r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth && getComputedStyle(a).opacity !== '0';
      if (!visible) return { ok: false, why: `skip link ${what} is not visible on screen when focused` };
      return { ok: true };
    });
    if (t.check(skip.ok, p, skip.why)) {
      await page.keyboard.press('Enter');
      await nextFrame(page);
      const landed = await page.evaluate(() => {
        const m = document.querySelector('main, [role="main"]');
        const a = document.activeElement;
        return { ok: !!m && (a === m || m.contains(a)), active: a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') : 'none' };
      });
      t.check(landed.ok, p, `activating the skip link left focus on <${landed.active}>, not on <main> (give <main> tabindex="-1")`);
    }

    // 2. Headings: one h1, first, and no skipped level.
    const heads = await page.evaluate(() =>
      [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
        .filter((h) => !h.closest('[hidden], [aria-hidden="true"], template'))
        .map((h) => ({
          level: h.getAttribute('role') === 'heading' ? Number(h.getAttribute('aria-level')) || 2 : Number(h.tagName[1]),
          text: (h.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50),
        })),
    );
    const h1s = heads.filter((h) => h.level === 1).length;
    t.check(h1s === 1, p, `expected exactly one h1, found ${h1s}`);
    if (heads.length) t.check(heads[0].level === 1, p, `the first heading is h${heads[0].level} "${heads[0].text}", not the h1`);
    for (let i = 1; i < heads.length; i++) {
      const [a, b] = [heads[i - 1], heads[i]];
      t.check(b.level <= a.level + 1, p, `heading level skipped: h${a.level} "${a.text}" is followed by h${b.level} "${b.text}"`);
    }

    // 3. Target size (WCAG 2.5.8), measured while each control has focus so
    // that controls shown only on focus (the skip link) count at their real size.
    const sizes = await page.evaluate((min) => {
      const SEL = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [contenteditable=""], [contenteditable="true"]';
      const describe = (el) => {
        const tag = el.tagName.toLowerCase();
        const attrs = ['id', 'class', 'href', 'type', 'name'].map((k) => (el.getAttribute(k) ? ` ${k}="${el.getAttribute(k).slice(0, 50)}"` : '')).join('');
        const text = (el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
        return `<${tag}${attrs}>${text ? ` "${text}"` : ''}`;
      };
      // An inline link inside running text (a sentence) is exempt.
      const inRunningText = (el) => {
        let block = el.parentElement;
        while (block && ['inline', 'contents'].includes(getComputedStyle(block).display)) block = block.parentElement;
        if (!block) return false;
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const target = n.parentElement.closest('a, button, label, summary, select, textarea');
          // The label of a disabled control (a task list's box) does nothing: its text is running text.
          if (!target || (target.tagName === 'LABEL' && target.control?.disabled)) text += n.data;
        }
        return /[\p{L}\p{N}]/u.test(text);
      };
      const small = [];
      let measured = 0;
      let exempt = 0;
      for (const el of document.querySelectorAll(SEL)) {
        if (el.disabled || el.closest('[hidden], [inert]')) continue;
        const cs = getComputedStyle(el);
        if (el.tagName === 'A' && cs.display === 'inline' && inRunningText(el)) {
          exempt++;
          continue;
        }
        el.focus({ preventScroll: true });
        if (!el.getClientRects().length || getComputedStyle(el).visibility !== 'visible') continue; // not rendered (closed <details>, display:none)
        const r = el.getBoundingClientRect();
        measured++;
        if (r.width + 0.01 < min || r.height + 0.01 < min) small.push(`${describe(el)} is ${r.width.toFixed(1)}x${r.height.toFixed(1)} px`);
      }
      document.activeElement?.blur?.();
      return { small, measured, exempt };
    }, MIN_TARGET);
    targets = sizes.measured;
    t.count('targets measured', sizes.measured);
    t.count('inline links exempt', sizes.exempt);
    for (const s of sizes.small) t.fail(p, `target smaller than ${MIN_TARGET}x${MIN_TARGET} CSS px (WCAG 2.5.8): ${s}`);
    if (!sizes.small.length) t.pass();

    // 4. axe-core, light scheme (all WCAG A/AA rules), then dark scheme (contrast).
    await page.evaluate(AXE_SOURCE);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const options = scheme === 'light'
        ? { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] }
        : { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] };
      const violations = await page.evaluate((opts) => window.axe.run(document, opts).then((r) => r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary || '').split('\n').slice(0, 3).join(' / ') })),
      }))), options);
      for (const v of violations) {
        axeCount += v.nodes.length;
        const shown = v.nodes.slice(0, 10).map((n) => `at ${n.target}\n  ${n.summary}`).join('\n');
        const more = v.nodes.length > 10 ? `\n... and ${v.nodes.length - 10} more` : '';
        t.fail(p, `axe ${v.id} (${v.impact}${scheme === 'dark' ? ', dark scheme' : ''}): ${v.help}\n${v.helpUrl}\n${shown}${more}`);
      }
      if (!violations.length) t.pass();
    }
    await page.emulateMedia({ colorScheme: 'light' });
    t.count('axe violations', axeCount);

    // 5. No horizontal scrolling at 320 CSS px (WCAG 1.4.10 reflow).
    await page.setViewportSize({ width: NARROW, height: 640 });
    await nextFrame(page);
    const reflow = await page.evaluate((w) => {
      const sw = document.documentElement.scrollWidth;
      if (sw <= w) return { sw };
      const wide = [...document.body.querySelectorAll('*')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > w + 0.5;
      });
      const deepest = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
      const describe = (el) => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ? '.' + [...el.classList].join('.') : ''}> right edge at ${el.getBoundingClientRect().right.toFixed(0)} px`;
      return { sw, culprits: deepest.slice(0, 5).map(describe) };
    }, NARROW);
    t.check(reflow.sw <= NARROW, p, () => `horizontal scrolling at ${NARROW} px wide: scrollWidth is ${reflow.sw} px; widest elements: ${reflow.culprits.join('; ')}`);

    // 6. Network and console.
    await nextFrame(page);
    t.check(seen.foreign.length === 0, p, () => `loaded from another origin:\n${seen.foreign.join('\n')}`);
    t.check(seen.failed.length === 0, p, () => `failed same-origin requests:\n${seen.failed.join('\n')}`);
    t.check(seen.consoleErrors.length === 0, p, () => `console errors:\n${seen.consoleErrors.join('\n')}`);
    t.count('foreign requests', seen.foreign.length);
  } catch (err) {
    t.fail(p, `test crashed: ${err.message}`);
  } finally {
    await page.close();
  }
  const ok = t.failuresAt(p) === 0;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${p}  (${targets} targets, ${axeCount} axe violations)`);
}

// A missing URL deep in the tree gets 404.html with status 404, as on a
// static host; it must still load its CSS and JS (root-relative URLs).
async function checkNotFound(ctx, origin, pages) {
  const where = '/404.html (served for a missing URL)';
  if (!t.check(pages.includes('/404.html'), where, 'the site has no 404.html for static hosts to serve')) return;
  const page = await ctx.newPage();
  const seen = watch(page, origin);
  try {
    const url = origin + '/no/such/page/for-the-404-test/';
    const res = await page.goto(url, { waitUntil: 'load' });
    t.check(res && res.status() === 404, where, `expected HTTP 404, got ${res?.status()}`);
    await nextFrame(page);
    // Chromium logs the document's own 404 as a console error: expected here.
    const errors = seen.consoleErrors.filter((e) => !(e.includes('status of 404') && e.includes('/no/such/page/')));
    t.check(seen.failed.length === 0, where, () => `failed same-origin requests (use root-relative URLs in 404.html):\n${seen.failed.join('\n')}`);
    t.check(errors.length === 0, where, () => `console errors:\n${errors.join('\n')}`);
    t.check(seen.foreign.length === 0, where, () => `loaded from another origin:\n${seen.foreign.join('\n')}`);
  } catch (err) {
    t.fail(where, `test crashed: ${err.message}`);
  } finally {
    await page.close();
  }
}

async function checkNoScript(ctx, origin, p) {
  const page = await ctx.newPage();
  try {
    const res = await page.goto(origin + p, { waitUntil: 'load' });
    t.check(res && res.status() === 200, p, `(JavaScript off) page answered HTTP ${res?.status()}`);
    const mains = page.locator('main');
    const n = await mains.count();
    if (t.check(n === 1, p, `(JavaScript off) expected one <main>, found ${n}`)) {
      const text = (await mains.innerText()).trim();
      const box = await mains.boundingBox();
      t.check(text.length > 0 && box && box.height > 0, p, '(JavaScript off) <main> shows no content');
    }
    t.count('pages without JavaScript');
  } catch (err) {
    t.fail(p, `(JavaScript off) test crashed: ${err.message}`);
  } finally {
    await page.close();
  }
}

async function screenshots(chrome, origin, pages) {
  const dir = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO_ROOT, 'docs', 'screenshots'));
  fs.mkdirSync(dir, { recursive: true });
  for (const p of SCREENSHOT_PAGES) {
    if (!pages.includes(p)) {
      t.log(`screenshot skipped: the site has no page ${p}`);
      continue;
    }
    const name = p === '/' ? 'home' : p.split('/').filter(Boolean).pop();
    const shots = [
      ...SCREENSHOT_WIDTHS.map((width) => ({ width, colorScheme: 'light', suffix: '' })),
      ...(SCREENSHOT_DARK[p] || []).map((width) => ({ width, colorScheme: 'dark', suffix: '-dark' })),
    ];
    for (const { width, colorScheme, suffix } of shots) {
      const ctx = await chrome.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1, reducedMotion: 'reduce', colorScheme });
      const page = await ctx.newPage();
      await page.goto(origin + p, { waitUntil: 'load' });
      const file = path.join(dir, `${name}-${width}${suffix}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
      await ctx.close();
      t.count('screenshots');
      t.log(`screenshot ${path.relative(REPO_ROOT, file)}`);
    }
  }
}
