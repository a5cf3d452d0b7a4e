/**
 * The Notebook section, shown when the followed text is a cell of a Jupyter notebook: every cell
 * with its tokens (source, and text outputs when `tokenscope.notebook.countOutputs` is on), most
 * first, the followed cell marked; a cell's label reveals and selects it in the notebook.
 */
import type { InsightView } from '../../core/insights/insightView';
import type { Localizer } from '../../core/l10n';
import { integerText, percentText } from '../../core/text/numberText';
import type { WebviewToHost } from '../messages';
import { meter } from './charts';
import { h, replaceKeepingFocus, section, table } from './dom';

export function createNotebookSection(post: (message: WebviewToHost) => void, l10n: Localizer): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('notebook', l10n.t('Notebook'), 'notebook');
  const locale = l10n.locale;
  return {
    element,
    render(view) {
      const notebook = view.notebook;
      element.hidden = !notebook;
      if (!notebook) return;
      const mark = notebook.exact ? '' : '≈';
      const int = (n: number) => `${mark}${integerText(n, locale)}`;
      const tokensOf = (c: (typeof notebook.cells)[number]) => (c.sourceTokens ?? 0) + (notebook.outputsCounted ? c.outputTokens : 0);
      const cells = [...notebook.cells].sort((a, b) => tokensOf(b) - tokensOf(a) || a.index - b.index);
      const rows = cells.map((c) => {
        const label = h(
          'button',
          { type: 'button', class: 'link', 'data-testid': 'notebook-reveal', 'data-focus-key': `cell:${c.index}`, title: l10n.t('Show in the notebook') },
          l10n.t('Cell {0}', integerText(c.index + 1, locale)),
        );
        label.addEventListener('click', () => post({ type: 'revealCell', index: c.index }));
        const share = notebook.total > 0 ? tokensOf(c) / notebook.total : 0;
        return h(
          'tr',
          { 'data-cell': c.index, class: c.active ? 'active' : undefined, 'aria-current': c.active ? 'true' : undefined },
          h('th', { scope: 'row' }, label, h('div', { class: 'detail' }, `${c.kind === 'code' ? l10n.t('code') : l10n.t('markdown')} · ${c.firstLine}`)),
          h('td', { class: 'num', 'data-column': 'source' }, c.sourceTokens === undefined ? (c.note ?? l10n.t('not counted')) : int(c.sourceTokens)),
          h(
            'td',
            { class: 'num', 'data-column': 'outputs' },
            notebook.outputsCounted ? `${int(c.outputTokens)}${c.outputsNotCounted > 0 ? ` (${l10n.t('{0} not counted', integerText(c.outputsNotCounted, locale))})` : ''}` : '–',
          ),
          h('td', { class: 'num share', 'data-column': 'share' }, h('span', {}, percentText(share * 100, locale)), meter(share, 'share-meter')),
        );
      });
      replaceKeepingFocus(
        body,
        h(
          'p',
          { class: 'subtitle', 'data-testid': 'notebook-total' },
          notebook.outputsCounted
            ? l10n.t('{0} cells, {1} tokens with their text outputs.', integerText(notebook.cells.length, locale), int(notebook.total))
            : l10n.t('{0} cells, {1} tokens; outputs not counted (tokenscope.notebook.countOutputs).', integerText(notebook.cells.length, locale), int(notebook.total)),
        ),
        table(
          'notebook-cells',
          l10n.t('Cells by tokens'),
          [
            { label: l10n.t('Cell') },
            { label: l10n.t('Source'), numeric: true },
            { label: l10n.t('Outputs'), numeric: true },
            { label: l10n.t('Share of notebook'), numeric: true },
          ],
          rows,
        ),
      );
    },
  };
}
