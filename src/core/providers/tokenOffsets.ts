/**
 * Maps tokens given as UTF-8 bytes (xAI's tokenize-text answers each token's `token_bytes`)
 * back onto the text they came from: the UTF-16 offset where each token ends, what the
 * boundary decorations need. Only when the tokens' bytes are exactly the text's bytes, in
 * order: a provider that normalised the text (or an answer for other text) gives no offsets
 * rather than wrong ones.
 *
 * A byte-level tokenizer may cut inside a character (an emoji's four bytes over two tokens);
 * such a token ends at the end of that character, and a token wholly inside it ends there too
 * (a zero-width token), so ends never decrease and always fall between characters.
 */
export function tokenEndsFromBytes(text: string, tokens: readonly (readonly number[])[]): Uint32Array | undefined {
  const utf8 = Buffer.from(text, 'utf8');
  const total = tokens.reduce((sum, t) => sum + t.length, 0);
  if (total !== utf8.length) return undefined;
  const ends = new Uint32Array(tokens.length);
  let byte = 0;
  let unit = 0;
  /** The UTF-8 end of the characters walked so far (`unit` is their UTF-16 end). */
  let charByteEnd = 0;
  let i = 0;
  for (const token of tokens) {
    for (const value of token) {
      if (utf8[byte] !== value) return undefined;
      byte++;
    }
    // Walk characters until the one holding the token's last byte is passed.
    while (charByteEnd < byte) {
      const code = text.codePointAt(unit)!;
      charByteEnd += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      unit += code >= 0x10000 ? 2 : 1;
    }
    ends[i++] = unit;
  }
  return ends;
}
