import type { EncodingName } from './encodings';
import type { Tokenizer } from './tokenizer';

type TiktokenModule = typeof import('tiktoken');
type Tiktoken = ReturnType<TiktokenModule['get_encoding']>;

let tiktokenModule: TiktokenModule | undefined;
const loaded = new Map<EncodingName, Tokenizer>();

/**
 * Loads an encoding of the official tiktoken WASM bindings, once per encoding. The module is
 * required lazily: instantiating the 5.6 MB WASM and building o200k_base's rank table costs
 * ~280 ms (measured, DESIGN.md), which must not happen before the first count is needed.
 */
export function loadTiktokenTokenizer(encoding: EncodingName): Tokenizer {
  let tokenizer = loaded.get(encoding);
  if (!tokenizer) {
    tiktokenModule ??= require('tiktoken') as TiktokenModule;
    tokenizer = new TiktokenTokenizer(encoding, tiktokenModule.get_encoding(encoding));
    loaded.set(encoding, tokenizer);
  }
  return tokenizer;
}

class TiktokenTokenizer implements Tokenizer {
  constructor(
    readonly encoding: EncodingName,
    private readonly enc: Tiktoken,
  ) {}

  count(text: string): number {
    return text.length === 0 ? 0 : this.encode(text).length;
  }

  encode(text: string): Uint32Array {
    // `encode_ordinary` treats special-token literals as text (plain `encode` throws on them)
    // and skips the special-token scan that costs 75-100 µs per call (DESIGN.md).
    // Lone surrogates reach WASM as U+FFFD, exactly as a UTF-8 file would store them.
    return this.enc.encode_ordinary(text);
  }

  decodeToken(id: number): Uint8Array {
    return this.enc.decode_single_token_bytes(id);
  }
}
