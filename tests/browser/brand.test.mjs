// A clinic's own brand colour, in real Chromium: a temp copy of the bundled site
// with `brand_colour` set in site.yaml is built with the clinicsite binary, and
// every page is checked with axe-core (all WCAG 2.x A/AA rules) in the light AND
// the dark colour scheme. The derived colours come from css/brand.css (no inline
// style: the CSP would refuse it and log an error); the page really uses them.
//
// usage: node tests/browser/brand.test.mjs [ignored-site-dir]
//   CLINICSITE_BIN  the binary (default $CARGO_TARGET_DIR or target, then release/clinicsite)
//   BRAND_COLOUR    the colour to try (default a plum, far from the theme's teal)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, launchBrowser, listPages, main, reporter, serveDir } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BIN = path.resolve(
  REPO_ROOT,
  process.env.CLINICSITE_BIN || path.join(process.env.CARGO_TARGET_DIR || 'target', 'release', 'clinicsite'),
);
const BRAND = (process.env.BRAND_COLOUR || '#7a2e5c').toLowerCase();

const t = reporter('brand');

/** A copy of the bundled site with `brand_colour` set, built; returns the output folder. */
function buildBrandedSite(dir) {
  const site = path.join(dir, 'site');
  fs.mkdirSync(site, { recursive: true });
  const yaml = fs.readFileSync(path.join(REPO_ROOT, 'site.yaml'), 'utf8').replace(/^#? ?brand_colour:.*\n/m, '');
  fs.writeFileSync(path.join(site, 'site.yaml'), `${yaml}brand_colour: "${BRAND}"\n`);
  fs.cpSync(path.join(REPO_ROOT, 'content'), path.join(site, 'content'), { recursive: true });
  const out = path.join(dir, 'out');
  const run = spawnSync(BIN, ['build', '--site', site, '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${BIN} build failed (exit ${run.status}):\n${run.stderr}${run.error ?? ''}`);
  return out;
}

main('brand', async () => {
  if (!fs.existsSync(BIN)) throw new Error(`no clinicsite binary at ${BIN}: run \`cargo build --release\` or set CLINICSITE_BIN`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicsite-brand-'));
  let server;
  let chrome;
  try {
    const out = buildBrandedSite(tmp);
    t.check(fs.existsSync(path.join(out, 'css', 'brand.css')), 'css/brand.css', 'the build wrote no css/brand.css');
    const pages = await listPages(out);
    server = await serveDir(out);
    chrome = await launchBrowser();
    t.log(`${pages.length} pages built with brand_colour ${BRAND}`);
    for (const scheme of ['light', 'dark']) {
      const ctx = await chrome.newContext({ colorScheme: scheme, reducedMotion: 'reduce' });
      const page = await ctx.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      for (const p of pages) {
        const where = `${p} (${scheme})`;
        errors.length = 0;
        await page.goto(server.url + p.slice(1), { waitUntil: 'load' });
        const colours = await page.evaluate(() => {
          const root = getComputedStyle(document.documentElement);
          return { accent: root.getPropertyValue('--accent').trim(), bg: getComputedStyle(document.body).backgroundColor };
        });
        if (scheme === 'light') {
          t.check(colours.accent === BRAND, where, `--accent is ${colours.accent}, not the brand colour ${BRAND}`);
        } else {
          t.check(colours.accent !== BRAND && colours.accent !== '', where, `--accent in the dark scheme is ${colours.accent}: no lighter variant`);
          const [r, g, b] = colours.bg.match(/\d+/g).map(Number);
          t.check(r + g + b < 3 * 60, where, `the dark scheme's background is not dark: ${colours.bg}`);
        }
        await page.evaluate(AXE_SOURCE);
        const violations = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
            .then((r) => r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`)),
          AXE_TAGS,
        );
        for (const v of violations) t.fail(where, `axe ${v}`);
        if (!violations.length) t.pass();
        t.count(`axe runs (${scheme})`);
        t.count('axe violations', violations.length);
        t.check(errors.length === 0, where, () => `console errors (a CSP violation?):\n${errors.join('\n')}`);
      }
      await ctx.close();
    }
  } finally {
    await chrome?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  t.finish();
});
