/**
 * Section 2, models side by side: the same text counted and priced for each model of the set
 * (tokenscope.insight.models), as a sortable table and a bar chart of tokens with the cheapest
 * and the most compact marked. The set and the expected output length belong to the host
 * (it saves them in settings); the sort order belongs to the panel's state.
 */
import type { WebviewToHost } from '../messages';
import type { InsightView, ModelRow } from '../../core/insights/insightView';
import { cheapestIds, mostCompactIds, priceSources, rowTokensText, tokensText } from '../../core/present/insightFormat';
import { integerText, percentText, usdText } from '../../core/text/numberText';
import { nextSort, sortModelRows, type SortColumn, type SortOrder } from '../modelSort';
import { barChart } from './charts';
import type { Localizer } from '../../core/l10n';
import { h, replaceKeepingFocus, scrollBox, section } from './dom';

export interface ModelsContext {
  post(message: WebviewToHost): void;
  sort(): SortOrder | undefined;
  setSort(order: SortOrder): void;
  l10n: Localizer;
}

/** Largest expected output accepted from the field: far above any model's output limit. */
const MAX_OUTPUT_TOKENS = 10_000_000;

interface Column {
  readonly key: SortColumn;
  readonly label: string;
  readonly numeric: boolean;
}

export function createModelsSection(context: ModelsContext): { element: HTMLElement; render(view: InsightView): void } {
  const { l10n } = context;
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  const { element, body } = section('models', l10n.t('Models side by side'), 'models');
  let current: InsightView | undefined;
  const columns: readonly Column[] = [
    { key: 'model', label: l10n.t('Model'), numeric: false },
    { key: 'tokens', label: l10n.t('Tokens'), numeric: true },
    { key: 'window', label: l10n.t('Usable window'), numeric: true },
    { key: 'input', label: l10n.t('Input'), numeric: true },
    { key: 'cached', label: l10n.t('Cached input'), numeric: true },
    { key: 'output', label: l10n.t('Output'), numeric: true },
  ];

  function costCell(amount: number | undefined): HTMLTableCellElement {
    return amount === undefined ? h('td', { class: 'num missing' }, h('span', { 'aria-label': l10n.t('no price') }, '—')) : h('td', { class: 'num' }, usdText(amount, locale));
  }

  // Controls built once, so typing in the field is not interrupted when new numbers arrive.
  const outputField = h('input', {
    id: 'expected-output',
    type: 'number',
    min: 0,
    max: MAX_OUTPUT_TOKENS,
    step: 1,
    inputmode: 'numeric',
    'data-testid': 'models-expected-output',
    'aria-describedby': 'expected-output-error',
  });
  const outputError = h('span', { id: 'expected-output-error', class: 'field-error', hidden: true }, l10n.t('A whole number of tokens from 0 to {0}.', int(MAX_OUTPUT_TOKENS)));
  outputField.addEventListener('change', () => {
    const tokens = Number(outputField.value);
    const valid = outputField.value.trim() !== '' && Number.isInteger(tokens) && tokens >= 0 && tokens <= MAX_OUTPUT_TOKENS;
    outputField.setAttribute('aria-invalid', String(!valid));
    outputError.hidden = valid;
    if (valid) context.post({ type: 'setExpectedOutput', tokens });
  });
  const addButton = h('button', { type: 'button', class: 'secondary', 'data-testid': 'models-add' }, l10n.t('Add models…'));
  addButton.addEventListener('click', () => context.post({ type: 'editModels' }));
  const controls = h('div', { class: 'toolbar' }, h('label', { for: 'expected-output' }, l10n.t('Expected output (tokens)')), outputField, addButton, outputError);
  const results = h('div', { class: 'models-results' });
  body.append(controls, results);

  function headerCell(column: Column, order: SortOrder | undefined, outputTokens: number): HTMLTableCellElement {
    const active = order?.column === column.key;
    const button = h(
      'button',
      { type: 'button', class: 'sort', 'data-testid': `models-sort-${column.key}`, 'data-focus-key': `sort:${column.key}` },
      column.label,
      h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, active ? (order!.descending ? ' ▼' : ' ▲') : ''),
      column.key === 'output' && h('span', { class: 'detail' }, tokensText(outputTokens, l10n)),
    );
    button.addEventListener('click', () => {
      context.setSort(nextSort(context.sort(), column.key));
      if (current) draw(current);
    });
    return h('th', { scope: 'col', class: column.numeric ? 'num' : undefined, 'aria-sort': active ? (order!.descending ? 'descending' : 'ascending') : undefined }, button);
  }

  function row(m: ModelRow, marks: readonly string[], remaining: readonly string[]): HTMLTableRowElement {
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'icon',
        'aria-label': l10n.t('Remove {0}', m.displayName),
        title: l10n.t('Remove {0} from the set', m.displayName),
        'data-testid': 'models-remove',
        'data-focus-key': `remove:${m.id}`,
      },
      '×',
    );
    remove.addEventListener('click', () => context.post({ type: 'setModels', ids: remaining.filter((id) => id !== m.id) }));
    const fits = m.windowSharePct <= 100;
    return h(
      'tr',
      { 'data-model-id': m.id },
      h(
        'th',
        { scope: 'row' },
        h('span', { class: 'model-name' }, m.displayName),
        h('span', { class: 'detail' }, `${m.provider} · ${m.id}`),
        marks.length > 0 && h('span', { class: 'badges' }, ...marks.map((mark) => h('span', { class: 'badge' }, mark))),
      ),
      h('td', { class: 'num' }, rowTokensText(m, locale), h('span', { class: 'detail' }, m.exact ? l10n.t('exact') : (m.errorLabel ?? l10n.t('approximate')))),
      h(
        'td',
        { class: fits ? 'num' : 'num over' },
        percentText(m.windowSharePct, locale),
        h('span', { class: 'detail' }, fits ? l10n.t('of {0}', int(m.usableWindow)) : l10n.t('does not fit {0}', int(m.usableWindow))),
      ),
      costCell(m.inputCost),
      costCell(m.cachedInputCost),
      costCell(m.outputCost),
      h('td', { class: 'actions' }, remove),
    );
  }

  function draw(view: InsightView): void {
    current = view;
    if (document.activeElement !== outputField) {
      // The host's value replaces whatever was typed, a refused entry included.
      outputField.value = String(view.expectedOutputTokens);
      outputField.removeAttribute('aria-invalid');
      outputError.hidden = true;
    }
    const order = context.sort();
    const rows = sortModelRows(view.models, order);
    const cheapest = new Set(cheapestIds(rows));
    const compact = new Set(mostCompactIds(rows));
    const marksOf = (m: ModelRow) => [...(cheapest.has(m.id) ? [l10n.t('cheapest')] : []), ...(compact.has(m.id) ? [l10n.t('most compact')] : [])];
    const ids = view.models.map((m) => m.id);
    if (rows.length === 0) {
      replaceKeepingFocus(results, h('p', { class: 'empty', 'data-testid': 'models-table' }, l10n.t('No models in the set. Add some to compare them.')));
      return;
    }
    const tableElement = h(
      'table',
      { 'data-testid': 'models-table' },
      h('caption', { class: 'visually-hidden' }, l10n.t('Models side by side; column headers sort')),
      h(
        'thead',
        {},
        h('tr', {}, ...columns.map((c) => headerCell(c, order, view.expectedOutputTokens)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, l10n.t('Remove')))),
      ),
      h('tbody', {}, ...rows.map((m) => row(m, marksOf(m), ids))),
    );
    const sources = priceSources(rows);
    const summary = l10n.t(
      'Tokens per model: {0}',
      rows.map((m) => `${m.displayName} ${rowTokensText(m, locale)}${marksOf(m).length > 0 ? ` (${marksOf(m).join(', ')})` : ''}`).join('; '),
    );
    replaceKeepingFocus(
      results,
      scrollBox(tableElement),
      h(
        'ul',
        { class: 'sources', 'data-testid': 'models-price-sources' },
        ...sources.map((s) => h('li', {}, l10n.t('Prices: {0} ({1})', s.source, s.models.join(', ')))),
        rows.some((m) => m.inputCost === undefined) && h('li', {}, l10n.t('—: no price for this model in the price data (add one in tokenscope.priceOverrides).')),
      ),
      h(
        'figure',
        { class: 'chart-figure', 'data-testid': 'models-chart' },
        barChart(
          summary,
          rows.map((m) => ({ label: m.displayName, value: m.tokens, valueText: tokensText(m.tokens, l10n, m.exact ? '' : '≈'), marks: marksOf(m) })),
        ),
        h('figcaption', {}, l10n.t('Tokens per model')),
      ),
    );
  }

  return { element, render: draw };
}
