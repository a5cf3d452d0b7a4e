import { approxMark, errorLabel, isExact, modelTokens, type ApproximateCounting, type ModelInfo } from '../catalog/models';
import { tokenizerLabel } from '../tokenizers/tokenizerIds';
import { tokensText } from './insightFormat';
import { decimalText, formatUsd, formatWindow, integerText, percentText, usdRateText, withPercentSign } from '../text/numberText';
import { estimateError } from '../providers/selfCalibration';
import { ENGLISH, type Localizer } from '../l10n';
import { costOf, ratesFor } from '../catalog/prices';
import { windowSharePct } from '../catalog/contextWindow';
import { calibratedFactor, mixDescription } from '../catalog/approximations';
import { requestFormatName } from '../requests/requestFormatName';
import { textScale } from '../insights/structureView';
import type { RequestTotal } from '../requests/requestTypes';
import type { ScriptMix } from '../text/scriptClasses';

/**
 * Text of the status bar and its tooltip, as pure functions so the exact strings a user sees
 * are unit-tested. Words come from `l10n` and numbers are written for its locale; both default
 * to English (`12,345`), which the docs, the CLI and the tests use.
 */
export const formatInteger = integerText;

/** `200k`, `128k`, `8k`, `1M`: moved to numberText.ts so the panel's browser code can use it. */
export { formatWindow };

/** Share of the usable window (`windowSharePct`) with one decimal; `<0.1%` rather than a misleading `0.0%`. */
export function formatShare(tokens: number, usableWindow: number, locale = 'en'): string {
  return percentText(windowSharePct(tokens, usableWindow), locale);
}

export interface CountView {
  /** Tokens of the whole text as counted by the model's counting tokenizer (scaled for ≈ models). */
  tokens: number;
  /** Token counts of the non-empty selections (summed when several), or undefined. */
  selectionTokens?: number;
  /** `tokens` by script class, for an approximation calibrated per script (absent: its Latin factor applies). */
  mix?: ScriptMix;
  /** `selectionTokens` by script class, likewise. */
  selectionMix?: ScriptMix;
  selectionCount?: number;
  chars: number;
  bytes: number;
  /**
   * A count from the model's maker (its token-counting API, opt-in). It replaces an
   * approximation of the whole text; beside an exact local count it is shown as the maker's
   * figure for the text as a request (the billing figure), and the local count stays.
   */
  apiCount?: ApiCountView;
  /**
   * The text is a chat request (a JSON file of a request's shape): what the provider bills for
   * it, counted with the counting tokenizer (unscaled). It is the total shown, in place of the
   * text's own count.
   */
  request?: RequestTotal;
  /** The notebook the text is a cell of (its `{notebook}` field and tooltip section: notebookText.ts). */
  notebook?: NotebookView;
}

/** A notebook's total as the status bar shows it beside its active cell's count. */
export interface NotebookView {
  /** The model's tokens of the counted cells (and of their text outputs when those count). */
  tokens: number;
  /** False for an approximate model (the sum of `≈` counts). */
  exact: boolean;
  cells: number;
  /** The active cell, 1-based (undefined when the text is not one of the cells). */
  cell?: number;
  /** Whether text outputs are in `tokens` (`tokenscope.notebook.countOutputs`). */
  outputsCounted: boolean;
  /** The text outputs' tokens, when counted (0 otherwise). */
  outputTokens: number;
  /** Outputs with no count of their own (images, binary data), when outputs are counted. */
  outputsNotCounted: number;
  /** Cells (or text outputs) that could not be counted (too large, binary, a failure): the total leaves them out, the tooltip says so. */
  uncounted: number;
}

/** A maker's count of the whole text, as the tooltip presents it. */
export interface ApiCountView {
  tokens: number;
  /** Who counted, as a sentence names it: `Anthropic's token counting API`. */
  source: string;
  /** Who counted, short: `Anthropic`, `Gemini`; the source when absent. */
  maker?: string;
  /** The count includes the few tokens of the request around the text (all but xAI's tokenize-text); true when absent. */
  framing?: boolean;
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
  const pct = windowSharePct(tokens, gauge.usableWindow);
  if (pct >= gauge.errorThreshold) return 'error';
  if (pct >= gauge.warningThreshold) return 'warning';
  return 'ok';
}

/** The whole text's count as shown, and whether it is exact. */
export function shownTotal(view: CountView, model: ModelInfo): { tokens: number; exact: boolean } {
  if (view.request) return requestShownTotal(view, view.request, model);
  // An exact local count stays what is shown: the maker's figure (framing included) is beside it.
  if (view.apiCount && !isExact(model)) return { tokens: view.apiCount.tokens, exact: true };
  return { tokens: modelTokens(model, view.tokens, view.mix), exact: isExact(model) };
}

/**
 * A request's total for `model`: exact where the model's tokenizer is and the format's framing is
 * published; for an approximated model the request's count scaled as the text's own count is
 * (its script mix included), since the parts are the text's parts.
 */
function requestShownTotal(view: CountView, request: RequestTotal, model: ModelInfo): { tokens: number; exact: boolean } {
  if (isExact(model)) return { tokens: request.total, exact: !request.estimated };
  return { tokens: Math.round(request.total * textScale(model, view.tokens, view.mix)), exact: false };
}

/**
 * The long form, every number in full: `Sel 123 · 12,345 tokens · 11.1% of 112k · gpt-4o`;
 * approximate counts start with `≈`. The CodeLens line; the status bar shows the short form
 * (statusBarText.ts) and this in its tooltip.
 */
export function countLine(view: CountView, model: ModelInfo, gauge: Gauge, l10n: Localizer = ENGLISH): string {
  const locale = l10n.locale;
  const parts: string[] = [];
  const mark = approxMark(model);
  if (view.selectionTokens !== undefined) parts.push(l10n.t('Sel {0}', `${mark}${formatInteger(modelTokens(model, view.selectionTokens, view.selectionMix), locale)}`));
  const total = shownTotal(view, model);
  parts.push(tokensText(total.tokens, l10n, total.exact ? '' : '≈'));
  parts.push(l10n.t('{0} of {1}', formatShare(total.tokens, gauge.usableWindow, locale), formatWindow(gauge.usableWindow, locale)));
  parts.push(model.id);
  return parts.join(' · ');
}

/** Markdown lines of the tooltip (the host adds the command links). */
export function tooltipLines(view: CountView, model: ModelInfo, gauge: Gauge, l10n: Localizer = ENGLISH): string[] {
  const locale = l10n.locale;
  const int = (n: number) => formatInteger(n, locale);
  const total = shownTotal(view, model);
  const c = model.counting;
  const how = total.exact ? l10n.t('exact') : l10n.t('approximate, {0}', errorLabel(c as ApproximateCounting, l10n, view.mix));
  const lines = [l10n.t('**{0}** for {1} ({2}) · {3}', tokensText(total.tokens, l10n, total.exact ? '' : '≈'), model.displayName, model.provider, how), ''];
  const api = view.request ? undefined : view.apiCount;
  if (view.request) lines.push(...requestLines(view.request, modelTokens(model, view.tokens, view.mix), approxMark(model), l10n), '');
  if (api && c.kind !== 'exact') {
    lines.push(
      api.framing === false
        ? l10n.t('Counted by {0} (exact; the text left this machine)', api.source)
        : l10n.t('Counted by {0} (exact for the text sent as one request, with its few framing tokens; the text left this machine)', api.source),
    );
    lines.push(estimateLine(api, modelTokens(model, view.tokens, view.mix), l10n, model.counting.kind === 'approx' ? model.counting.learned?.texts : undefined));
  } else if (c.kind === 'exact') {
    lines.push(l10n.t('Tokenizer: {0}', c.description));
    if (api) lines.push(billingLine(api, modelTokens(model, view.tokens, view.mix), l10n));
  } else {
    lines.push(l10n.t('Approximation: {0}', c.method));
    const scripts = view.mix ? mixDescription(c, view.mix, l10n) : '';
    if (scripts) lines.push(l10n.t('This text: {0}, so × {1}', scripts, decimalText(calibratedFactor(c, view.mix), 2, locale)));
  }
  lines.push(windowLine(total.tokens, model, gauge, l10n));
  lines.push(l10n.t('Characters: {0} · UTF-8 bytes: {1}', int(view.chars), int(view.bytes)));
  if (view.selectionTokens !== undefined) {
    const n = view.selectionCount ?? 1;
    const selected = tokensText(modelTokens(model, view.selectionTokens, view.selectionMix), l10n, approxMark(model));
    const line = n > 1 ? l10n.t('Selection: {0} in {1} selections', selected, int(n)) : l10n.t('Selection: {0}', selected);
    // The status bar shows such a selection's count once, so the tooltip says why.
    lines.push(view.selectionTokens === view.tokens ? l10n.t('{0}, as many as the whole text', line) : line);
  }
  const prices = model.prices;
  if (prices) {
    const rates = ratesFor(prices, total.tokens);
    const rate = (r: number) => usdRateText(r, locale);
    const ratesText = [l10n.t('input {0} / 1M tokens', rate(rates.input))];
    if (rates.cachedInput !== undefined) ratesText.push(l10n.t('cached input {0} / 1M', rate(rates.cachedInput)));
    if (rates.output !== undefined) ratesText.push(l10n.t('output {0} / 1M', rate(rates.output)));
    lines.push(l10n.t('As input: {0} ({1})', formatUsd(costOf(total.tokens, rates.input), locale), ratesText.join(', ')));
    lines.push(l10n.t('Prices: {0}, {1}', prices.source, prices.date));
  } else {
    lines.push(l10n.t('Prices: not in the price data (add one in tokenscope.priceOverrides)'));
  }
  return lines;
}

/** What the tooltip says of a request file: its format, how its framing is counted, and the plain text's count beside. */
function requestLines(request: RequestTotal, textTokens: number, mark: string, l10n: Localizer): string[] {
  const locale = l10n.locale;
  return [
    l10n.t(
      'As {0}: {1} parts, framing {2}',
      requestFormatName(request.format, l10n),
      formatInteger(request.items, locale),
      request.estimated ? l10n.t('≈ (the provider does not publish it)') : l10n.t("by the provider's published formula"),
    ),
    ...(request.imagesNotCounted > 0 ? [l10n.t('{0} image(s) not counted: their size is not in the file', formatInteger(request.imagesNotCounted, locale))] : []),
    l10n.t('The file as plain text: {0}', tokensText(textTokens, l10n, mark)),
  ];
}

/**
 * Self-calibration: the local estimate's error on this very text, against the maker's count:
 * `Gemini counts 1,234 tokens; the local estimate ≈1,180 is 4.4% low (the count includes a few
 * tokens of request framing)`. A plain figure for this text. When the factors were learned from
 * the user's texts (`learnedTexts` of them), this one is among them, and the line says so: the
 * error is then partly small by construction.
 */
export function estimateLine(api: ApiCountView, localEstimate: number, l10n: Localizer = ENGLISH, learnedTexts?: number): string {
  const locale = l10n.locale;
  const who = api.maker ?? api.source;
  const counts = formatInteger(api.tokens, locale);
  const local = `≈${formatInteger(localEstimate, locale)}`;
  const error = estimateError(localEstimate, api.tokens);
  const framing =
    (api.framing === false ? '' : ` ${l10n.t('(the count includes a few tokens of request framing)')}`) +
    (learnedTexts ? ` ${l10n.t('(the factors were learned from {0} of your texts, this one included)', integerText(learnedTexts, locale))}` : '');
  if (!error) return l10n.t('{0} counts {1} tokens; the local estimate was {2}.', who, counts, local);
  const pct = withPercentSign(decimalText(Math.abs(error.relative) * 100, 1, locale), locale);
  const sentence =
    error.direction === 'exact'
      ? l10n.t('{0} counts {1} tokens; the local estimate {2} is right on', who, counts, local)
      : error.direction === 'low'
        ? l10n.t('{0} counts {1} tokens; the local estimate {2} is {3} low', who, counts, local, pct)
        : l10n.t('{0} counts {1} tokens; the local estimate {2} is {3} high', who, counts, local, pct);
  return `${sentence}${framing}.`;
}

/**
 * Beside an exact local count: the maker's count of the text as a request (what it bills),
 * which includes the request's framing, so it may be a few tokens above the text's own count.
 */
export function billingLine(api: ApiCountView, localExact: number, l10n: Localizer = ENGLISH): string {
  const locale = l10n.locale;
  const who = api.maker ?? api.source;
  if (api.framing === false) return l10n.t('{0} counts {1} tokens (the text left this machine).', who, formatInteger(api.tokens, locale));
  return l10n.t(
    "{0} counts {1} tokens for this text as a request, the billing figure ({2} against the exact count: the request's framing). The text left this machine.",
    who,
    formatInteger(api.tokens, locale),
    signedInteger(api.tokens - localExact, locale),
  );
}

function signedInteger(n: number, locale: string): string {
  return n > 0 ? `+${formatInteger(n, locale)}` : n < 0 ? `−${formatInteger(-n, locale)}` : '±0';
}

/**
 * What the share is of: `11.1% of 112k usable: 128k − 16k kept for output`, the reserve named
 * by its setting; `0.4% of the 1M context window` when nothing is kept free.
 */
export function windowLine(tokens: number, model: ModelInfo, gauge: Gauge, l10n: Localizer = ENGLISH): string {
  const locale = l10n.locale;
  const share = formatShare(tokens, gauge.usableWindow, locale);
  const window = (n: number) => formatWindow(n, locale);
  if (gauge.reservedOutputTokens === 0) return l10n.t('**{0}** of the {1} context window', share, window(model.contextWindow));
  return l10n.t(
    '**{0}** of {1} usable: {2} − {3} kept for output ({4})',
    share,
    window(gauge.usableWindow),
    window(model.contextWindow),
    window(gauge.reservedOutputTokens),
    'tokenscope.reservedOutputTokens',
  );
}

/** `Claude Sonnet 4.5 · Anthropic · 200k · $3/1M in · ≈ ±12%`: what a user compares models by. */
export function modelSummary(model: ModelInfo, l10n: Localizer = ENGLISH): string {
  const parts = [model.displayName, model.provider, formatWindow(model.contextWindow, l10n.locale)];
  if (model.prices) parts.push(l10n.t('{0}/1M in', usdRateText(model.prices.input, l10n.locale)));
  const c = model.counting;
  parts.push(c.kind === 'exact' ? `${l10n.t('exact')} · ${tokenizerLabel(c.tokenizer)}` : `≈ ${errorLabel(c, l10n)}`);
  return parts.join(' · ');
}

/** `12.3 MB`. */
export function formatMegabytes(bytes: number, locale = 'en'): string {
  return `${decimalText(bytes / (1024 * 1024), 1, locale)} MB`;
}
