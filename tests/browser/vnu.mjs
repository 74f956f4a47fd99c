// HTML validity: the Nu HTML Checker (vnu.jar from the vnu-jar npm package,
// run with the system Java) over every *.html file of a built site. Zero
// errors required; warnings are not reported.
//
// usage: node tests/browser/vnu.mjs <site-dir>
// Set JAVA to use another java binary.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { listHtmlFiles, main, reporter, siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
// vnu-jar exports the jar's path as a String object. Its own launcher and its
// postinstall script may download a Java runtime, so neither is used: this
// runs the jar with the system Java directly (npm ci --ignore-scripts).
const VNU_JAR = String(require('vnu-jar'));

const t = reporter('vnu');

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) =>
      reject(err.code === 'ENOENT' ? new Error(`${cmd} not found: install Java 17+ (apt-get install -y default-jre-headless)`) : err),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

main('vnu', async () => {
  const siteDir = siteDirFromArgs('tests/browser/vnu.mjs');
  const files = await listHtmlFiles(siteDir);
  const java = process.env.JAVA || 'java';
  const started = Date.now();
  t.log(`checking ${files.length} HTML files from ${siteDir} with ${path.basename(VNU_JAR)}`);

  const { code, stdout, stderr } = await run(java, [
    '-Xss1m',
    '-jar',
    VNU_JAR,
    '--errors-only',
    '--format',
    'json',
    '--stdout',
    '--exit-zero-always',
    ...files,
  ]);
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    t.fail('vnu.jar', `could not read the checker's output (exit ${code}):\n${(stdout + stderr).trim().slice(0, 2000)}`);
    t.finish();
    return;
  }

  const messages = (report.messages || []).filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal');
  for (const m of messages) {
    const file = m.url ? path.relative(siteDir, decodeURIComponent(m.url.replace(/^file:/, ''))) : '(unknown file)';
    const line = m.lastLine ?? m.firstLine;
    const col = m.firstColumn ?? m.lastColumn;
    const where = `${file}${line ? ':' + line : ''}${col ? ':' + col : ''}`;
    const extract = m.extract ? `\n  ${m.extract.replace(/\n/g, ' ').trim()}` : '';
    t.fail(where, `${m.type === 'non-document-error' ? 'checker error' : 'error'}: ${m.message}${extract}`);
  }
  // One check per file: it passed when it has no error.
  const bad = new Set(messages.map((m) => m.url));
  for (const f of files) if (!bad.has('file:' + f)) t.pass();
  t.count('files', files.length);
  t.count('errors', messages.length);
  t.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  t.finish();
});
