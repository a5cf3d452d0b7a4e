/**
 * An independent reference tokenizer for the tiktoken encodings, written to be read rather
 * than to be fast: it loads the published rank files shipped with the `tiktoken` package,
 * translates their Rust pre-tokenizer regex into a JavaScript one by hand, and runs textbook
 * byte-level BPE on every piece. Tests compare tiktoken's WASM (what Tokenscope counts with)
 * and the cut rules against it.
 */
import { readFileSync } from 'node:fs';
import type { EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';

/** What the published `tiktoken/encoders/<name>.json` files hold. */
interface EncoderFile {
  pat_str: string;
  special_tokens: Record<string, number>;
  /** Groups `! <first rank> <base64 token> <base64 token> ...`, consecutive ranks per group. */
  bpe_ranks: string;
}

interface ReferenceEncoding {
  /** The pre-tokenizer, translated to JavaScript (flags `gu`). */
  pattern: RegExp;
  /** Token bytes (as a latin1 string: one char per byte) → rank, which is also the token id. */
  ranks: Map<string, number>;
  specialTokens: Record<string, number>;
}

/**
 * The data file of each encoding. r50k_base is GPT-2's vocabulary (`registry.json` builds
 * both from the same files and `encoders/r50k_base.json` equals `encoders/gpt2.json`).
 */
const DATA_FILE: Record<EncodingName, string> = {
  o200k_base: 'tiktoken/encoders/o200k_base.json',
  cl100k_base: 'tiktoken/encoders/cl100k_base.json',
  p50k_base: 'tiktoken/encoders/p50k_base.json',
  r50k_base: 'tiktoken/encoders/r50k_base.json',
};

const loaded = new Map<EncodingName, ReferenceEncoding>();

function load(encoding: EncodingName): ReferenceEncoding {
  let ref = loaded.get(encoding);
  if (!ref) {
    const file = JSON.parse(readFileSync(require.resolve(DATA_FILE[encoding]), 'utf8')) as EncoderFile;
    ref = { pattern: translateRustPattern(file.pat_str), ranks: parseRanks(file.bpe_ranks), specialTokens: file.special_tokens };
    loaded.set(encoding, ref);
  }
  return ref;
}

/** Reads the compact rank format: `!` starts a group, then its first rank, then tokens. */
function parseRanks(compact: string): Map<string, number> {
  const ranks = new Map<string, number>();
  let next = -1;
  let expectRank = false;
  for (const word of compact.split(/\s+/)) {
    if (word === '') continue;
    if (word === '!') {
      expectRank = true;
    } else if (expectRank) {
      next = Number.parseInt(word, 10);
      expectRank = false;
    } else {
      if (next < 0) throw new Error('rank data does not start with a group marker');
      ranks.set(Buffer.from(word, 'base64').toString('latin1'), next++);
    }
  }
  return ranks;
}

/**
 * Extra members of Unicode simple case folding classes beyond ASCII upper/lower case, for the
 * letters that can appear in `(?i:...)` groups: Rust's `(?i)` folds U+017F LATIN SMALL LETTER
 * LONG S to `s` and U+212A KELVIN SIGN to `k`. No other code point folds to an ASCII letter.
 */
const EXTRA_CASE_FOLDS: Record<string, string> = { s: '\u017f', k: '\u212a' };

/**
 * Translates a tiktoken `pat_str` (Rust `fancy-regex` syntax) into an equivalent JavaScript
 * regex. Both engines pick the first alternative that matches (leftmost-first, backtracking),
 * so only the syntax and the character classes need translating:
 * - Rust's `\s` is Unicode White_Space. JavaScript's `\s` is not the same set: it includes
 *   U+FEFF and lacks U+0085. So `\s` → `\p{White_Space}` and `\S` → `\P{White_Space}`, inside
 *   and outside brackets.
 * - `(?i:...)` (inline case-insensitivity) is not supported by Node 20, so each ASCII letter
 *   inside such a group becomes a class of its case variants, e.g. `'s` → `'[sS\u017f]`.
 * - `\p{...}` classes and everything else keep their meaning under the `u` flag.
 */
export function translateRustPattern(rust: string): RegExp {
  let out = '';
  let inClass = false;
  /** Depth of groups opened so far; the case-insensitive group ends when it drops below caseDepth. */
  let depth = 0;
  let caseDepth = -1;
  for (let i = 0; i < rust.length; i++) {
    const c = rust[i];
    if (c === '\\') {
      const next = rust[i + 1];
      i++;
      if (next === 's') out += '\\p{White_Space}';
      else if (next === 'S') out += '\\P{White_Space}';
      else if (next === 'p' || next === 'P') {
        const close = rust.indexOf('}', i);
        out += rust.slice(i - 1, close + 1);
        i = close;
      } else out += c + next;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      if (caseDepth >= 0 && /[a-z]/i.test(c)) throw new Error('letters in a class inside (?i:...) are not handled');
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '(') {
      if (rust.startsWith('(?i:', i)) {
        if (caseDepth >= 0) throw new Error('nested (?i:...) groups are not handled');
        caseDepth = depth;
        out += '(?:';
        i += 3;
      } else if (rust.startsWith('(?', i) && !rust.startsWith('(?:', i) && !rust.startsWith('(?!', i) && !rust.startsWith('(?=', i)) {
        throw new Error(`unhandled group syntax at ${i} in ${rust}`);
      } else {
        out += c;
      }
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === caseDepth) caseDepth = -1;
      out += c;
    } else if (caseDepth >= 0 && /[a-z]/i.test(c)) {
      const lower = c.toLowerCase();
      out += `[${lower}${lower.toUpperCase()}${EXTRA_CASE_FOLDS[lower] ?? ''}]`;
    } else {
      out += c;
    }
  }
  return new RegExp(out, 'gu');
}

/**
 * Replaces each lone surrogate with U+FFFD. tiktoken's WASM receives JavaScript strings as
 * UTF-8 (TextEncoder semantics), which cannot carry a lone surrogate.
 */
export function toWellFormedText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
        continue;
      }
    }
    out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : text[i];
  }
  return out;
}

/** The pre-tokenizer's pieces of `text`, in order (text no alternative matches is skipped, as in tiktoken). */
export function referencePieces(encoding: EncodingName, text: string): string[] {
  const { pattern } = load(encoding);
  return Array.from(toWellFormedText(text).matchAll(pattern), (m) => m[0]);
}

/** Token ids of `text`; special-token literals are ordinary text (like `encode_ordinary`). */
export function referenceEncode(encoding: EncodingName, text: string): number[] {
  const { ranks } = load(encoding);
  const ids: number[] = [];
  for (const piece of referencePieces(encoding, text)) {
    for (const part of bytePairMerge(Buffer.from(piece, 'utf8').toString('latin1'), ranks)) {
      const id = ranks.get(part);
      if (id === undefined) throw new Error(`no rank for bytes ${JSON.stringify(part)}`);
      ids.push(id);
    }
  }
  return ids;
}

/** Every mergeable token of an encoding: its bytes (a latin1 string) → its id. */
export function referenceVocabulary(encoding: EncodingName): ReadonlyMap<string, number> {
  return load(encoding).ranks;
}

/** The special tokens of an encoding, as published (literal → id). */
export function referenceSpecialTokens(encoding: EncodingName): Readonly<Record<string, number>> {
  return load(encoding).specialTokens;
}

/**
 * Textbook byte-level BPE: start from single bytes and repeatedly merge the adjacent pair
 * whose concatenation has the lowest rank (the leftmost such pair on a tie) until no adjacent
 * pair is a token. `bytes` and the result are latin1 strings, one char per byte.
 */
function bytePairMerge(bytes: string, ranks: Map<string, number>): string[] {
  const parts = bytes.split('');
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = ranks.get(parts[i] + parts[i + 1]);
      if (rank !== undefined && rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    }
    if (best < 0) return parts;
    parts.splice(best, 2, parts[best] + parts[best + 1]);
  }
}
