import { approxMark, errorLabel, isExact, modelTokens, type ApproximateCounting, type ModelInfo } from './models';
import { tokenizerLabel } from './tokenizerIds';
import { formatUsd, integerText, percentText } from './insightFormat';
import { costOf, ratesFor } from './prices';

/**
 * Text of the status bar and its tooltip, as pure functions so the exact strings a user sees
 * are unit-tested. Numbers use en-US grouping (`12,345`) everywhere, matching the docs.
 */
export const formatInteger = integerText;

/** `200k`, `128k`, `8k`, `1M` (1,047,576), `16k` (16,385). */
export function formatWindow(tokens: number): string {
  if (tokens >= 999_500) return `${Math.round(tokens / 100_000) / 10}M`;
  return `${Math.round(tokens / 1000)}k`;
}

/** Share of the window with one decimal; `<0.1%` rather than a misleading `0.0%`. */
export function formatShare(tokens: number, window: number): string {
  // Zero first: an empty text is 0% of any window, even an (invalid) empty one.
  return tokens === 0 ? '0%' : percentText((tokens / window) * 100);
}

export interface CountView {
  /** Tokens of the whole text as counted by the model's counting tokenizer (scaled for ≈ models). */
  tokens: number;
  /** Token counts of the non-empty selections (summed when several), or undefined. */
  selectionTokens?: number;
  selectionCount?: number;
  chars: number;
  bytes: number;
  /**
   * An exact count from the model's maker (Anthropic's token counting API, opt-in), which
   * replaces the approximation of the whole text when present.
   */
  apiCount?: { tokens: number; source: string };
}

/** What the count is measured against: the window less the output kept free, and when to warn. */
export interface Gauge {
  usableWindow: number;
  reservedOutputTokens: number;
  /** Percent of the usable window. */
  warningThreshold: number;
  errorThreshold: number;
}

export type ContextLevel = 'ok' | 'warning' | 'error';

export function contextLevel(tokens: number, gauge: Gauge): ContextLevel {
  const pct = (tokens / gauge.usableWindow) * 100;
  if (pct >= gauge.errorThreshold) return 'error';
  if (pct >= gauge.warningThreshold) return 'warning';
  return 'ok';
}

/** The whole text's count as shown, and whether it is exact. */
export function shownTotal(view: CountView, model: ModelInfo): { tokens: number; exact: boolean } {
  if (view.apiCount) return { tokens: view.apiCount.tokens, exact: true };
  return { tokens: modelTokens(model, view.tokens), exact: isExact(model) };
}

/** `Sel 123 · 12,345 tokens · 11.1% of 112k · gpt-4o`; approximate counts start with `≈`. */
export function statusBarText(view: CountView, model: ModelInfo, gauge: Gauge): string {
  const parts: string[] = [];
  const mark = approxMark(model);
  if (view.selectionTokens !== undefined) parts.push(`Sel ${mark}${formatInteger(modelTokens(model, view.selectionTokens))}`);
  const total = shownTotal(view, model);
  parts.push(`${total.exact ? '' : '≈'}${formatInteger(total.tokens)} ${total.tokens === 1 ? 'token' : 'tokens'}`);
  parts.push(`${formatShare(total.tokens, gauge.usableWindow)} of ${formatWindow(gauge.usableWindow)}`);
  parts.push(model.id);
  return parts.join(' · ');
}

/** Markdown lines of the tooltip (the host adds the command links). */
export function tooltipLines(view: CountView, model: ModelInfo, gauge: Gauge): string[] {
  const total = shownTotal(view, model);
  const c = model.counting;
  const lines = [`**${total.exact ? '' : '≈'}${formatInteger(total.tokens)} tokens** for ${model.displayName} (${model.provider}) · ${total.exact ? 'exact' : `approximate, ${errorLabel(c as ApproximateCounting)}`}`, ''];
  if (view.apiCount) lines.push(`Counted by ${view.apiCount.source} (exact for one user message; the text left this machine)`);
  else if (c.kind === 'exact') lines.push(`Tokenizer: ${c.description}`);
  else lines.push(`Approximation: ${c.method}`);
  const reserved = gauge.reservedOutputTokens > 0 ? ` − ${formatInteger(gauge.reservedOutputTokens)} reserved for output = ${formatInteger(gauge.usableWindow)} usable` : '';
  lines.push(`Context window: ${formatInteger(model.contextWindow)} tokens${reserved} (${formatShare(total.tokens, gauge.usableWindow)} used)`);
  lines.push(`Characters: ${formatInteger(view.chars)} · UTF-8 bytes: ${formatInteger(view.bytes)}`);
  if (view.selectionTokens !== undefined) {
    const n = view.selectionCount ?? 1;
    lines.push(`Selection: ${approxMark(model)}${formatInteger(modelTokens(model, view.selectionTokens))} tokens${n > 1 ? ` in ${n} selections` : ''}`);
  }
  const prices = model.prices;
  if (prices) {
    const rates = ratesFor(prices, total.tokens);
    const output = rates.output !== undefined ? `, output $${rates.output} / 1M` : '';
    const cached = rates.cachedInput !== undefined ? `, cached input $${rates.cachedInput} / 1M` : '';
    lines.push(`As input: ${formatUsd(costOf(total.tokens, rates.input))} (input $${rates.input} / 1M tokens${cached}${output})`);
    lines.push(`Prices: ${prices.source}, ${prices.date}`);
  } else {
    lines.push('Prices: not in the price data (add one in tokenscope.priceOverrides)');
  }
  return lines;
}

/** `Claude Sonnet 4.5 · Anthropic · 200k · $3/1M in · ≈ ±12%`: what a user compares models by. */
export function modelSummary(model: ModelInfo): string {
  const parts = [model.displayName, model.provider, formatWindow(model.contextWindow)];
  if (model.prices) parts.push(`$${model.prices.input}/1M in`);
  const c = model.counting;
  parts.push(c.kind === 'exact' ? `exact · ${tokenizerLabel(c.tokenizer)}` : `≈ ${errorLabel(c)}`);
  return parts.join(' · ');
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
