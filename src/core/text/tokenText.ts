/**
 * How a token's bytes are written in a hover: text with whitespace and invisible characters
 * escaped, bytes that are only part of a character as `\xNN`, and the bytes in hex.
 */

/** Characters shown as escapes: whitespace other than the plain space, controls, invisibles. */
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', ' ': '·', '·': '\\u00b7' };
/** In exports a space is a space and `·` is itself: only the escapes a reader cannot do without. */
const EXPORT_NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', ' ': ' ', '·': '·' };

function escapeChar(ch: string, named: Readonly<Record<string, string>>): string {
  const name = named[ch];
  if (name) return name;
  const c = ch.codePointAt(0)!;
  // C0/C1 controls, other Unicode spaces, zero-widths, BOM, line/paragraph separators.
  if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xad || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || c === 0x205f || c === 0x3000 || c === 0xfeff) {
    return `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return ch;
}

/** Length in bytes of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot lead. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A token's bytes as readable text: `" hello\n"` becomes `·hello\n`; a token that holds only
 * part of a character (`\xF0\x9F`) shows those bytes as escapes; a literal `·` or `\` is
 * escaped so the result is unambiguous.
 */
export function escapeTokenBytes(bytes: Uint8Array, named: Readonly<Record<string, string>> = NAMED): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes[i]);
    let ch: string | undefined;
    if (length > 0 && i + length <= bytes.length) {
      try {
        ch = strictDecoder.decode(bytes.subarray(i, i + length));
      } catch {
        ch = undefined;
      }
    }
    if (ch === undefined) {
      out += `\\x${bytes[i].toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    } else {
      out += escapeChar(ch, named);
      i += length;
    }
  }
  return out;
}

/** The text of `bytes` when they are whole UTF-8 characters; undefined for any other bytes (a piece of a character). */
export function decodeWholeCharacters(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Text of the user's (a token, a span) for a Markdown code span in an export: the characters as
 * they are, spaces included (no `·`), with only what a one-line cell cannot hold written as an
 * escape, as in a JSON string: `\n`, `\r`, `\t`, other controls and invisibles as `\uXXXX`,
 * a backslash as `\\`, and bytes that are not whole characters as `\xNN`.
 */
export function escapeForExport(bytes: Uint8Array): string {
  return escapeTokenBytes(bytes, EXPORT_NAMED);
}

/** `e4 bd a0`: bytes in lower-case hex, space-separated. */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * A Markdown code span showing `text` literally: fenced with one backtick more than the longest
 * run inside it, and padded with spaces when it starts or ends with a backtick (CommonMark).
 */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A token's length in characters: the number of characters whose first byte it holds (UTF-8
 * lead bytes). Every character is counted once, in the token where it begins, so the lengths
 * of a text's tokens add up to its characters; a token made only of the rest of a character
 * begun in an earlier token (`\xA0` after `\xE4\xBD`, the tail of an emoji) has length 0.
 */
export function tokenCharLength(bytes: Uint8Array): number {
  let length = 0;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] & 0xc0) !== 0x80) length++; // not a UTF-8 continuation byte
  return length;
}
