import * as assert from 'node:assert/strict';
import { findProvider } from '@pydantic/genai-prices';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { CATALOG_ENTRIES } from '../../src/core/catalog/catalogEntries';
import { catalogFigures, PACKAGE_EXCLUSIONS, PACKAGE_SCOPE, unmappedPackageModels, type PackageProvider } from '../../src/core/catalog/catalogScope';
import { newestFirst } from '../../src/core/catalog/models';

const installed = (providerId: string): PackageProvider | undefined => findProvider({ providerId });
const key = (priced: readonly [string, string]) => priced.join('/');

describe('the catalog follows the price data package', () => {
  it('lists or excludes, with a reason, every model the installed package has for our ten makers', () => {
    const unmapped = unmappedPackageModels(installed);
    assert.deepEqual(
      unmapped,
      [],
      `The price package has models the catalog does not map: add each to src/core/catalog/catalogEntries.ts, or to PACKAGE_EXCLUSIONS in catalogScope.ts with its reason:\n${unmapped.join('\n')}`,
    );
  });

  it('names a model a newer package brings, and only those of our makers', () => {
    // A package upgrade, faked: one new OpenAI model, one new Qwen model at OpenRouter, and a
    // model of a maker we do not list (at OpenRouter), which the catalog need not map.
    const upgraded = (providerId: string): PackageProvider | undefined => {
      const provider = installed(providerId);
      if (!provider) return undefined;
      const added = providerId === 'openai' ? ['gpt-7'] : providerId === 'openrouter' ? ['qwen/qwen9-max', 'acme/acme-1'] : [];
      return { id: provider.id, models: [...provider.models, ...added.map((id) => ({ id }))] };
    };
    assert.deepEqual(unmappedPackageModels(upgraded), ['openai/gpt-7', 'openrouter/qwen/qwen9-max']);
    // …and a model the catalog drops shows up too.
    const withoutGpt4o = CATALOG_ENTRIES.filter((e) => e.id !== 'gpt-4o');
    assert.deepEqual(unmappedPackageModels(installed, withoutGpt4o), ['openai/gpt-4o']);
  });

  it('excludes only models the package has, in scope, not also listed, each with its reason', () => {
    const listed = new Set(CATALOG_ENTRIES.map((e) => key(e.priced)));
    const seen = new Set<string>();
    for (const exclusion of PACKAGE_EXCLUSIONS) {
      const [providerId, modelId] = exclusion.priced;
      const k = key(exclusion.priced);
      assert.ok(!seen.has(k), `${k} is excluded twice`);
      seen.add(k);
      assert.ok(
        installed(providerId)?.models.some((m) => m.id === modelId),
        `${k}: the package no longer has it; drop it from PACKAGE_EXCLUSIONS`,
      );
      assert.ok(
        PACKAGE_SCOPE.some((s) => s.providerId === providerId && s.includes(modelId)),
        `${k}: not a model of our makers`,
      );
      assert.ok(!listed.has(k), `${k} is both listed and excluded`);
      assert.ok(exclusion.reason.length > 20, `${k}: say why it is left out`);
    }
  });

  it("keeps each entry where the package keeps its maker's models, once", () => {
    const seen = new Set<string>();
    for (const entry of CATALOG_ENTRIES) {
      const [providerId, modelId] = entry.priced;
      assert.ok(
        PACKAGE_SCOPE.some((s) => s.maker === entry.maker && s.providerId === providerId && s.includes(modelId)),
        `${entry.id}: ${key(entry.priced)} is not where the package keeps ${entry.maker}'s models`,
      );
      assert.ok(!seen.has(key(entry.priced)), `${key(entry.priced)} is listed twice`);
      seen.add(key(entry.priced));
    }
  });

  it('marks a model the package deprecates as legacy', () => {
    const catalog = buildCatalog({}, { findInHfCache: () => undefined });
    for (const [id, providerId] of [
      ['kimi-k2-thinking', 'moonshotai'],
      ['grok-2-1212', 'x-ai'],
      ['devstral-small', 'mistral'],
    ] as const) {
      assert.ok(findProvider({ providerId })?.models.find((m) => m.id === id)?.deprecated, `${id} is deprecated in the package`);
      assert.equal(catalog.find(id)!.kind, 'legacy', id);
    }
    assert.equal(catalog.find('gpt-5')!.kind, 'chat');
    assert.equal(catalog.find('gpt-4o-mini-tts')!.kind, 'audio');
    assert.equal(catalog.find('embed-v4.0')!.kind, 'embedding');
  });
});

describe('release order', () => {
  const catalog = buildCatalog({}, { findInHfCache: () => undefined });
  const pickerOrder = (maker: string) =>
    catalog.models
      .filter((m) => m.provider === maker)
      .sort(newestFirst)
      .map((m) => m.id);

  it('dates every entry by month, none in the future of the price data', () => {
    for (const entry of CATALOG_ENTRIES) {
      assert.match(entry.released, /^20[12]\d-(0[1-9]|1[0-2])$/, entry.id);
      assert.ok(entry.released <= '2026-09', `${entry.id}: ${entry.released} is after the price data's release`);
    }
  });

  it("lists each maker's models newest first in the picker, not alphabetically", () => {
    const openai = pickerOrder('OpenAI');
    assert.deepEqual(openai.slice(0, 3), ['gpt-6-sol', 'gpt-6-astra', 'gpt-6-luna']);
    assert.ok(openai.indexOf('gpt-5') < openai.indexOf('gpt-4o'));
    assert.ok(openai.indexOf('gpt-4o') < openai.indexOf('gpt-4'));
    assert.equal(openai.at(-1), 'ada');
    const anthropic = pickerOrder('Anthropic');
    assert.ok(anthropic.indexOf('claude-opus-4-7') < anthropic.indexOf('claude-sonnet-4-5'));
    assert.equal(anthropic.at(-1), 'claude-v1');
    const meta = pickerOrder('Meta');
    assert.ok(meta.indexOf('llama-4-maverick') < meta.indexOf('llama-3.3-70b-instruct'));
    assert.ok(meta.indexOf('llama-3.3-70b-instruct') < meta.indexOf('llama-2-70b-chat'));
    for (const maker of new Set(catalog.models.map((m) => m.provider))) {
      const order = pickerOrder(maker);
      assert.notDeepEqual(order, [...order].sort(), `${maker}: the picker order is alphabetical`);
    }
  });

  it('keeps the catalog order for models of the same month and puts custom models (no date) last', () => {
    const custom = buildCatalog({ customModels: [{ id: 'zz-mine', provider: 'OpenAI', tokenizer: 'o200k_base', contextWindow: 1000 }] }, { findInHfCache: () => undefined });
    const order = custom.models.filter((m) => m.provider === 'OpenAI').sort(newestFirst);
    assert.equal(order.at(-1)!.id, 'zz-mine');
    const gpt5 = order.filter((m) => m.released === '2025-08' && m.id.startsWith('gpt-5')).map((m) => m.id);
    assert.deepEqual(gpt5, ['gpt-5', 'gpt-5-mini', 'gpt-5-nano']);
  });
});

describe('how much of the catalog counts exactly', () => {
  // `node scripts/catalog-figures.mjs` prints these per maker. With package 0.1.8: 107 of 299
  // models (35.8%) exact out of the box (OpenAI's tiktoken encodings, the bundled Qwen, DeepSeek
  // V3 and V4, Mistral NeMo and Llama 3.x tokenizers); 118 (39.5%) with the Gemma 3 file in the
  // Hugging Face cache, 123 (41.1%) with Gemma 3 and 4, 130 (43.5%) with every file the catalog
  // looks for.
  // The floors below fail should a change make fewer models exact.
  it('counts at least a third of the catalog exactly offline, more with the Gemma files', () => {
    const f = catalogFigures();
    assert.ok(f.exact.offline / f.models >= 0.35, `${f.exact.offline} of ${f.models}`);
    assert.ok(f.exact.withGemma3 > f.exact.offline + 10, `${f.exact.withGemma3} with Gemma 3`);
    assert.ok(f.exact.withGemma3And4 > f.exact.withGemma3, `${f.exact.withGemma3And4} with Gemma 3 and 4`);
    assert.ok(f.exact.withEveryCachedFile > f.exact.withGemma3And4, `${f.exact.withEveryCachedFile} with every file`);
    assert.equal(
      Object.values(f.byMaker).reduce((n, m) => n + m.models, 0),
      f.models,
    );
  });
});
