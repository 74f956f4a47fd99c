// The questionnaire in real Chromium, checked against the Rust reference evaluator.
//
// usage: node tests/browser/questionnaire.test.mjs <site-dir>
//   <site-dir>: the output of `clinicsite build` for the site in $CLINICSITE_SITE
//   (default: the repository root, the bundled site). The reference outcomes come
//   from `$CLINICSITE_BIN questionnaire --site $CLINICSITE_SITE` (default
//   target/release/clinicsite).
//
// Checks, for the site's questionnaire page:
//   1. Every combination of answers (or, above 20,000, a seeded sample of 20,000
//      plus every single-answer change from "all no"): the outcome and reasons
//      the page shows equal the Rust evaluator's. Answers are set in batched
//      script calls; the page's own change handler runs for each combination.
//   2. A few hundred combinations driven by real clicks and by the keyboard alone
//      (Tab, Space, arrow keys), with the screen-reader announcement checked.
//   3. With JavaScript disabled, combinations chosen by clicking still show the
//      right outcome (generated CSS), and the "how we decide" table is there.
//   4. While answering: no network request, no cookie, no storage, no answers in the URL.
//   5. axe-core: zero WCAG 2.2 A/AA violations with the result showing.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { REPO_ROOT, launchBrowser, listPages, main, reporter, serveDir, siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// QN_PAGE: the questionnaire's source file (`content/x/suitability.md`) on a site with
// several, and QN_URL its page; QN_SAMPLE a smaller sample for an example site.
const SAMPLE = Number(process.env.QN_SAMPLE || 20000);
const SEED = 20261124;
const CLICK_COMBOS = Number(process.env.QN_CLICK_COMBOS || 150);
const KEYBOARD_COMBOS = Number(process.env.QN_KEYBOARD_COMBOS || 100);
const NO_JS_COMBOS = Number(process.env.QN_NOJS_COMBOS || 100);
const BATCH = 200;

const t = reporter('questionnaire');

/** A small seeded PRNG (mulberry32), so the sample is the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every combination, or a seeded sample plus every single change from "all no". */
function combinations(questions) {
  const sizes = questions.map((q) => q.answers.length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const out = [];
  const seen = new Set();
  const add = (combo) => {
    const key = combo.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(combo);
    }
  };
  if (total <= SAMPLE) {
    for (let n = 0; n < total; n++) {
      let rest = n;
      add(sizes.map((s) => {
        const v = rest % s;
        rest = Math.floor(rest / s);
        return v;
      }));
    }
    return { combos: out, total, exhaustive: true };
  }
  const allNo = questions.map((q) => Math.max(0, q.answers.indexOf('no')));
  add(allNo);
  questions.forEach((q, qi) => {
    q.answers.forEach((_, ai) => {
      const c = allNo.slice();
      c[qi] = ai;
      add(c);
    });
  });
  const random = prng(SEED);
  let sampled = 0;
  while (sampled < SAMPLE && seen.size < total) {
    const before = out.length;
    add(sizes.map((s) => Math.floor(random() * s)));
    if (out.length > before) sampled++;
  }
  return { combos: out, total, exhaustive: false };
}

/** The Rust evaluator's verdict for each combination (answer ids by question id). */
function reference(questions, combos) {
  const bin = process.env.CLINICSITE_BIN || path.join(REPO_ROOT, 'target', 'release', 'clinicsite');
  const site = process.env.CLINICSITE_SITE || REPO_ROOT;
  const input = combos
    .map((c) => JSON.stringify(Object.fromEntries(questions.map((q, qi) => [q.id, q.answers[c[qi]]]))))
    .join('\n');
  const page = process.env.QN_PAGE ? ['--page', process.env.QN_PAGE] : [];
  const run = spawnSync(bin, ['questionnaire', '--site', site, ...page], { input, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${bin} questionnaire failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  if (lines.length !== combos.length) throw new Error(`expected ${combos.length} verdicts, got ${lines.length}`);
  return lines;
}

/** Reads the questions (ids and answer ids in order) from the page. */
async function readQuestions(page) {
  return page.$$eval('form#qn fieldset.qn-question', (sets) =>
    sets.map((f, qi) => ({
      id: f.id.replace(/^question-/, ''),
      name: `q${qi}`,
      answers: [...f.querySelectorAll('input[type=radio]')].map((i) => i.value),
    })),
  );
}

/** What the page shows: the visible outcome id, the visible reasons, the announcement. */
async function shown(page) {
  return page.evaluate(() => {
    const visible = (el) => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
    const outcomes = [...document.querySelectorAll('.qn-outcome')].filter(visible).map((o) => o.dataset.outcome);
    const reasons = [...document.querySelectorAll('.qn-reason')].filter(visible).map((r) => Number(r.dataset.rule));
    const status = document.getElementById('qn-status');
    return { outcomes, reasons, status: status ? status.textContent : '' };
  });
}

function same(expected, got) {
  return got.outcomes.length === 1 && got.outcomes[0] === expected.outcome && JSON.stringify(got.reasons) === JSON.stringify(expected.reasons);
}

/** The centre of every answer's label, so real mouse clicks need no lookups. */
async function labelCentres(page) {
  return page.$$eval('form#qn label[for]', (labels) =>
    Object.fromEntries(labels.map((l) => {
      const r = l.getBoundingClientRect();
      return [l.htmlFor, [r.left + r.width / 2, r.top + r.height / 2]];
    })),
  );
}

/** Answers a combination with real mouse clicks on the labels, after clearing the form. */
async function clickCombo(page, centres, combo) {
  const reset = centres.reset;
  await page.mouse.click(reset[0], reset[1]);
  for (const [qi, ai] of combo.entries()) {
    const [x, y] = centres[`q${qi}a${ai}`];
    await page.mouse.click(x, y);
  }
}

async function centresWithReset(page) {
  const centres = await labelCentres(page);
  centres.reset = await page.$eval('button.qn-reset', (b) => {
    const r = b.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  });
  return centres;
}

function describe(questions, combo) {
  return questions.map((q, qi) => `${q.id}=${q.answers[combo[qi]]}`).join(' ');
}

async function findQuestionnaire(siteDir) {
  if (process.env.QN_URL) return process.env.QN_URL;
  for (const p of await listPages(siteDir)) {
    const file = path.join(siteDir, p.endsWith('/') ? p + 'index.html' : p);
    if (fs.readFileSync(file, 'utf8').includes('id="qn"')) return p;
  }
  return null;
}

/** Tabs until focus is on a radio of group `name`; returns false if it never gets there. */
async function tabTo(page, name) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement && document.activeElement.name);
    if (at === name) return true;
  }
  return false;
}

main('questionnaire', async () => {
  const siteDir = siteDirFromArgs('tests/browser/questionnaire.test.mjs');
  const url = await findQuestionnaire(siteDir);
  if (!url) {
    t.fail(siteDir, 'no questionnaire page (form#qn) in the built site');
    t.finish();
    return;
  }
  const server = await serveDir(siteDir);
  const chrome = await launchBrowser();
  const started = Date.now();
  try {
    // Tall enough that every answer is in view: clicks land without scrolling.
    const viewport = { width: 1280, height: 8000 };
    const context = await chrome.newContext({ viewport });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + url.slice(1), { waitUntil: 'load' });
    const pageUrl = page.url();
    const questions = await readQuestions(page);
    const { combos, total, exhaustive } = combinations(questions);
    t.log(`${url}: ${questions.length} questions, ${total} possible combinations; checking ${combos.length} ${exhaustive ? '(all)' : '(seeded sample + single changes from all "no")'}`);
    const expected = reference(questions, combos);
    const loadRequests = requests.length;

    // 1. Batched: set the answers, let the page's change handler run, read what is shown.
    let mismatches = 0;
    for (let start = 0; start < combos.length; start += BATCH) {
      const batch = combos.slice(start, start + BATCH);
      const results = await page.evaluate((batch) => {
        const form = document.getElementById('qn');
        const visible = (el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
        return batch.map((combo) => {
          combo.forEach((ai, qi) => {
            document.getElementById(`q${qi}a${ai}`).checked = true;
          });
          form.dispatchEvent(new Event('change', { bubbles: true }));
          return {
            outcomes: [...form.querySelectorAll('.qn-outcome')].filter(visible).map((o) => o.dataset.outcome),
            reasons: [...form.querySelectorAll('.qn-reason')].filter(visible).map((r) => Number(r.dataset.rule)),
          };
        });
      }, batch);
      results.forEach((got, i) => {
        const want = expected[start + i];
        const ok = same(want, got);
        if (!ok && mismatches++ < 10) {
          t.fail(url, `${describe(questions, batch[i])}: Rust says ${want.outcome} ${JSON.stringify(want.reasons)}, page shows ${JSON.stringify(got.outcomes)} ${JSON.stringify(got.reasons)}`);
        } else if (ok) t.pass();
      });
    }
    t.count('combinations checked (batched)', combos.length);
    t.check(mismatches === 0, url, `${mismatches} combinations disagree with the Rust evaluator`);
    t.log(`batched done at ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 2a. Real clicks on the labels.
    const random = prng(SEED + 1);
    const pick = (n) => Array.from({ length: n }, () => combos[Math.floor(random() * combos.length)]);
    const verdict = (combo) => expected[combos.indexOf(combo)];
    let centres = await centresWithReset(page);
    for (const combo of pick(CLICK_COMBOS)) {
      // The reset button moves as the result appears; look it up again each time.
      centres = { ...centres, reset: (await centresWithReset(page)).reset };
      await clickCombo(page, centres, combo);
      const got = await shown(page);
      const want = verdict(combo);
      t.check(same(want, got), url, () => `click ${describe(questions, combo)}: Rust says ${want.outcome} ${JSON.stringify(want.reasons)}, page shows ${JSON.stringify(got)}`);
      const title = await page.$eval(`.qn-outcome[data-outcome="${want.outcome}"] .qn-outcome-title`, (h) => h.textContent.trim());
      t.check(got.status.includes(title), url, () => `the announcement "${got.status}" does not name the result "${title}"`);
    }
    t.count('combinations by clicks', CLICK_COMBOS);
    t.log(`clicks done at ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 2b. Keyboard only: Tab to each group, Space selects the first answer, arrows move on.
    for (const combo of pick(KEYBOARD_COMBOS)) {
      await page.goto(pageUrl, { waitUntil: 'load' });
      let reached = true;
      for (const [qi, ai] of combo.entries()) {
        if (!(await tabTo(page, `q${qi}`))) {
          reached = false;
          t.fail(url, `keyboard: Tab never reaches question ${qi + 1}`);
          break;
        }
        await page.keyboard.press('Space');
        for (let k = 0; k < ai; k++) await page.keyboard.press('ArrowDown');
      }
      if (!reached) break;
      const got = await shown(page);
      const want = verdict(combo);
      t.check(same(want, got), url, () => `keyboard ${describe(questions, combo)}: Rust says ${want.outcome} ${JSON.stringify(want.reasons)}, page shows ${JSON.stringify(got)}`);
    }
    t.count('combinations by keyboard', KEYBOARD_COMBOS);
    t.log(`keyboard done at ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 4. Privacy while answering (the reloads above fetch the page's own files only).
    const answeringRequests = requests.slice(loadRequests).filter((r) => !r.startsWith(server.origin));
    t.check(answeringRequests.length === 0, url, () => `requests to other origins: ${answeringRequests.join(', ')}`);
    await page.goto(pageUrl, { waitUntil: 'networkidle' });
    const before = requests.length;
    for (const [qi, ai] of combos[combos.length - 1].entries()) await page.click(`label[for="q${qi}a${ai}"]`);
    t.check(requests.length === before, url, () => `answering made ${requests.length - before} request(s): ${requests.slice(before).join(', ')}`);
    t.check((await context.cookies()).length === 0, url, 'a cookie was set');
    const storage = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
    }));
    t.check(storage.local === 0 && storage.session === 0 && storage.idb === 0, url, `storage used: ${JSON.stringify(storage)}`);
    t.check(page.url() === pageUrl, url, `the URL changed while answering: ${page.url()}`);
    await page.keyboard.press('Enter');
    t.check(page.url() === pageUrl, url, `pressing Enter changed the URL: ${page.url()}`);

    // 5. axe with the result showing.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)), AXE_TAGS);
    t.check(violations.length === 0, url, () => `axe with the result showing:\n${violations.join('\n')}`);
    t.check(errors.length === 0, url, () => `console errors: ${errors.join('\n')}`);

    // 3. JavaScript off: the generated CSS shows the result; the rules table is there.
    const noJs = await chrome.newContext({ javaScriptEnabled: false, viewport });
    const plain = await noJs.newPage();
    await plain.goto(pageUrl, { waitUntil: 'load' });
    t.check((await plain.$$('ul.qn-rules li')).length > 0, url, 'no "how we decide" table with JavaScript off');
    const plainCentres = await centresWithReset(plain);
    for (const combo of pick(NO_JS_COMBOS)) {
      const fresh = { ...plainCentres, reset: (await centresWithReset(plain)).reset };
      await clickCombo(plain, fresh, combo);
      const got = await shown(plain);
      const want = verdict(combo);
      t.check(same(want, got), url, () => `JavaScript off, ${describe(questions, combo)}: Rust says ${want.outcome} ${JSON.stringify(want.reasons)}, page shows ${JSON.stringify(got)}`);
    }
    t.count('combinations with JavaScript off', NO_JS_COMBOS);
    await noJs.close();
    t.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await chrome.close();
    await server.close();
  }
  t.finish();
});
