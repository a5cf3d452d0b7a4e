/**
 * One-line explanations on hover and on keyboard focus: a `role="tooltip"` element next to what
 * it explains, referenced by `aria-describedby`, so a screen reader reads it as the description
 * and a mouse or keyboard user sees it (insight.css shows `.tip` while its `.has-tip` container is
 * hovered or holds the focus). Escape hides the tips until the pointer or the focus moves on
 * (WCAG 1.4.13: dismissible without moving). Plain text only, like everything in the panel.
 */
import { h, type Child } from './dom';

let nextId = 0;

/** A tooltip for `target`: returns the tooltip element, to be put beside `target` in a `.has-tip` container. */
export function describe(target: HTMLElement, text: string): HTMLElement {
  const id = `tip-${++nextId}`;
  const existing = target.getAttribute('aria-describedby');
  target.setAttribute('aria-describedby', existing ? `${existing} ${id}` : id);
  return h('span', { role: 'tooltip', id, class: 'tip', 'data-testid': 'tip' }, text);
}

/**
 * A label with its explanation: the label is focusable (so keyboard users reach the tip) and
 * dotted-underlined (so everyone sees there is one).
 */
export function tipped(label: Child, text: string, testId?: string): HTMLElement {
  const term = h('span', { class: 'tip-term', tabindex: 0, ...(testId ? { 'data-testid': testId } : {}) }, label);
  return h('span', { class: 'has-tip' }, term, describe(term, text));
}

/** Escape hides every tip until the pointer moves or the focus changes. */
export function installTipDismissal(): void {
  const show = () => document.body.classList.remove('tips-dismissed');
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') document.body.classList.add('tips-dismissed');
  });
  document.addEventListener('pointermove', show);
  document.addEventListener('focusin', show);
}
