/**
 * Copying the panel's numbers: the host builds the text (src/core/present/insightExport.ts) and writes
 * the clipboard; the panel asks, with the table's current sort order so the copy lists the
 * models as the panel does, and confirms.
 */
import type { WebviewToHost } from '../messages';
import type { SortOrder } from '../../core/insights/modelSort';
import type { ExportFormat } from '../../core/insights/insightView';
import type { Localizer } from '../../core/l10n';
import { h } from './dom';

const FORMATS: ReadonlyArray<{ format: ExportFormat; label: string }> = [
  { format: 'markdown', label: 'Markdown' },
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

/** How long the confirmation stays: long enough to read, gone before it gets stale. */
const CONFIRMATION_MS = 4000;

export function createExportButtons(
  post: (message: WebviewToHost) => void,
  sort: () => SortOrder | undefined,
  l10n: Localizer,
): { element: HTMLElement; setEnabled(enabled: boolean): void; confirm(format: ExportFormat): void } {
  const buttons = FORMATS.map(({ format, label }) => {
    const button = h('button', { type: 'button', class: 'secondary', 'data-testid': `export-${format}`, title: l10n.t('Copy the numbers as {0}', label) }, label);
    button.addEventListener('click', () => {
      const order = sort();
      post(order ? { type: 'export', format, sort: order } : { type: 'export', format });
    });
    return button;
  });
  const confirmation = h('span', { class: 'confirmation', role: 'status', 'data-testid': 'export-confirmation' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const element = h(
    'div',
    { class: 'export', role: 'group', 'aria-label': l10n.t('Copy the numbers') },
    h('span', { class: 'export-label' }, l10n.t('Copy as')),
    ...buttons,
    confirmation,
  );
  return {
    element,
    setEnabled(enabled) {
      for (const b of buttons) b.disabled = !enabled;
    },
    confirm(format) {
      confirmation.textContent = l10n.t('Copied as {0}.', FORMATS.find((f) => f.format === format)!.label);
      clearTimeout(timer);
      timer = setTimeout(() => (confirmation.textContent = ''), CONFIRMATION_MS);
    },
  };
}
