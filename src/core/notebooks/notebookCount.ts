/**
 * A Jupyter notebook (.ipynb, nbformat 4) counted cell by cell, with and without its outputs:
 * a cell's source; a code cell's text outputs (streams, `text/plain` or `text/markdown`
 * results, an error's name, value and traceback). Images and other binary outputs have no
 * token count of their own: they are listed as not counted.
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

/** The text of a notebook field: a string, or the list of lines nbformat writes. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join('') : '';
}

/** The parsed notebook's counts; throws when it is not a notebook (no `cells` list). */
export function countNotebook(notebook: unknown, count: CountText): NotebookCount {
  const cells = notebook && typeof notebook === 'object' ? (notebook as { cells?: unknown }).cells : undefined;
  if (!Array.isArray(cells)) throw new Error('not a Jupyter notebook: it has no "cells" list');
  const counts = cells.map((cell: unknown, index): CellCount => {
    const c = (cell && typeof cell === 'object' ? cell : {}) as { cell_type?: unknown; source?: unknown; outputs?: unknown };
    let outputTokens = 0;
    let outputsNotCounted = 0;
    for (const output of Array.isArray(c.outputs) ? c.outputs : []) {
      const text = outputText(output);
      if (text !== undefined) outputTokens += count(text);
      // An image beside its text/plain stand-in ("<Figure size 640x480>") is not counted either.
      if (text === undefined || hasImage(output)) outputsNotCounted++;
    }
    return { index, kind: typeof c.cell_type === 'string' ? c.cell_type : 'unknown', sourceTokens: count(joined(c.source)), outputTokens, outputsNotCounted };
  });
  const withoutOutputs = counts.reduce((sum, c) => sum + c.sourceTokens, 0);
  return {
    cells: counts,
    withoutOutputs,
    withOutputs: withoutOutputs + counts.reduce((sum, c) => sum + c.outputTokens, 0),
    outputsNotCounted: counts.reduce((sum, c) => sum + c.outputsNotCounted, 0),
  };
}

/** An output's text, or undefined when it has none (an image alone). */
function outputText(output: unknown): string | undefined {
  if (!output || typeof output !== 'object') return undefined;
  const o = output as { output_type?: unknown; text?: unknown; data?: unknown; ename?: unknown; evalue?: unknown; traceback?: unknown };
  switch (o.output_type) {
    case 'stream':
      return joined(o.text);
    case 'error':
      return [o.ename, o.evalue].filter((v) => typeof v === 'string').join(': ') + '\n' + (Array.isArray(o.traceback) ? o.traceback.join('\n') : '');
    case 'execute_result':
    case 'display_data': {
      const data = (o.data && typeof o.data === 'object' ? o.data : {}) as Record<string, unknown>;
      const key = ['text/markdown', 'text/plain'].find((k) => data[k] !== undefined);
      return key ? joined(data[key]) : undefined;
    }
    default:
      return undefined;
  }
}

function hasImage(output: unknown): boolean {
  const data = (output as { data?: unknown }).data;
  return !!data && typeof data === 'object' && Object.keys(data).some((k) => k.startsWith('image/'));
}
