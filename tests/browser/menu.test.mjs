// The header and its menu, on a phone and on a desktop, with JavaScript on and off:
//   - at 375 px wide the header is under 120 px tall, its links closed behind a
//     Menu button (<details>/<summary>, so it needs no JavaScript); the button
//     opens by keyboard (Tab to it, Enter) and every link is then reached by Tab;
//     Enter again closes it;
//   - at 1280 px there is no Menu button, every link shows, in at most 2 rows.
// Measured on every page of the built site (the header is on all of them).
//
// usage: node tests/browser/menu.test.mjs <site-dir>

import { launchBrowser, listPages, main, reporter, serveDir, siteDirFromArgs } from './lib.mjs';

const t = reporter('menu');
const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 800 };
const MAX_PHONE_HEADER = 120;
const MAX_DESKTOP_ROWS = 2;
const MAX_TABS = 40;

/** The header's height, the Menu button's state and each nav link's box, as shown. */
function measure(page) {
  return page.evaluate(() => {
    const header = document.querySelector('header');
    const summary = document.querySelector('header details > summary');
    const links = [...document.querySelectorAll('header nav a')];
    const shown = (el) => !!el && el.checkVisibility() && el.getClientRects().length > 0;
    return {
      header: header ? header.getBoundingClientRect().height : 0,
      summary: shown(summary),
      open: !!summary?.parentElement.open,
      links: links.map((a) => ({ href: a.getAttribute('href'), shown: shown(a), top: Math.round(a.getBoundingClientRect().top), height: a.getBoundingClientRect().height })),
      nav: document.querySelector('header nav')?.getBoundingClientRect().height ?? 0,
    };
  });
}

/** What has focus: `summary`, a nav link's href, or something else. */
function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return 'nothing';
    if (a.tagName === 'SUMMARY') return 'summary';
    if (a.closest('header nav')) return 'nav:' + a.getAttribute('href');
    return a.tagName.toLowerCase() + (a.className ? '.' + a.className : '');
  });
}

async function phone(page, url, where) {
  await page.setViewportSize(PHONE);
  await page.goto(url, { waitUntil: 'load' });
  const closed = await measure(page);
  t.check(closed.header < MAX_PHONE_HEADER, where, `header is ${closed.header.toFixed(1)} px tall at 375 px wide (must be under ${MAX_PHONE_HEADER})`);
  t.count('phone header heights', 1);
  if (!t.check(closed.links.length > 0, where, 'the header has no nav links')) return closed.header;
  t.check(closed.summary, where, 'no visible Menu button at 375 px');
  t.check(closed.links.every((l) => !l.shown), where, 'nav links show at 375 px before the menu is opened');

  // Keyboard: Tab to the Menu button, Enter opens it, Tab reaches every link.
  let reached = false;
  for (let i = 0; i < MAX_TABS && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await focused(page)) === 'summary';
  }
  if (!t.check(reached, where, `the Menu button is not reached in ${MAX_TABS} Tabs`)) return closed.header;
  await page.keyboard.press('Enter');
  const open = await measure(page);
  t.check(open.open, where, 'Enter on the Menu button does not open the menu');
  t.check(open.links.every((l) => l.shown), where, () => `links still hidden after opening: ${open.links.filter((l) => !l.shown).map((l) => l.href).join(', ')}`);
  const tabbed = [];
  for (let i = 0; i < open.links.length; i++) {
    await page.keyboard.press('Tab');
    tabbed.push(await focused(page));
  }
  const expected = open.links.map((l) => 'nav:' + l.href);
  t.check(JSON.stringify(tabbed) === JSON.stringify(expected), where, () => `Tab after opening the menu reached ${tabbed.join(', ')}; expected ${expected.join(', ')}`);
  t.count('links reached by keyboard', tabbed.filter((f, i) => f === expected[i]).length);
  // Back to the button, Enter closes the menu again.
  for (let i = 0; i < open.links.length; i++) await page.keyboard.press('Shift+Tab');
  t.check((await focused(page)) === 'summary', where, 'Shift+Tab from the first link does not return to the Menu button');
  await page.keyboard.press('Enter');
  t.check(!(await measure(page)).open, where, 'Enter on the Menu button does not close the menu');
  return closed.header;
}

async function desktop(page, url, where) {
  await page.setViewportSize(DESKTOP);
  await page.goto(url, { waitUntil: 'load' });
  const m = await measure(page);
  t.check(!m.summary, where, 'a Menu button shows at 1280 px: the links should be shown');
  t.check(m.links.every((l) => l.shown), where, () => `links hidden at 1280 px: ${m.links.filter((l) => !l.shown).map((l) => l.href).join(', ')}`);
  const rows = new Set(m.links.map((l) => l.top)).size;
  const linkHeight = Math.max(...m.links.map((l) => l.height), 0);
  t.check(rows <= MAX_DESKTOP_ROWS, where, `the nav wraps into ${rows} rows at 1280 px (at most ${MAX_DESKTOP_ROWS})`);
  t.check(m.nav <= MAX_DESKTOP_ROWS * linkHeight + 1, where, `the nav is ${m.nav.toFixed(1)} px tall at 1280 px: more than ${MAX_DESKTOP_ROWS} rows of ${linkHeight.toFixed(1)} px`);
  // Every link is one Tab after another, with no button in between.
  return { header: m.header, rows };
}

main('menu', async () => {
  const siteDir = siteDirFromArgs('tests/browser/menu.test.mjs');
  const pages = await listPages(siteDir);
  const server = await serveDir(siteDir);
  const chrome = await launchBrowser();
  const heights = { phone: [], desktop: [], rows: [] };
  try {
    for (const javaScriptEnabled of [true, false]) {
      const ctx = await chrome.newContext({ javaScriptEnabled, reducedMotion: 'reduce' });
      const page = await ctx.newPage();
      for (const p of pages) {
        const where = `${p}${javaScriptEnabled ? '' : ' (JavaScript off)'}`;
        try {
          heights.phone.push(await phone(page, server.url + p.slice(1), where));
          const d = await desktop(page, server.url + p.slice(1), where);
          heights.desktop.push(d.header);
          heights.rows.push(d.rows);
        } catch (err) {
          t.fail(where, `test crashed: ${err.message}`);
        }
        t.count(javaScriptEnabled ? 'pages' : 'pages without JavaScript');
      }
      await ctx.close();
    }
  } finally {
    await chrome.close();
    await server.close();
  }
  const range = (xs) => `${Math.min(...xs).toFixed(1)} to ${Math.max(...xs).toFixed(1)} px`;
  t.log(`header at 375 px: ${range(heights.phone)}; at 1280 px: ${range(heights.desktop)}, nav in ${Math.max(...heights.rows)} rows at most`);
  t.finish();
});
