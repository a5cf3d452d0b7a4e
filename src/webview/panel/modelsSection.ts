/**
 * Section 1, models side by side: the same text counted and priced for each model of the set
 * (tokenscope.insight.models), as a chart (input cost or tokens, ./modelsChart.ts) and a sortable
 * table with the cheapest and the most compact exact models marked. The table is a table down
 * to ~560 px and a stack of cards below (insight.css), so it never scrolls sideways. The set and
 * the expected output length belong to the host (it saves them in settings); the sort order and
 * the chart's measure belong to the panel's state.
 */
import type { WebviewToHost, ChartMeasure } from '../messages';
import type { InsightView, ModelRow } from '../../core/insights/insightView';
import { priceSources, rowMarks, rowTokensText, tokensText } from '../../core/present/insightFormat';
import { costText, formatWindow, integerText, percentText } from '../../core/text/numberText';
import { nextSort, sortModelRows, type SortColumn, type SortOrder } from '../../core/insights/modelSort';
import type { Localizer } from '../../core/l10n';
import { h, replaceKeepingFocus, section } from './dom';
import { createModelsChart } from './modelsChart';
import { describe } from './tips';

export interface ModelsContext {
  post(message: WebviewToHost): void;
  sort(): SortOrder | undefined;
  setSort(order: SortOrder): void;
  chart(): ChartMeasure;
  setChart(measure: ChartMeasure): void;
  l10n: Localizer;
}

/** Largest expected output accepted from the field: far above any model's output limit. */
const MAX_OUTPUT_TOKENS = 10_000_000;

interface Column {
  readonly key: SortColumn;
  readonly label: string;
  readonly tip: string;
}

export function createModelsSection(context: ModelsContext): { element: HTMLElement; render(view: InsightView): void } {
  const { l10n } = context;
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  const { element, body } = section('models', l10n.t('Models side by side'), 'models');
  let current: InsightView | undefined;
  const columns = (outputTokens: string): readonly Column[] => [
    { key: 'model', label: l10n.t('Model'), tip: l10n.t('The models of tokenscope.insight.models; add or remove them here.') },
    { key: 'tokens', label: l10n.t('Tokens'), tip: l10n.t("This text's token count for each model; ≈ marks an approximation, with its error band.") },
    { key: 'window', label: l10n.t('Fit'), tip: l10n.t("Share of each model's usable window: its context window less the tokens kept free for the answer.") },
    { key: 'input', label: l10n.t('Input'), tip: l10n.t('What this text costs as input, at list price; below it, as cached input where the model offers a cache price.') },
    { key: 'output', label: l10n.t('Output'), tip: l10n.t('What {0} of output cost (the expected output, set above).', outputTokens) },
    { key: 'total', label: l10n.t('Total'), tip: l10n.t('One request: the input cost of this text plus the cost of {0} of output. Cached input is not assumed.', outputTokens) },
  ];

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
  const chart = createModelsChart({ measure: context.chart, setMeasure: context.setChart, l10n });
  const results = h('div', { class: 'models-results' });
  body.append(controls, chart.element, results);

  function headerCell(column: Column, order: SortOrder | undefined, outputTokens: string): HTMLTableCellElement {
    const active = order?.column === column.key;
    const detail = column.key === 'output' ? outputTokens : column.key === 'total' ? l10n.t('input + output') : undefined;
    const button = h(
      'button',
      { type: 'button', class: 'sort', 'data-testid': `models-sort-${column.key}`, 'data-focus-key': `sort:${column.key}` },
      column.label,
      h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, active ? (order!.descending ? ' ▼' : ' ▲') : ''),
      detail !== undefined && h('span', { class: 'detail' }, detail),
    );
    button.addEventListener('click', () => {
      context.setSort(nextSort(context.sort(), column.key));
      if (current) draw(current);
    });
    return h(
      'th',
      {
        scope: 'col',
        class: column.key === 'model' ? 'has-tip' : 'num has-tip',
        'data-column': column.key,
        'aria-sort': active ? (order!.descending ? 'descending' : 'ascending') : undefined,
      },
      button,
      describe(button, column.tip),
    );
  }

  function costCell(amount: number | undefined, label: string, column: string, detail?: string): HTMLTableCellElement {
    if (amount === undefined) return h('td', { class: 'num missing', 'data-label': label, 'data-column': column }, h('span', { 'aria-label': l10n.t('no price') }, '—'));
    return h('td', { class: 'num', 'data-label': label, 'data-column': column }, costText(amount, locale), detail !== undefined && h('span', { class: 'detail' }, detail));
  }

  function row(m: ModelRow, marks: readonly string[], remaining: readonly string[], labels: readonly Column[]): HTMLTableRowElement {
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
    const label = (key: SortColumn) => labels.find((c) => c.key === key)!.label;
    return h(
      'tr',
      { 'data-model-id': m.id },
      h(
        'th',
        { scope: 'row', 'data-column': 'model' },
        h('span', { class: 'model-name' }, m.displayName),
        h('span', { class: 'detail' }, `${m.provider} · ${m.id}`),
        marks.length > 0 && h('span', { class: 'badges' }, ...marks.map((mark) => h('span', { class: 'badge' }, mark))),
      ),
      h(
        'td',
        { class: 'num', 'data-label': label('tokens'), 'data-column': 'tokens' },
        rowTokensText(m, locale),
        h('span', { class: 'detail' }, m.exact ? l10n.t('exact') : (m.errorLabel ?? l10n.t('approximate'))),
      ),
      h(
        'td',
        { class: fits ? 'num' : 'num over', 'data-label': label('window'), 'data-column': 'window' },
        percentText(m.windowSharePct, locale),
        h(
          'span',
          { class: 'detail', title: l10n.t('{0} usable tokens', int(m.usableWindow)) },
          fits ? l10n.t('of {0}', formatWindow(m.usableWindow, locale)) : l10n.t('over {0}', formatWindow(m.usableWindow, locale)),
        ),
      ),
      costCell(m.inputCost, label('input'), 'input', m.cachedInputCost !== undefined ? l10n.t('cached {0}', costText(m.cachedInputCost, locale)) : undefined),
      costCell(m.outputCost, label('output'), 'output'),
      costCell(m.totalCost, label('total'), 'total'),
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
    const ids = view.models.map((m) => m.id);
    chart.element.hidden = rows.length === 0;
    if (rows.length === 0) {
      replaceKeepingFocus(results, h('p', { class: 'empty', 'data-testid': 'models-table' }, l10n.t('No models in the set. Add some to compare them.')));
      return;
    }
    chart.draw(view, rows);
    const outputTokens = tokensText(view.expectedOutputTokens, l10n);
    const cols = columns(outputTokens);
    const tableElement = h(
      'table',
      { class: 'models-table', 'data-testid': 'models-table' },
      h('caption', { class: 'visually-hidden' }, l10n.t('Models side by side; column headers sort')),
      h(
        'thead',
        {},
        h('tr', {}, ...cols.map((c) => headerCell(c, order, outputTokens)), h('th', { scope: 'col', class: 'actions' }, h('span', { class: 'visually-hidden' }, l10n.t('Remove')))),
      ),
      h('tbody', {}, ...rows.map((m) => row(m, rowMarks(view.summary, m.id, l10n), ids, cols))),
    );
    const sources = priceSources(rows);
    replaceKeepingFocus(
      results,
      tableElement,
      h(
        'ul',
        { class: 'sources', 'data-testid': 'models-price-sources' },
        h('li', {}, l10n.t('Total: the input cost of this text plus the cost of {0} of output; cached input is not assumed.', outputTokens)),
        ...sources.map((s) => h('li', {}, l10n.t('Prices: {0} ({1})', s.source, s.models.join(', ')))),
        rows.some((m) => m.inputCost === undefined) && h('li', {}, l10n.t('—: no price for this model in the price data (add one in tokenscope.priceOverrides).')),
      ),
    );
  }

  return { element, render: draw };
}
