/**
 * What each tool answers: a few sentences an agent can act on, and the same facts as a JSON
 * object (MCP `structuredContent`, a VS Code data part). English, like the tools' descriptions:
 * the reader is a model, and numbers are written the one way (`12,345`) the data repeats.
 */
import { mixErrorPct } from '../catalog/approximations';
import { usableWindowOf, windowSharePct } from '../catalog/contextWindow';
import { errorLabel, type ModelInfo } from '../catalog/models';
import { inputCost } from '../catalog/prices';
import { formatInteger, formatShare } from '../present/countFormat';
import { costText } from '../text/numberText';
import { tokenizerLabel } from '../tokenizers/tokenizerIds';
import { sizeText, type ModelCount, type SourceCount, type StopReason } from './toolCounting';
import type { ToolBounds, ToolResult } from './toolHost';

/** Skipped and unreadable files listed by name, at most: the counts say how many there were. */
const LISTED = 10;

export function countResult(source: SourceCount, count: ModelCount, reserve: number, bounds: ToolBounds): ToolResult {
  const usable = usableWindowOf(count.model, reserve);
  const text = [
    `${sourceNameFirst(source)}: ${tokensText(count)} for ${count.model.id} (${howCounted(count)}), ${formatShare(count.tokens, usable)} of its usable context window of ${formatInteger(usable)} tokens.`,
    ...notes(source, bounds),
  ];
  return { text: text.join('\n'), data: { ...sourceData(source, bounds), ...modelData(count, reserve) }, isError: false };
}

/** Fits, does not fit, or cannot tell (an approximation's error straddles the window, or a count that stopped early is still under it). */
export type FitVerdict = 'fits' | 'does not fit' | 'uncertain';

export function fitResult(source: SourceCount, count: ModelCount, reserve: number, bounds: ToolBounds): ToolResult {
  const usable = usableWindowOf(count.model, reserve);
  const left = usable - count.tokens;
  const margin = errorMargin(count);
  let verdict: FitVerdict = count.tokens + margin <= usable ? 'fits' : count.tokens - margin > usable ? 'does not fit' : 'uncertain';
  // A partial count over the window is over it whatever the rest holds; under it, nothing is known.
  if (source.stopped && verdict !== 'does not fit') verdict = 'uncertain';
  const window = `the usable window of ${formatInteger(usable)} tokens (${formatInteger(count.model.contextWindow)}${reserve > 0 ? ` − ${formatInteger(reserve)} kept for output` : ''})`;
  const counted = `${sourceName(source)} is ${tokensText(count)} for ${count.model.id} (${howCounted(count)})`;
  const amount = left >= 0 ? `${formatInteger(left)} tokens left` : `${formatInteger(-left)} tokens too many`;
  const head =
    verdict === 'fits'
      ? `Fits: ${counted}, ${formatShare(count.tokens, usable)} of ${window}; ${amount}.`
      : verdict === 'does not fit'
        ? `Does not fit: ${counted}, ${formatShare(count.tokens, usable)} of ${window}; ${amount}.`
        : source.stopped
          ? `Cannot tell: the count stopped early at ${tokensText(count)} for ${count.model.id}, under ${window}.`
          : `Too close to tell: ${counted}, within its error of ${window}; by the estimate ${amount}.`;
  return {
    text: [head, ...notes(source, bounds)].join('\n'),
    data: { verdict, fits: verdict === 'fits' ? true : verdict === 'does not fit' ? false : null, tokensLeft: left, ...sourceData(source, bounds), ...modelData(count, reserve) },
    isError: false,
  };
}

export function compareResult(source: SourceCount, reserveOf: (model: ModelInfo) => number, bounds: ToolBounds): ToolResult {
  const rows = source.counts.map((count) => {
    const usable = usableWindowOf(count.model, reserveOf(count.model));
    const cost = count.model.prices ? inputCost(count.model.prices, count.tokens) : undefined;
    return { count, usable, cost };
  });
  const lines = rows.map(
    ({ count, usable, cost }) =>
      `- ${count.model.id}: ${tokensText(count)} (${howCounted(count)}), ${formatShare(count.tokens, usable)} of ${formatInteger(usable)} usable, input ${cost === undefined ? 'not priced' : costText(cost)}`,
  );
  return {
    text: [`${sourceNameFirst(source)}, by model (input cost at list price, USD):`, ...lines, ...notes(source, bounds)].join('\n'),
    data: {
      ...sourceData(source, bounds),
      models: rows.map(({ count, cost }) => ({ ...modelData(count, reserveOf(count.model)), inputCostUsd: cost ?? null })),
    },
    isError: false,
  };
}

export function biggestResult(source: SourceCount, count: ModelCount, limit: number, reserve: number, bounds: ToolBounds): ToolResult {
  const biggest = [...source.files].sort((a, b) => b.tokens[0] - a.tokens[0] || (a.shown < b.shown ? -1 : 1)).slice(0, limit);
  const mark = count.model.counting.kind === 'exact' ? '' : '≈';
  const share = (tokens: number) => (count.tokens === 0 ? '0%' : `${((tokens / count.tokens) * 100).toFixed(1)}%`);
  const lines = biggest.map((file) => `- ${file.shown}: ${mark}${formatInteger(file.tokens[0])} tokens (${share(file.tokens[0])})`);
  const head =
    biggest.length === 0
      ? `${sourceNameFirst(source)} has no file to count.`
      : `The ${biggest.length} biggest of ${formatInteger(source.files.length)} files in ${sourceName(source)} for ${count.model.id} (${howCounted(count)}), of ${tokensText(count)} in all:`;
  return {
    text: [head, ...lines, ...notes(source, bounds)].join('\n'),
    data: { ...sourceData(source, bounds), ...modelData(count, reserve), biggest: biggest.map((file) => ({ path: file.shown, tokens: file.tokens[0], bytes: file.bytes })) },
    isError: false,
  };
}

/** A refused call: its message is the answer. */
export function errorResult(message: string): ToolResult {
  return { text: message, data: { error: message }, isError: true };
}

function tokensText(count: ModelCount): string {
  return `${count.model.counting.kind === 'exact' ? '' : '≈'}${formatInteger(count.tokens)} tokens`;
}

/** `exact, o200k_base` or `approximate, ±9%` (the error for the text's scripts when known). */
function howCounted(count: ModelCount): string {
  const c = count.model.counting;
  return c.kind === 'exact' ? `exact, ${tokenizerLabel(c.tokenizer)}` : `approximate, ${errorLabel(c, undefined, count.mix)}`;
}

/**
 * An error assumed where an approximation's is not measured (or not for this text's scripts):
 * ±50%, wider than any measured one (ACCURACY.md), so "fits" still means fits by a wide margin.
 */
const UNKNOWN_ERROR_PCT = 50;

/** Tokens an approximate count may be off by; 0 for an exact one. */
function errorMargin(count: ModelCount): number {
  const c = count.model.counting;
  if (c.kind === 'exact') return 0;
  const { errorPct, unknown } = mixErrorPct(c, count.mix);
  return Math.ceil((count.tokens * (errorPct === undefined || unknown.length > 0 ? UNKNOWN_ERROR_PCT : errorPct)) / 100);
}

function sourceName(source: SourceCount): string {
  switch (source.kind) {
    case 'text':
      return 'the text';
    case 'selection':
      return `the ${source.shown}`;
    case 'file':
      return `"${source.shown}"`;
    case 'folder':
      return `the folder "${source.shown}"`;
  }
}

/** The source named at the start of a sentence. */
function sourceNameFirst(source: SourceCount): string {
  const name = sourceName(source);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** What the count covers, what it left out, and why it stopped early, if it did. */
function notes(source: SourceCount, bounds: ToolBounds): string[] {
  const lines: string[] = [];
  if (source.kind === 'folder') {
    const parts = [`${formatInteger(source.files.length)} files counted`];
    if (source.skipped.length > 0) parts.push(`${formatInteger(source.skipped.length)} skipped (${listed(source.skipped)})`);
    if (source.failed.length > 0) parts.push(`${formatInteger(source.failed.length)} not counted (${listed(source.failed)})`);
    lines.push(`${parts.join('; ')}. Files git ignores are left out.`);
  }
  if (source.replaced) lines.push(`${formatInteger(source.replaced)} lone surrogate(s) in the text were counted as U+FFFD, as a UTF-8 file of it holds them.`);
  if (source.stopped) lines.push(stoppedText(source.stopped, bounds));
  return lines;
}

function listed(files: ReadonlyArray<{ shown: string; reason: string }>): string {
  const names = files.slice(0, LISTED).map((f) => `${f.shown}: ${f.reason}`);
  return files.length > LISTED ? `${names.join('; ')}; and ${formatInteger(files.length - LISTED)} more` : names.join('; ');
}

export function stoppedText(reason: StopReason, bounds: ToolBounds): string {
  const rest = 'the numbers cover the files counted until then; count a smaller folder for a complete figure.';
  switch (reason) {
    case 'files':
      return `Stopped early: the folder has more than ${formatInteger(bounds.maxFiles)} files to count; ${rest}`;
    case 'bytes':
      return `Stopped early: the folder's files hold more than ${sizeText(bounds.maxBytes)}; ${rest}`;
    case 'time':
      return `Stopped early: counting took longer than ${formatInteger(Math.round(bounds.maxMs / 1000))} s; ${rest}`;
    case 'cancelled':
      return `Cancelled: ${rest}`;
  }
}

function sourceData(source: SourceCount, bounds: ToolBounds): Record<string, unknown> {
  return {
    source: { kind: source.kind, ...(source.kind === 'file' || source.kind === 'folder' ? { path: source.shown } : {}) },
    complete: !source.stopped,
    stoppedEarly: source.stopped ? { reason: source.stopped, message: stoppedText(source.stopped, bounds) } : null,
    ...(source.kind === 'folder'
      ? {
          files: { counted: source.files.length, skipped: source.skipped.length, notCounted: source.failed.length },
          skipped: source.skipped.slice(0, LISTED).map((f) => ({ path: f.shown, reason: f.reason })),
          notCounted: source.failed.slice(0, LISTED).map((f) => ({ path: f.shown, reason: f.reason })),
        }
      : {}),
  };
}

function modelData(count: ModelCount, reserve: number): Record<string, unknown> {
  const c = count.model.counting;
  const usable = usableWindowOf(count.model, reserve);
  return {
    model: count.model.id,
    tokens: count.tokens,
    exact: c.kind === 'exact',
    approximation: c.kind === 'exact' ? null : { error: errorLabel(c, undefined, count.mix), method: c.method },
    tokenizer: c.tokenizer,
    contextWindow: count.model.contextWindow,
    reservedOutputTokens: reserve,
    usableWindow: usable,
    windowSharePct: Number(windowSharePct(count.tokens, usable).toFixed(2)),
  };
}
