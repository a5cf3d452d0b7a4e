/**
 * One file's bytes to its tokens, for a folder count (the extension's Tokens view, counted in
 * the worker's helpers): decoded as VS Code opens the file (fileText.ts), counted whole with one
 * tokenizer, with its tokens by script class when an approximation calibrated per script needs
 * them. The model's own number (an approximation's scaling) is the caller's: the same count
 * serves every model of the tokenizer.
 */
import { decodeText, NotCountedError, type TextEncoding } from '../files/fileText';
import { scriptMixOf } from '../text/scriptMix';
import { measureText } from '../text/textStats';
import type { Tokenizer } from '../tokenizers/tokenizer';

export type FileTokens =
  | {
      readonly tokens: number;
      readonly chars: number;
      /** UTF-8 bytes of the text, as the status bar measures a document (not the file's size). */
      readonly bytes: number;
      readonly encoding: TextEncoding;
      readonly scriptMix?: number[];
    }
  /** Not text to count (`skippable`: binary, an encoding VS Code does not open), in one line. */
  | { readonly notCounted: string; readonly skippable: boolean };

export function fileTokens(content: Uint8Array, tokenizer: Tokenizer, scripts: boolean): FileTokens {
  let decoded;
  try {
    decoded = decodeText(content);
  } catch (err) {
    if (err instanceof NotCountedError) return { notCounted: err.message, skippable: err.skippable };
    throw err;
  }
  const { text, encoding } = decoded;
  const tokens = tokenizer.count(text);
  const { chars, bytes } = measureText(text);
  return { tokens, chars, bytes, encoding, ...(scripts ? { scriptMix: scriptMixOf(text, tokens, (part) => tokenizer.count(part)) } : {}) };
}
