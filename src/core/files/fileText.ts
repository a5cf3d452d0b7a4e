import { BINARY_REASON, isBinaryBytes } from './binaryContent';

/**
 * Bytes to text as VS Code opens a file, shared by the command line and the extension's folder
 * count (they must agree on what is text, and on the count of it).
 */

/** How a file's bytes were read as text: VS Code's names for the encodings it finds by their BOM. */
export type TextEncoding = 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be';

/** A file that is reported instead of counted; the message says why, without the file's name. */
export class NotCountedError extends Error {
  constructor(
    message: string,
    /**
     * The file is not text to count (binary, or over the size limit), not broken: a folder count
     * lists it as skipped rather than failed, as the extension's view does.
     */
    readonly skippable = false,
  ) {
    super(message);
  }
}

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
  if (isBinaryBytes(bytes)) throw new NotCountedError(BINARY_REASON, true);
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: starts(0xef, 0xbb, 0xbf) ? 'utf-8 with BOM' : 'utf-8' };
}
