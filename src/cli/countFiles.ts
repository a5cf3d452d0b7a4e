import { readFile } from 'node:fs/promises';
import { measureText } from '../core/textStats';
import { countingTokenizer, isExact, modelTokens, type ModelInfo } from '../core/models';
import { loadTokenizer } from '../core/tokenizerRegistry';

export interface FileCount {
  file: string;
  /** The model's count (scaled for an approximate model; see `exact`). */
  tokens: number;
  exact: boolean;
  chars: number;
  bytes: number;
  /** Share of the model's context window, in percent. */
  windowShare: number;
}

export class NotTextError extends Error {}

/**
 * Text of a file as an editor shows it: UTF-8 (invalid bytes become U+FFFD, as they would in
 * VS Code), a leading BOM dropped. A NUL byte in the first 8 KB marks a binary file, the same
 * heuristic git and VS Code use, which is reported instead of counted.
 */
export function decodeText(name: string, bytes: Uint8Array): string {
  if (bytes.subarray(0, 8192).includes(0)) throw new NotTextError(`${name}: binary (NUL byte found), not counted`);
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}

export async function readTextFile(file: string): Promise<string> {
  return decodeText(file, await readFile(file));
}

export function countText(file: string, text: string, model: ModelInfo): FileCount {
  const tokens = modelTokens(model, loadTokenizer(countingTokenizer(model)).tokenizer.count(text));
  const { chars, bytes } = measureText(text);
  return { file, tokens, exact: isExact(model), chars, bytes, windowShare: (tokens / model.contextWindow) * 100 };
}
