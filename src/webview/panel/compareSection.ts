/**
 * Section 3, where two tokenizers disagree: the spans of the text that two models cut into
 * different numbers of tokens. The host computes the spans for the pair chosen here; a span
 * reveals itself in the editor on click, and all of them can be highlighted there.
 */
import type { WebviewToHost } from '../messages';
import type { InsightView } from '../../core/insights/insightView';
import { disagreementVerdict, modelLabel, visibleText } from '../../core/present/insightFormat';
import { integerText } from '../../core/text/numberText';
import type { Localizer } from '../../core/l10n';
import { h, replaceKeepingFocus, section } from './dom';

export function createCompareSection(post: (message: WebviewToHost) => void, l10n: Localizer): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('compare', l10n.t('Where tokenizers disagree'), 'compare');
  const int = (n: number) => integerText(n, l10n.locale);

  const selectA = h('select', { id: 'compare-a', 'data-testid': 'compare-a' });
  const selectB = h('select', { id: 'compare-b', 'data-testid': 'compare-b' });
  const highlight = h('input', { id: 'compare-highlight', type: 'checkbox', 'data-testid': 'compare-highlight' });
  const pickNote = h('p', { class: 'note', role: 'status', 'data-testid': 'compare-note' });
  const results = h('div', { class: 'compare-results' });

  function choose(): void {
    const a = selectA.value;
    const b = selectB.value;
    pickNote.textContent = a !== '' && a === b ? l10n.t('Pick two different models.') : '';
    if (a !== '' && b !== '' && a !== b) post({ type: 'setCompare', a, b });
  }
  selectA.addEventListener('change', choose);
  selectB.addEventListener('change', choose);
  highlight.addEventListener('change', () => post({ type: 'highlightDisagreements', on: highlight.checked }));

  body.append(
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'compare-a' }, l10n.t('Model A')),
      selectA,
      h('label', { for: 'compare-b' }, l10n.t('Model B')),
      selectB,
      h('span', { class: 'checkbox' }, highlight, h('label', { for: 'compare-highlight' }, l10n.t('Highlight in editor'))),
    ),
    pickNote,
    results,
  );

  /** Sets a select's options to the choices, with a "choose" entry while nothing is chosen. */
  function fill(select: HTMLSelectElement, choices: InsightView['modelChoices'], chosen: string | undefined): void {
    const options = choices.map((c) => h('option', { value: c.id }, c.label));
    if (chosen === undefined || !choices.some((c) => c.id === chosen)) options.unshift(h('option', { value: '', disabled: true }, l10n.t('Choose a model…')));
    select.replaceChildren(...options);
    select.value = chosen !== undefined && choices.some((c) => c.id === chosen) ? chosen : '';
  }

  return {
    element,
    render(view) {
      const compare = view.compare;
      fill(selectA, view.modelChoices, compare?.a);
      fill(selectB, view.modelChoices, compare?.b);
      highlight.checked = compare?.highlighted ?? false;
      highlight.disabled = compare === undefined || compare.refused !== undefined;
      if (!compare) {
        replaceKeepingFocus(
          results,
          h('p', { class: 'empty', 'data-testid': 'disagreement-list' }, l10n.t('Choose two models to see where their tokenizers cut the text differently.')),
        );
        return;
      }
      if (compare.refused !== undefined) {
        replaceKeepingFocus(results, h('p', { class: 'empty', 'data-testid': 'disagreement-list' }, compare.refused));
        return;
      }
      const a = modelLabel(view, compare.a);
      const b = modelLabel(view, compare.b);
      if (compare.spans.length === 0) {
        replaceKeepingFocus(results, h('p', { class: 'empty', 'data-testid': 'disagreement-list' }, l10n.t('{0} and {1} cut this text into the same tokens.', a, b)));
        return;
      }
      const totalA = compare.spans.reduce((sum, s) => sum + s.tokensA, 0);
      const totalB = compare.spans.reduce((sum, s) => sum + s.tokensB, 0);
      const items = compare.spans.map((s) => {
        const verdict = disagreementVerdict(s.tokensA, s.tokensB, a, b, l10n);
        const button = h(
          'button',
          { type: 'button', class: 'span', title: l10n.t('Show in the editor'), 'data-start': s.start, 'data-end': s.end, 'data-focus-key': `span:${s.start}-${s.end}` },
          h('code', { class: 'token' }, visibleText(s.text)),
          h('span', { class: 'span-counts' }, `${a} ${int(s.tokensA)} · ${b} ${int(s.tokensB)}`),
          h('span', { class: s.tokensA === s.tokensB ? 'verdict' : 'verdict costlier' }, verdict),
        );
        button.addEventListener('click', () => post({ type: 'reveal', start: s.start, end: s.end }));
        return h('li', {}, button);
      });
      replaceKeepingFocus(
        results,
        h(
          'p',
          { class: 'subtitle', 'data-testid': 'compare-summary' },
          compare.spans.length === 1
            ? l10n.t('{0} span: {1} {2} tokens, {3} {4} tokens.', int(compare.spans.length), a, int(totalA), b, int(totalB))
            : l10n.t('{0} spans: {1} {2} tokens, {3} {4} tokens.', int(compare.spans.length), a, int(totalA), b, int(totalB)),
        ),
        h('ol', { class: 'spans', 'data-testid': 'disagreement-list' }, ...items),
        compare.truncated && h('p', { class: 'note' }, l10n.t('There are more spans than the {0} listed.', int(compare.spans.length))),
      );
    },
  };
}
