import { isAbsolute } from 'node:path';
import { isApproximationId } from './approximations';
import { isBundledTokenizerName } from '../tokenizers/huggingface/bundledTokenizers';
import { isEncodingName, ENCODING_NAMES } from '../tokenizers/tiktoken/encodings';
import type { Localizer } from '../l10n';
import { approximateCounting, exactCounting, fileCounting, type ModelCounting } from './models';
import type { SettingsProblem } from './settingsProblem';

/**
 * Validation of the catalog settings a user writes by hand. package.json carries a JSON
 * schema for each (so the settings editor flags mistakes as they are typed); this module is
 * what actually guards the extension: each bad entry becomes one message naming the entry and
 * is skipped, and every good entry keeps working.
 */
export interface CustomModel {
  readonly id: string;
  readonly name?: string;
  readonly provider?: string;
  readonly counting: ModelCounting;
  readonly contextWindow: number;
  readonly maxOutputTokens?: number;
  readonly inputPrice?: number;
  readonly outputPrice?: number;
  readonly cachedInputPrice?: number;
}

export interface PriceOverride {
  readonly input?: number;
  readonly output?: number;
  readonly cachedInput?: number;
}

/** What `tokenizer` of a custom model may be, for the messages. */
function tokenizerForms(l10n: Localizer): string {
  return l10n.t(
    'a tiktoken encoding ({0}), a bundled tokenizer ("hf:qwen2.5"…), an absolute path to a tokenizer.json, or an approximation ("approx:claude"…)',
    ENCODING_NAMES.join(', '),
  );
}

const CUSTOM = 'tokenscope.customModels';

/**
 * @param filesAllowed whether entries may name a tokenizer file by path: only when the list is
 *   the user's own. A workspace's settings must not make Tokenscope read a path on this machine
 *   that the user did not name (a FIFO, a device, a private file), trusted or not.
 */
export function parseCustomModels(raw: unknown, problems: SettingsProblem[], l10n: Localizer, filesAllowed = true): CustomModel[] {
  if (raw === undefined || raw === null) return [];
  const describe = (value: unknown) => describeValue(value, l10n);
  if (!Array.isArray(raw)) {
    problems.push({ setting: CUSTOM, message: l10n.t('Expected a list of models, got {0}; no custom models added.', describe(raw)) });
    return [];
  }
  const models: CustomModel[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    const number = String(index + 1);
    if (!isRecord(entry)) {
      problems.push({ setting: CUSTOM, message: l10n.t('entry {0}: expected an object with id, tokenizer and contextWindow, got {1}; skipped.', number, describe(entry)) });
      return;
    }
    const id = typeof entry.id === 'string' ? entry.id.trim() : '';
    const where = id ? l10n.t('entry {0} ("{1}")', number, id) : l10n.t('entry {0}', number);
    const fail = (message: string) => problems.push({ setting: CUSTOM, message: l10n.t('{0}: {1}; skipped.', where, message) });
    if (!id) return void fail(l10n.t('"id" must be a non-empty string'));
    if (seen.has(id)) return void fail(l10n.t('"{0}" is defined twice (the first one is used)', id));
    const counting = parseTokenizer(entry.tokenizer, l10n, filesAllowed);
    if (typeof counting === 'string') return void fail(counting);
    const window = entry.contextWindow;
    if (!isPositiveInteger(window)) return void fail(l10n.t('"contextWindow" must be a positive whole number of tokens, got {0}', describe(window)));
    const maxOutput = entry.maxOutputTokens;
    if (maxOutput !== undefined && !(isPositiveInteger(maxOutput) || maxOutput === 0))
      return void fail(l10n.t('"maxOutputTokens" must be a whole number of tokens, got {0}', describe(maxOutput)));
    for (const key of ['inputPrice', 'outputPrice', 'cachedInputPrice'] as const) {
      if (entry[key] !== undefined && !isPrice(entry[key]))
        return void fail(l10n.t('"{0}" must be a number of US dollars per million tokens (≥ 0), got {1}', key, describe(entry[key])));
    }
    if (entry.inputPrice === undefined && (entry.outputPrice !== undefined || entry.cachedInputPrice !== undefined)) {
      return void fail(l10n.t('"outputPrice" and "cachedInputPrice" need an "inputPrice" too'));
    }
    for (const key of ['name', 'provider'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') return void fail(l10n.t('"{0}" must be a string, got {1}', key, describe(entry[key])));
    }
    seen.add(id);
    models.push({
      id,
      name: entry.name as string | undefined,
      provider: entry.provider as string | undefined,
      counting,
      contextWindow: window,
      maxOutputTokens: maxOutput as number | undefined,
      inputPrice: entry.inputPrice as number | undefined,
      outputPrice: entry.outputPrice as number | undefined,
      cachedInputPrice: entry.cachedInputPrice as number | undefined,
    });
  });
  return models;
}

/** A custom model's `tokenizer`, or the message saying what is wrong with it. */
function parseTokenizer(raw: unknown, l10n: Localizer, filesAllowed: boolean): ModelCounting | string {
  if (typeof raw !== 'string' || raw.trim() === '') return l10n.t('"tokenizer" must be {0}, got {1}', tokenizerForms(l10n), describeValue(raw, l10n));
  const value = raw.trim();
  if (isEncodingName(value)) return exactCounting(value, l10n);
  if (value.startsWith('hf:')) {
    if (isBundledTokenizerName(value.slice(3))) return exactCounting(value as `hf:${string}`, l10n);
    return l10n.t('"{0}" is not a bundled tokenizer; "tokenizer" must be {1}', value, tokenizerForms(l10n));
  }
  if (value.startsWith('approx:')) {
    const family = value.slice(7);
    if (isApproximationId(family)) return approximateCounting(family, l10n);
    return l10n.t('"{0}" is not a known approximation', value);
  }
  if (isAbsolute(value)) {
    if (!filesAllowed)
      return l10n.t(
        "a tokenizer file is read only when your user settings name it, not a workspace's settings (a workspace must not make Tokenscope read files on this machine); define this model in your user settings",
      );
    // A model of the user's own has no catalog tokenizer: while its file cannot be used, the
    // approximation of an unknown tokenizer counts it.
    return fileCounting(value, `${value} (${CUSTOM})`, CUSTOM, approximateCounting('other', l10n));
  }
  return l10n.t('"tokenizer" must be {0}, got {1}', tokenizerForms(l10n), JSON.stringify(value));
}

export function parsePriceOverrides(raw: unknown, problems: SettingsProblem[], l10n: Localizer): Array<[string, PriceOverride]> {
  const setting = 'tokenscope.priceOverrides';
  if (raw === undefined || raw === null) return [];
  const describe = (value: unknown) => describeValue(value, l10n);
  if (!isRecord(raw)) {
    problems.push({ setting, message: l10n.t('Expected an object of model id → prices, got {0}; no prices overridden.', describe(raw)) });
    return [];
  }
  const out: Array<[string, PriceOverride]> = [];
  for (const [id, value] of Object.entries(raw)) {
    const fail = (message: string) => problems.push({ setting, message: l10n.t('"{0}": {1}; skipped.', id, message) });
    if (!isRecord(value)) {
      fail(l10n.t('expected an object such as {0}, got {1}', '{ "input": 2.5, "output": 10 }', describe(value)));
      continue;
    }
    const unknown = Object.keys(value).filter((k) => !['input', 'output', 'cachedInput'].includes(k));
    if (unknown.length > 0) {
      fail(l10n.t('unknown key {0} (allowed: input, output, cachedInput)', JSON.stringify(unknown[0])));
      continue;
    }
    const bad = (['input', 'output', 'cachedInput'] as const).find((k) => value[k] !== undefined && !isPrice(value[k]));
    if (bad) {
      fail(l10n.t('"{0}" must be a number of US dollars per million tokens (≥ 0), got {1}', bad, describe(value[bad])));
      continue;
    }
    if (Object.keys(value).length === 0) {
      fail(l10n.t('no price given'));
      continue;
    }
    out.push([id, value as PriceOverride]);
  }
  return out;
}

export function parseTokenizerFiles(raw: unknown, problems: SettingsProblem[], l10n: Localizer): Array<[string, string]> {
  const setting = 'tokenscope.tokenizerFiles';
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) {
    problems.push({ setting, message: l10n.t('Expected an object of model id → path of a tokenizer.json, got {0}; ignored.', describeValue(raw, l10n)) });
    return [];
  }
  const out: Array<[string, string]> = [];
  for (const [id, value] of Object.entries(raw)) {
    if (typeof value !== 'string' || !isAbsolute(value.trim())) {
      problems.push({ setting, message: l10n.t('"{0}": expected an absolute path to a tokenizer.json, got {1}; skipped.', id, describeValue(value, l10n)) });
      continue;
    }
    out.push([id, value.trim()]);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A value as a message quotes it: short, and never more than 60 characters of it. */
function describeValue(value: unknown, l10n: Localizer): string {
  if (value === undefined) return l10n.t('nothing');
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
