import { approximation, estimateTokens, type ApproximationId } from './approximations';
import { integerText, withPercentSign } from '../text/numberText';
import { ENGLISH, translate, type DeferredMessage, type Localizer } from '../l10n';
import type { ModelPrices } from './prices';
import { tokenizerLabel, type TokenizerId } from '../tokenizers/tokenizerIds';

/**
 * A model as every part of Tokenscope sees it: what counts its tokens, how big its window is,
 * what it costs. The catalog (catalog.ts) builds these from the price data package, our small
 * table (catalogEntries.ts) and the user's settings; nothing else makes them.
 */
export interface ModelInfo {
  /** What `tokenscope.model` holds: `gpt-4o`, `claude-sonnet-4-5`, `qwen3-235b-a22b`. */
  readonly id: string;
  readonly displayName: string;
  /** Who makes the model (the picker groups by it): `OpenAI`, `Anthropic`, `Qwen`… */
  readonly provider: string;
  readonly counting: ModelCounting;
  /** Context window in tokens. */
  readonly contextWindow: number;
  /**
   * Largest output the model produces, in tokens; undefined where the maker publishes none.
   * 0 for models that produce no text (embeddings).
   */
  readonly maxOutputTokens: number | undefined;
  /**
   * True when output shares the window with input (OpenAI, Anthropic: input + output ≤ window),
   * false when the window is an input limit of its own (Gemini: 1,048,576 in, 65,536 out).
   */
  readonly outputSharesWindow: boolean;
  readonly prices: ModelPrices | undefined;
  readonly kind: 'chat' | 'embedding' | 'legacy';
  /** Where the entry comes from: our catalog, or `tokenscope.customModels`. */
  readonly origin: 'catalog' | 'custom';
}

/** How a model's tokens are counted. */
export type ModelCounting = ExactCounting | ApproximateCounting;

export interface ExactCounting {
  readonly kind: 'exact';
  readonly tokenizer: TokenizerId;
  /** One line for the tooltip: which tokenizer, and where its file comes from. */
  readonly description: string;
}

export interface ApproximateCounting {
  readonly kind: 'approx';
  /** The exact tokenizer whose count is scaled. */
  readonly tokenizer: TokenizerId;
  readonly factor: number;
  /** Bound on the relative error, in percent; undefined when it could not be measured. */
  readonly errorPct: number | undefined;
  /** Whether `errorPct` was measured against the model's real tokenizer (docs/ACCURACY.md). */
  readonly measured: boolean;
  /** One sentence for the tooltip: the method and how its error is known. */
  readonly method: string;
  /**
   * How the user makes this model exact, where a tokenizer file would (Gemini and Gemma without
   * the Gemma 3 file): shown by the model picker; `method` ends with it too.
   */
  readonly exactWith?: string;
}

/** The tokenizer the worker runs for `model` (an approximation's base). */
export function countingTokenizer(model: ModelInfo): TokenizerId {
  return model.counting.tokenizer;
}

export function isExact(model: ModelInfo): boolean {
  return model.counting.kind === 'exact';
}

/** The count a user sees for `model`, given the exact count of its counting tokenizer. */
export function modelTokens(model: ModelInfo, countedTokens: number): number {
  const c = model.counting;
  return c.kind === 'exact' ? countedTokens : estimateTokens(c, countedTokens);
}

/** `≈` before approximate counts, nothing before exact ones. */
export function approxMark(model: ModelInfo): string {
  return model.counting.kind === 'exact' ? '' : '≈';
}

/** `±9%`, `±25% (estimated)`, `error unmeasured`: how far an approximate count may be off. */
export function errorLabel(counting: ApproximateCounting, l10n: Localizer = ENGLISH): string {
  if (counting.errorPct === undefined) return l10n.t('error unmeasured');
  const bound = `±${withPercentSign(integerText(counting.errorPct, l10n.locale), l10n.locale)}`;
  return counting.measured ? bound : l10n.t('{0} (estimated)', bound);
}

/**
 * Output tokens kept free by default: the model's max output, but never more than half the
 * window (gpt-oss and GPT-4 publish a max output as large as the window, which would leave no
 * room for input at all), and none where output has a limit of its own.
 */
export function defaultReservedOutput(model: ModelInfo): number {
  if (!model.outputSharesWindow || model.maxOutputTokens === undefined) return 0;
  return Math.min(model.maxOutputTokens, Math.floor(model.contextWindow / 2));
}

/** How a model counted by the approximation `id` (approximations.ts) is counted. */
export function approximateCounting(id: ApproximationId, l10n: Localizer = ENGLISH): ApproximateCounting {
  const a = approximation(id, l10n);
  return { kind: 'approx', tokenizer: a.base, factor: a.factor, errorPct: a.errorPct, measured: a.measured, method: a.method };
}

/**
 * An exact counting. Without a description, a tiktoken encoding or a bundled tokenizer
 * describes itself (`o200k_base` (tiktoken), `qwen3 (tokenizer.json), bundled`); a `file:`
 * tokenizer is described by where its path came from, so the caller says it.
 */
export function exactCounting(tokenizer: TokenizerId, l10n: Localizer = ENGLISH, description?: string, note?: DeferredMessage): ExactCounting {
  const what = description ?? (tokenizer.startsWith('hf:') ? l10n.t('{0}, bundled', tokenizerLabel(tokenizer)) : `\`${tokenizer}\` (tiktoken)`);
  return { kind: 'exact', tokenizer, description: note ? `${what}; ${translate(l10n, note)}` : what };
}
