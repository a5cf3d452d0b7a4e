import type { NormalizedText } from '../text/normalizedText';
import type { TokenizerId } from './tokenizerIds';

/**
 * An exact tokenizer as the core sees it. Special-token literals such as `<|endoftext|>` are
 * always ordinary text: a prompt that *mentions* a special token must be counted, not rejected.
 */
export interface Tokenizer {
  readonly id: TokenizerId;
  /**
   * Number of tokens of `text`, equal to `encode(text).length` but much faster (no ids are
   * built; see pieceCounter.ts). Count-only paths call this.
   */
  count(text: string): number;
  /** Token ids of `text`. */
  encode(text: string): Uint32Array;
  /** UTF-8 bytes of one token (for display). */
  decodeToken(id: number): Uint8Array;
  /**
   * Present only on a tokenizer whose normalizer may rewrite text before encoding it (Qwen's
   * NFC). For such a tokenizer the tokens of `encode(text)` spell its normalized text, not
   * `text`: this returns that text with a map back to `text`'s offsets, or undefined when
   * normalization leaves `text` as it is. Laying tokens over a document needs it; counting
   * does not.
   */
  readonly normalized?: (text: string) => NormalizedText | undefined;
}

/**
 * The error for a text whose pre-tokenizer regex overflows V8's backtracking stack: one run of
 * millions of letters or symbols with no break (each step over a character class with astral
 * code points is a backtrack point). Seen here from ~4-5 million CJK characters in one run, for
 * tiktoken encodings and tokenizer.json files alike; shorter runs count normally. Such a run
 * has no safe place to cut (cutting it would change its tokens), so it cannot be counted
 * exactly; the message says so and how long the run was, instead of a bare stack overflow.
 */
export function runTooLongError(text: string, err: unknown): unknown {
  if (!(err instanceof RangeError) || !/call stack/i.test(err.message)) return err;
  return new Error(
    `this text has a run of letters or symbols with no space or break too long to tokenize (a stretch of ${text.length.toLocaleString('en-US')} characters holds it; runs of a few million overflow the regular-expression engine)`,
  );
}
