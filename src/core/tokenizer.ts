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
}
