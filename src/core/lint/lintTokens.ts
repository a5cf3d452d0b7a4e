import type { Tokenizer } from '../tokenizers/tokenizer';
import { BlockTokenCache } from '../incremental/tokenSpan';
import type { LintToken } from './lintTypes';

/**
 * Tokens as the lint rules see them, from token ids and the offsets of the characters holding
 * their first bytes (a Segmentation's `tokenStarts`, the boundaries' own numbers). A token
 * ends where the next one starts; tokens that share one character (an emoji cut in two) each
 * cover that whole character, so every token covers at least one character.
 */
export function lintTokensOf(text: string, ids: ArrayLike<number>, tokenStarts: ArrayLike<number>): LintToken[] {
  const out: LintToken[] = [];
  for (let t = 0; t < ids.length; t++) {
    const start = tokenStarts[t];
    const next = t + 1 < ids.length ? tokenStarts[t + 1] : text.length;
    out.push({ start, end: next > start ? next : start + characterLength(text, start), id: ids[t] });
  }
  return out;
}

/** UTF-16 units of the character at `i` (2 for a surrogate pair). */
function characterLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

/** A `tokenize` for LintInput: the tokens of any text with `tokenizer`, laid over it as the boundaries lay them. */
export function lintTokenizer(tokenizer: Tokenizer, cache = new BlockTokenCache()): (text: string) => LintToken[] {
  return (text) => {
    const { ids, segmentation } = cache.segment(text, tokenizer);
    return lintTokensOf(text, ids, segmentation.tokenStarts);
  };
}
