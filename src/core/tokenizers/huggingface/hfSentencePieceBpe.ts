import { addedTokenMatcher, type AddedTokenMatcher, type HfEngine } from './hfByteLevelBpe';
import { mergeIds, mergeTableOf, type MergeTable } from './hfMerges';
import { HfPieceCache, PieceEngine, type PieceIds } from './hfPieceCache';
import type { TokenizerJson, Vocabulary } from './hfTokenizerJson';

const SPIECE = '\u2581'; // ▁, SentencePiece's space
const SPIECE_CODE = 0x2581;
const SPACE = ' ';

/**
 * Counts and ids for SentencePiece-style BPE as Gemma 3's tokenizer.json has it: ordinary added
 * tokens matched in the raw text, a normalizer that only turns each space into `▁`, a
 * pre-tokenizer that splits nothing (Gemma's `Split` on `" "` runs after that normalizer), BPE
 * over the characters of each segment between added tokens with byte fallback (`<0xNN>`) for a
 * character not in the vocabulary. Returns undefined for any other configuration, which then
 * goes to @huggingface/tokenizers.
 *
 * With no pre-tokenizer, the Rust library merges a whole segment (a line, often) as one word.
 * This engine cuts each segment into words where no merge can cross: before a `▁` that follows a
 * character no vocabulary token has right before a `▁` (Gemma 3: everything but `>` and `▁`).
 * Every merge makes a vocabulary token (the loader checks it), so a merge across such a cut
 * would make a token holding that character then `▁`, and there is none; the words merge apart
 * exactly as the whole segment would (the same argument as sentencePieceCutRule in
 * hfCutRules.ts, which the tests prove against the Rust reference). A word is then merged once
 * and cached (HfPieceCache), like a byte-level engine's pieces.
 */
export function sentencePieceBpeEngine(json: TokenizerJson, { byToken: vocab }: Vocabulary): HfEngine | undefined {
  const { model, normalizer, pre_tokenizer: pre } = json;
  const replacesSpaces = normalizer?.type === 'Replace' && (normalizer.pattern as { String?: unknown } | undefined)?.String === SPACE && normalizer.content === SPIECE;
  const splitsNothing = !pre || (pre.type === 'Split' && (pre.pattern as { String?: unknown } | undefined)?.String === SPACE);
  if (!replacesSpaces || !splitsNothing) return undefined;
  if (model.type !== 'BPE' || model.ignore_merges || model.dropout || model.continuing_subword_prefix || model.end_of_word_suffix) return undefined;
  if (!model.byte_fallback || !Array.isArray(model.merges)) return undefined;
  const added = json.added_tokens ?? [];
  // Added tokens matched after normalization, or that strip blanks, are not handled here.
  if (added.some((t) => t.normalized !== false || t.lstrip || t.rstrip || t.single_word)) return undefined;
  const byteIds = new Int32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const id = vocab.get(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    if (id === undefined) return undefined; // a character without a token would be <unk>
    byteIds[byte] = id;
  }
  const bmpIds = new Int32Array(0x10000).fill(-1);
  const astralIds = new Map<number, number>();
  const beforeSpiece = new Uint8Array(0x10000);
  beforeSpiece[SPIECE_CODE] = 1;
  for (const [token, id] of vocab) {
    if (token.length === 1) bmpIds[token.charCodeAt(0)] = id;
    else if (token.length === 2 && token.codePointAt(0)! > 0xffff) astralIds.set(token.codePointAt(0)!, id);
    for (let i = token.indexOf(SPIECE, 1); i > 0; i = token.indexOf(SPIECE, i + 1)) beforeSpiece[token.charCodeAt(i - 1)] = 1;
  }
  return new SentencePieceBpe(
    addedTokenMatcher(added, (content) => content),
    bmpIds,
    astralIds,
    byteIds,
    beforeSpiece,
    mergeTableOf(model.merges as unknown[], vocab),
  );
}

const utf8 = new TextEncoder();

class SentencePieceBpe extends PieceEngine implements HfEngine {
  private readonly cache = new HfPieceCache();
  private readonly symbols: number[] = [];

  constructor(
    private readonly added: AddedTokenMatcher | undefined,
    /** Code unit → token id of that one character, -1 if none. */
    private readonly bmpIds: Int32Array,
    private readonly astralIds: ReadonlyMap<number, number>,
    private readonly byteIds: Int32Array,
    /** 1 for a code unit some vocabulary token has right before a `▁` (so no cut there). */
    private readonly beforeSpiece: Uint8Array,
    private readonly merges: MergeTable,
  ) {
    super();
  }

  protected forEachToken(text: string, onAdded: (id: number) => void, onWord: (ids: PieceIds) => void): void {
    const { added } = this;
    if (!added) {
      this.segment(text, onWord);
      return;
    }
    const { pattern, ids } = added;
    pattern.lastIndex = 0;
    let last = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m.index > last) this.segment(text.slice(last, m.index), onWord);
      onAdded(ids.get(m[0])!);
      last = m.index + m[0].length;
    }
    if (last < text.length) this.segment(last === 0 ? text : text.slice(last), onWord);
  }

  /** Normalizes a segment between added tokens and hands each word's ids to `onWord`. */
  private segment(raw: string, onWord: (ids: PieceIds) => void): void {
    const text = raw.includes(SPACE) ? raw.replaceAll(SPACE, SPIECE) : raw;
    const { beforeSpiece } = this;
    let start = 0;
    for (let i = text.indexOf(SPIECE, 1); i > 0; i = text.indexOf(SPIECE, i + 1)) {
      if (beforeSpiece[text.charCodeAt(i - 1)] === 0) {
        onWord(this.idsOf(text.slice(start, i)));
        start = i;
      }
    }
    onWord(this.idsOf(start === 0 ? text : text.slice(start)));
  }

  private idsOf(word: string): PieceIds {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const ids = mergeIds(this.symbolsOf(word), this.merges);
    const value = ids.length === 1 ? ids[0] : ids;
    this.cache.set(word, value);
    return value;
  }

  /** One symbol per code point: its token, or the tokens of its UTF-8 bytes (byte fallback). */
  private symbolsOf(word: string): number[] {
    const symbols = this.symbols;
    symbols.length = 0;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      let id = -1;
      let unit = word[i];
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < word.length) {
        const low = word.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          id = this.astralIds.get((code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000) ?? -1;
          unit = word.slice(i, i + 2);
          i++;
        }
      } else {
        id = this.bmpIds[code];
      }
      if (id >= 0) symbols.push(id);
      else for (const byte of utf8.encode(unit)) symbols.push(this.byteIds[byte]);
    }
    return symbols;
  }
}
