import { cutRuleFor, type CutRule } from './cutRules';
import { isEncodingName } from './tiktoken/encodings';
import { buildHfTokenizer } from './huggingface/hfTokenizer';
import { PieceCounter } from './tiktoken/pieceCounter';
import { parseRanks } from './tiktoken/rankTable';
import { TiktokenTokenizer } from './tiktoken/tiktokenTokenizer';
import type { Tokenizer } from './tokenizer';
import type { TokenizerFileLoader } from './tokenizerFiles';
import type { TokenizerId } from './tokenizerIds';

export interface LoadedTokenizer {
  readonly tokenizer: Tokenizer;
  /** Where a document may be cut into blocks that this tokenizer counts independently. */
  readonly cutRule: CutRule;
}

/**
 * The one place a tokenizer id becomes a tokenizer: tiktoken encodings through our own
 * counter, `hf:`/`file:` ids through Hugging Face `tokenizer.json` files, read through the
 * loader it is built with (tokenizerFiles.ts). Each tokenizer is built once per registry, on
 * first use, and kept: o200k_base's rank table costs ~120 ms to read and parse, a bundled
 * tokenizer.json 0.3-0.6 s, and their piece caches only pay off when kept. A failure throws an
 * Error whose message a user can act on and is not kept, so a fixed file is picked up.
 *
 * One registry per process is the rule (the worker's server, the CLI, a test suite); two
 * registries hold two copies of each tokenizer they both load.
 */
export class TokenizerRegistry {
  private readonly loaded = new Map<TokenizerId, LoadedTokenizer>();

  constructor(private readonly files: TokenizerFileLoader) {}

  /** The tokenizer `id` names, built on first use; throws when it cannot be loaded. */
  load(id: TokenizerId): LoadedTokenizer {
    let entry = this.loaded.get(id);
    if (!entry) {
      entry = this.build(id);
      this.loaded.set(id, entry);
    }
    return entry;
  }

  private build(id: TokenizerId): LoadedTokenizer {
    if (isEncodingName(id)) {
      const counter = new PieceCounter(id, parseRanks(this.files.rankData(id)));
      return { tokenizer: new TiktokenTokenizer(id, counter), cutRule: cutRuleFor(id) };
    }
    if (id.startsWith('hf:') || id.startsWith('file:')) {
      const hfId = id as `hf:${string}` | `file:${string}`;
      const { file, json } = this.files.tokenizerJson(hfId);
      return buildHfTokenizer(hfId, file, json);
    }
    throw new Error(`unknown tokenizer ${JSON.stringify(id)}`);
  }
}
