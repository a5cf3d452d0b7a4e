import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import { byteLevelBytes } from './byteLevelAlphabet';
import type { CutRule } from '../cutRules';
import { byteLevelBpeEngine, type HfEngine } from './hfByteLevelBpe';
import { hfCutRuleFor, hfPieceScannerFor, NEVER_CUT } from './hfCutRules';
import { sentencePieceBpeEngine } from './hfSentencePieceBpe';
import { vocabularyOf, withoutSpecialTokens, type TokenizerJson, type Vocabulary } from './hfTokenizerJson';
import type { NormalizedText } from '../../text/normalizedText';
import { runTooLongError, type Tokenizer } from '../tokenizer';
import { TokenizerFileError } from '../tokenizerFileError';
import type { HfTokenizerId } from '../tokenizerFiles';

/**
 * The tokenizer of a Hugging Face tokenizer.json, and where documents may be cut for it:
 * `hf:<name>` is a bundled file (bundledTokenizers.ts), `file:<absolute path>` a file on the
 * user's disk, plain or gzipped, read and checked by a TokenizerFileLoader (tokenizerFiles.ts)
 * and built here, once per id by a TokenizerRegistry (0.3-0.6 s for the bundled ones on the
 * 2-core benchmark machine: gunzip, JSON.parse of 7-11 MB, the merge table). A configuration
 * that cannot be used throws an Error that names `file`.
 *
 * Counting follows Tokenscope's rule: special-token literals in the text are ordinary text,
 * nothing is added around the text (no BOS/EOS), lone surrogates count as U+FFFD.
 */
export function buildHfTokenizer(id: HfTokenizerId, file: string, json: TokenizerJson): { tokenizer: Tokenizer; cutRule: CutRule } {
  const counted = withoutSpecialTokens(json);
  const vocabulary = vocabularyOf(json);
  const cutRule = hfCutRuleFor(counted);
  let engine: HfEngine;
  try {
    engine =
      byteLevelBpeEngine(counted, vocabulary, cutRule === NEVER_CUT ? undefined : { cutRule, scanner: hfPieceScannerFor(counted) }) ??
      sentencePieceBpeEngine(counted, vocabulary) ??
      libraryEngine(counted);
  } catch (err) {
    const why = (err as Error).message;
    throw new TokenizerFileError(file, why, `cannot use tokenizer file ${file}: ${why}`);
  }
  return { tokenizer: new HfTokenizer(id, engine, vocabulary, json), cutRule };
}

/**
 * Any other configuration (WordPiece, Unigram, other pre-tokenizers, SentencePiece-style BPE
 * other than Gemma 3's) through @huggingface/tokenizers, the JavaScript port of the Rust
 * library. Exact as far as that port is (its README lists the regex constructs it cannot
 * translate); a user's file with such a configuration is also never cut (hfCutRules.ts).
 */
function libraryEngine(json: TokenizerJson): HfEngine {
  const tokenizer = new LibraryTokenizer(json, {});
  const ids = (text: string): number[] => (text === '' ? [] : tokenizer.encode(text, { add_special_tokens: false }).ids);
  return {
    count: (text) => ids(text).length,
    encode: (text) => Uint32Array.from(ids(text)),
  };
}

function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

const utf8 = new TextEncoder();
/** A SentencePiece byte-fallback token: `<0x0A>` is the byte 0x0A. */
const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

class HfTokenizer implements Tokenizer {
  /** Token id → its string in the file (vocabulary and every added token, special ones too). */
  private readonly tokens: readonly (string | undefined)[];
  private readonly addedIds: ReadonlySet<number>;
  private readonly byToken: ReadonlyMap<string, number>;
  private readonly byteLevel: boolean;
  private readonly subwordPrefix: string;
  readonly normalized?: (text: string) => NormalizedText | undefined;

  constructor(
    readonly id: HfTokenizerId,
    private readonly engine: HfEngine,
    vocabulary: Vocabulary,
    json: TokenizerJson,
  ) {
    this.tokens = vocabulary.byId;
    this.addedIds = vocabulary.addedIds;
    this.byToken = vocabulary.byToken;
    this.byteLevel = json.decoder?.type === 'ByteLevel' || JSON.stringify(json.pre_tokenizer ?? null).includes('"ByteLevel"');
    this.subwordPrefix = json.model.type === 'WordPiece' ? (json.model.continuing_subword_prefix ?? '##') : '';
    // Lone surrogates become U+FFFD as in encode: one unit for one, so the map's offsets hold for `text`.
    const normalized = engine.normalized;
    if (normalized) this.normalized = (text) => normalized(wellFormed(text));
  }

  // Lone surrogates become U+FFFD here, for every engine: that is the text as UTF-8.
  count(text: string): number {
    try {
      return this.engine.count(wellFormed(text));
    } catch (err) {
      throw runTooLongError(text, err);
    }
  }

  encode(text: string): Uint32Array {
    try {
      return this.engine.encode(wellFormed(text));
    } catch (err) {
      throw runTooLongError(text, err);
    }
  }

  /**
   * The bytes a token stands for in the text: byte-level tokens through the byte alphabet,
   * `<0xNN>` as that byte, `▁` as a space (SentencePiece), WordPiece's `##` dropped, and
   * added tokens as their content, except one that is also the vocabulary's token of that id
   * (Gemma 3's `▁▁` … runs and `\n` runs): BPE makes it from the text's spaces, so it spells them.
   */
  decodeToken(id: number): Uint8Array {
    const token = this.tokens[id];
    if (token === undefined) throw new RangeError(`token id ${id} is not in ${this.id}`);
    if (this.addedIds.has(id) && this.byToken.get(token) !== id) return utf8.encode(token);
    if (this.byteLevel) return byteLevelBytes(token) ?? utf8.encode(token);
    const byte = BYTE_TOKEN.exec(token);
    if (byte) return Uint8Array.of(Number.parseInt(byte[1], 16));
    const text = this.subwordPrefix && token.startsWith(this.subwordPrefix) ? token.slice(this.subwordPrefix.length) : token;
    return utf8.encode(text.replaceAll('\u2581', ' '));
  }
}
