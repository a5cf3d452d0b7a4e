/**
 * When a file is binary rather than text, decided once for the command line (the file's bytes)
 * and the editor (a document's text): a NUL byte in the first 8 KB of a file that is not
 * UTF-16. This is git's heuristic; text never holds NUL, while images, archives and executables
 * have one within their first few hundred bytes. UTF-16 text has a NUL in every other byte of
 * ASCII, so a UTF-16 byte order mark exempts a file (VS Code decodes those; their text has no NUL).
 */

/** How far the rule looks: 8 KB, as git does. */
export const BINARY_SNIFF_BYTES = 8192;

/** Why a binary file is not counted, in the CLI's words (the editor says it in the user's language). */
export const BINARY_REASON = 'binary (NUL byte found)';

/** Whether `bytes` start with a UTF-16 byte order mark (LE FF FE or BE FE FF). */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** Whether a file's bytes are binary: a NUL byte in its first 8 KB, unless it is UTF-16 (by its BOM). */
export function isBinaryBytes(bytes: Uint8Array): boolean {
  return !hasUtf16Bom(bytes) && bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/**
 * The same rule for a document's text, as the editor decoded it: a U+0000 whose UTF-8 byte
 * falls in the first 8 KB, that is, NUL among the bytes the file would have as UTF-8. Only the
 * text's start is read (`head` may be just its first BINARY_SNIFF_BYTES characters: no character
 * is shorter than a byte). A UTF-16 file's text has no NUL once decoded, so it is text here too.
 */
export function isBinaryText(head: string): boolean {
  const nul = head.indexOf('\0');
  if (nul < 0 || nul >= BINARY_SNIFF_BYTES) return false;
  let bytes = 0;
  for (let i = 0; i < nul; i++) {
    const c = head.charCodeAt(i);
    // A surrogate pair is 4 bytes over 2 units, a lone surrogate is U+FFFD (3 bytes): 2+ per unit either way.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? (isPairAt(head, i) ? 2 : 3) : 3;
    if (bytes >= BINARY_SNIFF_BYTES) return false;
  }
  return true;
}

/** Whether the unit at `i` is half of a surrogate pair (each half counted as 2 of the pair's 4 bytes). */
function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff;
  }
  const prev = text.charCodeAt(i - 1);
  return prev >= 0xd800 && prev <= 0xdbff;
}
