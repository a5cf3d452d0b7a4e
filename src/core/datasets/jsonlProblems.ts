/**
 * The malformed lines of a JSON Lines dataset, without counting a token: what an editor marks
 * as problems while the file is typed in. Same rules as DatasetCounter (blank lines are fine; a
 * line must be a JSON object shaped as a chat example or a prompt/completion pair).
 */
import { JsonlLineSplitter } from './jsonlLines';

export interface JsonlProblem {
  /** 1-based line number. */
  readonly line: number;
  /** Length of the line in UTF-16 code units (without its line end), so a range can cover it. */
  readonly length: number;
  readonly error: string;
  /** What is wrong, as a kind the caller can word: invalid JSON, not an object, or an unknown shape. */
  readonly kind: 'json' | 'notObject' | 'shape';
}

/** A line read: blank, a problem, or the example's object. */
export type JsonlLine = { readonly blank: true } | { readonly problem: Omit<JsonlProblem, 'line' | 'length'> } | { readonly example: Record<string, unknown> };

/** Reads one line: blank, malformed (and why), or an example (parsed once). */
export function readJsonlLine(text: string): JsonlLine {
  if (text.trim() === '') return { blank: true };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: { kind: 'json', error: err instanceof Error ? err.message : String(err) } };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: { kind: 'notObject', error: 'not a JSON object' } };
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.messages) || typeof record.prompt === 'string' || typeof record.completion === 'string') return { example: record };
  return { problem: { kind: 'shape', error: 'neither a chat example ({"messages": […]}) nor a {"prompt", "completion"} pair' } };
}

/** Every malformed line of `text`, up to `max` of them (an editor shows no more). */
export function jsonlProblems(text: string, max = 1000): JsonlProblem[] {
  const problems: JsonlProblem[] = [];
  const splitter = new JsonlLineSplitter((line, lineText) => {
    if (problems.length >= max) return;
    const read = readJsonlLine(lineText);
    // The BOM the splitter dropped is still in the editor's first line.
    const length = line === 1 && text.charCodeAt(0) === 0xfeff ? lineText.length + 1 : lineText.length;
    if ('problem' in read) problems.push({ line, length, ...read.problem });
  });
  splitter.push(text);
  splitter.end();
  return problems;
}
