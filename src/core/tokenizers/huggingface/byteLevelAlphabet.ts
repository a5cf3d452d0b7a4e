/**
 * The byte-level alphabet of GPT-2-style BPE (Hugging Face's `ByteLevel` pre-tokenizer and
 * decoder): every byte is written as one printable character, so that vocabularies and merges
 * can be stored as text. The printable bytes `!`..`~`, `¡`..`¬` and `®`..`ÿ` stand for
 * themselves; the other 68 bytes (controls, space, DEL, NBSP, soft hyphen…) take the characters
 * U+0100, U+0101, … in byte order, so a space is `Ġ` (U+0120) and a newline `Ċ` (U+010A).
 */

function isSelfPrintable(byte: number): boolean {
  return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
}

const charOfByte: string[] = [];
/** Char code → byte; -1 where the character is not in the alphabet. Codes are below 0x144. */
const byteOfCode = new Int16Array(0x144).fill(-1);
{
  let next = 0x100;
  for (let byte = 0; byte < 256; byte++) {
    const code = isSelfPrintable(byte) ? byte : next++;
    charOfByte.push(String.fromCharCode(code));
    byteOfCode[code] = byte;
  }
}

/** The character that stands for `byte` (0-255). */
export function byteLevelChar(byte: number): string {
  return charOfByte[byte];
}

/** The byte a character of the alphabet stands for, or -1 for any other character. */
export function byteOfByteLevelChar(code: number): number {
  return code < byteOfCode.length ? byteOfCode[code] : -1;
}

/** The bytes of a byte-level token string, or undefined if it holds a character outside the alphabet. */
export function byteLevelBytes(token: string): Uint8Array | undefined {
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const byte = byteOfByteLevelChar(token.charCodeAt(i));
    if (byte < 0) return undefined;
    bytes[i] = byte;
  }
  return bytes;
}
