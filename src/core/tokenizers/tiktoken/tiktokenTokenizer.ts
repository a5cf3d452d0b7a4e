import type { EncodingName } from './encodings';
import type { PieceCounter } from './pieceCounter';
import type { Tokenizer } from '../tokenizer';

type TiktokenModule = typeof import('tiktoken');
type Tiktoken = ReturnType<TiktokenModule['get_encoding']>;

/**
 * The exact tokenizer of a tiktoken encoding (a TokenizerRegistry builds one per encoding).
 * Counts and token ids both come from the fast piece counter (pieceCounter.ts: V8 regex, piece
 * cache, JavaScript BPE over the published ranks; 5-12× tiktoken's throughput, and O(n log n) on
 * one long piece where tiktoken's WASM `encode` is quadratic and held the worker for minutes).
 * Ids are checked id for id against tiktoken's `encode_ordinary` by the unit tests, and a
 * token's bytes for display come from the same rank table. The official WASM bindings are
 * required only to decode an id the table lacks (a special token): instantiating the 5.6 MB
 * WASM and building o200k_base costs ~280 ms (DESIGN.md), which neither a count nor a hover pays.
 */
export class TiktokenTokenizer implements Tokenizer {
  private enc: Tiktoken | undefined;

  constructor(
    readonly encoding: EncodingName,
    private readonly counter: PieceCounter,
  ) {}

  get id(): EncodingName {
    return this.encoding;
  }

  count(text: string): number {
    return this.counter.count(text);
  }

  encode(text: string): Uint32Array {
    // Special-token literals are text, as in tiktoken's `encode_ordinary`; lone surrogates
    // become U+FFFD, exactly as a UTF-8 file would store them (and as they reach tiktoken's WASM).
    return this.counter.encode(text);
  }

  decodeToken(id: number): Uint8Array {
    // Every id `encode` gives is in the rank table, so a hover never loads the WASM; the WASM
    // stays the answer for what the table lacks (a special token's id), as before.
    const bytes = this.counter.ranks.tokenBytes(id);
    return bytes ? bytes.slice() : this.tiktoken().decode_single_token_bytes(id);
  }

  private tiktoken(): Tiktoken {
    if (!this.enc) {
      // `require` keeps the module once per process; each encoding is built once per tokenizer.
      this.enc = (require('tiktoken') as TiktokenModule).get_encoding(this.encoding);
    }
    return this.enc;
  }
}
