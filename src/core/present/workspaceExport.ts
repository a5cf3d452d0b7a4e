/**
 * The Tokens view's export: every file of the counted folders with its tokens for the model, as
 * CSV, JSON or Markdown (the insight panel's escaping rules: csvCell against spreadsheet
 * formulas, mdText against Markdown in file names).
 */
import { windowSharePct } from '../catalog/contextWindow';
import { isExact, type ModelInfo } from '../catalog/models';
import { inputCost } from '../catalog/prices';
import type { ExportFormat } from '../insights/insightView';
import { ENGLISH, type Localizer } from '../l10n';
import { formatUsd, integerText, percentText } from '../text/numberText';
import { csvCell, mdTable, mdText } from './insightExport';

/** One file of the export. */
export interface ExportedFile {
  /** Path from its workspace folder, prefixed with the folder's name when there are several. */
  readonly path: string;
  /** Undefined: listed without a count (`note` says why). */
  readonly tokens: number | undefined;
  readonly bytes?: number;
  readonly note?: string;
}

export interface WorkspaceExport {
  readonly model: ModelInfo;
  readonly usableWindow: number;
  /** Most tokens first (the view's order). */
  readonly files: readonly ExportedFile[];
  /** The count was stopped before the end: the totals are partial. */
  readonly partial: boolean;
}

export function exportWorkspace(data: WorkspaceExport, format: ExportFormat, l10n: Localizer = ENGLISH): string {
  switch (format) {
    case 'csv':
      return csv(data);
    case 'json':
      return json(data);
    case 'markdown':
      return markdown(data, l10n);
  }
}

function totalOf(data: WorkspaceExport): number {
  return data.files.reduce((sum, f) => sum + (f.tokens ?? 0), 0);
}

function csv(data: WorkspaceExport): string {
  const rows = [['path', 'tokens', 'exact', 'window_share_pct', 'note'].join(',')];
  const exact = isExact(data.model);
  for (const f of data.files) {
    rows.push(
      [
        csvCell(f.path),
        csvCell(f.tokens),
        csvCell(f.tokens === undefined ? undefined : exact),
        csvCell(f.tokens === undefined ? undefined : round(windowSharePct(f.tokens, data.usableWindow))),
        csvCell(f.note),
      ].join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

function json(data: WorkspaceExport): string {
  const total = totalOf(data);
  return `${JSON.stringify(
    {
      model: data.model.id,
      exact: isExact(data.model),
      usableWindow: data.usableWindow,
      totalTokens: total,
      windowSharePct: round(windowSharePct(total, data.usableWindow)),
      ...(data.model.prices ? { inputCostUsd: inputCost(data.model.prices, total) } : {}),
      partial: data.partial,
      files: data.files.map((f) => ({ path: f.path, tokens: f.tokens ?? null, ...(f.note ? { note: f.note } : {}) })),
    },
    null,
    2,
  )}\n`;
}

function markdown(data: WorkspaceExport, l10n: Localizer): string {
  const locale = l10n.locale;
  const total = totalOf(data);
  const mark = isExact(data.model) ? '' : '≈';
  const lines = [
    `# ${mdText(l10n.t('Tokens of the workspace for {0}', data.model.id))}`,
    '',
    mdText(
      l10n.t(
        '{0} tokens in {1} files, {2} of the usable window ({3} tokens).',
        `${mark}${integerText(total, locale)}`,
        integerText(data.files.length, locale),
        percentText(windowSharePct(total, data.usableWindow), locale),
        integerText(data.usableWindow, locale),
      ),
    ),
  ];
  if (data.model.prices) lines.push('', mdText(l10n.t('{0} as input.', formatUsd(inputCost(data.model.prices, total), locale))));
  if (data.partial) lines.push('', mdText(l10n.t('The count was stopped before the end: these totals are partial.')));
  lines.push(
    '',
    ...mdTable(
      [l10n.t('File'), l10n.t('Tokens'), l10n.t('Share of window')],
      'lrr',
      data.files.map((f) => [
        mdText(f.path),
        f.tokens === undefined ? mdText(f.note ?? '—') : `${mark}${integerText(f.tokens, locale)}`,
        f.tokens === undefined ? '' : percentText(windowSharePct(f.tokens, data.usableWindow), locale),
      ]),
    ),
  );
  return `${lines.join('\n')}\n`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
