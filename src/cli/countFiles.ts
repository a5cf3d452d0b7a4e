import { measureText } from '../core/text/textStats';
import { countingTokenizer, isExact, modelTokens, needsScriptMix, type ModelInfo } from '../core/catalog/models';
import { scriptMixOf } from '../core/text/scriptMix';
import { describeRefusal, FileRefusedError, readRegularFile } from '../core/files/regularFile';
import { decodeText, NotCountedError, type DecodedText, type TextEncoding } from '../core/files/fileText';

export { decodeText, NotCountedError, type DecodedText, type TextEncoding } from '../core/files/fileText';
import { formatInteger, formatMegabytes } from '../core/present/countFormat';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { usableWindowOf, windowSharePct } from '../core/catalog/contextWindow';
import { megabytesToBytes } from '../core/catalog/settings';

export interface FileCount {
  file: string;
  /** The model's count (scaled for an approximate model; see `exact`). */
  tokens: number;
  exact: boolean;
  chars: number;
  /** UTF-8 bytes of the text, as the extension measures a document (not the file's size). */
  bytes: number;
  encoding: TextEncoding;
  /** Share of the model's usable window (`windowSharePct`, as the status bar), in percent. */
  windowShare: number;
}

/**
 * The size cap of --max-size in bytes. At most MAX_SIZE_MB: a V8 string holds at most
 * 2^29 − 24 UTF-16 code units, and each byte of UTF-8 decodes to at most one, so any file
 * within the cap can be held as text.
 */
export const MAX_SIZE_MB = 500;

export function maxBytesOf(maxSizeMB: number): number {
  return megabytesToBytes(maxSizeMB);
}

/** A regular file's text (see readRegularFile for what is refused, and why). */
export function readTextFile(file: string, maxSizeMB: number): DecodedText {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file, maxBytesOf(maxSizeMB));
  } catch (err) {
    if (!(err instanceof FileRefusedError)) throw err;
    const { refusal } = err;
    if (refusal.kind === 'tooLarge') throw new NotCountedError(tooLargeText(refusal.bytes, maxSizeMB), true);
    throw new NotCountedError(describeRefusal(refusal));
  }
  return decodeText(bytes);
}

/** Why a file over --max-size is not read. */
export function tooLargeText(bytes: number, maxSizeMB: number): string {
  return `it is ${sizeText(bytes)}, over the --max-size of ${maxSizeMB} MB`;
}

/** Bytes exactly (a size just over the cap shows as over it), with MB to read at a glance. */
function sizeText(bytes: number): string {
  return `${formatInteger(bytes)} bytes${bytes >= 1024 * 1024 ? ` (${formatMegabytes(bytes)})` : ''}`;
}

/**
 * A stream read whole, but never past the --max-size cap: standard input may be endless
 * (`< /dev/zero`), so reading stops at the first chunk past the cap and the stream is reported.
 */
export async function readCapped(stream: AsyncIterable<Uint8Array>, maxSizeMB: number): Promise<Buffer> {
  const maxBytes = maxBytesOf(maxSizeMB);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > maxBytes) throw tooLargeStream(maxSizeMB);
  }
  return Buffer.concat(chunks, length);
}

export function tooLargeStream(maxSizeMB: number): NotCountedError {
  return new NotCountedError(`it is over the --max-size of ${maxSizeMB} MB (reading stopped there)`);
}

/** The count of one decoded file for `model`, with the tokenizer `tokenizers` holds for it. */
export function countText(file: string, { text, encoding }: DecodedText, model: ModelInfo, tokenizers: TokenizerRegistry): FileCount {
  const tokenizer = tokenizers.load(countingTokenizer(model)).tokenizer;
  const counted = tokenizer.count(text);
  // An approximation calibrated per script scales each script's tokens by its own factor.
  const mix = needsScriptMix(model) ? scriptMixOf(text, counted, (part) => tokenizer.count(part)) : undefined;
  const tokens = modelTokens(model, counted, mix);
  const { chars, bytes } = measureText(text);
  return { file, tokens, exact: isExact(model), chars, bytes, encoding, windowShare: windowSharePct(tokens, usableWindowOf(model)) };
}

/** What became of one file: its count, or why it has none (`skippable`: binary or too large, not broken). */
export type FileOutcome = { readonly count: FileCount } | { readonly error: string; readonly skippable: boolean };

/**
 * Reads, decodes and counts one file (`name` is how it is shown). Never throws for the file's
 * sake: a refusal, a binary file or a run the tokenizer cannot take is the outcome's `error`, in
 * one line, so a message of several lines cannot break a table into rows of nothing.
 */
export function countFile(file: string, name: string, maxSizeMB: number, model: ModelInfo, tokenizers: TokenizerRegistry): FileOutcome {
  try {
    return { count: countText(name, readTextFile(file, maxSizeMB), model, tokenizers) };
  } catch (err) {
    return { error: oneLine(err), skippable: err instanceof NotCountedError && err.skippable };
  }
}

/** An error's message on one line. */
export function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}
