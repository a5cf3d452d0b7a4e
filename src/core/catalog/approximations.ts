import type { EncodingName } from '../tokenizers/tiktoken/encodings';
import { decimalText, integerText, withPercentSign } from '../text/numberText';
import { deferred, ENGLISH, translate, type DeferredMessage, type Localizer } from '../l10n';
import { ACCURACY_DOC_URL } from '../docs';

/**
 * How Tokenscope counts for models whose tokenizer it does not have: the exact count of a
 * tiktoken encoding (the "base"), times a factor, shown as `≈ round(count × factor)`. The
 * factors and their errors come from docs/ACCURACY.md, which says how each was measured or,
 * where no tokenizer is public, from which published figures it was derived.
 *
 * `claude` is the tokenizer of Claude 3 up to the 4.6 models; `claude-4.7` the one Anthropic
 * introduced with Claude Opus 4.7, which splits the same English text into up to ~35% more
 * tokens (Anthropic) or more (independent measurements), so one factor cannot serve both.
 * `gemini` and `gemma` share a measurement (Google says Gemma 3 uses Gemini 2.0's tokenizer)
 * but not their caveats.
 */
export type ApproximationId = 'claude' | 'claude-4.7' | 'gemini' | 'gemma' | 'llama' | 'grok' | 'cohere' | 'moonshot' | 'other';

export const APPROXIMATION_IDS: readonly ApproximationId[] = ['claude', 'claude-4.7', 'gemini', 'gemma', 'llama', 'grok', 'cohere', 'moonshot', 'other'];

/** For ids read from settings. */
export function isApproximationId(value: unknown): value is ApproximationId {
  return typeof value === 'string' && (APPROXIMATION_IDS as readonly string[]).includes(value);
}

/**
 * The stated errors hold for texts of at least this many base tokens. Below it a single token
 * is already several percent, and the corpus has no such texts to measure on.
 */
export const BOUND_MIN_BASE_TOKENS = 100;

/** Texts in the measurement corpus (test/corpus/accuracyCorpus.ts); a unit test keeps this true. */
export const CORPUS_SIZE = 46;

/** A reference tokenizer of scripts/measure-accuracy.mjs: its key in test/fixtures/accuracy/truth.json. */
export type ReferenceTokenizer = 'gemma3' | 'llama3';

export interface Approximation {
  readonly id: ApproximationId;
  readonly base: EncodingName;
  readonly factor: number;
  /**
   * Bound on |estimate − true| / true for a whole text of at least BOUND_MIN_BASE_TOKENS base
   * tokens, in percent. Measured: the largest error over every corpus text (all languages),
   * rounded up. Estimated (`measured` false): derived from published figures for English
   * prose and code only, as `method` says; other languages may be off by more.
   */
  readonly errorPct: number;
  /** Measured only: the mean of the same error over the corpus, rounded up. */
  readonly meanErrorPct?: number;
  /** True when errorPct was measured here against a real tokenizer (`reference`). */
  readonly measured: boolean;
  readonly reference?: ReferenceTokenizer;
  /** One sentence for the tooltip: the method and how its error was measured or estimated. */
  readonly method: string;
}

/** How an Approximation's tooltip sentence is made: its table entry, without the sentence. */
type ApproximationEntry = Omit<Approximation, 'method'> & { readonly explain: (l10n: Localizer) => string };

const formula = (base: EncodingName, factor: number, locale: string) => `${base} × ${decimalText(factor, 2, locale)}`;

/** An approximation measured against a reference tokenizer on the corpus. */
function measured(
  id: ApproximationId,
  base: EncodingName,
  factor: number,
  errorPct: number,
  meanErrorPct: number,
  reference: ReferenceTokenizer,
  against: DeferredMessage,
  caveat: DeferredMessage,
): ApproximationEntry {
  const explain = (l10n: Localizer) =>
    l10n.t(
      '{0}; measured against {1} on {2} texts in {3} languages: mean error {4}, at most {5} ({6}); how it was measured: {7}',
      formula(base, factor, l10n.locale),
      translate(l10n, against),
      integerText(CORPUS_SIZE, l10n.locale),
      integerText(13, l10n.locale),
      withPercentSign(integerText(meanErrorPct, l10n.locale), l10n.locale),
      withPercentSign(integerText(errorPct, l10n.locale), l10n.locale),
      translate(l10n, caveat),
      ACCURACY_DOC_URL,
    );
  return { id, base, factor, errorPct, meanErrorPct, measured: true, reference, explain };
}

/** An approximation with no tokenizer to measure against: its bound is an estimate. */
function estimated(id: ApproximationId, base: EncodingName, factor: number, errorPct: number, why: DeferredMessage): ApproximationEntry {
  const explain = (l10n: Localizer) =>
    l10n.t(
      '{0}; not measured ({1}): about ±{2} estimated for English and code, other languages unknown; how it was estimated: {3}',
      formula(base, factor, l10n.locale),
      translate(l10n, why),
      withPercentSign(integerText(errorPct, l10n.locale), l10n.locale),
      ACCURACY_DOC_URL,
    );
  return { id, base, factor, errorPct, measured: false, explain };
}

// Factors: measured ones minimise the mean error over the corpus (scripts/measure-accuracy.mjs
// prints the fit); the estimates are derived in docs/ACCURACY.md. o200k_base beats cl100k_base
// as the base for every family measured: it is much closer on non-Latin scripts.
const gemmaCaveat = deferred('too high for Japanese, Hindi and Chinese, too low for digit-heavy tables and logs');
const APPROXIMATIONS: Readonly<Record<ApproximationId, ApproximationEntry>> = {
  claude: estimated('claude', 'o200k_base', 1.15, 25, deferred('no public tokenizer since Claude 3; published figures put it at 1.04–1.30 × GPT-4o')),
  'claude-4.7': estimated('claude-4.7', 'o200k_base', 1.54, 30, deferred('no public tokenizer; published ratios put it at 1.36–1.77 × GPT-4o')),
  gemini: measured('gemini', 'o200k_base', 1.05, 48, 10, 'gemma3', deferred("the Gemma 3 tokenizer (Google: the same as Gemini 2.0's; Gemini 3 unconfirmed)"), gemmaCaveat),
  gemma: measured('gemma', 'o200k_base', 1.05, 48, 10, 'gemma3', deferred('the Gemma 3 tokenizer'), gemmaCaveat),
  llama: measured(
    'llama',
    'o200k_base',
    1.0,
    41,
    8,
    'llama3',
    deferred('the Llama 3 tokenizer (Llama 4 not measured)'),
    deferred('English and code within 4%; too low for Hindi, Arabic and German'),
  ),
  grok: estimated('grok', 'o200k_base', 1.0, 30, deferred('no public tokenizer for current Grok models; from how far the tokenizers measured here stray from o200k_base')),
  cohere: estimated('cohere', 'o200k_base', 1.0, 30, deferred('no tokenizer bundled; from how far the tokenizers measured here stray from o200k_base')),
  moonshot: estimated('moonshot', 'o200k_base', 1.0, 30, deferred('no tokenizer bundled; from how far the tokenizers measured here stray from o200k_base')),
  other: estimated('other', 'o200k_base', 1.0, 30, deferred('unknown tokenizer; from how far the tokenizers measured here stray from o200k_base')),
};

/** The approximation `id`, its tooltip sentence in the language of `l10n`. */
export function approximation(id: ApproximationId, l10n: Localizer = ENGLISH): Approximation {
  const { explain, ...entry } = APPROXIMATIONS[id];
  return { ...entry, method: explain(l10n) };
}

/** What the status bar shows after `≈`: the base count scaled, to a whole token. */
export function estimateTokens(a: Pick<Approximation, 'factor'>, baseCount: number): number {
  return Math.round(baseCount * a.factor);
}
