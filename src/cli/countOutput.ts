import { approxMark, defaultReservedOutput, errorLabel, isExact, type ApproximateCounting, type ModelInfo } from '../core/catalog/models';
import { usableWindowOf } from '../core/catalog/contextWindow';
import { inputCost } from '../core/catalog/prices';
import { formatInteger, formatShare, formatWindow } from '../core/present/countFormat';
import { tokenizerLabel } from '../core/tokenizers/tokenizerIds';
import { assertNever } from '../core/assertNever';
import { sortedChildren, TokenTree, type TreeFolderNode } from '../core/workspace/tokenTree';
import type { FileCount } from './countFiles';
import { isOverBudget, structuredKind, structuredLines } from './countStructured';
import type { Format } from './options';

/** One line of a count: a file counted, one that could not be (a failure), or one skipped (binary, too large, a link). */
export type CountRow =
  | { readonly kind: 'counted'; readonly count: FileCount }
  | { readonly kind: 'failed'; readonly file: string; readonly error: string }
  | { readonly kind: 'skipped'; readonly file: string; readonly reason: string };

export interface CountReport {
  readonly model: ModelInfo;
  /** In the order shown: as given, or by tokens (see `sortRows`). */
  readonly rows: readonly CountRow[];
  readonly budget: number | undefined;
  readonly totalBudget: number | undefined;
  readonly maxSizeMB: number;
  /** `--top N`: the N files with most tokens are listed (in a tree: N entries per folder); totals stay those of every file. */
  readonly top: number | undefined;
  /** Folders or globs were walked: a total is printed even for one file. */
  readonly walked: boolean;
}

/** Sums and flags of a report, computed once for every format. */
export interface CountSummary {
  readonly total: number;
  readonly counted: number;
  readonly failed: number;
  readonly skipped: number;
  readonly overFiles: number;
  readonly overTotal: boolean;
  readonly usableWindow: number;
  readonly reservedOutputTokens: number;
}

export function summarize(report: CountReport): CountSummary {
  const counts = report.rows.flatMap((r) => (r.kind === 'counted' ? [r.count] : []));
  const total = counts.reduce((sum, c) => sum + c.tokens, 0);
  // The share is of the usable window, as in the status bar: the window less the output the
  // model's default keeps free (the CLI has no reservedOutputTokens of its own).
  const reservedOutputTokens = defaultReservedOutput(report.model);
  return {
    total,
    counted: counts.length,
    failed: report.rows.filter((r) => r.kind === 'failed').length,
    skipped: report.rows.filter((r) => r.kind === 'skipped').length,
    overFiles: counts.filter((c) => isOver(report, c)).length,
    overTotal: report.totalBudget !== undefined && total > report.totalBudget,
    usableWindow: usableWindowOf(report.model, reservedOutputTokens),
    reservedOutputTokens,
  };
}

/** Most tokens first; files not counted after the counted ones, skipped ones last, each in the order found. */
export function sortRows(rows: readonly CountRow[]): CountRow[] {
  const rank = (r: CountRow) => (r.kind === 'counted' ? 0 : r.kind === 'failed' ? 1 : 2);
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row) - rank(b.row) || tokensOf(b.row) - tokensOf(a.row) || a.i - b.i)
    .map(({ row }) => row);
}

const tokensOf = (r: CountRow) => (r.kind === 'counted' ? r.count.tokens : 0);
/** Over --budget: a file or request by its total, a dataset by any of its examples. */
const isOver = (report: CountReport, c: FileCount) => isOverBudget(c, report.budget);
const fileOf = (r: CountRow) => (r.kind === 'counted' ? r.count.file : r.file);

/** The report in `format`, line by line. */
export function renderCount(report: CountReport, format: Format, out: (line: string) => void): CountSummary {
  const summary = summarize(report);
  switch (format) {
    case 'table':
      renderTable(report, summary, out);
      break;
    case 'tree':
      renderTree(report, summary, out);
      break;
    case 'markdown':
      renderMarkdown(report, summary, out);
      break;
    case 'json':
      out(JSON.stringify(countJson(report, summary), null, 2));
      break;
    default:
      return assertNever(format);
  }
  return summary;
}

/** The rows listed under --top: the first N counted ones, every failure; skipped ones only without --top. */
function listed(report: CountReport): { rows: CountRow[]; omitted: CountRow[] } {
  if (report.top === undefined) return { rows: [...report.rows], omitted: [] };
  const counted = report.rows.filter((r) => r.kind === 'counted');
  const keep = new Set<CountRow>(counted.slice(0, report.top));
  return { rows: report.rows.filter((r) => keep.has(r) || r.kind === 'failed'), omitted: counted.slice(report.top) };
}

function renderTable(report: CountReport, s: CountSummary, out: (line: string) => void): void {
  const { model } = report;
  const { rows, omitted } = listed(report);
  const width = Math.max(6, ...rows.map((r) => (r.kind === 'counted' ? formatInteger(r.count.tokens).length : 0)), formatInteger(s.total).length);
  const number = (tokens: number) => (approxMark(model) + formatInteger(tokens)).padStart(width);
  const dash = `${'-'.padStart(width)}  ${'-'.padStart(6)}`;
  for (const r of rows) {
    if (r.kind === 'failed') out(`${dash}  ${r.file}  NOT COUNTED: ${r.error}`);
    else if (r.kind === 'skipped') out(`${dash}  ${r.file}  SKIPPED: ${r.reason}`);
    else {
      out(`${number(r.count.tokens)}  ${formatShare(r.count.tokens, s.usableWindow).padStart(6)}  ${r.count.file}${structuredKind(r.count)}${budgetFlag(report, r.count)}`);
      // A request's, dataset's or notebook's breakdown under its row.
      for (const line of structuredLines(r.count, report.budget)) out(line);
    }
  }
  if (omitted.length > 0) out(`${'…'.padStart(width)}  ${''.padStart(6)}  ${moreText(omitted)}`);
  if (report.top !== undefined && s.skipped > 0) out(`${'-'.padStart(width)}  ${'-'.padStart(6)}  ${s.skipped} file(s) skipped (--json lists them and why)`);
  if (report.rows.length > 1 || report.walked) out(`${number(s.total)}  ${formatShare(s.total, s.usableWindow).padStart(6)}  total${totalNote(s)}${totalFlag(report, s)}`);
  out(`(${modelLine(model, s)})`);
}

function renderTree(report: CountReport, s: CountSummary, out: (line: string) => void): void {
  const { model } = report;
  const tree = new TokenTree<CountRow>();
  for (const row of report.rows) tree.set(fileOf(row), row.kind === 'counted' ? row.count.tokens : undefined, row);
  const width = Math.max(6, formatInteger(s.total).length + 1);
  const number = (tokens: number) => (approxMark(model) + formatInteger(tokens)).padStart(width);
  const walk = (node: TreeFolderNode<CountRow>, prefix: string) => {
    const children = sortedChildren(node);
    const shown = report.top === undefined ? children : children.slice(0, report.top);
    const hidden = children.slice(shown.length);
    shown.forEach((child, i) => {
      const last = i === shown.length - 1 && hidden.length === 0;
      const branch = `${prefix}${last ? '└── ' : '├── '}`;
      if (child.kind === 'folder') {
        out(`${number(child.tokens)}  ${formatShare(child.tokens, s.usableWindow).padStart(6)}  ${branch}${child.name}/`);
        return walk(child, `${prefix}${last ? '    ' : '│   '}`);
      }
      const row = child.data;
      if (row.kind !== 'counted') {
        out(`${'-'.padStart(width)}  ${'-'.padStart(6)}  ${branch}${child.name}  ${row.kind === 'failed' ? `NOT COUNTED: ${row.error}` : `SKIPPED: ${row.reason}`}`);
        return;
      }
      out(`${number(row.count.tokens)}  ${formatShare(row.count.tokens, s.usableWindow).padStart(6)}  ${branch}${child.name}${budgetFlag(report, row.count)}`);
    });
    if (hidden.length > 0) {
      const tokens = hidden.reduce((sum, n) => sum + (n.tokens ?? 0), 0);
      const files = hidden.reduce((sum, n) => sum + (n.kind === 'file' ? 1 : n.files), 0);
      out(`${number(tokens)}  ${formatShare(tokens, s.usableWindow).padStart(6)}  ${prefix}└── … ${files} more file(s)`);
    }
  };
  walk(tree.root, '');
  out(`${number(s.total)}  ${formatShare(s.total, s.usableWindow).padStart(6)}  total${totalNote(s)}${totalFlag(report, s)}`);
  out(`(${modelLine(model, s)})`);
}

function renderMarkdown(report: CountReport, s: CountSummary, out: (line: string) => void): void {
  const { model } = report;
  const { rows, omitted } = listed(report);
  const number = (tokens: number) => approxMark(model) + formatInteger(tokens);
  out('| Tokens | Window | File |');
  out('| ---: | ---: | :--- |');
  for (const r of rows) {
    if (r.kind === 'failed') out(`| – | – | ${mdCode(r.file)} not counted: ${mdText(r.error)} |`);
    else if (r.kind === 'skipped') out(`| – | – | ${mdCode(r.file)} skipped: ${mdText(r.reason)} |`);
    else out(`| ${number(r.count.tokens)} | ${formatShare(r.count.tokens, s.usableWindow)} | ${mdCode(r.count.file)}${mdText(budgetFlag(report, r.count))} |`);
  }
  if (omitted.length > 0) out(`| … | | ${moreText(omitted)} |`);
  out(`| **${number(s.total)}** | **${formatShare(s.total, s.usableWindow)}** | **total**${mdText(totalNote(s) + totalFlag(report, s))} |`);
  out('');
  out(`_${mdText(modelLine(model, s))}_`);
}

/** The JSON document: the fields of one file as before issue 17, with the folder count's additions after them. */
export function countJson(report: CountReport, s: CountSummary) {
  const { model } = report;
  const prices = model.prices;
  const { rows, omitted } = listed(report);
  return {
    model: model.id,
    tokenizer: model.counting.tokenizer,
    exact: isExact(model),
    approximation: model.counting.kind === 'approx' ? approximationJson(model.counting) : null,
    contextWindow: model.contextWindow,
    reservedOutputTokens: s.reservedOutputTokens,
    usableWindow: s.usableWindow,
    budget: report.budget ?? null,
    maxSizeMB: report.maxSizeMB,
    pricesPerMillionTokens: prices ?? null,
    // A file not counted has `error` and `tokens: null`, so a sum over `tokens` stays a number.
    files: rows.flatMap((r): object[] => {
      if (r.kind === 'skipped') return [];
      if (r.kind === 'failed') return [{ file: r.file, error: r.error, tokens: null }];
      return [{ ...r.count, overBudget: isOver(report, r.count), inputCostUsd: prices ? inputCost(prices, r.count.tokens) : null }];
    }),
    totalTokens: s.total,
    failedFiles: s.failed,
    totalBudget: report.totalBudget ?? null,
    overTotalBudget: s.overTotal,
    skipped: report.rows.flatMap((r) => (r.kind === 'skipped' ? [{ file: r.file, reason: r.reason }] : [])),
    skippedFiles: s.skipped,
    omittedFiles: omitted.length,
  };
}

function budgetFlag(report: CountReport, c: FileCount): string {
  return isOver(report, c) ? `  OVER BUDGET (${formatInteger(report.budget!)})` : '';
}

function totalFlag(report: CountReport, s: CountSummary): string {
  return s.overTotal ? `  OVER TOTAL BUDGET (${formatInteger(report.totalBudget!)})` : '';
}

function totalNote(s: CountSummary): string {
  const notes = [...(s.failed > 0 ? [`${s.failed} not counted`] : []), ...(s.skipped > 0 ? [`${s.skipped} skipped`] : [])];
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

function moreText(omitted: readonly CountRow[]): string {
  return `${omitted.length} more file(s), ${formatInteger(omitted.reduce((sum, r) => sum + tokensOf(r), 0))} tokens`;
}

/** The closing line: the model, its tokenizer, exact or how approximate, and what the shares are of. */
export function modelLine(model: ModelInfo, s: { usableWindow: number; reservedOutputTokens: number }): string {
  const how = model.counting.kind === 'exact' ? 'exact' : `approximate, ${errorLabel(model.counting)}`;
  const window =
    s.reservedOutputTokens > 0
      ? `% of its ${formatWindow(s.usableWindow)} usable window: ${formatWindow(model.contextWindow)} context window − ${formatWindow(s.reservedOutputTokens)} reserved for output`
      : `% of its ${formatWindow(model.contextWindow)} context window`;
  return `${model.id}, ${tokenizerLabel(model.counting.tokenizer)}, ${how}; ${window}`;
}

/** A file name as Markdown code, safe in a table cell (a `|` would end the cell, a backtick the code). */
export function mdCode(name: string): string {
  const fence = name.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${name.replace(/\|/g, '\\|')}${fence === '``' ? ' ' : ''}${fence}`;
}

/** Plain text in a Markdown table cell: `|` escaped, and the characters that would start emphasis or a link. */
export function mdText(text: string): string {
  return text.replace(/([\\|*_[\]<>`])/g, '\\$1');
}

/** An approximation in the JSON output: its Latin factor and bound, and the factor and bound (null: unknown) per script. */
export function approximationJson(c: ApproximateCounting) {
  return {
    factor: c.factor,
    errorPct: c.errorPct ?? null,
    measured: c.measured,
    scripts: (c.scripts ?? []).map((s) => ({ script: s.script, factor: s.factor, errorPct: s.errorPct ?? null })),
    method: c.method,
  };
}
