/**
 * How the insight panel writes its numbers, shared by the webview (src/webview/panel) and the
 * Markdown export (insightExport.ts) so the panel and a copied table read the same. Pure and
 * free of Node, DOM and package imports: the webview bundle includes it as it is.
 */
import type { CompressionStats, TopToken } from '../insights/insightTypes';
import { ENGLISH, type Localizer } from '../l10n';
import { escapeForExport, escapeTokenBytes } from '../text/tokenText';
import { costText, integerText } from '../text/numberText';
import type { InsightSummary, InsightView, ModelRow, SummaryContender } from '../insights/insightView';

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

/**
 * Text of the user's (a disagreement's span) as an export writes it in a one-line cell: the
 * characters themselves, spaces as spaces, only line breaks, tabs, invisibles and backslashes
 * escaped (tokenText.ts, `escapeForExport`).
 */
export function exportText(text: string): string {
  return escapeForExport(encoder.encode(text));
}

/**
 * A top token as an export writes it in a one-line cell: its text (`exportText`); a token that
 * is only part of a character has no text, so its display form, with `·` turned back into the
 * space it stands for (the display escapes are unambiguous: `\u00b7` is a real `·`).
 */
export function tokenExportText(token: TopToken): string {
  if (token.raw !== undefined) return exportText(token.raw);
  return token.text.replace(/\\u00b7|\\\\|·/g, (m) => (m === '·' ? ' ' : m === '\\u00b7' ? '·' : m));
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

/**
 * The marks of a row of the table, from the summary's picks: `cheapest`, `most compact` on the
 * exact picks; an ≈ row that beats them is `cheaper` / `more compact` when it wins even at the
 * far end of its error band, else `maybe cheaper` / `maybe more compact`.
 */
export function rowMarks(summary: InsightSummary, id: string, l10n: Localizer = ENGLISH): string[] {
  const marks: string[] = [];
  if (summary.cheapest?.id === id) marks.push(l10n.t('cheapest'));
  const cheaper = summary.cheaperApprox.find((c) => c.id === id);
  if (cheaper) marks.push(cheaper.certain ? l10n.t('cheaper') : l10n.t('maybe cheaper'));
  if (summary.mostCompact?.id === id) marks.push(l10n.t('most compact'));
  const compacter = summary.compacterApprox.find((c) => c.id === id);
  if (compacter) marks.push(compacter.certain ? l10n.t('more compact') : l10n.t('maybe more compact'));
  return marks;
}

/**
 * What the summary says of an ≈ model that beats the exact pick: whether it wins even at the far
 * end of its error band, or that its error band could change the answer.
 */
export function contenderText(contender: SummaryContender, kind: 'cost' | 'tokens', l10n: Localizer = ENGLISH): string {
  const value = kind === 'cost' ? `≈${costText(contender.value, l10n.locale)}` : tokensText(contender.value, l10n, '≈');
  if (contender.certain) {
    return kind === 'cost'
      ? l10n.t('{0} is cheaper ({1}) even at the far end of its error band, {2}.', contender.displayName, value, contender.errorLabel)
      : l10n.t('{0} is more compact ({1}) even at the far end of its error band, {2}.', contender.displayName, value, contender.errorLabel);
  }
  return kind === 'cost'
    ? l10n.t('{0} may be cheaper ({1}), but it is an approximation, {2}: its error band could change the answer.', contender.displayName, value, contender.errorLabel)
    : l10n.t('{0} may be more compact ({1}), but it is an approximation, {2}: its error band could change the answer.', contender.displayName, value, contender.errorLabel);
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
