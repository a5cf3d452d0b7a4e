import { cutRuleFor, type CutRule } from './cutRules';
import { isEncodingName } from './tiktoken/encodings';
import { PieceCounter } from './tiktoken/pieceCounter';
import { parseRanks } from './tiktoken/rankTable';
import { TiktokenTokenizer } from './tiktoken/tiktokenTokenizer';
import type { Tokenizer } from './tokenizer';
import type { HfTokenizerId, TokenizerFileLoader } from './tokenizerFiles';
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
 * Error whose message a user can act on (a TokenizerFileError for a file), kept only while the
 * file stays as it was, so a fixed file is picked up.
 *
 * One registry per process is the rule (the worker's server, the CLI, a test suite); two
 * registries hold two copies of each tokenizer they both load.
 */
export class TokenizerRegistry {
  private readonly loaded = new Map<TokenizerId, LoadedTokenizer>();
  /** Files that failed, with the loader's fingerprint of them then: the same file fails the same way. */
  private readonly failed = new Map<TokenizerId, { readonly error: unknown; readonly fingerprint: string }>();

  constructor(private readonly files: TokenizerFileLoader) {}

  /**
   * The tokenizer `id` names, built on first use; throws when it cannot be loaded. A file that
   * failed is tried again only once it changed (TokenizerFileLoader.fingerprint).
   */
  load(id: TokenizerId): LoadedTokenizer {
    let entry = this.loaded.get(id);
    if (!entry) {
      const fingerprint = isHfId(id) ? this.files.fingerprint?.(id) : undefined;
      const failure = this.failed.get(id);
      if (failure && fingerprint !== undefined && failure.fingerprint === fingerprint) throw failure.error;
      try {
        entry = this.build(id);
      } catch (error) {
        if (fingerprint !== undefined) this.failed.set(id, { error, fingerprint });
        throw error;
      }
      this.failed.delete(id);
      this.loaded.set(id, entry);
    }
    return entry;
  }

  private build(id: TokenizerId): LoadedTokenizer {
    if (isEncodingName(id)) {
      const counter = new PieceCounter(id, parseRanks(this.files.rankData(id)));
      return { tokenizer: new TiktokenTokenizer(id, counter), cutRule: cutRuleFor(id) };
    }
    if (isHfId(id)) {
      const { file, json } = this.files.tokenizerJson(id);
      // Required here, not imported: the Hugging Face engines and the library they build on are
      // a third of the worker's and the CLI's bundles, and evaluating them at start-up cost every
      // process that counts for an OpenAI model alone (the CLI's 1 KB count, the worker's first).
      const { buildHfTokenizer } = require('./huggingface/hfTokenizer') as typeof import('./huggingface/hfTokenizer');
      return buildHfTokenizer(id, file, json);
    }
    throw new Error(`unknown tokenizer ${JSON.stringify(id)}`);
  }
}

function isHfId(id: TokenizerId): id is HfTokenizerId {
  return id.startsWith('hf:') || id.startsWith('file:');
}
