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
import { chooseTokenizer, type TokenizerFallback } from '../tokenizers/tokenizerFallback';
import type { TokenizerId } from '../tokenizers/tokenizerIds';
import type { TokenizerRegistry } from '../tokenizers/tokenizerRegistry';
import { countedModel, countingTokenizer, modelTokens, needsScriptMix, type ModelInfo } from '../catalog/models';

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

/** A file's count as the worker answered it: the tokenizer it used (its fallback, if it fell back) and its tokens. */
export interface CountedFile {
  readonly tokenizer: TokenizerId;
  readonly fellBack?: TokenizerFallback;
  readonly tokens: number;
  readonly scriptMix?: number[];
}

/**
 * `model`'s tokens for a file counted with `counted.tokenizer`, or undefined when that count is
 * not one of this model's (another tokenizer; no script mix where the approximation needs one).
 * A count made with the fallback of the model's unusable tokenizer file is that fallback's `≈`.
 */
export function modelFileTokens(model: ModelInfo, counted: CountedFile): number | undefined {
  const wanted = countingTokenizer(model);
  const counting = counted.tokenizer === wanted ? model : counted.fellBack?.from === wanted ? countedModel(model, counted.tokenizer) : undefined;
  if (!counting) return undefined;
  if (needsScriptMix(counting) && !counted.scriptMix) return undefined;
  return modelTokens(counting, counted.tokens, counted.scriptMix);
}

/** Files' contents to count with one tokenizer: the worker's `countFiles` request, and the MCP server's. */
export interface ContentsToCount {
  readonly tokenizer: TokenizerId;
  /** What to count with when `tokenizer` cannot be loaded (a tokenizer file's fallback). */
  readonly fallback?: TokenizerId;
  readonly files: readonly Uint8Array[];
  /** Also each file's tokens by script class (an approximation calibrated per script). */
  readonly scriptMix: boolean;
}

/** The tokenizer counted with (the one asked for, or its fallback: `fellBack` says why) and each file's count. */
export interface ContentsCounted {
  readonly tokenizer: TokenizerId;
  readonly fellBack?: TokenizerFallback;
  readonly files: Array<FileTokens | { readonly error: string }>;
}

/**
 * Counts each file with the request's tokenizer (or its fallback). One file the tokenizer cannot
 * take (a run too long for it) is that file's `error`, in one line, and does not sink the others;
 * `step(i)` is called before file i (a helper checks its cancel flag there).
 */
export function countContents(request: ContentsToCount, tokenizers: TokenizerRegistry, step: (index: number) => void = () => {}): ContentsCounted {
  const choice = chooseTokenizer((id) => tokenizers.load(id), request.tokenizer, request.fallback);
  const { tokenizer } = tokenizers.load(choice.tokenizer);
  const files = request.files.map((content, i) => {
    step(i);
    try {
      return fileTokens(content, tokenizer, request.scriptMix);
    } catch (err) {
      return { error: (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ') };
    }
  });
  return { tokenizer: choice.tokenizer, ...(choice.fellBack ? { fellBack: choice.fellBack } : {}), files };
}
