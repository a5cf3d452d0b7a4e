import type { NormalizedText } from './normalizedText';
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
