/**
 * The Dataset section, shown when the file is a JSON Lines dataset: examples, tokens per example
 * (total, mean, 95th percentile, largest, with its line), tokens by role, the model's training
 * limit and the examples over it, malformed lines, and what one epoch trains on. The summary is
 * computed in the worker apart from the panel's other numbers: progress shows until it is in.
 */
import type { InsightView } from '../../core/insights/insightView';
import type { Localizer } from '../../core/l10n';
import { costText, decimalText, integerText, percentText } from '../../core/text/numberText';
import { h, replaceKeepingFocus, section, table } from './dom';
import { tipped } from './tips';

export function createDatasetSection(l10n: Localizer): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('dataset', l10n.t('Dataset'), 'dataset');
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  return {
    element,
    render(view) {
      const dataset = view.dataset;
      element.hidden = !dataset;
      if (!dataset) return;
      if (!dataset.summary) {
        const text =
          dataset.status === 'error'
            ? l10n.t('The dataset could not be summarised: {0}', dataset.message ?? '')
            : dataset.fraction !== undefined
              ? l10n.t('Summarising the dataset… {0}', percentText(dataset.fraction * 100, locale))
              : l10n.t('Summarising the dataset…');
        replaceKeepingFocus(body, h('p', { class: dataset.status === 'error' ? 'note' : 'empty', 'data-testid': 'dataset-status', role: 'status' }, text));
        return;
      }
      const d = dataset.summary;
      const mark = d.exact ? '' : '≈';
      const metric = (testId: string, label: HTMLElement | string, value: string) => h('div', { class: 'metric', 'data-testid': testId }, h('dt', {}, label), h('dd', {}, value));
      const limit = d.trainingLimit;
      replaceKeepingFocus(
        body,
        dataset.status === 'stale'
          ? h('p', { class: 'note', 'data-testid': 'dataset-status', role: 'status' }, l10n.t('Updating: these numbers are of the text before the last change.'))
          : undefined,
        h(
          'dl',
          { class: 'metrics' },
          metric('dataset-examples', l10n.t('Examples'), int(d.examples)),
          metric(
            'dataset-total',
            tipped(l10n.t('Tokens'), l10n.t('All examples, each counted as the provider bills it (chat examples with their message framing).')),
            `${mark}${int(d.totalTokens)}`,
          ),
          metric('dataset-mean', l10n.t('Mean per example'), `${mark}${d.meanTokens >= 100 ? int(Math.round(d.meanTokens)) : decimalText(d.meanTokens, 1, locale)}`),
          metric('dataset-p95', tipped(l10n.t('95th percentile'), l10n.t('95% of the examples have at most this many tokens.')), `${mark}${int(d.p95Tokens)}`),
          metric('dataset-max', l10n.t('Largest'), d.maxLine !== undefined ? l10n.t('{0} (line {1})', `${mark}${int(d.maxTokens)}`, int(d.maxLine)) : `${mark}${int(d.maxTokens)}`),
          metric('dataset-malformed', l10n.t('Malformed lines'), int(d.malformedCount)),
          metric('dataset-empty', l10n.t('Empty lines'), int(d.emptyLines)),
        ),
        table(
          'dataset-roles',
          l10n.t('Tokens by role'),
          [{ label: l10n.t('Role') }, { label: l10n.t('Tokens'), numeric: true }, { label: l10n.t('Share'), numeric: true }],
          d.byRole.map((r) =>
            h(
              'tr',
              { 'data-role': r.role },
              h('th', { scope: 'row' }, r.role),
              h('td', { class: 'num' }, `${mark}${int(r.tokens)}`),
              h('td', { class: 'num' }, percentText(d.totalTokens > 0 ? (r.tokens / d.totalTokens) * 100 : 0, locale)),
            ),
          ),
        ),
        h(
          'p',
          { class: 'note', 'data-testid': 'dataset-limit' },
          limit
            ? limit.overCount > 0
              ? l10n.t(
                  '{0} example(s) over the training limit of {1} tokens per example ({2}); the Problems view lists them.',
                  int(limit.overCount),
                  int(limit.tokens),
                  limit.source,
                )
              : l10n.t('Every example is within the training limit of {0} tokens per example ({1}).', int(limit.tokens), limit.source)
            : l10n.t('Training limit per example: not published for {0}.', view.model.id),
        ),
        h(
          'p',
          { class: 'note', 'data-testid': 'dataset-training' },
          l10n.t('Training: {0} tokens an epoch (× the number of epochs); {1}.', `${mark}${int(d.tokensPerEpoch)}`, d.trainingPriceNote),
          d.evalInputCost !== undefined ? ` ${l10n.t('Sent once as input (an eval run): {0}.', costText(d.evalInputCost, locale))}` : '',
        ),
        d.malformed.length > 0
          ? h('ul', { class: 'note', 'data-testid': 'dataset-malformed-lines' }, ...d.malformed.map((m) => h('li', {}, l10n.t('Line {0}: {1}', int(m.line), m.error))))
          : undefined,
      );
    },
  };
}
