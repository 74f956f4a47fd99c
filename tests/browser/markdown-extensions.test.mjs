// Task lists and footnotes in real Chromium and the Nu HTML Checker: builds
// tests/data/markdown-site (a checklist with nested, loose and empty tasks, a
// link inside a task, footnotes referred to twice, a note ending in a list, the
// same on the FAQ page) and runs a11y.mjs and vnu.mjs on it. The bundled site
// has neither construct, so without this they would go unchecked.
//
// usage: node tests/browser/markdown-extensions.test.mjs [ignored-site-dir]
//   CLINICSITE_BIN  the binary (default $CARGO_TARGET_DIR or target, then release/clinicsite)

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, main } from './lib.mjs';

const BIN = path.resolve(
  REPO_ROOT,
  process.env.CLINICSITE_BIN || path.join(process.env.CARGO_TARGET_DIR || 'target', 'release', 'clinicsite'),
);
const SITE = path.join(REPO_ROOT, 'tests', 'data', 'markdown-site');
const HERE = path.join(REPO_ROOT, 'tests', 'browser');

/** Runs `cmd args`, its output shown as it comes; resolves with the exit code. */
function run(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

main('markdown-extensions', async () => {
  if (!fs.existsSync(BIN)) throw new Error(`no binary at ${BIN}: run cargo build --release or set CLINICSITE_BIN`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicsite-markdown-'));
  const out = path.join(tmp, 'site');
  try {
    // Its own build record folder: nothing of the writer's cache is read or kept.
    const env = { ...process.env, CLINICSITE_CACHE_DIR: path.join(tmp, 'cache') };
    const built = await run(BIN, ['build', '--site', SITE, '--out', out], env);
    if (built !== 0) throw new Error(`clinicsite build of ${SITE} exited with ${built}`);
    let failed = 0;
    for (const test of ['a11y.mjs', 'vnu.mjs']) {
      if ((await run(process.execPath, [path.join(HERE, test), out])) !== 0) failed++;
    }
    console.log(`[markdown-extensions] ${failed ? 'FAILED' : 'OK'}: a11y and vnu on ${SITE}`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
