/**
 * How a notebook's total reads in the status bar's tooltip: the section on the notebook (its cells, outputs counted or not, share of the
 * window, cost). The item's `{notebook}` field is statusBarText.ts's; the active cell's own count
 * is the item's `{tokens}`, as for any text.
 */
import { approxMark, type ModelInfo } from '../catalog/models';
import { inputCost } from '../catalog/prices';
import { ENGLISH, type Localizer } from '../l10n';
import { formatUsd, integerText } from '../text/numberText';
import { formatShare, type Gauge, type NotebookView } from './countFormat';
import { tokensText } from './insightFormat';

/** The tooltip's notebook section (Markdown lines). */
export function notebookLines(notebook: NotebookView, model: ModelInfo, gauge: Gauge, l10n: Localizer = ENGLISH): string[] {
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  const total = tokensText(notebook.tokens, l10n, notebook.exact ? '' : '≈');
  const where = notebook.cell !== undefined ? l10n.t('the count above is cell {0} of {1}', int(notebook.cell), int(notebook.cells)) : l10n.t('{0} cells', int(notebook.cells));
  const lines = [l10n.t('**Notebook: {0}** ({1} of the usable window) · {2}', total, formatShare(notebook.tokens, gauge.usableWindow, locale), where)];
  lines.push(
    notebook.outputsCounted
      ? l10n.t('Cells and their text outputs ({0} in outputs; {1} turns them off)', tokensText(notebook.outputTokens, l10n, approxMark(model)), 'tokenscope.notebook.countOutputs')
      : l10n.t('Cells only; text outputs are not counted ({0})', 'tokenscope.notebook.countOutputs'),
  );
  if (notebook.outputsNotCounted > 0) lines.push(l10n.t('{0} outputs not counted: images or other binary data have no token count', int(notebook.outputsNotCounted)));
  if (notebook.uncounted > 0) lines.push(l10n.t('{0} cells or outputs could not be counted: the total leaves them out', int(notebook.uncounted)));
  if (model.prices) lines.push(l10n.t('Notebook as input: {0}', formatUsd(inputCost(model.prices, notebook.tokens), locale)));
  return lines;
}
