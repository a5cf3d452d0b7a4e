/**
 * How the insight panel writes its numbers, shared by the webview (src/webview/panel) and the
 * Markdown export (insightExport.ts) so the panel and a copied table read the same. Pure and
 * free of Node, DOM and package imports: the webview bundle includes it as it is.
 */
import type { CompressionStats } from './insights/insightTypes';
import { escapeTokenBytes } from './tokenText';
import type { InsightView, ModelRow } from '../webview/messages';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `12,345`. */
export function integerText(n: number): string {
  return integer.format(n);
}

/** Ratios (chars/token, entropy, …) with two decimals: `3.91`. */
export function ratioText(n: number): string {
  return n.toFixed(2);
}

/** A share in percent with one decimal; `<0.1%` rather than a misleading `0.0%`. */
export function percentText(pct: number): string {
  if (pct === 0) return '0%';
  if (pct < 0.1) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

/** `$0.0012`, `$0.50`, `$12.34`, `<$0.0001`: two significant digits below a cent. */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.0001) return '<$0.0001';
  if (amount < 0.01) return `$${Number(amount.toPrecision(2))}`;
  return `$${amount.toFixed(2)}`;
}

/** US dollars as the status bar writes them; undefined (no price) is an em dash. */
export function usdText(amount: number | undefined): string {
  return amount === undefined ? '—' : formatUsd(amount);
}

/** A row's count as shown: `≈1,234` for an approximation. */
export function rowTokensText(row: ModelRow): string {
  return `${row.exact ? '' : '≈'}${integerText(row.tokens)}`;
}

const encoder = new TextEncoder();

/**
 * A span of the user's text in the form token texts take (tokenText.ts): spaces as `·`, line
 * breaks and tabs as `\n` `\t`, invisibles escaped, so two cuts that differ only in whitespace
 * are visible and the text fits on one line.
 */
export function visibleText(text: string): string {
  return escapeTokenBytes(encoder.encode(text));
}

/** The label of a model id: its display name in the table, else its label in the choices, else the id. */
export function modelLabel(view: InsightView, id: string): string {
  return view.models.find((m) => m.id === id)?.displayName ?? view.modelChoices.find((c) => c.id === id)?.label ?? id;
}

/** One bar of the token-length histogram: `1`, `2`, …, and `16+` for the open last bucket. */
export interface LengthBucket {
  readonly label: string;
  readonly tokens: number;
}

export function lengthBuckets(histogram: CompressionStats['lengthHistogram']): LengthBucket[] {
  const last = histogram.counts.length - 1;
  return histogram.counts.map((tokens, i) => ({ label: i === last && histogram.lastBucketOpen ? `${i + 1}+` : String(i + 1), tokens }));
}

/** Ids of the rows with the lowest input cost (several on a tie; none when no row has a price). */
export function cheapestIds(rows: readonly ModelRow[]): string[] {
  const priced = rows.filter((r) => r.inputCost !== undefined);
  const least = Math.min(...priced.map((r) => r.inputCost!));
  return priced.filter((r) => r.inputCost === least).map((r) => r.id);
}

/** Ids of the rows with the fewest tokens (several on a tie). */
export function mostCompactIds(rows: readonly ModelRow[]): string[] {
  const least = Math.min(...rows.map((r) => r.tokens));
  return rows.filter((r) => r.tokens === least).map((r) => r.id);
}

/** Which model a disagreement costs more: `Claude +2`, or `same count` when the counts are equal. */
export function disagreementVerdict(tokensA: number, tokensB: number, labelA: string, labelB: string): string {
  if (tokensA === tokensB) return 'same count';
  return tokensA > tokensB ? `${labelA} +${tokensA - tokensB}` : `${labelB} +${tokensB - tokensA}`;
}

/** The price sources of the rows, each once, with the models it prices: `source, date`. */
export function priceSources(rows: readonly ModelRow[]): Array<{ readonly source: string; readonly models: string[] }> {
  const bySource = new Map<string, string[]>();
  for (const row of rows) {
    if (row.priceSource === undefined) continue;
    const key = row.priceDate ? `${row.priceSource}, ${row.priceDate}` : row.priceSource;
    const models = bySource.get(key) ?? [];
    models.push(row.displayName);
    bySource.set(key, models);
  }
  return Array.from(bySource, ([source, models]) => ({ source, models }));
}
