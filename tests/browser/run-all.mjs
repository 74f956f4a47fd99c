// Runs every browser-side test against one built site and summarises:
// a11y.mjs, vnu.mjs, then every tests/browser/*.test.mjs (sorted), each as
// `node <file> <site-dir>`. Exits non-zero if any of them failed.
//
// usage: node tests/browser/run-all.mjs <site-dir> [name-filter...]
//   name-filter: run only the tests whose file name contains one of them.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, siteDirFromArgs } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function runTest(file, siteDir) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(HERE, file), siteDir], { stdio: 'inherit' });
    child.on('error', (err) => resolve({ file, code: 1, signal: null, error: err.message, seconds: 0 }));
    child.on('close', (code, signal) => resolve({ file, code, signal, seconds: (Date.now() - started) / 1000 }));
  });
}

main('run-all', async () => {
  const siteDir = siteDirFromArgs('tests/browser/run-all.mjs');
  const filters = process.argv.slice(3);
  const extra = fs
    .readdirSync(HERE)
    .filter((f) => f.endsWith('.test.mjs'))
    .sort();
  const files = ['a11y.mjs', 'vnu.mjs', ...extra].filter((f) => !filters.length || filters.some((x) => f.includes(x)));
  if (!files.length) {
    console.error(`run-all: error: no browser test matches ${filters.join(', ')}`);
    process.exit(2);
  }

  const results = [];
  for (const file of files) {
    console.log(`\n---- ${file} ----`);
    results.push(await runTest(file, siteDir));
  }

  const failed = results.filter((r) => r.code !== 0);
  console.log('\n---- browser test summary ----');
  for (const r of results) {
    const status = r.code === 0 ? 'ok  ' : 'FAIL';
    const why = r.code === 0 ? '' : r.error ? ` (${r.error})` : r.signal ? ` (killed by ${r.signal})` : ` (exit ${r.code})`;
    console.log(`  ${status} ${r.file.padEnd(28)} ${r.seconds.toFixed(1).padStart(6)} s${why}`);
  }
  if (failed.length) console.error(`\nbrowser tests FAILED: ${failed.map((r) => r.file).join(', ')}`);
  console.log(`browser: ${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
});
