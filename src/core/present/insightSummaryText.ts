/**
 * The insight panel's summary in words, shared by the panel (src/webview/panel/summarySection.ts)
 * and the Markdown export, so both say the same: each line a short value and the detail that
 * says what the value is of.
 */
import type { InsightSummary } from '../insights/insightView';
import { ENGLISH, type Localizer } from '../l10n';
import { costText, formatWindow, integerText, percentText } from '../text/numberText';
import { tokensText } from './insightFormat';

export interface SummaryLine {
  /** The number, as large text: `287`, `0.3%`, `$0.0007`, or a model's name. */
  readonly value: string;
  /** What it is of, in a few words. */
  readonly detail: string;
}

/** The current model's tokens: `≈330`, `approximation, ±15% (estimated)`. */
export function tokensLine(summary: InsightSummary, l10n: Localizer = ENGLISH): SummaryLine {
  const row = summary.current;
  const value = `${row.exact ? '' : '≈'}${integerText(row.tokens, l10n.locale)}`;
  return { value, detail: row.exact ? l10n.t('tokens, exact') : l10n.t('tokens, approximation {0}', row.errorLabel ?? '') };
}

/**
 * Share of the usable window (contextWindow.ts), the window it is of, and what it is made of:
 * `0.3%`, `of 112k usable: 128k window − 16k kept for output`.
 */
export function fitLine(summary: InsightSummary, l10n: Localizer = ENGLISH): SummaryLine {
  const locale = l10n.locale;
  const row = summary.current;
  const usable = formatWindow(row.usableWindow, locale);
  const detail =
    summary.reservedOutputTokens > 0
      ? l10n.t('of {0} usable: {1} window − {2} kept for output', usable, formatWindow(summary.contextWindow, locale), formatWindow(summary.reservedOutputTokens, locale))
      : l10n.t('of the {0} window', usable);
  return { value: percentText(row.windowSharePct, locale), detail: row.windowSharePct > 100 ? l10n.t('does not fit: {0}', detail) : detail };
}

/** What this text costs the current model as input, and with the expected output: `$0.0007`, `input · $0.0057 with 500 output tokens`. */
export function costLine(summary: InsightSummary, expectedOutputTokens: number, l10n: Localizer = ENGLISH): SummaryLine {
  const locale = l10n.locale;
  const row = summary.current;
  if (row.inputCost === undefined) return { value: '—', detail: l10n.t('no price for this model (add one in tokenscope.priceOverrides)') };
  const mark = row.exact ? '' : '≈';
  const detail =
    row.totalCost !== undefined && expectedOutputTokens > 0
      ? l10n.t('input of this text; {0} with {1}', `${mark}${costText(row.totalCost, locale)}`, l10n.t('{0} of output', tokensText(expectedOutputTokens, l10n)))
      : l10n.t('input of this text');
  return { value: `${mark}${costText(row.inputCost, locale)}`, detail };
}

/** The cheapest exact model of the set: `Qwen3 235B A22B`, `cheapest exact: $0.00006 input`. */
export function cheapestLine(summary: InsightSummary, l10n: Localizer = ENGLISH): SummaryLine {
  const pick = summary.cheapest;
  if (!pick) return { value: '—', detail: l10n.t('no exact model of the set has a price') };
  return { value: pick.displayName, detail: l10n.t('cheapest exact model: {0} input', costText(pick.value, l10n.locale)) };
}

/** The most compact exact model of the set: `Qwen3 235B A22B`, `most compact exact model: 275 tokens`. */
export function mostCompactLine(summary: InsightSummary, l10n: Localizer = ENGLISH): SummaryLine {
  const pick = summary.mostCompact;
  if (!pick) return { value: '—', detail: l10n.t('the set has no exact model') };
  return { value: pick.displayName, detail: l10n.t('most compact exact model: {0}', tokensText(pick.value, l10n)) };
}
