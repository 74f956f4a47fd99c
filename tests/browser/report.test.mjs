// `clinicsite report` in real Chromium: the HTML report of the bundled site,
// on three days (every review fine, every review due soon, every review
// overdue), has zero axe-core violations (WCAG 2.0/2.1/2.2 A and AA), makes no
// request but for itself, does not scroll sideways at 320 px, and says
// "Overdue" / "Due soon" in words on the rows concerned.
//
// usage: node tests/browser/report.test.mjs <site-dir>
// (the site folder is not used: the report is made from the repository's
// sources with the release binary that scripts/test.sh builds)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, launchBrowser, main, reporter, siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BINARY = path.join(process.env.CARGO_TARGET_DIR || path.join(REPO_ROOT, 'target'), 'release', 'clinicsite');
// The bundled pages were last reviewed on 2026-11-01 with a 12-month interval.
const DAYS = [
  { today: '2026-11-24', expect: null },
  { today: '2027-10-20', expect: 'Due soon' },
  { today: '2028-01-01', expect: 'Overdue' },
];

const t = reporter('report');
main('report', async () => {
  siteDirFromArgs('tests/browser/report.test.mjs');
  if (!fs.existsSync(BINARY)) throw new Error(`${BINARY} not found: run cargo build --release first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicsite-report-'));
  // bypassCSP: the report's CSP (rightly) forbids scripts, so axe is injected past it
  const { context, newContext, close } = await launchBrowser({ bypassCSP: true, javaScriptEnabled: true });
  try {
    for (const { today, expect } of DAYS) {
      const file = path.join(tmp, `report-${today}.html`);
      execFileSync(BINARY, ['report', '--site', REPO_ROOT, '--out', file, '--today', today], { stdio: 'pipe' });
      const where = `report --today ${today}`;
      const url = pathToFileURL(file).href;
      const page = await context.newPage();
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url);
      t.check(requests.length === 1 && requests[0] === url, where, () => `requests other than the file itself: ${requests.join(', ')}`);

      const rows = await page.locator('tbody tr').count();
      t.check(rows > 0, where, 'the table has rows');
      t.count('rows', rows);
      if (expect) {
        const said = await page.locator('tbody tr td .status', { hasText: expect }).count();
        t.check(said === rows, where, `every row says "${expect}" in words (${said} of ${rows})`);
      }

      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
          .then((r) => r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('; ')}`)),
        AXE_TAGS,
      );
      for (const v of violations) t.fail(where, `axe ${v}`);
      if (!violations.length) t.pass();
      t.count('axe violations', violations.length);
      await page.close();

      const narrow = await newContext({ bypassCSP: true, viewport: { width: 320, height: 640 } });
      const small = await narrow.newPage();
      await small.goto(url);
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      t.check(overflow <= 0, where, `the page scrolls sideways at 320 px by ${overflow} px (only the table may)`);
      await narrow.close();
      t.count('reports');
    }
  } finally {
    await close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  t.finish();
});
