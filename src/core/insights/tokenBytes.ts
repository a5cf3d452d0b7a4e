import type { Tokenizer } from '../tokenizers/tokenizer';

/** A token id's UTF-8 bytes, as the tokenizer stands for it. */
export type TokenBytesOf = (id: number) => Uint8Array;

const byTokenizer = new WeakMap<Tokenizer, TokenBytesOf>();

/**
 * `tokenizer.decodeToken`, remembered per id: the insight metrics look at every token of a
 * document, which holds millions of tokens drawn from a vocabulary of at most a few hundred
 * thousand ids, and one `decodeToken` crosses into tiktoken's WASM (about a microsecond).
 * Holds at most one small array per id of the vocabulary (a few MB for o200k_base).
 */
export function tokenBytesOf(tokenizer: Tokenizer): TokenBytesOf {
  let bytesOf = byTokenizer.get(tokenizer);
  if (!bytesOf) {
    // Grown by pushing, so the array stays dense (an assignment far past its end would turn
    // it into a slow dictionary).
    const known: Array<Uint8Array | undefined> = [];
    bytesOf = (id) => {
      while (known.length <= id) known.push(undefined);
      return (known[id] ??= tokenizer.decodeToken(id));
    };
    byTokenizer.set(tokenizer, bytesOf);
  }
  return bytesOf;
}

/** Whether a byte continues a UTF-8 sequence (10xxxxxx) rather than starting a character. */
export function isContinuationByte(b: number): boolean {
  return (b & 0xc0) === 0x80;
}
