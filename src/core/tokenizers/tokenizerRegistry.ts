import { cutRuleFor, type CutRule } from './cutRules';
import { isEncodingName } from './tiktoken/encodings';
import { loadHfTokenizer } from './huggingface/hfTokenizer';
import { loadTiktokenTokenizer } from './tiktoken/tiktokenTokenizer';
import type { Tokenizer } from './tokenizer';
import type { TokenizerId } from './tokenizerIds';

export interface LoadedTokenizer {
  readonly tokenizer: Tokenizer;
  /** Where a document may be cut into blocks that this tokenizer counts independently. */
  readonly cutRule: CutRule;
}

/**
 * The one place a tokenizer id becomes a tokenizer: tiktoken encodings through our own
 * counter, `hf:`/`file:` ids through Hugging Face `tokenizer.json` files. Each loader caches
 * per id and throws an Error whose message a user can act on (a missing or malformed file).
 */
export function loadTokenizer(id: TokenizerId): LoadedTokenizer {
  if (isEncodingName(id)) return { tokenizer: loadTiktokenTokenizer(id), cutRule: cutRuleFor(id) };
  if (id.startsWith('hf:') || id.startsWith('file:')) return loadHfTokenizer(id as `hf:${string}` | `file:${string}`);
  throw new Error(`unknown tokenizer ${JSON.stringify(id)}`);
}
