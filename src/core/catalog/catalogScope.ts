import { buildCatalog } from './catalog';
import { CATALOG_ENTRIES, type CatalogEntry, type Maker } from './catalogEntries';

/**
 * Which models of the price data package (@pydantic/genai-prices) the catalog must offer: every
 * model the package has for our ten makers, where the package keeps each maker's models. A maker
 * with a provider of its own in the package is that provider (Google's without the Claude models
 * Vertex AI resells, which are Anthropic's); makers of open models sold by hosts (Qwen, Meta,
 * Google's Gemma) are OpenRouter's models under the maker's prefix, OpenRouter being the host
 * the package lists the most of them for.
 *
 * catalogCoverage.test.ts fails naming every package model in this scope that the catalog
 * neither lists (catalogEntries.ts) nor excludes below with a reason.
 */
export interface MakerScope {
  readonly maker: Maker;
  readonly providerId: string;
  /** The model ids of the provider that are this maker's. */
  readonly includes: (modelId: string) => boolean;
}

export const PACKAGE_SCOPE: readonly MakerScope[] = [
  { maker: 'OpenAI', providerId: 'openai', includes: () => true },
  { maker: 'Anthropic', providerId: 'anthropic', includes: () => true },
  { maker: 'Google', providerId: 'google', includes: (id) => !id.startsWith('claude-') },
  { maker: 'Google', providerId: 'openrouter', includes: (id) => id.startsWith('google/gemma-') },
  { maker: 'Mistral', providerId: 'mistral', includes: () => true },
  { maker: 'DeepSeek', providerId: 'deepseek', includes: () => true },
  { maker: 'xAI', providerId: 'x-ai', includes: () => true },
  { maker: 'Cohere', providerId: 'cohere', includes: () => true },
  { maker: 'Moonshot AI', providerId: 'moonshotai', includes: () => true },
  { maker: 'Qwen', providerId: 'openrouter', includes: (id) => id.startsWith('qwen/') },
  { maker: 'Meta', providerId: 'openrouter', includes: (id) => id.startsWith('meta-llama/') },
];

/** A package model the catalog leaves out on purpose, and why. */
export interface Exclusion {
  readonly priced: readonly [providerId: string, modelId: string];
  readonly reason: string;
}

const NO_PRICE = 'no price in the package: nothing to show beside a count, and its tokens are not text tokens';
const NO_TEXT_PRICE = 'priced per audio hour or per document page, not per text token: a token count says nothing about its cost';
const FREE_TIER = "OpenRouter's free tier of a model the catalog lists with its price: no price of its own";
const FINE_TUNE = 'the price of fine-tuning runs on a base model (ids by prefix), not a model one picks; add a fine-tuned model in tokenscope.customModels';

const freeTier = (path: string): Exclusion => ({ priced: ['openrouter', path], reason: FREE_TIER });

/**
 * The package models of PACKAGE_SCOPE the catalog does not list, each with its reason. Keep it
 * short: a model with a text-token price belongs in the catalog unless it duplicates one there.
 */
export const PACKAGE_EXCLUSIONS: readonly Exclusion[] = [
  // OpenAI
  { priced: ['openai', 'moderation'], reason: NO_PRICE },
  { priced: ['openai', 'whisper-1'], reason: NO_TEXT_PRICE },
  { priced: ['openai', 'gpt-transcribe'], reason: NO_TEXT_PRICE },
  { priced: ['openai', 'ft:gpt-3.5-turbo-'], reason: FINE_TUNE },
  { priced: ['openai', 'ft:gpt-4o'], reason: FINE_TUNE },
  { priced: ['openai', 'ft:gpt-4o-mini'], reason: FINE_TUNE },
  { priced: ['openai', 'gpt-4o-mini-2024-07-18.ft-'], reason: FINE_TUNE },
  ...['gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-2'].map((id): Exclusion => ({
    priced: ['openai', id],
    reason: 'an image generator whose text price is for the prompt of an image; neither OpenAI nor the package gives it a context window to measure a text against',
  })),
  // Google
  { priced: ['google', 'gemma-3'], reason: NO_PRICE },
  { priced: ['google', 'gemma-3n'], reason: NO_PRICE },
  { priced: ['google', 'gemma-4-26b-a4b-it'], reason: `${NO_PRICE}; listed with OpenRouter's price (google/gemma-4-26b-a4b-it)` },
  { priced: ['google', 'gemma-4-31b-it'], reason: `${NO_PRICE}; listed with OpenRouter's price (google/gemma-4-31b-it)` },
  { priced: ['google', 'gemma-4-26b-a4b-it-maas'], reason: "the same model as gemma-4-26b-a4b-it, at Vertex AI's price; the catalog lists it once" },
  { priced: ['google', 'gemini-flash-1.5'], reason: "the package's second entry for Gemini 1.5 Flash, by OpenRouter's id; listed as gemini-1.5-flash" },
  {
    priced: ['google', 'gemini-omni-flash-preview'],
    reason: 'a video generator; neither Google nor the package gives it a context window to measure a text against',
  },
  { priced: ['openrouter', 'google/gemma-2-27b-it'], reason: "the same model as Google's gemma-2-27b-it, which the catalog lists" },
  freeTier('google/gemma-2-9b-it:free'),
  freeTier('google/gemma-3-12b-it:free'),
  freeTier('google/gemma-3-1b-it:free'),
  freeTier('google/gemma-3-27b-it:free'),
  freeTier('google/gemma-3-4b-it:free'),
  freeTier('google/gemma-4-26b-a4b-it:free'),
  freeTier('google/gemma-4-31b-it:free'),
  // Mistral
  { priced: ['mistral', 'devstral-small:free'], reason: FREE_TIER },
  { priced: ['mistral', 'mistral-nemo:free'], reason: FREE_TIER },
  { priced: ['mistral', 'mistral-small-24b-instruct-2501:free'], reason: FREE_TIER },
  ...['mistral-ocr-2503', 'mistral-ocr-2505', 'mistral-ocr-2512', 'mistral-ocr-4-0', 'mistral-ocr-4-1', 'mistral-ocr-latest', 'voxtral-mini-2602'].map((id): Exclusion => ({
    priced: ['mistral', id],
    reason: NO_TEXT_PRICE,
  })),
  { priced: ['mistral', 'ministral-8b-latest'], reason: 'an alias of the current Ministral 8B (ministral-8b-2512), which the catalog lists' },
  { priced: ['mistral', 'mistral-medium-latest'], reason: 'an alias of the current Mistral Medium (mistral-medium-3-5), which the catalog lists' },
  // xAI
  ...['grok-voice-latest', 'grok-voice-think-fast-1.0', 'grok-voice-think-fast-2.0'].map((id): Exclusion => ({ priced: ['x-ai', id], reason: NO_TEXT_PRICE })),
  // Qwen
  ...[
    'qwen/qwen-2.5-72b-instruct:free',
    'qwen/qwen-2.5-7b-instruct:free',
    'qwen/qwen-2.5-coder-32b-instruct:free',
    'qwen/qwen-2.5-vl-7b-instruct:free',
    'qwen/qwen2.5-vl-32b-instruct:free',
    'qwen/qwen2.5-vl-3b-instruct:free',
    'qwen/qwen2.5-vl-72b-instruct:free',
    'qwen/qwen3-coder:free',
    'qwen/qwen3-next-80b-a3b-instruct:free',
    'qwen/qwq-32b-preview:free',
    'qwen/qwq-32b:free',
  ].map(freeTier),
  { priced: ['openrouter', 'qwen/qwen-2.5-vl-72b-instruct'], reason: "OpenRouter's older id of Qwen2.5 VL 72B Instruct; listed as qwen2.5-vl-72b-instruct" },
  // Meta
  ...[
    'meta-llama/llama-3.1-405b:free',
    'meta-llama/llama-3.1-8b-instruct:free',
    'meta-llama/llama-3.2-11b-vision-instruct:free',
    'meta-llama/llama-3.2-1b-instruct:free',
    'meta-llama/llama-3.2-3b-instruct:free',
    'meta-llama/llama-3.3-70b-instruct:free',
    'meta-llama/llama-4-maverick:free',
    'meta-llama/llama-4-scout:free',
  ].map(freeTier),
];

/** The part of a price package provider this check reads (the installed package's, or a test's). */
export interface PackageProvider {
  readonly id: string;
  readonly models: readonly { readonly id: string }[];
}

/**
 * The package models in `scope` that `entries` do not list and `exclusions` do not name, as
 * `provider/model`, sorted: what an upgrade of the package brought that the catalog lacks.
 */
export function unmappedPackageModels(
  findProvider: (providerId: string) => PackageProvider | undefined,
  entries: readonly Pick<CatalogEntry, 'priced'>[] = CATALOG_ENTRIES,
  exclusions: readonly Exclusion[] = PACKAGE_EXCLUSIONS,
  scope: readonly MakerScope[] = PACKAGE_SCOPE,
): string[] {
  const key = ([providerId, modelId]: readonly [string, string]) => `${providerId}/${modelId}`;
  const known = new Set([...entries.map((e) => key(e.priced)), ...exclusions.map((e) => key(e.priced))]);
  const missing = new Set<string>();
  for (const s of scope) {
    for (const model of findProvider(s.providerId)?.models ?? []) {
      if (!s.includes(model.id)) continue;
      const k = key([s.providerId, model.id]);
      if (!known.has(k)) missing.add(k);
    }
  }
  return [...missing].sort();
}

/** How many catalog models count exactly with which tokenizer files on disk (scripts/catalog-figures.mjs). */
export interface CatalogFigures {
  readonly models: number;
  readonly byMaker: Readonly<Record<string, { models: number; exact: number }>>;
  /** Exact models: out of the box, with the Gemma 3 file, with Gemma 3 and 4, with every file the catalog looks for. */
  readonly exact: { readonly offline: number; readonly withGemma3: number; readonly withGemma3And4: number; readonly withEveryCachedFile: number };
}

export function catalogFigures(): CatalogFigures {
  const cache = (has: (repo: string) => boolean) => (repos: readonly string[]) => {
    const found = repos.find(has);
    return found ? `/hf/${found}/tokenizer.json` : undefined;
  };
  const exactWith = (find: (repos: readonly string[]) => string | undefined) => buildCatalog({}, { findInHfCache: find }).models.filter((m) => m.counting.kind === 'exact');
  const offline = buildCatalog({}, { findInHfCache: () => undefined }).models;
  const byMaker: Record<string, { models: number; exact: number }> = {};
  for (const m of offline) {
    const row = (byMaker[m.provider] ??= { models: 0, exact: 0 });
    row.models++;
    if (m.counting.kind === 'exact') row.exact++;
  }
  return {
    models: offline.length,
    byMaker,
    exact: {
      offline: offline.filter((m) => m.counting.kind === 'exact').length,
      withGemma3: exactWith(cache((r) => r.startsWith('google/gemma-3-'))).length,
      withGemma3And4: exactWith(cache((r) => r.startsWith('google/gemma-3-') || r.startsWith('google/gemma-4-'))).length,
      withEveryCachedFile: exactWith(cache(() => true)).length,
    },
  };
}
