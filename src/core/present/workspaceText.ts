/**
 * How the Tokens view (host/workspace/) writes its numbers and reasons: a row's short
 * description, its tooltip, why a file has no count. Pure, so the words are tested in plain Node.
 */
import { windowSharePct } from '../catalog/contextWindow';
import { approxMark, errorLabel, isExact, type ModelInfo } from '../catalog/models';
import type { ScriptMix } from '../text/scriptClasses';
import { inputCost } from '../catalog/prices';
import { ENGLISH, type Localizer } from '../l10n';
import { formatUsd, integerText, percentText } from '../text/numberText';
import type { SkipReason } from '../workspace/workspaceWalker';
import { formatMegabytes } from './countFormat';
import { formatCompact } from './statusBarText';

/** What a row of the view stands for: a file or a folder, with its tokens for the model. */
export interface RowFigures {
  /** Tokens of the file, or of the counted files below the folder; undefined: a file without a count. */
  readonly tokens: number | undefined;
  /** Files below (a folder), counted or not. */
  readonly files?: number;
  /** Files below without a count (a folder): pending, skipped or failed. */
  readonly uncounted?: number;
  /** A file's tokens by script class, when the approximation is calibrated per script: its error bound follows them. */
  readonly scriptMix?: ScriptMix;
}

/** The view's context: the model and its usable window. */
export interface RowContext {
  readonly model: ModelInfo;
  readonly usableWindow: number;
}

/** `12.3k · 6.2%` (`≈12.3k · 6.2%` for an approximation): short enough for a row. */
export function rowDescription(row: RowFigures, context: RowContext, l10n: Localizer = ENGLISH): string {
  if (row.tokens === undefined) return '';
  const mark = isExact(context.model) ? '' : approxMark(context.model);
  return `${mark}${formatCompact(row.tokens, l10n.locale)} · ${percentText(windowSharePct(row.tokens, context.usableWindow), l10n.locale)}`;
}

/** The tooltip's lines (Markdown-free text; the host joins them). */
export function rowTooltipLines(name: string, row: RowFigures, context: RowContext, l10n: Localizer = ENGLISH): string[] {
  const locale = l10n.locale;
  const { model } = context;
  if (row.tokens === undefined) return [name];
  const exact = isExact(model);
  const lines = [
    name,
    exact
      ? l10n.t('{0} tokens for {1} (exact)', integerText(row.tokens, locale), model.id)
      : l10n.t('{0} tokens for {1} (approximate, {2})', `${approxMark(model)}${integerText(row.tokens, locale)}`, model.id, approximationNote(model, row, l10n)),
    l10n.t('{0} of the usable window ({1} tokens)', percentText(windowSharePct(row.tokens, context.usableWindow), locale), integerText(context.usableWindow, locale)),
  ];
  if (model.prices) lines.push(l10n.t('{0} as input', formatUsd(inputCost(model.prices, row.tokens), locale)));
  if (row.files !== undefined) {
    const counted = row.files - (row.uncounted ?? 0);
    lines.push(
      row.uncounted
        ? l10n.t('{0} files counted, {1} not counted', integerText(counted, locale), integerText(row.uncounted, locale))
        : l10n.t('{0} files', integerText(row.files, locale)),
    );
  }
  return lines;
}

/** The error bound: a file's for its scripts; a folder's is the Latin-script bound, said as such. */
function approximationNote(model: ModelInfo, row: RowFigures, l10n: Localizer): string {
  if (model.counting.kind !== 'approx') return '';
  if (row.files === undefined) return errorLabel(model.counting, l10n, row.scriptMix);
  return l10n.t('{0} for Latin-script text; each file’s tooltip has the bound for its scripts', errorLabel(model.counting, l10n));
}

/** Why a file found by the walk has no count, in a few words. */
export function skipReasonText(reason: SkipReason, l10n: Localizer = ENGLISH): string {
  switch (reason.kind) {
    case 'tooLarge':
      return l10n.t('not counted: {0}, over the {1} limit (tokenscope.maxFileSizeMB)', formatMegabytes(reason.bytes, l10n.locale), formatMegabytes(reason.maxBytes, l10n.locale));
    case 'linkOutside':
      return l10n.t('not read: a link to outside the workspace folder');
    case 'linkFolder':
      return l10n.t('not followed: a link to a folder (counted where it is)');
    case 'linkBroken':
      return l10n.t('not read: a broken link');
    case 'linkUnresolved':
      return l10n.t('not read: a link, which this file system cannot resolve');
    case 'notRegular':
      return l10n.t('not read: not a regular file (a device, FIFO or socket)');
    case 'unlisted':
      return l10n.t('not listed: {0}', reason.code);
  }
}
