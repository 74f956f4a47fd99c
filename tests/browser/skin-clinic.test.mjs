// The two-treatment example (examples/skin-clinic: microneedling and chemical
// peels sharing their conditions) in real Chromium: builds it with
// $CLINICSITE_BIN and checks
//   1. a condition page lists both treatments (and its compare page), and the
//      compare page has exactly the right rows, at 1280 px (table) and at
//      375 px (the list that replaces it on phones);
//   2. a11y.mjs (axe and the rest), vnu.mjs and jsonld.test.mjs on every page;
//   3. questionnaire.test.mjs on each treatment's questionnaire against the
//      Rust evaluator (`--page`), with a smaller sample than the bundled site's
//      (QN_SAMPLE, default 2,000; fewer clicks), so CI stays quick.
// SCREENSHOTS=1 also saves docs/screenshots/skin-clinic-*.png (for the README).
//
// usage: node tests/browser/skin-clinic.test.mjs [ignored-site-dir]
//   CLINICSITE_BIN  the binary (default $CARGO_TARGET_DIR or target, then release/clinicsite)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, launchBrowser, main, reporter, serveDir } from './lib.mjs';

const BIN = path.resolve(
  REPO_ROOT,
  process.env.CLINICSITE_BIN || path.join(process.env.CARGO_TARGET_DIR || 'target', 'release', 'clinicsite'),
);
const SITE = path.join(REPO_ROOT, 'examples', 'skin-clinic');
const HERE = path.join(REPO_ROOT, 'tests', 'browser');
const QUESTIONNAIRES = [
  { page: 'content/microneedling/suitability.md', url: '/microneedling/suitability/' },
  { page: 'content/chemical-peels/suitability.md', url: '/chemical-peels/suitability/' },
];
// The conditions both treatments treat, and the compare page's rows for one.
const SHARED = ['acne-scars', 'chickenpox-scars', 'fine-lines-and-wrinkles', 'skin-texture-and-pores'];
const ROWS = ['Chemical peels', 'Microneedling'];

const t = reporter('skin-clinic');

function run(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

async function pageChecks(out) {
  const server = await serveDir(out);
  const { context, newContext, close } = await launchBrowser();
  try {
    const page = await context.newPage();
    for (const slug of SHARED) {
      await page.goto(`${server.url}conditions/${slug}/`);
      const listed = await page.$$eval('.treatment-list li > a', (as) => as.map((a) => a.textContent.trim()));
      t.check(JSON.stringify(listed) === JSON.stringify(ROWS), `/conditions/${slug}/`, `lists both treatments (got ${listed})`);
      const compare = await page.$$eval('a', (as) => as.filter((a) => a.textContent.trim() === 'Compare these treatments').map((a) => a.getAttribute('href')));
      t.check(compare.length === 1 && compare[0] === `/compare/${slug}/`, `/conditions/${slug}/`, 'links to its compare page');
      const ld = await page.$eval('script[type="application/ld+json"]', (s) => JSON.parse(s.textContent));
      const names = ld['@graph'][0].about.possibleTreatment.map((x) => x.name);
      t.check(JSON.stringify(names) === JSON.stringify(ROWS), `/conditions/${slug}/`, 'JSON-LD possibleTreatment names both');
      await page.goto(`${server.url}compare/${slug}/`);
      const rows = await page.$$eval('.compare-table tbody th[scope=row]', (ths) => ths.map((th) => th.textContent.trim()));
      t.check(JSON.stringify(rows) === JSON.stringify(ROWS), `/compare/${slug}/`, `rows are the two treatments (got ${rows})`);
      const cells = await page.$$eval('.compare-table tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll('td').length));
      t.check(cells.every((n) => n === 5), `/compare/${slug}/`, 'every row has evidence and four facts');
      t.count('conditions');
    }
    // Stretch marks: microneedling only, so no compare page.
    await page.goto(`${server.url}conditions/stretch-marks/`);
    const one = await page.$$eval('.treatment-list li > a', (as) => as.map((a) => a.textContent.trim()));
    t.check(JSON.stringify(one) === '["Microneedling"]', '/conditions/stretch-marks/', 'lists only microneedling');
    const phone = await (await newContext({ viewport: { width: 375, height: 800 } })).newPage();
    await phone.goto(`${server.url}compare/acne-scars/`);
    const table = await phone.isVisible('.compare-table');
    const list = await phone.$$eval('.compare-list h2', (hs) => hs.filter((h) => h.getClientRects().length).map((h) => h.textContent.trim()));
    t.check(!table && JSON.stringify(list) === JSON.stringify(ROWS), '/compare/acne-scars/ at 375px', `a list, not the table (got ${list})`);
    if (process.env.SCREENSHOTS === '1') {
      const shots = path.join(REPO_ROOT, 'docs', 'screenshots');
      await phone.screenshot({ path: path.join(shots, 'skin-clinic-compare-375.png'), fullPage: true });
      await page.goto(`${server.url}conditions/acne-scars/`);
      await page.screenshot({ path: path.join(shots, 'skin-clinic-condition-1280.png'), fullPage: true });
      t.log('screenshots saved in docs/screenshots/');
    }
    await page.goto(`${server.url}find-a-treatment/`);
    const az = await page.$$eval('h3', (hs) => hs.map((h) => h.textContent.trim()));
    const sorted = [...az].sort((a, b) => a.localeCompare(b));
    t.check(az.length === 5 && JSON.stringify(az) === JSON.stringify(sorted), '/find-a-treatment/', `conditions A to Z (got ${az})`);
  } finally {
    await close();
    await server.close();
  }
}

main('skin-clinic', async () => {
  if (!fs.existsSync(BIN)) throw new Error(`no binary at ${BIN}: run cargo build --release or set CLINICSITE_BIN`);
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicsite-skin-clinic-'));
  const out = path.join(tmp, 'site');
  try {
    const env = { ...process.env, CLINICSITE_CACHE_DIR: path.join(tmp, 'cache') };
    const built = await run(BIN, ['build', '--site', SITE, '--out', out], env);
    if (built !== 0) throw new Error(`clinicsite build of ${SITE} exited with ${built}`);
    await pageChecks(out);
    for (const test of ['a11y.mjs', 'vnu.mjs', 'jsonld.test.mjs']) {
      t.check((await run(process.execPath, [path.join(HERE, test), out])) === 0, out, `${test} passes`);
    }
    for (const q of QUESTIONNAIRES) {
      const qenv = {
        ...env,
        CLINICSITE_BIN: BIN,
        CLINICSITE_SITE: SITE,
        QN_PAGE: q.page,
        QN_URL: q.url,
        QN_SAMPLE: process.env.QN_SAMPLE || '2000',
        QN_CLICK_COMBOS: process.env.QN_CLICK_COMBOS || '30',
        QN_KEYBOARD_COMBOS: process.env.QN_KEYBOARD_COMBOS || '20',
        QN_NOJS_COMBOS: process.env.QN_NOJS_COMBOS || '20',
      };
      const code = await run(process.execPath, [path.join(HERE, 'questionnaire.test.mjs'), out], qenv);
      t.check(code === 0, q.url, 'questionnaire matches the Rust evaluator');
      t.count('questionnaires');
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`[skin-clinic] ${((Date.now() - started) / 1000).toFixed(1)} s`);
  t.finish();
});
