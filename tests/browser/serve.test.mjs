// Browser test of `clinicsite serve` (the writer's loop), in Debian's Chromium:
// start the server on a temp copy of the bundled site, open a page, edit its
// markdown and see the new text without a manual reload; break the YAML and
// see the error overlay (a modal dialog, keyboard-dismissable); fix it and see
// the page again. The server process must never exit.
//
// usage: node tests/browser/serve.test.mjs [ignored-site-dir]
//   CLINICSITE_BIN  the binary (default $CARGO_TARGET_DIR or target, then release/clinicsite)
//   CHROMIUM        the browser (default /usr/bin/chromium)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.resolve(
  ROOT,
  process.env.CLINICSITE_BIN || path.join(process.env.CARGO_TARGET_DIR || 'target', 'release', 'clinicsite'),
);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let checks = 0;
const failures = [];
function check(ok, message) {
  checks++;
  if (!ok) failures.push(message);
  console.log(`[serve] ${ok ? 'ok  ' : 'FAIL'} ${message}`);
  return ok;
}

/** Starts `clinicsite serve --port 0` and resolves with its URL once it prints it. */
function startServer(site) {
  const child = spawn(BIN, ['serve', '--port', '0', '--site', site], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = [];
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${log.join('')}`)), 60000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log.push(chunk);
      const m = /serving (http:\/\/\S+)/.exec(log.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log.join('')}`)));
    child.on('error', reject);
  });
  return { child, url, log };
}

function copySite(to) {
  fs.mkdirSync(to, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'site.yaml'), path.join(to, 'site.yaml'));
  fs.cpSync(path.join(ROOT, 'content'), path.join(to, 'content'), { recursive: true });
}

async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`no binary at ${BIN}: run cargo build --release or set CLINICSITE_BIN`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicsite-serve-'));
  const site = path.join(tmp, 'site');
  copySite(site);
  const file = path.join(site, 'content', 'conditions', 'acne-scars.md');
  const original = fs.readFileSync(file, 'utf8');
  const server = startServer(site);
  let browser;
  try {
    const base = await server.url;
    console.log(`[serve] server at ${base}`);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await (await browser.newContext()).newPage();
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    let loads = 0;
    page.on('load', () => loads++);

    // 1. Open a page; the reload client connects.
    const connected = page.waitForRequest((r) => r.url().endsWith('/__clinicsite/events'), { timeout: TIMEOUT });
    await page.goto(new URL('conditions/acne-scars/', base).href);
    await connected;
    check((await page.textContent('h1')).trim() === 'Acne scars', 'the page opens');
    const loadsBefore = loads;

    // 2. Edit the markdown: the new text appears without a manual reload.
    const edited = original.replace('Acne scars are common.', 'Acne scars are common. Edited in the browser test.');
    check(edited !== original, 'the edit applies to the bundled page');
    fs.writeFileSync(file, edited);
    await page.waitForFunction(() => document.body.textContent.includes('Edited in the browser test.'), null, { timeout: TIMEOUT });
    check(loads > loadsBefore, 'the page reloaded by itself and shows the edit');

    // 3. Break the YAML: the overlay lists the error over the last good page.
    fs.writeFileSync(file, edited.replace('title: Acne scars', 'title: "Acne scars'));
    const dialog = page.locator('dialog.clinicsite-overlay[open]');
    await dialog.waitFor({ state: 'visible', timeout: TIMEOUT });
    check(true, 'the error overlay opens');
    const overlay = await page.evaluate(() => {
      const d = document.querySelector('dialog.clinicsite-overlay');
      const title = document.getElementById(d.getAttribute('aria-labelledby'));
      return {
        modal: d.matches(':modal'),
        title: title && title.tagName === 'H2' ? title.textContent : null,
        locations: [...d.querySelectorAll('code')].map((c) => c.textContent),
        text: d.textContent,
        focusInside: d.contains(document.activeElement),
        stillThere: document.body.textContent.includes('Edited in the browser test.'),
      };
    });
    check(overlay.modal, 'the overlay is a modal dialog');
    check(/could not be rebuilt/.test(overlay.title || ''), `it has a heading naming the problem (${overlay.title})`);
    check(
      overlay.locations.some((l) => /^content\/conditions\/acne-scars\.md:\d+:\d+$/.test(l)),
      `it shows file:line:col (${overlay.locations.join(', ')})`,
    );
    check(/YAML/.test(overlay.text) && /Hint:/.test(overlay.text), 'it shows the message and a hint');
    check(overlay.focusInside, 'keyboard focus moved into the overlay');
    check(overlay.stillThere, 'the last good page stays underneath');
    // axe-core on the page with the overlay open (evaluated over CDP, which the CSP allows).
    const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
    const violations = await page.evaluate(
      (tags) =>
        window.axe
          .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
          .then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)),
      AXE_TAGS,
    );
    check(violations.length === 0, `axe-core finds no WCAG A/AA violation with the overlay open${violations.length ? ': ' + violations.join(' | ') : ''}`);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() =>
      window.axe
        .run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] })
        .then((r) => r.violations.map((v) => v.nodes.map((n) => n.target.join(' ')).join(', '))),
    );
    check(dark.length === 0, `the overlay's colours contrast in the dark scheme too${dark.length ? ': ' + dark.join(' | ') : ''}`);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT });
    // The button appears on the dialog's `close` event, a task after it closes.
    const badge = page.locator('button.clinicsite-badge');
    const badgeShown = await badge
      .waitFor({ state: 'visible', timeout: TIMEOUT })
      .then(() => true)
      .catch(() => false);
    check(badgeShown, 'Escape closes the overlay and leaves a button to show it again');
    await badge.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'visible', timeout: TIMEOUT });
    check(true, 'the button opens the overlay again');

    // 4. Fix it: the overlay goes and the page is back.
    fs.writeFileSync(file, edited);
    await page.waitForFunction(() => !document.querySelector('dialog.clinicsite-overlay'), null, { timeout: TIMEOUT });
    check((await page.textContent('h1')).trim() === 'Acne scars', 'after the fix the page is back without the overlay');
    check(await page.evaluate(() => document.body.textContent.includes('Edited in the browser test.')), 'with the edited text');

    check(problems.length === 0, `no console errors or CSP violations${problems.length ? ': ' + problems.join(' | ') : ''}`);
    check(server.child.exitCode === null && server.child.signalCode === null, 'the server process is still running');
  } finally {
    if (browser) await browser.close();
    server.child.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main()
  .catch((e) => failures.push(`error: ${e?.stack ?? e}`))
  .finally(() => {
    for (const f of failures) console.error(`[serve] FAILED: ${f}`);
    console.log(`[serve] ${checks} checks, ${failures.length} failed`);
    process.exitCode = failures.length ? 1 : 0;
  });
