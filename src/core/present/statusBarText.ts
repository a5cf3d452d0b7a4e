import { approxMark, modelTokens, type ModelInfo } from '../catalog/models';
import { costOf, ratesFor } from '../catalog/prices';
import { MAX_STATUS_BAR_CHARS, type StatusBarField, type StatusBarFormat } from '../catalog/statusBarFormat';
import { ENGLISH, type Localizer } from '../l10n';
import { renderFieldTemplate } from '../text/fieldTemplate';
import { decimalText, formatUsd, integerText } from '../text/numberText';
import { formatShare, formatWindow, shownTotal, type CountView, type Gauge, type NotebookView } from './countFormat';

/**
 * The status bar item's text: the user's format (`tokenscope.statusBar.format`) with the
 * fields of one count filled in, short, never wider than MAX_STATUS_BAR_CHARS. The long form,
 * every number in full, is the tooltip's (countFormat.ts, `tooltipLines`).
 */

/** What the item is measured against and how it is laid out: the settings snapshot has all of it. */
export interface StatusBarSettings extends Gauge {
  readonly statusBarFormat: StatusBarFormat;
}

/** The state the count is in, for `{icon}`: a spinner while a newer count is under way. */
export interface StatusBarMoment {
  /** The numbers are for an earlier version of the text (or of the selection): a new count is on its way. */
  readonly stale?: boolean;
}

/** Icons of `{icon}`: VS Code's codicons. */
/** `request`: the number is a chat request's total (what the provider bills), not the file's text. */
export const STATUS_BAR_ICONS = {
  count: '$(symbol-numeric)',
  selection: '$(selection)',
  updating: '$(loading~spin)',
  request: '$(comment-discussion)',
  notebook: '$(notebook)',
} as const;

/** `$(notebook) 12.3k` (`≈` for an approximate model): the `{notebook}` field; empty outside a notebook's cell. */
export function notebookField(notebook: NotebookView | undefined, locale = 'en'): string {
  if (!notebook) return '';
  return `${STATUS_BAR_ICONS.notebook} ${notebook.exact ? '' : '≈'}${formatCompact(notebook.tokens, locale)}`;
}

/**
 * A count in at most five characters: `829`, `9,999` in full; from 10,000 on three significant
 * digits, `12.3k`, `123k`, `1.23M` (`12,3k` in German). Steady while typing: the width changes
 * only when the count crosses a power of ten.
 */
export function formatCompact(n: number, locale = 'en'): string {
  if (n < 10_000) return integerText(n, locale);
  for (let u = 0; u < COMPACT_UNITS.length; u++) {
    const [size, suffix] = COMPACT_UNITS[u];
    // Three significant digits; the decimals follow the rounded value (99,950 is `100k`, not `100.0k`).
    const rounded = Number((n / size).toPrecision(3));
    // 999,950 rounds to 1000k: the next unit says it in five characters, `1.00M`.
    if (rounded >= 1000 && u < COMPACT_UNITS.length - 1) continue;
    return decimalText(rounded, rounded >= 100 ? 0 : rounded >= 10 ? 1 : 2, locale) + suffix;
  }
  return integerText(n, locale);
}

const COMPACT_UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e3, 'k'],
  [1e6, 'M'],
  [1e9, 'B'],
];

/**
 * Every field's value for one count. `selection` is empty without a selection and when the
 * selection counts as many tokens as the whole text (Select All): the number is not shown twice.
 * `cost` is empty for a model without a price; `notebook` outside a notebook's cell.
 */
export function statusBarFields(view: CountView, model: ModelInfo, gauge: Gauge, l10n: Localizer = ENGLISH, moment: StatusBarMoment = {}): Record<StatusBarField, string> {
  const locale = l10n.locale;
  const total = shownTotal(view, model);
  const totalMark = total.exact ? '' : '≈';
  const selected = view.selectionTokens;
  const showSelection = selected !== undefined && selected !== view.tokens;
  const icon = moment.stale ? STATUS_BAR_ICONS.updating : selected !== undefined ? STATUS_BAR_ICONS.selection : view.request ? STATUS_BAR_ICONS.request : STATUS_BAR_ICONS.count;
  const prices = model.prices;
  return {
    icon,
    tokens: `${totalMark}${formatCompact(total.tokens, locale)}`,
    tokensFull: `${totalMark}${integerText(total.tokens, locale)}`,
    selection: showSelection ? `${approxMark(model)}${formatCompact(modelTokens(model, selected, view.selectionMix), locale)}` : '',
    share: formatShare(total.tokens, gauge.usableWindow, locale),
    window: formatWindow(gauge.usableWindow, locale),
    model: model.id,
    cost: prices ? `${totalMark}${formatUsd(costOf(total.tokens, ratesFor(prices, total.tokens).input), locale)}` : '',
    notebook: notebookField(view.notebook, locale),
  };
}

/** `$(symbol-numeric) 12.3k · 11.1% · gpt-4o` (by default): the user's format filled in and cut to fit. */
export function statusBarText(view: CountView, model: ModelInfo, settings: StatusBarSettings, l10n: Localizer = ENGLISH, moment: StatusBarMoment = {}): string {
  return cutToWidth(renderFieldTemplate(settings.statusBarFormat, statusBarFields(view, model, settings, l10n, moment)), MAX_STATUS_BAR_CHARS);
}

/**
 * `text` cut to `max` visible characters, ending in `…` when cut. A codicon (`$(name)`) is two
 * characters wide and is kept whole or left out, never cut into literal `$(na`.
 */
export function cutToWidth(text: string, max: number): string {
  const pieces = text.match(/\$\([\w~-]+\)|[\s\S]/gu) ?? [];
  const width = (piece: string) => (piece.length > 2 && piece.startsWith('$(') ? 2 : 1);
  let used = 0;
  for (const piece of pieces) used += width(piece);
  if (used <= max) return text;
  let out = '';
  used = 0;
  for (const piece of pieces) {
    if (used + width(piece) > max - 1) break;
    out += piece;
    used += width(piece);
  }
  return `${out.trimEnd()}…`;
}
