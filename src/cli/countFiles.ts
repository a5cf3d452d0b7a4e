import { measureText } from '../core/text/textStats';
import { countingTokenizer, isExact, modelTokens, needsScriptMix, type ModelInfo } from '../core/catalog/models';
import { scriptMixOf } from '../core/text/scriptMix';
import { describeRefusal, FileRefusedError, readRegularFile } from '../core/files/regularFile';
import { BINARY_REASON, isBinaryBytes } from '../core/files/binaryContent';
import { formatInteger, formatMegabytes } from '../core/present/countFormat';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { usableWindowOf, windowSharePct } from '../core/catalog/contextWindow';
import { megabytesToBytes } from '../core/catalog/settings';

/** How a file's bytes were read as text: VS Code's names for the encodings it finds by their BOM. */
export type TextEncoding = 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be';

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

/** A file that is reported instead of counted; the message says why, without the file's name. */
export class NotCountedError extends Error {}

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/**
 * Text of a file as VS Code opens it. A byte order mark decides the encoding and is not part
 * of the text: UTF-16 LE (FF FE) and BE (FE FF), which VS Code decodes from their BOM, and
 * UTF-8's (EF BB BF). Otherwise UTF-8, invalid bytes becoming U+FFFD as they would in the
 * editor. A binary file (isBinaryBytes: a NUL byte in the first 8 KB of a file that is not
 * UTF-16, the rule the status bar applies too) is reported instead of counted (VS Code looks at
 * 512 bytes and would guess UTF-16 without a BOM from where the NULs fall; such a file is
 * reported here).
 * UTF-32 is refused by name: VS Code has no UTF-32 encoding (it would open UTF-32 LE as
 * UTF-16 LE, a NUL between every character), so there is no editor count to match, and a
 * count of that would be a count of noise.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const starts = (...prefix: number[]) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
  // Before UTF-16 LE: FF FE is also the start of UTF-32 LE's BOM.
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff)) {
    throw new NotCountedError(`UTF-32 ${bytes[0] === 0xff ? 'LE' : 'BE'} (by its byte order mark), an encoding VS Code does not open`);
  }
  // TextDecoder drops the BOM it recognises (ignoreBOM: false, the default) and turns unpaired
  // surrogates and a last odd byte into U+FFFD.
  if (starts(0xff, 0xfe)) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (starts(0xfe, 0xff)) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  if (isBinaryBytes(bytes)) throw new NotCountedError(BINARY_REASON);
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: starts(0xef, 0xbb, 0xbf) ? 'utf-8 with BOM' : 'utf-8' };
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
    throw new NotCountedError(refusal.kind === 'tooLarge' ? `it is ${sizeText(refusal.bytes)}, over the --max-size of ${maxSizeMB} MB` : describeRefusal(refusal));
  }
  return decodeText(bytes);
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
