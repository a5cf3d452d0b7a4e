/**
 * How the insight panel writes its numbers, shared by the webview (src/webview/panel) and the
 * Markdown export (insightExport.ts) so the panel and a copied table read the same. Pure and
 * free of Node, DOM and package imports: the webview bundle includes it as it is.
 */
import type { CompressionStats } from '../insights/insightTypes';
import { ENGLISH, type Localizer } from '../l10n';
import { escapeTokenBytes } from '../text/tokenText';
import { integerText } from '../text/numberText';
import type { InsightView, ModelRow } from '../insights/insightView';

/** `1 token`, `≈12,345 tokens`: a count with its noun, `mark` (`≈`) before the number. */
export function tokensText(tokens: number, l10n: Localizer = ENGLISH, mark = ''): string {
  const n = `${mark}${integerText(tokens, l10n.locale)}`;
  return tokens === 1 ? l10n.t('{0} token', n) : l10n.t('{0} tokens', n);
}

/** A row's count as shown: `≈1,234` for an approximation. */
export function rowTokensText(row: ModelRow, locale = 'en'): string {
  return `${row.exact ? '' : '≈'}${integerText(row.tokens, locale)}`;
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
export function disagreementVerdict(tokensA: number, tokensB: number, labelA: string, labelB: string, l10n: Localizer = ENGLISH): string {
  if (tokensA === tokensB) return l10n.t('same count');
  return tokensA > tokensB ? `${labelA} +${integerText(tokensA - tokensB, l10n.locale)}` : `${labelB} +${integerText(tokensB - tokensA, l10n.locale)}`;
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
