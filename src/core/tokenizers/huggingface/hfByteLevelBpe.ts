import { SplitPreTokenizer } from '@huggingface/tokenizers';
import { byteLevelChar } from './byteLevelAlphabet';
import { utf8ByteString } from '../tiktoken/bytePairCount';
import { mergeIds, mergeTableOf, type MergeTable } from './hfMerges';
import type { AddedTokenJson, ComponentJson, TokenizerJson, Vocabulary } from './hfTokenizerJson';
import { nfcAsRust, onigurumaView } from '../../text/hfUnicodeGaps';
import { NormalizedTextBuilder, type NormalizedText } from '../../text/normalizedText';
import { findCuts, type CutRule } from '../cutRules';
import { HfPieceCache, PieceEngine, type PieceIds } from './hfPieceCache';
import { MATCHED_SEGMENT, NEEDS_REGEX, SCAN_WINDOW, type AsciiPieceScanner } from '../tiktoken/asciiPieceScanner';
import { AsciiCountCache } from '../tiktoken/asciiPieceCounts';

/** What a tokenizer.json becomes: counts and ids of text (special tokens already removed). */
export interface HfEngine {
  count(text: string): number;
  encode(text: string): Uint32Array;
  /** The text the ids spell, when the normalizer rewrote it (see Tokenizer.normalized); absent if it never does. */
  readonly normalized?: (text: string) => NormalizedText | undefined;
}

/** Texts longer than twice this are split in chunks of about this many code units (see splitChunks). */
const CHUNK_SIZE = 16_384;

/** The configuration the byte-level engine runs; anything else goes to @huggingface/tokenizers. */
interface ByteLevelSpec {
  readonly nfc: boolean;
  /** The Split pre-tokenizers' regexes in order, translated to JavaScript by @huggingface/tokenizers. */
  readonly splits: readonly RegExp[];
  /** Some regex has a case-insensitive group (see onigurumaView). */
  readonly caseFolding: boolean;
  /** Per split, the same regex as one capture group for `String.prototype.split`, where that is exact (see splitter). */
  readonly splitters: readonly (RegExp | undefined)[];
}

/**
 * Counts and ids for the tokenizer.json configuration of Qwen, DeepSeek, Mistral's Tekken,
 * Llama 3 and most byte-level BPE models: ordinary added tokens, no normalizer or NFC, then
 * Split regexes (isolating each match, the text between matches kept as pieces of its own),
 * then GPT-2's byte-level alphabet and BPE over the merges. It is several times faster than
 * @huggingface/tokenizers on the same file (which builds each piece's bytes as strings and
 * looks merges up by JSON keys): pieces are cached, merging works on ids. Returns undefined
 * for any other configuration.
 */
/**
 * What is known of a file's split pattern (hfCutRules.ts): where its pieces never join
 * characters, and, for some, a scanner that reads its pieces on ASCII text without the regex.
 */
export interface KnownSplits {
  readonly cutRule: CutRule;
  readonly scanner?: AsciiPieceScanner;
}

export function byteLevelBpeEngine(json: TokenizerJson, { byToken: vocab }: Vocabulary, known?: KnownSplits): HfEngine | undefined {
  const spec = byteLevelSpec(json);
  if (!spec) return undefined;
  const { model } = json;
  if (model.type !== 'BPE' || model.dropout || model.continuing_subword_prefix || model.end_of_word_suffix) return undefined;
  const added = json.added_tokens ?? [];
  if (added.some((t) => t.lstrip || t.rstrip || t.single_word)) return undefined;
  if (!Array.isArray(model.merges)) return undefined;
  const byteIds: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    const id = vocab.get(byteLevelChar(byte));
    if (id === undefined) return undefined; // not a byte-level vocabulary after all
    byteIds.push(id);
  }
  const normalize = spec.nfc ? nfcAsRust : (text: string) => text;
  return new ByteLevelBpe(
    spec,
    normalize,
    addedTokenMatcher(
      added.filter((t) => !t.normalized),
      (content) => content,
    ),
    addedTokenMatcher(
      added.filter((t) => t.normalized),
      normalize,
    ),
    byteIds,
    mergeTableOf(model.merges as unknown[], vocab),
    model.ignore_merges ? vocab : undefined,
    known?.cutRule,
    spec.splits.length === 1 ? known?.scanner : undefined,
  );
}

function byteLevelSpec(json: TokenizerJson): ByteLevelSpec | undefined {
  const nfc = normalizerIsNfc(json.normalizer);
  const steps = isolatingSplits(json.pre_tokenizer);
  if (nfc === undefined || !steps) return undefined;
  const splits: RegExp[] = [];
  let caseFolding = false;
  for (const step of steps) {
    const pattern = step.pattern as { Regex?: unknown; String?: unknown } | undefined;
    const source = pattern?.Regex ?? pattern?.String;
    if (typeof source !== 'string') return undefined;
    caseFolding ||= pattern?.Regex !== undefined && source.includes('(?i');
    const translated = new SplitPreTokenizer(step as unknown as ConstructorParameters<typeof SplitPreTokenizer>[0]).pattern;
    if (!translated) return undefined;
    splits.push(new RegExp(translated.source, 'gu'));
  }
  return { nfc, splits, caseFolding, splitters: splits.map(splitter) };
}

/**
 * `pattern` wrapped in one capture group, for `text.split(splitter)`: the text between matches
 * and the matches alternate, as Isolated wants them, in one call instead of an `exec` and an
 * array per match. Only where that is exact: `split` cuts at empty matches (Rust's Split
 * ignores them), so the regex must never match empty, and it has no group of its own (its
 * captures would join the parts). A regex without assertions that matches empty somewhere
 * matches the empty string too, so no assertion and no match of '' is enough.
 */
function splitter(pattern: RegExp): RegExp | undefined {
  const { source } = pattern;
  if (/\\[bBk1-9]|\(\?<?[=!]|\^|\$/.test(source)) return undefined;
  const probe = new RegExp(`${source}|`, 'u').exec('');
  if (!probe || probe.length !== 1 || new RegExp(`^(?:${source})$`, 'u').test('')) return undefined;
  return new RegExp(`(${source})`, 'u');
}

/**
 * The Split steps of a pre-tokenizer made of Split steps that isolate their matches followed
 * by the byte-level mapping alone (no GPT-2 regex of its own): the form of the byte-level BPE
 * files this engine runs. Undefined for any other pre-tokenizer.
 */
export function isolatingSplits(pre: ComponentJson | null | undefined): ComponentJson[] | undefined {
  if (!pre || pre.type !== 'Sequence' || !Array.isArray(pre.pretokenizers)) return undefined;
  const steps = pre.pretokenizers as ComponentJson[];
  const last = steps[steps.length - 1];
  if (!last || last.type !== 'ByteLevel' || last.add_prefix_space || last.use_regex !== false) return undefined;
  const splits = steps.slice(0, -1);
  return splits.every((s) => s.type === 'Split' && s.behavior === 'Isolated' && !s.invert) ? splits : undefined;
}

/** true for NFC, false for no normalizer, undefined for anything else. */
export function normalizerIsNfc(normalizer: ComponentJson | null | undefined): boolean | undefined {
  if (!normalizer) return false;
  if (normalizer.type === 'NFC') return true;
  if (normalizer.type === 'Sequence' && Array.isArray(normalizer.normalizers)) {
    const inner = normalizer.normalizers as ComponentJson[];
    if (inner.length === 0) return false;
    if (inner.length === 1) return normalizerIsNfc(inner[0]);
  }
  return undefined;
}

export interface AddedTokenMatcher {
  readonly pattern: RegExp;
  readonly ids: ReadonlyMap<string, number>;
}

/**
 * Finds added tokens the way the Rust library does (leftmost, then longest): one alternation
 * with the longer contents first, so that at a position the longest token that starts there wins.
 */
export function addedTokenMatcher(tokens: readonly AddedTokenJson[], normalize: (content: string) => string): AddedTokenMatcher | undefined {
  if (tokens.length === 0) return undefined;
  const ids = new Map<string, number>();
  for (const token of tokens) ids.set(normalize(token.content), token.id);
  const contents = [...ids.keys()].filter((c) => c !== '').sort((a, b) => b.length - a.length);
  if (contents.length === 0) return undefined;
  // Only the characters a `u` regex lets one escape (it rejects `\-`, say).
  const alternatives = contents.map((c) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
  return { pattern: new RegExp(alternatives.join('|'), 'gu'), ids };
}

/** Scanned ASCII pieces kept per generation, and the longest kept (as tiktoken's counter keeps them). */
const ASCII_GENERATION_PIECES = 65_536;
const MAX_SCANNED_CACHED = 64;

const idsLength = (ids: PieceIds): number => (typeof ids === 'number' ? 1 : ids.length);

class ByteLevelBpe extends PieceEngine implements HfEngine {
  private readonly cache = new HfPieceCache();
  /** The scanner's ASCII pieces' counts (count only). */
  private readonly asciiCounts = new AsciiCountCache(ASCII_GENERATION_PIECES);
  /** An ASCII piece is its own byte string: merged as it is. */
  private readonly mergeAscii = (piece: string): number => this.merge(piece).length;
  private stickySplit: RegExp | undefined;
  /** Per Split stage: have its matches covered every text so far (see splitCovered)? */
  private readonly covering: boolean[];
  readonly normalized?: (text: string) => NormalizedText | undefined;

  constructor(
    private readonly spec: ByteLevelSpec,
    private readonly normalize: (text: string) => string,
    private readonly rawAdded: AddedTokenMatcher | undefined,
    private readonly normalizedAdded: AddedTokenMatcher | undefined,
    private readonly byteIds: readonly number[],
    private readonly merges: MergeTable,
    /** With `ignore_merges`, a piece that is itself a token is that token, merges or not. */
    private readonly wholePieces: ReadonlyMap<string, number> | undefined,
    /** Where the regexes never join characters (hfCutRules.ts), if known: long texts are split in chunks there. */
    private readonly cutRule: CutRule | undefined,
    /** Reads the one split pattern's pieces on ASCII text, if it has a scanner (count only). */
    private readonly scanner: AsciiPieceScanner | undefined,
  ) {
    super();
    if (spec.nfc) this.normalized = (text) => this.normalizedText(text);
    this.covering = spec.splits.map(() => true);
  }

  /**
   * The Rust pipeline, in its order: added tokens are found in the raw text (well-formed:
   * HfTokenizer turned lone surrogates into U+FFFD), the rest is normalized, added tokens
   * marked `normalized` are found in that, and the rest is split into pieces.
   */
  protected forEachToken(text: string, onAdded: (id: number) => void, onPiece: (ids: PieceIds) => void): void {
    this.forEachSegment(text, onAdded, (view, real) => this.splitChunks(view, real, (piece) => onPiece(this.idsOf(piece))));
  }

  /** forEachToken's pipeline up to the split: each stretch of normalized text between added tokens, with the regexes' view of it. */
  private forEachSegment(text: string, onAdded: (id: number) => void, onSegment: (view: string, real: string) => void): void {
    this.splitAdded(text, this.rawAdded, onAdded, (segment) => {
      this.splitAdded(this.normalize(segment), this.normalizedAdded, onAdded, (normalized) => {
        if (normalized !== '') onSegment(onigurumaView(normalized, this.spec.caseFolding), normalized);
      });
    });
  }

  /**
   * The count, through the same pipeline, with the scanner where there is one: on a stretch the
   * regexes see as it is, ASCII pieces are read by offsets and counted from a table keyed by
   * their characters (no piece string, no `match` array), as tiktoken's counter does.
   */
  override count(text: string): number {
    const scan = this.scanner;
    if (!scan) return super.count(text);
    let total = 0;
    this.forEachSegment(
      text,
      () => total++,
      (view, real) => (total += view === real ? this.countScanned(real, scan) : this.countSplit(view, real)),
    );
    return total;
  }

  /** The count of `real` through the regexes (seen as `view`). */
  private countSplit(view: string, real: string): number {
    let total = 0;
    this.splitChunks(view, real, (piece) => (total += idsLength(this.idsOf(piece))));
    return total;
  }

  /** The count of `text` (its own view) from the scanner's pieces and the sticky regex's where it declines. */
  private countScanned(text: string, scan: AsciiPieceScanner): number {
    const n = text.length;
    const sticky = (this.stickySplit ??= new RegExp(this.spec.splits[0].source, 'guy'));
    let total = 0;
    let pieces = 0;
    let asked = 0;
    for (let p = 0; p < n;) {
      let end = scan(text, p, n);
      if (end === NEEDS_REGEX) {
        sticky.lastIndex = p;
        const match = sticky.exec(text);
        // No piece starts here (the pattern leaves a gap): the general path takes the rest.
        if (match === null || match[0] === '') return total + this.countSplit(text.slice(p), text.slice(p));
        end = p + match[0].length;
        total += idsLength(this.idsOf(match[0]));
        asked++;
      } else if (end - p === 1) {
        total += 1; // one byte, one token of the byte-level alphabet
      } else {
        total += end - p > MAX_SCANNED_CACHED ? this.mergeAscii(text.slice(p, end)) : this.asciiCounts.countOf(text, p, end, this.mergeAscii);
      }
      p = end;
      if (++pieces === SCAN_WINDOW) {
        if (asked * 4 > SCAN_WINDOW && p < n && this.cutRule) {
          const cut = findCuts(text, p, MATCHED_SEGMENT, this.cutRule, 1)[0] ?? n;
          const stretch = text.slice(p, cut);
          total += this.countSplit(stretch, stretch);
          p = cut;
        }
        pieces = asked = 0;
      }
    }
    return total;
  }

  /**
   * What forEachToken normalizes, normalized the same way (added tokens found in the raw text
   * stay as they are, the text between them goes through NFC), with the map back to `text`.
   */
  private normalizedText(text: string): NormalizedText | undefined {
    const out = new NormalizedTextBuilder();
    this.splitAdded(
      text,
      this.rawAdded,
      (_, content) => out.same(content),
      (segment) => out.nfc(segment),
    );
    return out.build();
  }

  private splitAdded(text: string, matcher: AddedTokenMatcher | undefined, onAdded: (id: number, content: string) => void, onRest: (text: string) => void): void {
    if (!matcher) {
      onRest(text);
      return;
    }
    const { pattern, ids } = matcher;
    pattern.lastIndex = 0;
    let last = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m.index > last) onRest(text.slice(last, m.index));
      onAdded(ids.get(m[0]) as number, m[0]);
      last = m.index + m[0].length;
    }
    if (last < text.length) onRest(last === 0 ? text : text.slice(last));
  }

  /**
   * splitStage over `view` in chunks of about CHUNK_SIZE cut where the cut rule allows, when
   * there is one: the arrays of pieces of a chunk die young, where those of a whole megabyte
   * would be copied to the old generation with every piece in them.
   */
  private splitChunks(view: string, real: string, onPiece: (piece: string) => void): void {
    const rule = this.cutRule;
    if (!rule || view.length <= 2 * CHUNK_SIZE) {
      this.splitStage(view, real, 0, onPiece);
      return;
    }
    const same = view === real;
    let start = 0;
    for (const cut of [...findCuts(view, 0, CHUNK_SIZE, rule), view.length]) {
      const part = real.slice(start, cut);
      this.splitStage(same ? part : view.slice(start, cut), part, 0, onPiece);
      start = cut;
    }
  }

  /**
   * Split number `stage` over `view` (the regex's view of `real`, same offsets): each match
   * is a piece and so is the text between two matches; each goes through the next stage.
   * An empty match only marks a boundary, as in the Rust implementation.
   */
  private splitStage(view: string, real: string, stage: number, onPiece: (piece: string) => void): void {
    const { splits } = this.spec;
    if (stage === splits.length) {
      onPiece(real);
      return;
    }
    const pattern = splits[stage];
    // The view is the text itself unless it held a code point Oniguruma sees otherwise.
    const same = view === real;
    if (this.covering[stage] && this.splitCovered(view, real, same, stage, onPiece)) return;
    const splitter = this.spec.splitters[stage];
    if (splitter) {
      this.splitAround(view.split(splitter), real, same, stage, onPiece);
      return;
    }
    const emit = (start: number, end: number): void => {
      if (start === 0 && end === real.length) this.splitStage(view, real, stage + 1, onPiece);
      else {
        const part = real.slice(start, end);
        this.splitStage(same ? part : view.slice(start, end), part, stage + 1, onPiece);
      }
    };
    pattern.lastIndex = 0;
    let last = 0;
    for (let m = pattern.exec(view); m !== null; m = pattern.exec(view)) {
      const start = m.index;
      const end = start + m[0].length;
      if (start > last) emit(last, start);
      if (end > start) emit(start, end);
      else pattern.lastIndex = start + (view.codePointAt(start)! > 0xffff ? 2 : 1);
      last = Math.max(last, end);
    }
    if (last < view.length) emit(last, view.length);
  }

  /**
   * splitStage's fast path: one `match` lists the matches without an array per match, and when
   * they cover all of `view` (the main regexes of the files this engine runs always do) they
   * are the pieces, back to back. Returns false, having emitted nothing, when they leave gaps;
   * that stage then takes the general path from then on.
   */
  private splitCovered(view: string, real: string, same: boolean, stage: number, onPiece: (piece: string) => void): boolean {
    const matches = view.match(this.spec.splits[stage]);
    let covered = 0;
    if (matches !== null) for (let i = 0; i < matches.length; i++) covered += matches[i].length;
    if (covered !== view.length) {
      this.covering[stage] = false;
      return false;
    }
    this.splitAround(matches!, real, same, stage, onPiece);
    return true;
  }

  /** The parts `split` made of `view` (back to back, empty ones skipped) through the next stage. */
  private splitAround(parts: readonly string[], real: string, same: boolean, stage: number, onPiece: (piece: string) => void): void {
    const next = stage + 1;
    const last = next === this.spec.splits.length;
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part === '') continue;
      const piece = same ? part : real.slice(at, at + part.length);
      at += part.length;
      if (last) onPiece(piece);
      else this.splitStage(part, piece, next, onPiece);
    }
  }

  private idsOf(piece: string): PieceIds {
    const cached = this.cache.get(piece);
    if (cached !== undefined) return cached;
    const ids = this.merge(utf8ByteString(piece));
    const value = ids.length === 1 ? ids[0] : ids;
    this.cache.set(piece, value);
    return value;
  }

  /** BPE of one piece, given as a byte string (char codes 0-255). */
  private merge(bytes: string): number[] {
    if (this.wholePieces) {
      let token = '';
      for (let i = 0; i < bytes.length; i++) token += byteLevelChar(bytes.charCodeAt(i));
      const id = this.wholePieces.get(token);
      if (id !== undefined) return [id];
    }
    const ids: number[] = new Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) ids[i] = this.byteIds[bytes.charCodeAt(i)];
    return mergeIds(ids, this.merges);
  }
}
