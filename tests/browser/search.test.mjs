// The search page on a built site, in Chromium:
//   1. Keyboard only: Tab to the labelled field, type "scar": the first result is
//      the acne scars page, and the polite live region announces the count.
//   2. axe-core (WCAG A/AA) with the results showing: zero violations, in the
//      light and the dark scheme.
//   3. Privacy: no request to another origin, no cookie, no storage, the URL
//      unchanged; only same-origin scripts of search/data/ are loaded for the query.
//   4. JavaScript off: the A to Z list of every page shows, the field does not.
//
// usage: node tests/browser/search.test.mjs <site-dir>
// SEARCH_QUERY / SEARCH_FIRST override the query and the expected first result.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser, main, reporter, serveDir, siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const QUERY = process.env.SEARCH_QUERY || 'scar';
const FIRST = process.env.SEARCH_FIRST || '/conditions/acne-scars/';
const PAGE = '/search/';
const t = reporter('search');

main('search', async () => {
  const siteDir = siteDirFromArgs('tests/browser/search.test.mjs');
  if (!fs.existsSync(`${siteDir}/search/index.html`)) {
    t.fail(PAGE, 'the built site has no search page');
    t.finish();
    return;
  }
  const site = await serveDir(siteDir);
  const { context, newContext, close } = await launchBrowser({ javaScriptEnabled: true });
  try {
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    const url = site.url + PAGE.slice(1);
    await page.goto(url, { waitUntil: 'networkidle' });
    const loaded = requests.length;

    // 1. Keyboard only.
    const field = page.locator('#search-query');
    t.check(await field.isVisible(), PAGE, 'the search field is not shown with JavaScript on');
    const label = await page.locator('label[for="search-query"]').textContent();
    t.check(label && label.trim().length > 0, PAGE, 'the field has no label');
    t.check(await page.locator('#search-az').isHidden(), PAGE, 'the A to Z list still shows with JavaScript on');
    let tabs = 0;
    while (tabs < 40 && (await page.evaluate(() => document.activeElement?.id)) !== 'search-query') {
      await page.keyboard.press('Tab');
      tabs++;
    }
    t.check(tabs < 40, PAGE, 'Tab never reached the search field');
    await page.keyboard.type(QUERY, { delay: 40 });
    const status = page.locator('#search-status');
    await page.waitForFunction(() => /result/.test(document.getElementById('search-status').textContent), null, { timeout: 5000 });
    const announced = (await status.textContent()).trim();
    const shown = await page.locator('#search-results li').count();
    t.check(await status.getAttribute('role') === 'status' && await status.getAttribute('aria-live') === 'polite', PAGE, 'the count is not in a polite live region');
    t.check(new RegExp(`^${shown} results? for “${QUERY}”`).test(announced), PAGE, `announced "${announced}" with ${shown} results shown`);
    const first = await page.locator('#search-results li a').first().getAttribute('href');
    t.check(first && first.endsWith(FIRST), PAGE, `the first result for "${QUERY}" is ${first}, not ${FIRST}`);
    t.log(`"${QUERY}": ${announced}; first ${first}`);
    // The results are reached with Tab from the field.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    t.check(focused === first, PAGE, `Tab from the field went to ${focused}, not the first result`);

    // 2. axe with the results showing, light and dark.
    await page.evaluate(AXE_SOURCE);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const options = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
      const violations = await page.evaluate((opts) => window.axe.run(document, opts).then((r) => r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)), options);
      t.check(violations.length === 0, PAGE, () => `axe (${scheme}): ${violations.join('\n')}`);
      t.count(`axe runs (${scheme})`);
    }

    // 3. Privacy.
    const foreign = requests.filter((r) => !r.startsWith(site.origin));
    t.check(foreign.length === 0, PAGE, () => `requests to other origins: ${foreign.join(', ')}`);
    const searching = requests.slice(loaded);
    t.check(searching.every((r) => new URL(r).pathname.startsWith('/search/data/')), PAGE, () => `searching requested: ${searching.join(', ')}`);
    t.check(searching.every((r) => !r.includes(QUERY)), PAGE, 'the query went into a request');
    t.check((await context.cookies()).length === 0, PAGE, 'a cookie was set');
    const storage = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
    }));
    t.check(storage.local === 0 && storage.session === 0 && storage.idb === 0, PAGE, `storage used: ${JSON.stringify(storage)}`);
    t.check(page.url() === url, PAGE, `the URL changed: ${page.url()}`);
    t.check(problems.length === 0, PAGE, () => `console errors: ${problems.join('; ')}`);

    // An accented query finds the same pages.
    await field.fill('');
    await field.focus();
    await page.keyboard.type('SCÁR', { delay: 20 });
    await page.waitForFunction(() => /SCÁR/.test(document.getElementById('search-status').textContent), null, { timeout: 5000 });
    const accented = await page.locator('#search-results li a').first().getAttribute('href');
    t.check(accented === first, PAGE, `"SCÁR" first gave ${accented}`);

    // 4. JavaScript off: the A to Z list.
    const off = await newContext({ javaScriptEnabled: false });
    const plain = await off.newPage();
    await plain.goto(url);
    t.check(await plain.locator('#search-az').isVisible(), PAGE, 'the A to Z list is not shown with JavaScript off');
    t.check(await plain.locator('#search-query').isHidden(), PAGE, 'the field shows with JavaScript off, where it cannot work');
    const links = await plain.locator('#search-az .search-az__pages a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    t.check(links.includes(FIRST), PAGE, `the A to Z list lacks ${FIRST}`);
    t.check(new Set(links).size === links.length, PAGE, 'a page is listed twice in the A to Z list');
    t.count('pages from A to Z', links.length);
    await off.close();
  } finally {
    await close();
    await site.close();
  }
  t.finish();
});
