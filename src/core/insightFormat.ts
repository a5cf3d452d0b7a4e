/**
 * How the insight panel writes its numbers, shared by the webview (src/webview/panel) and the
 * Markdown export (insightExport.ts) so the panel and a copied table read the same. Pure and
 * free of Node, DOM and package imports: the webview bundle includes it as it is.
 */
import type { CompressionStats } from './insights/insightTypes';
import { ENGLISH, type Localizer } from './l10n';
import { escapeTokenBytes } from './tokenText';
import type { InsightView, ModelRow } from '../webview/messages';

/**
 * Number formats by locale (`en` unless the caller passes VS Code's display language), built once
 * each: the status bar formats on every keystroke. 'en' gives the `12,345` / `11.1%` / `$0.50`
 * the docs and the CLI show.
 */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\u0000${kind}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** `12,345` (en), `12.345` (de). */
export function integerText(n: number, locale = 'en'): string {
  return numberFormat(locale, 'integer', { maximumFractionDigits: 0 }).format(n);
}

/**
 * A number with exactly `digits` decimals: `3.91`, `12.3` (en), `3,91` (de). Not grouped, as
 * `toFixed` wrote them before (a share of `1576.8%`, not `1,576.8%`): only counts are grouped.
 */
export function decimalText(n: number, digits: number, locale = 'en'): string {
  return numberFormat(locale, `fixed${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
}

/** Ratios (chars/token, entropy, …) with two decimals: `3.91`. */
export function ratioText(n: number, locale = 'en'): string {
  return decimalText(n, 2, locale);
}

/**
 * Where the locale puts the percent sign around a number (`#%` in English, `# %` with a
 * no-break space in German, `%#` in Turkish), read once from Intl. The number itself is
 * formatted separately (decimalText): Intl's percent style multiplies by 100 in binary, so
 * 12.25% could round differently from the `toFixed` the rest of the code (and the tests) use.
 */
const percentPatterns = new Map<string, string>();
function percentPattern(locale: string): string {
  let pattern = percentPatterns.get(locale);
  if (pattern === undefined) {
    pattern = numberFormat(locale, 'percent', { style: 'percent' })
      .formatToParts(1)
      .map((part) => (part.type === 'integer' || part.type === 'group' ? '#' : part.value))
      .join('')
      .replace(/#+/, '#');
    percentPatterns.set(locale, pattern);
  }
  return pattern;
}

/** `37%` from an already formatted number, in the locale's percent pattern. */
export function withPercentSign(number: string, locale = 'en'): string {
  return percentPattern(locale).replace('#', number);
}

/** A share in percent with one decimal; `<0.1%` rather than a misleading `0.0%`. */
export function percentText(pct: number, locale = 'en'): string {
  if (pct === 0) return withPercentSign('0', locale);
  if (pct < 0.1) return `<${withPercentSign(decimalText(0.1, 1, locale), locale)}`;
  return withPercentSign(decimalText(pct, 1, locale), locale);
}

/** `$0.0012`, `$0.50`, `$12.34`, `<$0.0001`: two significant digits below a cent. */
export function formatUsd(amount: number, locale = 'en'): string {
  const usd = (kind: string, options: Intl.NumberFormatOptions) => numberFormat(locale, kind, { style: 'currency', currency: 'USD', ...options });
  if (amount === 0) return usd('usd0', { maximumFractionDigits: 0 }).format(0);
  if (amount < 0.0001) return `<${usd('usd4', { maximumFractionDigits: 4 }).format(0.0001)}`;
  if (amount < 0.01) return usd('usdSignificant', { maximumSignificantDigits: 2 }).format(amount);
  return usd('usd2', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** A price per million tokens as the price data gives it, all its digits: `$2.5`, `$0.075`. */
export function usdRateText(rate: number, locale = 'en'): string {
  return numberFormat(locale, 'usdRate', { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 6 }).format(rate);
}

/** US dollars as the status bar writes them; undefined (no price) is an em dash. */
export function usdText(amount: number | undefined, locale = 'en'): string {
  return amount === undefined ? '—' : formatUsd(amount, locale);
}

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
