/**
 * Per-script factors learned from a provider's counts of the user's own texts
 * (`tokenscope.providers.learnFromCounts`, off by default). The published factors
 * (catalog/approximations.ts) come from a corpus or from public figures; a user who has a
 * provider count on anyway can let the approximation follow what that provider says about the
 * texts they actually write. Nothing leaves the machine for this: the provider's count was
 * fetched for the status bar, and what is kept is a handful of sums per approximation family.
 *
 * The fit: a text's provider count y is modelled as Σ f_s · b_s, with b_s its base tokens in
 * script s (its script mix). Least squares over the user's texts, with each script's published
 * factor f0_s standing in as a virtual text of PRIOR_BASE_TOKENS base tokens all in that script
 * (so a script the texts barely contain keeps its published factor, and `latin` and `common`,
 * which code mixes in every text, do not swing against each other). The sums decay by DECAY per
 * text, so the fit follows a provider that changes its tokenizer.
 */
import { CLASS_INDEX, mixTotal, SCRIPT_CLASSES, type ScriptClass, type ScriptMix } from '../text/scriptClasses';

/** One approximation family's sums: the normal equations of the fit, in SCRIPT_CLASSES order. */
export interface LearnedFamily {
  /** Σ b bᵀ, row by row (SCRIPT_CLASSES.length²). */
  readonly gram: readonly number[];
  /** Σ b · y. */
  readonly moment: readonly number[];
  /** Base tokens seen per script (decayed like the sums): where the fit says something. */
  readonly seen: readonly number[];
  /** Texts learned from (not decayed: what the tooltip says). */
  readonly texts: number;
}

/** What is kept: approximation id (catalog/approximations.ts) → its sums. */
export type LearnedCalibration = Readonly<Record<string, LearnedFamily>>;

const N = SCRIPT_CLASSES.length;

/** The weight of a published factor, in base tokens of a virtual text of its script. */
export const PRIOR_BASE_TOKENS = 500;

/** Each new text makes the earlier ones weigh this much less: about the last 100 texts count. */
export const DECAY = 0.99;

/**
 * A text's base tokens must be at least this for its count to be learned from: below it, a
 * token of rounding or of the request's framing is more than 1% of the count. With framing
 * (Anthropic, Gemini and OpenAI count a message, not bare text), a few framing tokens must be
 * under 1%, so 1,000.
 */
export const MIN_BASE_TOKENS = 200;
export const MIN_BASE_TOKENS_WITH_FRAMING = 1_000;

/** A script is said to be learned once the texts held this many of its base tokens. */
export const LEARNED_SCRIPT_TOKENS = 500;

/** Learned factors stay within these: a provider answer far outside is a mistake, not a tokenizer. */
const FACTOR_RANGE = [0.2, 5] as const;

/** The sums of `family` with one more text; undefined when the text does not qualify (too short, no mix). */
export function learnText(family: LearnedFamily | undefined, mix: ScriptMix, providerCount: number, framing: boolean): LearnedFamily | undefined {
  const total = mixTotal(mix);
  if (total < (framing ? MIN_BASE_TOKENS_WITH_FRAMING : MIN_BASE_TOKENS) || !(providerCount > 0)) return undefined;
  const ratio = providerCount / total;
  if (ratio < FACTOR_RANGE[0] || ratio > FACTOR_RANGE[1]) return undefined;
  const gram = family ? family.gram.map((v) => v * DECAY) : new Array<number>(N * N).fill(0);
  const moment = family ? family.moment.map((v) => v * DECAY) : new Array<number>(N).fill(0);
  const seen = family ? family.seen.map((v) => v * DECAY) : new Array<number>(N).fill(0);
  for (let i = 0; i < N; i++) {
    const bi = mix[i] ?? 0;
    if (bi === 0) continue;
    moment[i] += bi * providerCount;
    seen[i] += bi;
    for (let j = 0; j < N; j++) gram[i * N + j] += bi * (mix[j] ?? 0);
  }
  return { gram, moment, seen, texts: (family?.texts ?? 0) + 1 };
}

/**
 * The learned factor of every script, given the published ones (SCRIPT_CLASSES order): the
 * solution of the regularised normal equations. Scripts the texts never held keep their
 * published factor exactly.
 */
export function learnedFactors(family: LearnedFamily, published: readonly number[]): number[] {
  const prior = PRIOR_BASE_TOKENS * PRIOR_BASE_TOKENS;
  // A = gram + prior·I, c = moment + prior·f0: as if each script had a virtual text at its published factor.
  const a = family.gram.map((v, k) => (k % (N + 1) === 0 ? v + prior : v));
  const c = family.moment.map((v, i) => v + prior * published[i]);
  const solved = solveSymmetric(a, c);
  if (!solved) return [...published];
  return solved.map((f, i) => (Number.isFinite(f) ? Math.min(FACTOR_RANGE[1], Math.max(FACTOR_RANGE[0], f)) : published[i]));
}

/** The scripts the user's texts held enough of to call their factor learned. */
export function learnedScripts(family: LearnedFamily): ScriptClass[] {
  return SCRIPT_CLASSES.filter((s) => family.seen[CLASS_INDEX[s]] >= LEARNED_SCRIPT_TOKENS);
}

/**
 * Solves A x = c for a symmetric positive definite A (n×n, row by row) by Cholesky
 * decomposition; undefined if A is not positive definite (it always is with the prior added).
 */
function solveSymmetric(a: readonly number[], c: readonly number[]): number[] | undefined {
  const n = c.length;
  const l = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = c[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
    y[i] = sum / l[i * n + i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/**
 * What was stored, checked: global state is this extension's own, but a damaged or older value
 * must not break the catalog. Families with wrongly shaped or non-finite sums are dropped.
 */
export function parseLearnedCalibration(value: unknown): LearnedCalibration {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, LearnedFamily> = {};
  const numbers = (v: unknown, length: number): v is number[] => Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  for (const [id, family] of Object.entries(value as Record<string, unknown>)) {
    if (typeof family !== 'object' || family === null) continue;
    const f = family as Record<string, unknown>;
    if (!numbers(f.gram, N * N) || !numbers(f.moment, N) || !numbers(f.seen, N)) continue;
    if (typeof f.texts !== 'number' || !Number.isInteger(f.texts) || f.texts < 1) continue;
    out[id] = { gram: f.gram, moment: f.moment, seen: f.seen, texts: f.texts };
  }
  return out;
}
