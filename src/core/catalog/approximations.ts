import type { EncodingName } from '../tokenizers/tiktoken/encodings';
import { decimalText, integerText, withPercentSign } from '../text/numberText';
import { mixTotal, SCRIPT_CLASSES, type ScriptClass, type ScriptMix } from '../text/scriptClasses';
import { deferred, ENGLISH, translate, type DeferredMessage, type Localizer } from '../l10n';
import { ACCURACY_DOC_URL } from '../docs';

/**
 * How Tokenscope counts for models whose tokenizer it does not have: the exact count of a
 * tiktoken encoding (the "base"), times a factor per script (scriptClasses.ts), shown as
 * `≈ round(count × factor)`, where the factor is the scripts' factors weighted by their shares
 * of the text's base tokens. One factor cannot serve: against o200k_base, Claude needs ~1.15 for
 * English but ~1.46 for Chinese and over 2 for Hindi, and Gemma 3 0.89 for Chinese but 0.74
 * for Japanese. The factors and their errors come from docs/ACCURACY.md, which says how each
 * was measured or, where no tokenizer is public, from which published figures it was derived.
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

/** One script class's calibration: its factor, and how far off it may be. */
export interface ScriptCalibration {
  readonly script: ScriptClass;
  readonly factor: number;
  /** Bound in percent like Approximation.errorPct, for text of this script; undefined: no figure exists. */
  readonly errorPct: number | undefined;
}

export interface Approximation {
  readonly id: ApproximationId;
  readonly base: EncodingName;
  /**
   * The factor for Latin-script text and text without letters (code, numbers): what a count
   * with no script mix uses. Other scripts have their own (`scripts`).
   */
  readonly factor: number;
  /**
   * Bound on |estimate − true| / true for Latin-script text of at least BOUND_MIN_BASE_TOKENS
   * base tokens, in percent. Measured: the largest error over the Latin texts of the corpus and
   * the UDHR, rounded up. Estimated (`measured` false): derived from published figures for
   * English prose and code, as `method` says.
   */
  readonly errorPct: number;
  /** True when the factors were fitted and their errors measured here against a real tokenizer (`reference`). */
  readonly measured: boolean;
  readonly reference?: ReferenceTokenizer;
  /** Every script class (SCRIPT_CLASSES order) with the factor and bound that apply to it. */
  readonly scripts: readonly ScriptCalibration[];
  /** One sentence for the tooltip: the method, the factor per script and how each error was measured or estimated. */
  readonly method: string;
}

/** A script's own calibration in the table, where a figure for it exists. */
interface ScriptFigure {
  readonly factor: number;
  readonly errorPct: number | undefined;
  /** Where the figure comes from, briefly (docs/ACCURACY.md has the whole derivation). */
  readonly source?: DeferredMessage;
}

/** A table row: what an Approximation says of itself, with its figures and basis instead of the derived scripts and sentence. */
interface ApproximationEntry extends Pick<Approximation, 'id' | 'base' | 'factor' | 'errorPct' | 'measured' | 'reference'> {
  /** Scripts with a figure of their own; the others take `factor`, error unknown (Latin and `common`: `errorPct`). */
  readonly figures: Readonly<Partial<Record<ScriptClass, ScriptFigure>>>;
  /** Measured: what was measured against. Estimated: why it is not measured. */
  readonly basis: DeferredMessage;
}

const SCRIPT_LABELS: Readonly<Record<ScriptClass, DeferredMessage>> = {
  latin: deferred('Latin script and code'),
  common: deferred('text without letters'),
  cyrillic: deferred('Cyrillic'),
  greek: deferred('Greek'),
  han: deferred('Chinese (Han)'),
  japanese: deferred('Japanese'),
  hangul: deferred('Korean (Hangul)'),
  arabic: deferred('Arabic script'),
  indic: deferred('Devanagari and other Indic scripts'),
  other: deferred('other scripts'),
};

/** `Chinese (Han)`, `Cyrillic`: a script class as the tooltips name it. */
export function scriptLabel(script: ScriptClass, l10n: Localizer = ENGLISH): string {
  return translate(l10n, SCRIPT_LABELS[script]);
}

const percent = (pct: number, l10n: Localizer) => withPercentSign(integerText(pct, l10n.locale), l10n.locale);
const factorText = (factor: number, l10n: Localizer) => decimalText(factor, 2, l10n.locale);

/** `Chinese (Han) × 1.46 (±20%, Komatsuzaki 2026)` for the tooltip's list of scripts. */
function figureText(script: ScriptClass, figure: ScriptFigure, l10n: Localizer): string {
  const bound = figure.errorPct === undefined ? l10n.t('error unknown') : `±${percent(figure.errorPct, l10n)}`;
  const how = figure.source ? `${bound}, ${translate(l10n, figure.source)}` : bound;
  return `${scriptLabel(script, l10n)} × ${factorText(figure.factor, l10n)} (${how})`;
}

function explain(entry: ApproximationEntry, l10n: Localizer): string {
  const listed = SCRIPT_CLASSES.filter((c) => c !== 'latin' && c !== 'common' && entry.figures[c]);
  const scripts = [
    figureText('latin', { factor: entry.factor, errorPct: entry.errorPct, source: entry.figures.latin?.source }, l10n),
    ...listed.map((c) => figureText(c, entry.figures[c]!, l10n)),
  ].join('; ');
  const others = l10n.t('other scripts × {0}, error unknown', factorText(entry.factor, l10n));
  return entry.measured
    ? l10n.t(
        '{0} × a factor per script, fitted against {1} on {2} texts in {3} languages and checked on the UDHR in 10: {4}; {5}; how it was measured: {6}',
        entry.base,
        translate(l10n, entry.basis),
        integerText(CORPUS_SIZE, l10n.locale),
        integerText(13, l10n.locale),
        scripts,
        others,
        ACCURACY_DOC_URL,
      )
    : l10n.t('{0} × a factor per script, not measured ({1}): {2}; {3}; how it was estimated: {4}', entry.base, translate(l10n, entry.basis), scripts, others, ACCURACY_DOC_URL);
}

// The figures and their derivations are in docs/ACCURACY.md; test/unit/approximations.test.ts
// recomputes the measured ones from truth.json and the UDHR, and the estimated ones from the
// published figures it lists. o200k_base is the base for every family: it is much closer than
// cl100k_base on non-Latin scripts.
const KOMATSUZAKI = deferred('Komatsuzaki 2026, the same Chinese text');
const KOMATSUZAKI_UDHR = deferred('Komatsuzaki 2026 with the UDHR, estimated');
const UNCHANGED = deferred('unchanged since Claude 4.6 (sol.ava.dev 2026)');
const CLAUDE_NON_LATIN: Partial<Record<ScriptClass, ScriptFigure>> = {
  han: { factor: 1.46, errorPct: 20, source: KOMATSUZAKI },
  japanese: { factor: 1.46, errorPct: undefined, source: deferred('taken as Chinese; no published figure') },
  arabic: { factor: 2.49, errorPct: 35, source: KOMATSUZAKI_UDHR },
  indic: { factor: 2.12, errorPct: 35, source: KOMATSUZAKI_UDHR },
};
/** Gemma 3's factors, fitted on the corpus (test/unit/approximations.test.ts recomputes the fit and the bounds). */
const GEMMA3: Partial<Record<ScriptClass, ScriptFigure>> = {
  cyrillic: { factor: 0.99, errorPct: 10 },
  han: { factor: 0.89, errorPct: 10 },
  japanese: { factor: 0.74, errorPct: 10 },
  hangul: { factor: 0.94, errorPct: 10 },
  arabic: { factor: 1.11, errorPct: 10 },
  indic: { factor: 0.87, errorPct: 10 },
};
const fromOthers = deferred('from how far the tokenizers measured here stray from o200k_base');

const APPROXIMATIONS: Readonly<Record<ApproximationId, ApproximationEntry>> = {
  claude: {
    id: 'claude',
    base: 'o200k_base',
    factor: 1.15,
    errorPct: 25,
    measured: false,
    figures: { latin: { factor: 1.15, errorPct: 25, source: deferred('published ratios for English and code') }, ...CLAUDE_NON_LATIN },
    basis: deferred('no public tokenizer since Claude 3'),
  },
  'claude-4.7': {
    id: 'claude-4.7',
    base: 'o200k_base',
    factor: 1.54,
    errorPct: 30,
    measured: false,
    figures: {
      latin: { factor: 1.54, errorPct: 30, source: deferred('published 4.7/4.6 ratios for English and code') },
      ...Object.fromEntries(Object.entries(CLAUDE_NON_LATIN).map(([c, f]) => [c, { ...f, source: f.errorPct === undefined ? f.source : UNCHANGED }])),
      cyrillic: { factor: 1.15, errorPct: undefined, source: UNCHANGED },
      hangul: { factor: 1.15, errorPct: undefined, source: UNCHANGED },
    },
    basis: deferred('no public tokenizer'),
  },
  gemini: {
    id: 'gemini',
    base: 'o200k_base',
    factor: 1.08,
    errorPct: 22,
    measured: true,
    reference: 'gemma3',
    figures: GEMMA3,
    basis: deferred("the Gemma 3 tokenizer (Google: the same as Gemini 2.0's; Gemini 3 unconfirmed)"),
  },
  gemma: { id: 'gemma', base: 'o200k_base', factor: 1.08, errorPct: 22, measured: true, reference: 'gemma3', figures: GEMMA3, basis: deferred('the Gemma 3 tokenizer') },
  llama: {
    id: 'llama',
    base: 'o200k_base',
    factor: 1.03,
    errorPct: 21,
    measured: true,
    reference: 'llama3',
    figures: {
      cyrillic: { factor: 1.13, errorPct: 10 },
      han: { factor: 1.04, errorPct: 10 },
      japanese: { factor: 0.92, errorPct: 10 },
      hangul: { factor: 1.03, errorPct: 10 },
      arabic: { factor: 1.28, errorPct: 10 },
      indic: { factor: 1.63, errorPct: 10 },
    },
    basis: deferred('the Llama 3 tokenizer (Llama 4 not measured)'),
  },
  grok: {
    id: 'grok',
    base: 'o200k_base',
    factor: 1.0,
    errorPct: 30,
    measured: false,
    figures: { latin: { factor: 1, errorPct: 30, source: fromOthers } },
    basis: deferred('no public tokenizer for current Grok models'),
  },
  cohere: {
    id: 'cohere',
    base: 'o200k_base',
    factor: 1.0,
    errorPct: 30,
    measured: false,
    figures: { latin: { factor: 1, errorPct: 30, source: fromOthers } },
    basis: deferred('no tokenizer bundled'),
  },
  moonshot: {
    id: 'moonshot',
    base: 'o200k_base',
    factor: 1.0,
    errorPct: 30,
    measured: false,
    figures: { latin: { factor: 1, errorPct: 30, source: fromOthers }, han: { factor: 0.7, errorPct: 20, source: KOMATSUZAKI } },
    basis: deferred('no tokenizer bundled'),
  },
  other: {
    id: 'other',
    base: 'o200k_base',
    factor: 1.0,
    errorPct: 30,
    measured: false,
    figures: { latin: { factor: 1, errorPct: 30, source: fromOthers } },
    basis: deferred('unknown tokenizer'),
  },
};

/** The scripts of an entry, every class filled in: its own figure, else the Latin factor (error known for `common` only). */
function scriptsOf(entry: ApproximationEntry): ScriptCalibration[] {
  return SCRIPT_CLASSES.map((script) => {
    if (script === 'latin' || script === 'common') return { script, factor: entry.factor, errorPct: entry.errorPct };
    const figure = entry.figures[script];
    return figure ? { script, factor: figure.factor, errorPct: figure.errorPct } : { script, factor: entry.factor, errorPct: undefined };
  });
}

/** The approximation `id`, its tooltip sentence in the language of `l10n`. */
export function approximation(id: ApproximationId, l10n: Localizer = ENGLISH): Approximation {
  const { figures: _figures, basis: _basis, ...entry } = APPROXIMATIONS[id];
  return { ...entry, scripts: scriptsOf(APPROXIMATIONS[id]), method: explain(APPROXIMATIONS[id], l10n) };
}

/** What a calibration needs: the Latin factor, and the per-script ones where they differ. */
export interface Calibrated {
  readonly factor: number;
  readonly scripts?: readonly ScriptCalibration[];
}

/**
 * The factor for a text whose base tokens fall into scripts as `mix` says: each script's
 * factor weighted by its share of the base tokens. Without a mix (or an empty one), the Latin
 * factor.
 */
export function calibratedFactor(a: Calibrated, mix?: ScriptMix): number {
  if (!mix || !a.scripts) return a.factor;
  const total = mixTotal(mix);
  if (total <= 0) return a.factor;
  let weighted = 0;
  for (let i = 0; i < SCRIPT_CLASSES.length; i++) weighted += (mix[i] ?? 0) * (a.scripts[i]?.factor ?? a.factor);
  return weighted / total;
}

/** What the status bar shows after `≈`: the base count scaled, to a whole token. */
export function estimateTokens(a: Calibrated, baseCount: number, mix?: ScriptMix): number {
  return Math.round(baseCount * calibratedFactor(a, mix));
}

/**
 * Shares of a text below this are left out of its error and its description: a few Greek
 * letters in a formula do not make a whole document's bound unknown.
 */
export const MINOR_SHARE = 0.02;

/**
 * The error bound for a text of `mix`: the scripts' bounds weighted by their shares (each
 * script's estimate is off by at most its bound, so the sum is off by at most the weighted
 * sum). Undefined when scripts with no figure make up MINOR_SHARE or more of the text; then
 * `unknown` names them.
 */
export function mixErrorPct(a: Calibrated & { readonly errorPct: number | undefined }, mix?: ScriptMix): { errorPct: number | undefined; unknown: ScriptClass[] } {
  if (!mix || !a.scripts) return { errorPct: a.errorPct, unknown: [] };
  const total = mixTotal(mix);
  if (total <= 0) return { errorPct: a.errorPct, unknown: [] };
  let bound = 0;
  let known = 0;
  const unknown: ScriptClass[] = [];
  for (let i = 0; i < SCRIPT_CLASSES.length; i++) {
    const share = (mix[i] ?? 0) / total;
    if (share === 0) continue;
    const err = a.scripts[i]?.errorPct;
    if (err === undefined) {
      if (share >= MINOR_SHARE) unknown.push(SCRIPT_CLASSES[i]);
      continue;
    }
    bound += share * err;
    known += share;
  }
  if (unknown.length > 0 || known === 0) return { errorPct: undefined, unknown };
  // Scripts too small to count are spread over the known ones rather than dropped.
  return { errorPct: Math.ceil(bound / known), unknown };
}

/**
 * `Latin script and code 72% × 1.15, Chinese (Han) 28% × 1.46`: the scripts of a text that
 * make up at least MINOR_SHARE of it, largest first, with their factors.
 */
export function mixDescription(a: Calibrated, mix: ScriptMix, l10n: Localizer = ENGLISH): string {
  const total = mixTotal(mix);
  if (total <= 0 || !a.scripts) return '';
  return SCRIPT_CLASSES.map((script, i) => ({ script, share: (mix[i] ?? 0) / total, factor: a.scripts![i]?.factor ?? a.factor }))
    .filter((s) => s.share >= MINOR_SHARE)
    .sort((x, y) => y.share - x.share)
    .map((s) => `${scriptLabel(s.script, l10n)} ${percent(Math.round(s.share * 100), l10n)} × ${factorText(s.factor, l10n)}`)
    .join(', ');
}
