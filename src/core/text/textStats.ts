/** Characters (Unicode code points) and UTF-8 bytes of a text, in one pass. */
export interface TextSize {
  chars: number;
  bytes: number;
}

/**
 * Lone surrogates count as U+FFFD (3 bytes), which is what a UTF-8 file stores for them and
 * what tiktoken's WASM receives, so bytes here always agree with what is tokenized.
 */
export function measureText(text: string): TextSize {
  let chars = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    chars++;
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return { chars, bytes };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
