import { isAbsolute } from 'node:path';
import { isApproximationId } from './approximations';
import { isBundledTokenizerName } from './bundledTokenizers';
import { isEncodingName, ENCODING_NAMES } from './encodings';
import { approximateCounting, exactCounting, type ModelCounting } from './models';
import type { SettingsProblem } from './settings';

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
export const CUSTOM_TOKENIZER_FORMS = `a tiktoken encoding (${ENCODING_NAMES.join(', ')}), a bundled tokenizer ("hf:qwen2.5"…), an absolute path to a tokenizer.json, or an approximation ("approx:claude"…)`;

const CUSTOM = 'tokenscope.customModels';

export function parseCustomModels(raw: unknown, problems: SettingsProblem[]): CustomModel[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ setting: CUSTOM, message: `Expected a list of models, got ${describe(raw)}; no custom models added.` });
    return [];
  }
  const models: CustomModel[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    const where = (id?: string) => `entry ${index + 1}${id ? ` ("${id}")` : ''}`;
    if (!isRecord(entry)) {
      problems.push({ setting: CUSTOM, message: `${where()}: expected an object with id, tokenizer and contextWindow, got ${describe(entry)}; skipped.` });
      return;
    }
    const id = typeof entry.id === 'string' ? entry.id.trim() : '';
    const fail = (message: string) => problems.push({ setting: CUSTOM, message: `${where(id || undefined)}: ${message}; skipped.` });
    if (!id) return void fail('"id" must be a non-empty string');
    if (seen.has(id)) return void fail(`"${id}" is defined twice (the first one is used)`);
    const counting = parseTokenizer(entry.tokenizer);
    if (typeof counting === 'string') return void fail(counting);
    const window = entry.contextWindow;
    if (!isPositiveInteger(window)) return void fail(`"contextWindow" must be a positive whole number of tokens, got ${describe(window)}`);
    const maxOutput = entry.maxOutputTokens;
    if (maxOutput !== undefined && !(isPositiveInteger(maxOutput) || maxOutput === 0)) return void fail(`"maxOutputTokens" must be a whole number of tokens, got ${describe(maxOutput)}`);
    for (const key of ['inputPrice', 'outputPrice', 'cachedInputPrice'] as const) {
      if (entry[key] !== undefined && !isPrice(entry[key])) return void fail(`"${key}" must be a number of US dollars per million tokens (≥ 0), got ${describe(entry[key])}`);
    }
    if (entry.inputPrice === undefined && (entry.outputPrice !== undefined || entry.cachedInputPrice !== undefined)) {
      return void fail('"outputPrice" and "cachedInputPrice" need an "inputPrice" too');
    }
    for (const key of ['name', 'provider'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') return void fail(`"${key}" must be a string, got ${describe(entry[key])}`);
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
function parseTokenizer(raw: unknown): ModelCounting | string {
  if (typeof raw !== 'string' || raw.trim() === '') return `"tokenizer" must be ${CUSTOM_TOKENIZER_FORMS}, got ${describe(raw)}`;
  const value = raw.trim();
  if (isEncodingName(value)) return exactCounting(value);
  if (value.startsWith('hf:')) {
    if (isBundledTokenizerName(value.slice(3))) return exactCounting(value as `hf:${string}`);
    return `"${value}" is not a bundled tokenizer; "tokenizer" must be ${CUSTOM_TOKENIZER_FORMS}`;
  }
  if (value.startsWith('approx:')) {
    const family = value.slice(7);
    if (isApproximationId(family)) return approximateCounting(family);
    return `"${value}" is not a known approximation`;
  }
  if (isAbsolute(value)) return exactCounting(`file:${value}`, `${value} (tokenscope.customModels)`);
  return `"tokenizer" must be ${CUSTOM_TOKENIZER_FORMS}, got ${JSON.stringify(value)}`;
}

export function parsePriceOverrides(raw: unknown, problems: SettingsProblem[]): Array<[string, PriceOverride]> {
  const setting = 'tokenscope.priceOverrides';
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) {
    problems.push({ setting, message: `Expected an object of model id → prices, got ${describe(raw)}; no prices overridden.` });
    return [];
  }
  const out: Array<[string, PriceOverride]> = [];
  for (const [id, value] of Object.entries(raw)) {
    const fail = (message: string) => problems.push({ setting, message: `"${id}": ${message}; skipped.` });
    if (!isRecord(value)) {
      fail(`expected an object such as { "input": 2.5, "output": 10 }, got ${describe(value)}`);
      continue;
    }
    const unknown = Object.keys(value).filter((k) => !['input', 'output', 'cachedInput'].includes(k));
    if (unknown.length > 0) {
      fail(`unknown key ${JSON.stringify(unknown[0])} (allowed: input, output, cachedInput)`);
      continue;
    }
    const bad = (['input', 'output', 'cachedInput'] as const).find((k) => value[k] !== undefined && !isPrice(value[k]));
    if (bad) {
      fail(`"${bad}" must be a number of US dollars per million tokens (≥ 0), got ${describe(value[bad])}`);
      continue;
    }
    if (Object.keys(value).length === 0) {
      fail('no price given');
      continue;
    }
    out.push([id, value as PriceOverride]);
  }
  return out;
}

export function parseTokenizerFiles(raw: unknown, problems: SettingsProblem[]): Array<[string, string]> {
  const setting = 'tokenscope.tokenizerFiles';
  if (raw === undefined || raw === null) return [];
  if (!isRecord(raw)) {
    problems.push({ setting, message: `Expected an object of model id → path of a tokenizer.json, got ${describe(raw)}; ignored.` });
    return [];
  }
  const out: Array<[string, string]> = [];
  for (const [id, value] of Object.entries(raw)) {
    if (typeof value !== 'string' || !isAbsolute(value.trim())) {
      problems.push({ setting, message: `"${id}": expected an absolute path to a tokenizer.json, got ${describe(value)}; skipped.` });
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
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
