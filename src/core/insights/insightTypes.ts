/**
 * What the insight panel shows, as plain data: computed in the worker from the core
 * (insights/*.ts), carried to the host, then to the webview. No functions, no classes: every
 * value must survive structured cloning and JSON (the webview's saved state).
 */
import type { TokenizerId } from '../tokenizerIds';

/** Compression of one text by one tokenizer. Characters are Unicode code points. */
export interface CompressionStats {
  readonly tokenizer: TokenizerId;
  readonly tokens: number;
  readonly chars: number;
  readonly bytes: number;
  /** Words as Intl.Segmenter counts them (isWordLike), so CJK text has words too. */
  readonly words: number;
  readonly charsPerToken: number;
  readonly bytesPerToken: number;
  /** Tokens per word ("fertility"); 0 when there are no words. */
  readonly tokensPerWord: number;
  /** Shannon entropy of the token-id unigram distribution, bits per token. */
  readonly entropyBitsPerToken: number;
  readonly distinctTokens: number;
  /** distinctTokens / tokens (0 for no tokens). */
  readonly distinctShare: number;
  /**
   * Token lengths in characters: `counts[i]` tokens of length i + 1, the last bucket holding
   * every longer token (`lastBucketOpen`). A token that is part of a character has length 0
   * and is counted in `partialTokens` instead.
   */
  readonly lengthHistogram: { readonly counts: readonly number[]; readonly lastBucketOpen: boolean };
  readonly partialTokens: number;
  /** The most frequent tokens, most frequent first (ties by id). */
  readonly topTokens: readonly TopToken[];
}

export interface TopToken {
  readonly id: number;
  /** The token's bytes as display text: whitespace and invisible characters escaped (tokenText.ts). */
  readonly text: string;
  readonly count: number;
}

/** Token counts split by writing system (a token goes to the script of its first letter). */
export interface ScriptStats {
  /** `Latin`, `Cyrillic`, `Han`, `Arabic`, `Devanagari`, … or `Common` (digits, punctuation, spaces). */
  readonly script: string;
  readonly chars: number;
  readonly tokens: number;
  readonly charsPerToken: number;
}

/** A span of the text that two tokenizers cut differently. Offsets are UTF-16, into the text asked about. */
export interface Disagreement {
  readonly start: number;
  readonly end: number;
  /** The span's text (at most a few hundred characters; longer spans are cut with …). */
  readonly text: string;
  readonly tokensA: number;
  readonly tokensB: number;
}
