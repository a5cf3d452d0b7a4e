/**
 * Copying the panel's numbers: the host builds the text (src/core/insightExport.ts) and writes
 * the clipboard; the panel asks and confirms.
 */
import type { ExportFormat, WebviewToHost } from '../messages';
import { h } from './dom';

const FORMATS: ReadonlyArray<{ format: ExportFormat; label: string }> = [
  { format: 'markdown', label: 'Markdown' },
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

/** How long the confirmation stays: long enough to read, gone before it gets stale. */
const CONFIRMATION_MS = 4000;

export function createExportButtons(post: (message: WebviewToHost) => void): { element: HTMLElement; setEnabled(enabled: boolean): void; confirm(format: ExportFormat): void } {
  const buttons = FORMATS.map(({ format, label }) => {
    const button = h('button', { type: 'button', class: 'secondary', 'data-testid': `export-${format}`, title: `Copy the numbers as ${label}` }, label);
    button.addEventListener('click', () => post({ type: 'export', format }));
    return button;
  });
  const confirmation = h('span', { class: 'confirmation', role: 'status', 'data-testid': 'export-confirmation' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const element = h('div', { class: 'export', role: 'group', 'aria-label': 'Copy the numbers' }, h('span', { class: 'export-label' }, 'Copy as'), ...buttons, confirmation);
  return {
    element,
    setEnabled(enabled) {
      for (const b of buttons) b.disabled = !enabled;
    },
    confirm(format) {
      confirmation.textContent = `Copied as ${FORMATS.find((f) => f.format === format)!.label}.`;
      clearTimeout(timer);
      timer = setTimeout(() => (confirmation.textContent = ''), CONFIRMATION_MS);
    },
  };
}
