/**
 * What the panel says while it has no fresh numbers: a progress bar with Cancel while the host
 * computes, or why there is nothing to show (no editor, an error, a cancelled run).
 */
import type { PanelStatus, WebviewToHost } from '../messages';
import { meter } from './charts';
import type { Localizer } from '../../core/l10n';
import { withPercentSign } from '../../core/text/numberText';
import { h } from './dom';

export function createStatusBanner(
  post: (message: WebviewToHost) => void,
  l10n: Localizer,
): { element: HTMLElement; render(status: PanelStatus, shown: { readonly fileName: string; readonly partial: boolean } | undefined): void } {
  // Only the message is a live region, and it does not change with the percentage: a screen
  // reader hears "Computing…" once, and reads the progress bar's value when asked.
  const message = h('p', { 'aria-live': 'polite', 'data-testid': 'status-message' });
  const percent = h('span', { class: 'percent', 'aria-hidden': 'true' });
  const progress = h('div', {
    class: 'progress',
    role: 'progressbar',
    'aria-label': l10n.t('Computing the numbers'),
    'aria-valuemin': 0,
    'aria-valuemax': 100,
    'data-testid': 'status-progress',
  });
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-testid': 'status-cancel' }, l10n.t('Cancel'));
  cancel.addEventListener('click', () => post({ type: 'cancel' }));
  // A cancelled run stays cancelled until asked for again (the host does not restart it by itself).
  const again = h('button', { type: 'button', class: 'secondary', 'data-testid': 'status-count-again' }, l10n.t('Count again'));
  again.addEventListener('click', () => post({ type: 'countAgain' }));
  const element = h('div', { class: 'status', 'data-testid': 'status' }, message, percent, progress, cancel, again);

  return {
    element,
    /** `shown`: what the numbers under the banner are of, if there are numbers (`partial`: the current model's only). */
    render(status, shown) {
      const hasNumbers = shown !== undefined;
      element.dataset.kind = status.kind;
      // An error interrupts; progress and "no editor" wait their turn.
      message.setAttribute('aria-live', status.kind === 'error' ? 'assertive' : 'polite');
      element.hidden = status.kind === 'ready' && hasNumbers;
      percent.hidden = progress.hidden = cancel.hidden = status.kind !== 'computing';
      again.hidden = status.kind !== 'cancelled';
      switch (status.kind) {
        case 'ready':
          message.textContent = l10n.t('Waiting for the numbers of the active editor…');
          break;
        case 'computing': {
          const known = status.fraction !== undefined && Number.isFinite(status.fraction);
          const pct = known ? Math.round(Math.min(1, Math.max(0, status.fraction!)) * 100) : undefined;
          message.textContent = l10n.t('Computing…');
          percent.textContent = pct === undefined ? '' : withPercentSign(String(pct), l10n.locale);
          // Without a fraction the bar is indeterminate: no aria-valuenow, an animated stripe.
          if (pct === undefined) progress.removeAttribute('aria-valuenow');
          else progress.setAttribute('aria-valuenow', String(pct));
          progress.classList.toggle('indeterminate', pct === undefined);
          progress.replaceChildren(meter(pct === undefined ? 0.3 : pct / 100, 'progress-meter'));
          break;
        }
        case 'noEditor':
          message.textContent = l10n.t('Open a text editor: the panel shows the numbers of the active editor, or of its selection.');
          break;
        case 'error':
          message.textContent = l10n.t('Could not compute the numbers: {0}', status.message);
          break;
        case 'cancelled':
          // The last complete run may be of another file (Cancel on a big file just opened): say
          // which, so its numbers are not read as the cancelled file's.
          // Or they are the cancelled run's own, the current model's only (a partial answer).
          message.textContent = !shown
            ? l10n.t('Cancelled.')
            : shown.partial
              ? l10n.t('Cancelled before the other models were counted: the numbers below are the current model’s only.')
              : status.fileName !== undefined && status.fileName !== shown.fileName
                ? l10n.t('Cancelled: {0} was not counted. The numbers below are of {1}, from the last complete run.', status.fileName, shown.fileName)
                : l10n.t('Cancelled. The numbers below are from the last complete run.');
          break;
      }
    },
  };
}
