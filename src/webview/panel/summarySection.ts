/**
 * Section 0, at a glance: the current model's tokens, how much of its usable window they fill
 * and what they cost, then the cheapest and the most compact exact model of the set, and any
 * ≈ model that could beat them with what its error band means for that (insightSummary.ts).
 */
import type { InsightView } from '../../core/insights/insightView';
import type { Localizer } from '../../core/l10n';
import { contenderText } from '../../core/present/insightFormat';
import { cheapestLine, costLine, fitLine, mostCompactLine, tokensLine, type SummaryLine } from '../../core/present/insightSummaryText';
import { integerText } from '../../core/text/numberText';
import { h, replaceKeepingFocus } from './dom';
import { tipped } from './tips';

export function createSummarySection(l10n: Localizer): { element: HTMLElement; render(view: InsightView): void } {
  const body = h('div', { class: 'summary-body' });
  const element = h(
    'section',
    { class: 'summary', 'aria-labelledby': 'summary-heading', 'data-testid': 'summary' },
    h('h2', { id: 'summary-heading', class: 'visually-hidden' }, l10n.t('At a glance')),
    body,
  );

  function item(label: string, tip: string, line: SummaryLine, testId: string, extra?: HTMLElement): HTMLElement {
    return h(
      'div',
      { class: 'summary-item', 'data-testid': testId },
      h('dt', {}, tipped(label, tip)),
      h('dd', { class: testId === 'summary-cheapest' || testId === 'summary-compact' ? 'summary-value summary-name' : 'summary-value' }, line.value),
      h('dd', { class: 'summary-detail' }, line.detail),
      extra,
    );
  }

  return {
    element,
    render(view) {
      const summary = view.summary;
      const name = summary.current.displayName;
      const caveats = (kind: 'cost' | 'tokens') => {
        const list = kind === 'cost' ? summary.cheaperApprox : summary.compacterApprox;
        return list.length === 0
          ? undefined
          : h('dd', { class: 'caveat', 'data-testid': `summary-${kind}-caveat` }, ...list.map((c) => h('span', { class: 'caveat-line' }, contenderText(c, kind, l10n))));
      };
      replaceKeepingFocus(
        body,
        h(
          'dl',
          { class: 'summary-grid' },
          item(
            l10n.t('Tokens'),
            l10n.t('How many tokens {0} reads in this text (the model chosen in tokenscope.model).', name),
            tokensLine(summary, l10n),
            'summary-tokens',
            // A request file: these numbers are of its text; what is billed is the request's total (the status bar's).
            view.request
              ? h(
                  'dd',
                  { class: 'caveat', 'data-testid': 'summary-request-caveat' },
                  l10n.t('The file as text. Sent as a request: {0} tokens (Request, below).', `${view.request.exact ? '' : '≈'}${integerText(view.request.total, l10n.locale)}`),
                )
              : undefined,
          ),
          item(
            l10n.t('Fit'),
            l10n.t(
              "Share of {0}'s usable window: its context window less the tokens kept free for the answer (tokenscope.reservedOutputTokens), as the status bar measures it.",
              name,
            ),
            fitLine(summary, l10n),
            'summary-fit',
          ),
          item(
            l10n.t('Cost'),
            l10n.t('What this text costs {0} as input at list price; the second figure adds the expected output set below.', name),
            costLine(summary, view.expectedOutputTokens, l10n),
            'summary-cost',
          ),
          // Not from a partial view (one model counted so far): it would rank models not counted yet.
          ...(view.partial
            ? []
            : [
                item(
                  l10n.t('Cheapest'),
                  l10n.t(
                    'The exact model of the set below whose input cost for this text is lowest. Approximated (≈) models are not ranked over it without a word on their error.',
                  ),
                  cheapestLine(summary, l10n),
                  'summary-cheapest',
                  caveats('cost'),
                ),
                item(
                  l10n.t('Most compact'),
                  l10n.t('The exact model of the set below that needs the fewest tokens for this text, so leaves the most room in its window.'),
                  mostCompactLine(summary, l10n),
                  'summary-compact',
                  caveats('tokens'),
                ),
              ]),
        ),
      );
    },
  };
}
