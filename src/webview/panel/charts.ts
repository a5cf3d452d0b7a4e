/**
 * The panel's charts: plain SVG drawn from the numbers, coloured by the stylesheet from the
 * theme (--vscode-charts-*), sized with SVG attributes (never inline styles, which the CSP
 * blocks). Horizontal positions are percentages so a chart fills the panel at any width
 * without scaling its text. Each chart is one image to assistive technology (role="img", a
 * label that states the numbers); the tables beside them hold the same numbers as text.
 */
import { integerText } from '../../core/text/numberText';
import { svg } from './dom';

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly valueText: string;
  /** Words shown after the value, e.g. `cheapest`: a mark that does not rely on colour. */
  readonly marks: readonly string[];
  /** The range the true value lies in (an approximation's error band), drawn as a bracket over the bar. */
  readonly band?: readonly [low: number, high: number];
}

const BAR_ROW = 34;

/** Bars of `value`, one a row, each under a line `label · value · marks`. */
export function barChart(summary: string, bars: readonly Bar[]): SVGSVGElement {
  // Costs are fractions of a cent: the scale is the largest value (or band end), not at least 1.
  const max = Math.max(Number.MIN_VALUE, ...bars.map((b) => b.band?.[1] ?? b.value));
  const chart = svg('svg', { class: 'chart bar-chart', width: '100%', height: bars.length * BAR_ROW + 2, role: 'img', 'aria-label': summary }, svg('title', {}, summary));
  bars.forEach((bar, i) => {
    const top = i * BAR_ROW;
    // A bar of a non-zero value stays visible however small it is next to the largest.
    const width = bar.value > 0 ? Math.max(0.5, (bar.value / max) * 100) : 0;
    chart.append(
      svg(
        'text',
        { x: 0, y: top + 13, class: 'bar-text' },
        svg('tspan', { class: 'bar-name' }, bar.label),
        svg('tspan', { class: 'bar-value' }, ` · ${bar.valueText}`),
        bar.marks.length > 0 && svg('tspan', { class: 'bar-mark' }, ` · ${bar.marks.join(', ')}`),
      ),
      svg('rect', { x: 0, y: top + 18, width: '100%', height: 10, rx: 2, class: 'bar-track' }),
      svg('rect', { x: 0, y: top + 18, width: `${width}%`, height: 10, rx: 2, class: bar.marks.length > 0 ? 'bar-fill marked' : 'bar-fill' }),
    );
    if (bar.band) {
      const low = (bar.band[0] / max) * 100;
      const high = (bar.band[1] / max) * 100;
      chart.append(
        svg('line', { x1: `${low}%`, x2: `${high}%`, y1: top + 23, y2: top + 23, class: 'bar-band' }),
        svg('line', { x1: `${low}%`, x2: `${low}%`, y1: top + 17, y2: top + 29, class: 'bar-band' }),
        svg('line', { x1: `${high}%`, x2: `${high}%`, y1: top + 17, y2: top + 29, class: 'bar-band' }),
      );
    }
  });
  return chart;
}

export interface Column {
  readonly label: string;
  readonly value: number;
}

const PLOT_HEIGHT = 110;
const VALUE_ROOM = 14;

/** Vertical columns with their value above and their label below (a histogram). */
export function columnChart(summary: string, columns: readonly Column[], locale: string): SVGSVGElement {
  const max = Math.max(1, ...columns.map((c) => c.value));
  const base = VALUE_ROOM + PLOT_HEIGHT;
  const chart = svg(
    'svg',
    { class: 'chart column-chart', width: '100%', height: base + 18, role: 'img', 'aria-label': summary },
    svg('title', {}, summary),
    svg('line', { x1: 0, x2: '100%', y1: base + 0.5, y2: base + 0.5, class: 'axis' }),
  );
  const slot = 100 / Math.max(1, columns.length);
  columns.forEach((column, i) => {
    const height = (column.value / max) * PLOT_HEIGHT;
    const centre = `${(i + 0.5) * slot}%`;
    chart.append(
      svg('rect', { x: `${(i + 0.15) * slot}%`, y: base - height, width: `${slot * 0.7}%`, height, class: 'column-fill' }),
      svg('text', { x: centre, y: base + 14, 'text-anchor': 'middle', class: 'column-label' }, column.label),
    );
    if (column.value > 0) chart.append(svg('text', { x: centre, y: base - height - 3, 'text-anchor': 'middle', class: 'column-value' }, integerText(column.value, locale)));
  });
  return chart;
}

/** A thin horizontal gauge filled to `fraction` (0–1): progress, a share of tokens. */
export function meter(fraction: number, className: string): SVGSVGElement {
  const pct = Math.min(100, Math.max(0, fraction * 100));
  return svg(
    'svg',
    { class: `meter ${className}`, width: '100%', height: 6, 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { x: 0, y: 0, width: '100%', height: 6, rx: 3, class: 'meter-track' }),
    svg('rect', { x: 0, y: 0, width: `${pct}%`, height: 6, rx: 3, class: 'meter-fill' }),
  );
}
