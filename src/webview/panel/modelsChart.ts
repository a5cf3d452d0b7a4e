/**
 * The models chart: what this text costs each model as input (the default; costs differ by
 * orders of magnitude where token counts differ by a few percent), or each model's tokens, with
 * a switch between the two kept in the panel's state. An ≈ model's bar carries its error band.
 */
import type { InsightView, ModelRow } from '../../core/insights/insightView';
import type { Localizer } from '../../core/l10n';
import { rowMarks, tokensText } from '../../core/present/insightFormat';
import { costText } from '../../core/text/numberText';
import type { ChartMeasure } from '../messages';
import { barChart, type Bar } from './charts';
import { h } from './dom';

export interface ModelsChartContext {
  measure(): ChartMeasure;
  setMeasure(measure: ChartMeasure): void;
  l10n: Localizer;
}

/** The chart's switch and figure; `draw` redraws it for sorted rows. */
export function createModelsChart(context: ModelsChartContext): { element: HTMLElement; draw(view: InsightView, rows: readonly ModelRow[]): void } {
  const { l10n } = context;
  const switchButton = (measure: ChartMeasure, label: string) =>
    h('button', { type: 'button', class: 'segment', 'data-measure': measure, 'data-testid': `models-chart-${measure}`, 'data-focus-key': `chart:${measure}` }, label);
  const buttons = [switchButton('cost', l10n.t('Input cost')), switchButton('tokens', l10n.t('Tokens'))];
  const figure = h('figure', { class: 'chart-figure', 'data-testid': 'models-chart' });
  const element = h('div', { class: 'models-chart' }, h('div', { class: 'segmented', role: 'group', 'aria-label': l10n.t('Chart shows') }, ...buttons), figure);
  let last: { view: InsightView; rows: readonly ModelRow[] } | undefined;

  for (const button of buttons) {
    button.addEventListener('click', () => {
      context.setMeasure(button.dataset.measure === 'tokens' ? 'tokens' : 'cost');
      if (last) draw(last.view, last.rows);
    });
  }

  function bar(m: ModelRow, measure: ChartMeasure, marks: string[]): Bar {
    const mark = m.exact ? '' : '≈';
    const band = (value: number) => (m.errorPct !== undefined ? ([value * (1 - m.errorPct / 100), value * (1 + m.errorPct / 100)] as const) : undefined);
    if (measure === 'tokens') return { label: m.displayName, value: m.tokens, valueText: tokensText(m.tokens, l10n, mark), marks, band: band(m.tokens) };
    if (m.inputCost === undefined) return { label: m.displayName, value: 0, valueText: l10n.t('no price'), marks };
    return { label: m.displayName, value: m.inputCost, valueText: `${mark}${costText(m.inputCost, l10n.locale)}`, marks, band: band(m.inputCost) };
  }

  function draw(view: InsightView, rows: readonly ModelRow[]): void {
    last = { view, rows };
    const measure = context.measure();
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.measure === measure));
    // Each view marks what it compares: the cost view the cheapest, the token view the most compact.
    const relevant =
      measure === 'cost' ? [l10n.t('cheapest'), l10n.t('cheaper'), l10n.t('maybe cheaper')] : [l10n.t('most compact'), l10n.t('more compact'), l10n.t('maybe more compact')];
    const bars = rows.map((m) =>
      bar(
        m,
        measure,
        rowMarks(view.summary, m.id, l10n).filter((mark) => relevant.includes(mark)),
      ),
    );
    const title = measure === 'cost' ? l10n.t('Input cost of this text per model') : l10n.t('Tokens per model');
    const summary = `${title}: ${bars.map((b) => `${b.label} ${b.valueText}${b.marks.length > 0 ? ` (${b.marks.join(', ')})` : ''}`).join('; ')}`;
    figure.dataset.measure = measure;
    figure.replaceChildren(
      barChart(summary, bars),
      h(
        'figcaption',
        {},
        measure === 'cost' ? l10n.t('Input cost of this text at list price; ≈ bars show their error band.') : l10n.t('Tokens of this text; ≈ bars show their error band.'),
      ),
    );
  }

  return { element, draw };
}
