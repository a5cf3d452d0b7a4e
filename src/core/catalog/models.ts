import { approximation, estimateTokens, mixErrorPct, scriptLabel, type ApproximationId, type ScriptCalibration } from './approximations';
import { CLASS_INDEX, type ScriptClass, type ScriptMix } from '../text/scriptClasses';
import { decimalText, integerText, withPercentSign } from '../text/numberText';
import { learnedFactors, learnedScripts, type LearnedFamily } from './learnedCalibration';
import { ENGLISH, translate, type DeferredMessage, type Localizer } from '../l10n';
import type { ModelPrices } from './prices';
import { tokenizerLabel, type TokenizerId } from '../tokenizers/tokenizerIds';
import type { TokenizerDownloadId } from '../download/tokenizerDownload';

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
  /** What the model is for: chat (text in, text out), embeddings, image or audio generation/input, or a legacy model (deprecated or retired). */
  readonly kind: ModelKind;
  /** When the model came out (`YYYY-MM`), for catalog models; the picker lists each maker's newest first. */
  readonly released?: string;
  /** Where the entry comes from: our catalog, or `tokenscope.customModels`. */
  readonly origin: 'catalog' | 'custom';
}

export type ModelKind = 'chat' | 'embedding' | 'legacy' | 'image' | 'audio';

/**
 * The model picker's order within a maker: newest first by release month (`released`); models of
 * the same month, and custom models (no date), keep the catalog's or the settings' order (a stable sort).
 */
export function newestFirst(a: Pick<ModelInfo, 'released'>, b: Pick<ModelInfo, 'released'>): number {
  return (b.released ?? '').localeCompare(a.released ?? '');
}

/** How a model's tokens are counted. */
export type ModelCounting = ExactCounting | ApproximateCounting;

export interface ExactCounting {
  readonly kind: 'exact';
  readonly tokenizer: TokenizerId;
  /** One line for the tooltip: which tokenizer, and where its file comes from. */
  readonly description: string;
  /** Present when the tokenizer is a file on the user's disk (`file:`), which may go missing or break. */
  readonly file?: TokenizerFileSource;
}

/** Where a `file:` tokenizer comes from, and what counts while it cannot be used. */
export interface TokenizerFileSource {
  readonly path: string;
  /** The setting that names the file (`tokenscope.tokenizerFiles`, `tokenscope.customModels`); undefined for a file found in the Hugging Face cache. */
  readonly setting?: string;
  /**
   * The model's `≈` count while the file cannot be read or used: what the catalog counts the
   * model with without the file, as an approximation (the worker falls back to its tokenizer).
   */
  readonly fallback: ApproximateCounting;
}

export interface ApproximateCounting {
  readonly kind: 'approx';
  /** The approximation family (approximations.ts); absent for a model counted with a tokenizer it is only said to share. */
  readonly approximation?: ApproximationId;
  /** Present when the factors were learned from the user's texts (learnedCalibration.ts): from how many, for which scripts. */
  readonly learned?: { readonly texts: number; readonly scripts: readonly ScriptClass[] };
  /**
   * The user lets Tokenscope learn this family's factors from a provider's counts: every count
   * then comes with its script mix (needsScriptMix), even while all factors are still equal, so a
   * provider's count has something to teach.
   */
  readonly learning?: boolean;
  /** The exact tokenizer whose count is scaled. */
  readonly tokenizer: TokenizerId;
  /** The factor for Latin-script text (and any text when no script mix is known). */
  readonly factor: number;
  /** Per script class (approximations.ts); absent: `factor` for every script, as for a tokenizer file's fallback. */
  readonly scripts?: readonly ScriptCalibration[];
  /** Bound on the relative error for Latin-script text, in percent; undefined when it could not be measured. */
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
  /** The tokenizer download that would make this model exact (the Gemma 3 file for Gemini and Gemma 3), if there is one. */
  readonly download?: TokenizerDownloadId;
}

/** The tokenizer the worker runs for `model` (an approximation's base). */
export function countingTokenizer(model: ModelInfo): TokenizerId {
  return model.counting.tokenizer;
}

export function isExact(model: ModelInfo): boolean {
  return model.counting.kind === 'exact';
}

/**
 * The count a user sees for `model`, given the exact count of its counting tokenizer and, for
 * an approximation calibrated per script, how those tokens fall into scripts (without it the
 * Latin factor applies).
 */
export function modelTokens(model: ModelInfo, countedTokens: number, mix?: ScriptMix): number {
  const c = model.counting;
  return c.kind === 'exact' ? countedTokens : estimateTokens(c, countedTokens, mix);
}

/**
 * Whether counts for `model` need a script mix: an approximation whose scripts differ, or a
 * tokenizer file whose fallback (while the file cannot be used) is one.
 */
export function needsScriptMix(model: ModelInfo): boolean {
  const c = model.counting.kind === 'approx' ? model.counting : model.counting.file?.fallback;
  return !!c && (c.learning === true || (!!c.scripts && c.scripts.some((s) => s.factor !== c.factor)));
}

/** `≈` before approximate counts, nothing before exact ones. */
export function approxMark(model: ModelInfo): string {
  return model.counting.kind === 'exact' ? '' : '≈';
}

/**
 * `±9%`, `±25% (estimated)`, `error unmeasured`, `error unknown for Korean (Hangul)`: how far
 * an approximate count of a text may be off, given its script mix (without one, the Latin bound).
 */
export function errorLabel(counting: ApproximateCounting, l10n: Localizer = ENGLISH, mix?: ScriptMix): string {
  const { errorPct, unknown } = mixErrorPct(counting, mix);
  if (unknown.length > 0) return l10n.t('error unknown for {0}', unknown.map((s) => scriptLabel(s, l10n)).join(', '));
  if (errorPct === undefined) return l10n.t('error unmeasured');
  const bound = `±${withPercentSign(integerText(errorPct, l10n.locale), l10n.locale)}`;
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

/** The tokenizer to count with when the model's own tokenizer file cannot be used, if it has one. */
export function fallbackTokenizer(model: ModelInfo): TokenizerId | undefined {
  return model.counting.kind === 'exact' ? model.counting.file?.fallback.tokenizer : undefined;
}

/**
 * The model as a count that was made with `counted` describes it: the model itself, or, when
 * the worker fell back from the model's tokenizer file to `counted`, the model with its
 * fallback approximation, so the count reads `≈` and the tooltip gives the approximation.
 */
export function countedModel(model: ModelInfo, counted: TokenizerId): ModelInfo {
  const c = model.counting;
  if (counted === c.tokenizer || c.kind !== 'exact' || c.file?.fallback.tokenizer !== counted) return model;
  return { ...model, counting: c.file.fallback };
}

/**
 * What counts a model whose tokenizer file is unusable: the counting it had without the file,
 * as an approximation. An approximation stays as it is; an exact tokenizer (a `tokenizerFiles`
 * entry for gpt-4o) becomes a `≈` count of that tokenizer, its error unknown, as nothing says
 * how far the user's file is from it.
 */
export function fallbackFor(prior: ModelCounting, l10n: Localizer = ENGLISH): ApproximateCounting {
  if (prior.kind === 'approx') return prior;
  if (prior.file) return prior.file.fallback;
  return {
    kind: 'approx',
    tokenizer: prior.tokenizer,
    factor: 1,
    errorPct: undefined,
    measured: false,
    method: l10n.t('{0}, what this model counts with without a tokenizer file; how far it is from the file is not known.', tokenizerLabel(prior.tokenizer)),
  };
}

/** An exact counting with a tokenizer.json on the user's disk, and its fallback while the file cannot be used. */
export function fileCounting(path: string, description: string, setting: string | undefined, fallback: ApproximateCounting): ExactCounting {
  return { kind: 'exact', tokenizer: `file:${path}`, description, file: setting === undefined ? { path, fallback } : { path, setting, fallback } };
}

/**
 * How a model counted by the approximation `id` (approximations.ts) is counted: with the
 * published factors, or, when the user lets Tokenscope learn from a provider's counts
 * (learnedCalibration.ts), with the factors learned from their texts. The error bounds stay the
 * published ones: the learned factors cannot be checked on texts other than those they were
 * learned from.
 */
export function approximateCounting(id: ApproximationId, l10n: Localizer = ENGLISH, learned?: LearnedFamily, learning = false): ApproximateCounting {
  const a = approximation(id, l10n);
  const published: ApproximateCounting = {
    kind: 'approx',
    approximation: id,
    ...(learning ? { learning } : {}),
    tokenizer: a.base,
    factor: a.factor,
    scripts: a.scripts,
    errorPct: a.errorPct,
    measured: a.measured,
    method: a.method,
  };
  const scripts = learned ? learnedScripts(learned) : [];
  if (!learned || scripts.length === 0) return published;
  const factors = learnedFactors(
    learned,
    a.scripts.map((s) => s.factor),
  );
  const learnedList = scripts
    .map(
      (s) =>
        `${scriptLabel(s, l10n)} × ${decimalText(factors[CLASS_INDEX[s]], 2, l10n.locale)} (${l10n.t('published × {0}', decimalText(a.scripts[CLASS_INDEX[s]].factor, 2, l10n.locale))})`,
    )
    .join('; ');
  const sentence = l10n.t(
    'Factors learned from {0} of your texts that the provider counted (tokenscope.providers.learnFromCounts): {1}; the error bounds are the published ones.',
    integerText(learned.texts, l10n.locale),
    learnedList,
  );
  return {
    ...published,
    factor: factors[CLASS_INDEX.latin],
    scripts: a.scripts.map((s, i) => ({ ...s, factor: factors[i] })),
    method: `${sentence} ${a.method}`,
    learned: { texts: learned.texts, scripts },
  };
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
