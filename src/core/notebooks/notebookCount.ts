/**
 * A Jupyter notebook counted cell by cell, with and without its outputs: a cell's source; a
 * code cell's text outputs (streams, `text/markdown` or else `text/plain` results, an error's
 * name, value and traceback). Images and other binary outputs have no token count of their
 * own: they are listed as not counted, never as 0 tokens.
 *
 * One rule for both readers of notebooks: the CLI reads the .ipynb file (nbformat 4,
 * `countNotebook`), the extension reads VS Code's notebook document, whose outputs the ipynb
 * extension has turned into output items (host/notebooks/notebookCounts.ts maps them); both
 * become `CellOutput`s and `outputText` says what of each is counted.
 */
import type { CountText } from '../requests/requestTypes';

export interface CellCount {
  /** 0-based, in the notebook's order. */
  readonly index: number;
  readonly kind: string;
  readonly sourceTokens: number;
  readonly outputTokens: number;
  /** Outputs with no text (an image, a widget): not counted. */
  readonly outputsNotCounted: number;
}

export interface NotebookCount {
  readonly cells: readonly CellCount[];
  readonly withoutOutputs: number;
  readonly withOutputs: number;
  readonly outputsNotCounted: number;
}

/**
 * One output of a code cell, as nbformat and VS Code both hold it: a stream's text, an error,
 * or rich data by MIME type (a text type's value is its text; a binary one's is undefined).
 */
export type CellOutput =
  | { readonly kind: 'stream'; readonly text: string }
  | { readonly kind: 'error'; readonly name: string; readonly value: string; readonly traceback: string }
  | { readonly kind: 'data'; readonly data: Readonly<Record<string, string | undefined>> }
  /** Anything else (an unknown output type): not counted. */
  | { readonly kind: 'other' };

/** What of an output is counted: its text, and whether part or all of it is not (an image). */
export interface OutputText {
  /** The text counted for the output; undefined when it has none (an image alone). */
  readonly text: string | undefined;
  /** The output holds something not counted: an image or other binary data, even beside a text stand-in. */
  readonly notCounted: boolean;
}

/** MIME types whose text is counted, in order of preference: a result's markdown form over its plain one. */
export const COUNTED_DATA_TYPES = ['text/markdown', 'text/plain'] as const;

/** The counted text of one output (the one rule, whoever read the notebook). */
export function outputText(output: CellOutput): OutputText {
  switch (output.kind) {
    case 'stream':
      return { text: output.text, notCounted: false };
    case 'error':
      return { text: `${[output.name, output.value].filter((v) => v !== '').join(': ')}\n${output.traceback}`, notCounted: false };
    case 'data': {
      const key = COUNTED_DATA_TYPES.find((k) => output.data[k] !== undefined);
      const text = key ? output.data[key] : undefined;
      // An image beside its text/plain stand-in ("<Figure size 640x480>") is not counted either.
      const image = Object.keys(output.data).some((k) => k.startsWith('image/'));
      return { text, notCounted: text === undefined || image };
    }
    case 'other':
      return { text: undefined, notCounted: true };
  }
}

/** The text of a notebook field: a string, or the list of lines nbformat writes. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join('') : '';
}

/** An nbformat 4 output as a CellOutput. */
export function nbformatOutput(output: unknown): CellOutput {
  if (!output || typeof output !== 'object') return { kind: 'other' };
  const o = output as { output_type?: unknown; text?: unknown; data?: unknown; ename?: unknown; evalue?: unknown; traceback?: unknown };
  switch (o.output_type) {
    case 'stream':
      return { kind: 'stream', text: joined(o.text) };
    case 'error':
      return {
        kind: 'error',
        name: typeof o.ename === 'string' ? o.ename : '',
        value: typeof o.evalue === 'string' ? o.evalue : '',
        traceback: Array.isArray(o.traceback) ? o.traceback.join('\n') : '',
      };
    case 'execute_result':
    case 'display_data': {
      const raw = (o.data && typeof o.data === 'object' ? o.data : {}) as Record<string, unknown>;
      // nbformat stores images base64-encoded: only the text types are text.
      const data = Object.fromEntries(Object.entries(raw).map(([mime, value]) => [mime, mime.startsWith('image/') ? undefined : joined(value)]));
      return { kind: 'data', data };
    }
    default:
      return { kind: 'other' };
  }
}

/**
 * The tokens of a cell's outputs, and how many of them are not counted: those with no text, or
 * with something besides it, and those whose text `count` could not count (undefined).
 */
export function countOutputs(outputs: readonly CellOutput[], count: (text: string) => number | undefined): { tokens: number; notCounted: number } {
  let tokens = 0;
  let notCounted = 0;
  for (const output of outputs) {
    const { text, notCounted: missing } = outputText(output);
    const counted = text === undefined ? undefined : count(text);
    if (counted !== undefined) tokens += counted;
    if (missing || counted === undefined) notCounted++;
  }
  return { tokens, notCounted };
}

/** The parsed notebook's counts; throws when it is not a notebook (no `cells` list). */
export function countNotebook(notebook: unknown, count: CountText): NotebookCount {
  const cells = notebook && typeof notebook === 'object' ? (notebook as { cells?: unknown }).cells : undefined;
  if (!Array.isArray(cells)) throw new Error('not a Jupyter notebook: it has no "cells" list');
  const counts = cells.map((cell: unknown, index): CellCount => {
    const c = (cell && typeof cell === 'object' ? cell : {}) as { cell_type?: unknown; source?: unknown; outputs?: unknown };
    const outputs = countOutputs((Array.isArray(c.outputs) ? c.outputs : []).map(nbformatOutput), count);
    return {
      index,
      kind: typeof c.cell_type === 'string' ? c.cell_type : 'unknown',
      sourceTokens: count(joined(c.source)),
      outputTokens: outputs.tokens,
      outputsNotCounted: outputs.notCounted,
    };
  });
  return notebookTotals(counts);
}

/** The notebook's totals over its cells' counts. */
export function notebookTotals(cells: readonly CellCount[]): NotebookCount {
  const withoutOutputs = cells.reduce((sum, c) => sum + c.sourceTokens, 0);
  return {
    cells,
    withoutOutputs,
    withOutputs: withoutOutputs + cells.reduce((sum, c) => sum + c.outputTokens, 0),
    outputsNotCounted: cells.reduce((sum, c) => sum + c.outputsNotCounted, 0),
  };
}
