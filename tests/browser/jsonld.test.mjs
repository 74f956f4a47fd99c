// Structured data and page metadata on every page of the built site.
//
// usage: node tests/browser/jsonld.test.mjs <site-dir>
//
// - Every JSON-LD block is valid JSON; every `@type` and every property name is
//   a real schema.org term, and so is every `https://schema.org/...` value.
//   The term list comes from the pinned npm package schema-dts (its generated
//   type definitions name every schema.org type and property).
// - Every page (but 404 and search) has a MedicalWebPage (FAQPage on the FAQ) with a name, the
//   clinic as MedicalClinic, and a BreadcrumbList; condition pages are about a
//   MedicalCondition whose possibleTreatment is a MedicalTherapy; procedure
//   steps are about a MedicalProcedure.
// - Every page has `<html lang>`, a canonical URL, a meta description and
//   Open Graph title and description.
// No browser needed: it reads the built files.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { listPages, main, reporter, siteDirFromArgs } from './lib.mjs';

const require = createRequire(import.meta.url);
const t = reporter('jsonld');

function schemaTerms() {
  const dts = fs.readFileSync(path.join(path.dirname(require.resolve('schema-dts/package.json')), 'dist', 'schema.d.ts'), 'utf8');
  const types = new Set([...dts.matchAll(/"@type": "([A-Za-z0-9]+)"/g)].map((m) => m[1]));
  const properties = new Set([...dts.matchAll(/^\s+"([A-Za-z0-9]+)"\??: /gm)].map((m) => m[1]));
  const values = new Set([...dts.matchAll(/"(https:\/\/schema\.org\/[A-Za-z0-9]+)"/g)].map((m) => m[1]));
  return { types, properties, values };
}

/** Walks a JSON-LD value, checking every type, property and schema.org value. */
function checkNode(node, terms, where, found) {
  if (Array.isArray(node)) {
    node.forEach((n) => checkNode(n, terms, where, found));
    return;
  }
  if (typeof node === 'string') {
    if (node.startsWith('https://schema.org/') && node !== 'https://schema.org') {
      t.check(terms.values.has(node) || terms.types.has(node.slice(19)), where, `unknown schema.org value ${node}`);
    }
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '@type') {
      for (const type of [value].flat()) {
        t.check(terms.types.has(type), where, `unknown @type ${type}`);
        found.push({ type, node });
      }
    } else if (!key.startsWith('@')) {
      t.check(terms.properties.has(key), where, `unknown property ${key}`);
      checkNode(value, terms, where, found);
    } else if (key === '@graph') {
      checkNode(value, terms, where, found);
    }
  }
}

function meta(html, re) {
  const m = html.match(re);
  return m ? m[1] : null;
}

main('jsonld', async () => {
  const siteDir = siteDirFromArgs('tests/browser/jsonld.test.mjs');
  const terms = schemaTerms();
  t.log(`${terms.types.size} schema.org types, ${terms.properties.size} properties known (schema-dts)`);
  for (const p of await listPages(siteDir)) {
    const html = fs.readFileSync(path.join(siteDir, p.endsWith('/') ? p + 'index.html' : p), 'utf8');
    t.check(/<html lang="[A-Za-z]{2,3}(-[A-Za-z0-9]+)*"/.test(html), p, 'no lang on <html>');
    if (p === '/404.html') continue;
    t.check(meta(html, /<link rel="canonical" href="(https?:\/\/[^"]+)"/), p, 'no absolute canonical URL');
    t.check(meta(html, /<meta name="description" content="([^"]+)"/), p, 'no meta description');
    t.check(meta(html, /<meta property="og:title" content="([^"]+)"/), p, 'no og:title');
    t.check(meta(html, /<meta property="og:description" content="([^"]+)"/), p, 'no og:description');
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    // The search page is a tool, not patient information: no structured data.
    if (p === '/search/') {
      t.check(blocks.length === 0, p, `the search page has ${blocks.length} JSON-LD block(s)`);
      continue;
    }
    if (!t.check(blocks.length === 1, p, `expected one JSON-LD block, found ${blocks.length}`)) continue;
    let data;
    try {
      data = JSON.parse(blocks[0]);
    } catch (e) {
      t.fail(p, `JSON-LD is not valid JSON: ${e.message}`);
      continue;
    }
    t.check(data['@context'] === 'https://schema.org', p, `@context is ${data['@context']}`);
    const found = [];
    checkNode(data, terms, p, found);
    const has = (type) => found.filter((f) => f.type === type).map((f) => f.node);
    const pageNode = has('MedicalWebPage')[0];
    if (t.check(pageNode, p, 'no MedicalWebPage')) {
      t.check(typeof pageNode.name === 'string' && pageNode.name, p, 'MedicalWebPage without a name');
      t.check(pageNode.audience && pageNode.audience['@type'] === 'Patient', p, 'audience is not Patient');
      // The pages a site with treatments makes (find, compare) show what reviewed pages say.
      const generated = html.includes('treatments-find') || html.includes('treatments-compare');
      t.check(generated || (pageNode.lastReviewed && pageNode.reviewedBy), p, 'no lastReviewed / reviewedBy');
      t.check(pageNode.breadcrumb && pageNode.breadcrumb['@type'] === 'BreadcrumbList', p, 'no BreadcrumbList');
    }
    t.check(has('MedicalClinic').length === 1, p, 'no MedicalClinic');
    if (html.includes('content-page--condition')) {
      const condition = has('MedicalCondition')[0];
      // One treatment (a site of one implied treatment), or every treatment that
      // treats it (a site with treatments: a condition no treatment lists has none).
      const possible = condition && condition.possibleTreatment;
      const all = Array.isArray(possible) ? possible : possible ? [possible] : [];
      const listed = html.includes('id="treatments-heading"');
      const untreated = html.includes('css/treatments.css') && !listed;
      t.check(condition && (untreated || (all.length && all.every((x) => x['@type'] === 'MedicalTherapy'))), p, 'condition page without MedicalCondition.possibleTreatment: MedicalTherapy');
      t.count('condition pages');
    }
    if (html.includes('content-page--step')) {
      t.check(has('MedicalProcedure').length === 1, p, 'procedure step without MedicalProcedure');
      t.count('procedure pages');
    }
    if (html.includes('class="prose faq"')) {
      t.check(has('FAQPage').length === 1, p, 'FAQ page is not a FAQPage');
      const questions = has('Question');
      t.check(questions.length === html.split('class="faq-item"').length - 1, p, `${questions.length} Question entries for ${html.split('class="faq-item"').length - 1} questions`);
      t.count('FAQ questions', questions.length);
    }
    t.count('pages');
  }
  t.finish();
});
