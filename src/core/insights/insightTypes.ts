/**
 * What the insight panel shows, as plain data: computed in the worker from the core
 * (insights/*.ts), carried to the host, then to the webview. No functions, no classes: every
 * value must survive structured cloning and JSON (the webview's saved state).
 */
import type { TokenizerId } from '../tokenizers/tokenizerIds';

/** Compression of one text by one tokenizer. Characters are Unicode code points. */
export interface CompressionStats {
  readonly tokenizer: TokenizerId;
  readonly tokens: number;
  readonly chars: number;
  readonly bytes: number;
  /** Words as Intl.Segmenter counts them (isWordLike), so CJK text has words too (wordCount.ts). */
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
   * every longer token (`lastBucketOpen`). A token's length is the number of characters whose
   * first byte it holds, so the lengths add up to the characters. A token that is part of a
   * character and holds none's first byte (the tail of a CJK character or an emoji cut into
   * byte tokens) has length 0 and is counted in `partialTokens` instead. There are at most
   * 16 buckets (compression.ts), fewer when no token is that long.
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
  /**
   * The token's text itself (` the`, `\n\n`), for exports; absent when its bytes are not whole
   * UTF-8 characters (a piece of an emoji), which no string can hold. Optional also because
   * it was added after the first version of this contract (a saved panel state lacks it).
   */
  readonly raw?: string;
  readonly count: number;
}

/**
 * Token counts split by writing system (scripts.ts has the exact rules): a token goes to the
 * script of the first character it covers that has one (letters, and marks and digits of a
 * script), else to Common.
 */
export interface ScriptStats {
  /**
   * The Unicode Script name: `Latin`, `Cyrillic`, `Han`, `Hiragana`, `Katakana`, `Hangul`,
   * `Arabic`, `Devanagari`, … or `Common` (digits, punctuation, spaces, emoji). Han, Hiragana
   * and Katakana are separate rows (Japanese kanji are Han).
   */
  readonly script: string;
  /**
   * Characters of this script's tokens, each character counted in the token holding its first
   * byte (as the compression's token lengths count them): the rows add up to the text's
   * characters, and for text in one script chars / tokens is the whole text's characters per
   * token. (Counting only the script's own code points would leave the blanks between Latin
   * words, Common characters, outside the Latin tokens that hold them.)
   */
  readonly chars: number;
  readonly tokens: number;
  /** chars / tokens (0 for no tokens). */
  readonly charsPerToken: number;
  /**
   * Code points of the text whose own Script is this one (a combining mark with the character
   * before it); Common holds all the others. How much of the text is in this script.
   * Optional only because it was added after the first version of this contract.
   */
  readonly scriptChars?: number;
}

/**
 * A span of the text that two tokenizers cut differently (disagreements.ts): it starts and
 * ends where both tokenizations have a boundary, and between them at least one has a boundary
 * the other lacks. Offsets are UTF-16, into the text asked about (0 is the start of the
 * selection, or of the document).
 */
export interface Disagreement {
  readonly start: number;
  readonly end: number;
  /** The span's text (at most 200 characters; a longer span's is cut and ends with …). */
  readonly text: string;
  readonly tokensA: number;
  readonly tokensB: number;
}
