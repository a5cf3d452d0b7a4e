/**
 * Where the JavaScript engine's Unicode data and that of Hugging Face's Rust `tokenizers`
 * (the implementation every model's tokenizer.json is written for) disagree, and how
 * Tokenscope makes V8 see text as Rust does. Two places matter:
 *
 * - The pre-tokenizer regexes run in Oniguruma, whose tables are Unicode 16; V8 in Node 20.20
 *   has Unicode 17. The code points Unicode 17 assigned are unassigned for Oniguruma, and
 *   U+0295 is a lowercase letter for it (V8: Lo). Oniguruma also folds `ſ` (U+017F) to `s`
 *   and the Kelvin sign to `k` inside `(?i:…)`, which @huggingface/tokenizers' translation
 *   to JavaScript leaves out. The regexes therefore run over a *view* of the text in which
 *   each such code point is replaced by a stand-in of the same UTF-16 length that both
 *   engines classify as Oniguruma does; the pieces are then cut from the real text.
 * - NFC (Qwen's normalizer) comes from the `unicode-normalization-alignments` crate, whose
 *   data is about Unicode 9: it does not know the combining classes or the compositions of
 *   the marks and letters added since. For it those code points are unassigned starters that
 *   nothing composes with, so Tokenscope normalizes the text between them and leaves them
 *   as they are, which is exactly what the crate does.
 *
 * Both lists were found by asking the Rust bindings about every code point of planes 0-3 and
 * 14 (the others hold no assigned character); `hfTokenizer.test.ts` asks again, so a runtime
 * with other Unicode data fails the tests instead of miscounting. A runtime with *older* data
 * than Oniguruma's (Unicode 15.1 or before) would see Unicode 16's letters as unassigned:
 * that gap cannot be closed without shipping Unicode tables, as for the tiktoken counter.
 */

/** Assigned in V8's Unicode 17, unassigned in Oniguruma's Unicode 16 (a regex class body). */
// Laid out by hand, many short items to a line.
// prettier-ignore
const UNASSIGNED_IN_ONIGURUMA = [
  '\\u{88f}', '\\u{c5c}', '\\u{cdc}', '\\u{1acf}-\\u{1add}', '\\u{1ae0}-\\u{1aeb}', '\\u{20c1}', '\\u{2b96}',
  '\\u{a7ce}-\\u{a7cf}', '\\u{a7d2}', '\\u{a7d4}', '\\u{a7f1}', '\\u{fbc3}-\\u{fbd2}', '\\u{fd90}-\\u{fd91}',
  '\\u{fdc8}-\\u{fdce}', '\\u{10940}-\\u{10959}', '\\u{10ec5}-\\u{10ec7}', '\\u{10ed0}-\\u{10ed8}',
  '\\u{10efa}-\\u{10efb}', '\\u{11b60}-\\u{11b67}', '\\u{11db0}-\\u{11ddb}', '\\u{11de0}-\\u{11de9}',
  '\\u{16ea0}-\\u{16eb8}', '\\u{16ebb}-\\u{16ed3}', '\\u{16ff2}-\\u{16ff6}', '\\u{187f8}-\\u{187ff}',
  '\\u{18d09}-\\u{18d1e}', '\\u{18d80}-\\u{18df2}', '\\u{1ccfa}-\\u{1ccfc}', '\\u{1ceba}-\\u{1ced0}',
  '\\u{1cee0}-\\u{1cef0}', '\\u{1e6c0}-\\u{1e6de}', '\\u{1e6e0}-\\u{1e6f5}', '\\u{1e6fe}-\\u{1e6ff}', '\\u{1f6d8}',
  '\\u{1f777}-\\u{1f77a}', '\\u{1f8d0}-\\u{1f8d8}', '\\u{1fa54}-\\u{1fa57}', '\\u{1fa8a}', '\\u{1fa8e}', '\\u{1fac8}',
  '\\u{1facd}', '\\u{1faea}', '\\u{1faef}', '\\u{1fbfa}', '\\u{2b73a}-\\u{2b73f}', '\\u{2cea2}-\\u{2cead}',
  '\\u{323b0}-\\u{33479}',
].join('');

/** Noncharacters: unassigned (gc Cn) in every version of Unicode, in both engines. */
const UNASSIGNED_BMP = '\ufdd0';
const UNASSIGNED_ASTRAL = '\u{1fffe}';
/** U+0295 is Ll for Oniguruma; U+0278 (ɸ) is Ll for both engines and has no case partner. */
const LATIN_PHARYNGEAL = '\u0295';
const LOWERCASE_STAND_IN = '\u0278';
/** What Oniguruma's `(?i:…)` matches beyond ASCII: ſ as `s`, the Kelvin sign as `K` (same letter categories). */
const FOLDED: Readonly<Record<string, string>> = { '\u017f': 's', '\u212a': 'K' };

/** The [lo, hi] ranges of a class body written as above, sorted. */
function rangesOf(classBody: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const [, lo, hi] of classBody.matchAll(/\\u\{([0-9a-f]+)\}(?:-\\u\{([0-9a-f]+)\})?/g)) {
    ranges.push([Number.parseInt(lo, 16), Number.parseInt(hi ?? lo, 16)]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * Where a code point of `ranges` (or a code unit of `extra`) may be, as a regex without the `u`
 * flag: its BMP code points and the high surrogates of its astral ones. V8 scans for such a
 * class of code units several times faster than for a `u` class with astral ranges, which
 * decodes and range-checks every character; what it finds is then checked exactly.
 */
function unitClass(ranges: readonly [number, number][], extra: readonly number[] = []): RegExp {
  const units = new Set(extra);
  for (const [lo, hi] of ranges) for (let cp = lo; cp <= hi; cp++) units.add(cp > 0xffff ? 0xd800 + ((cp - 0x10000) >> 10) : cp);
  const body = [...units].map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('');
  return new RegExp(`[${body}]`, 'g');
}

const STAND_IN_RANGES = rangesOf(UNASSIGNED_IN_ONIGURUMA);
/** The astral ones as [lo, hi] pairs, sorted, for isAstralStandIn. */
const ASTRAL_RANGES = STAND_IN_RANGES.filter(([lo]) => lo > 0xffff).flat();
const OTHER_UNITS = [LATIN_PHARYNGEAL.charCodeAt(0)];

const CANDIDATE = unitClass(STAND_IN_RANGES, OTHER_UNITS);
const CANDIDATE_FOLDING = unitClass(STAND_IN_RANGES, [...OTHER_UNITS, ...Object.keys(FOLDED).map((c) => c.charCodeAt(0))]);

function isAstralStandIn(codePoint: number): boolean {
  for (let i = 0; i < ASTRAL_RANGES.length; i += 2) {
    if (codePoint < ASTRAL_RANGES[i]) return false;
    if (codePoint <= ASTRAL_RANGES[i + 1]) return true;
  }
  return false;
}

function standIn(c: string): string {
  if (c === LATIN_PHARYNGEAL) return LOWERCASE_STAND_IN;
  return FOLDED[c] ?? (c.length === 1 ? UNASSIGNED_BMP : UNASSIGNED_ASTRAL);
}

/**
 * `text` as Oniguruma classifies it, for running translated pre-tokenizer regexes in V8:
 * same length, same offsets. `caseFolding`: the regex has a `(?i:…)` group.
 */
export function onigurumaView(text: string, caseFolding: boolean): string {
  const pattern = caseFolding ? CANDIDATE_FOLDING : CANDIDATE;
  pattern.lastIndex = 0;
  let view = '';
  let last = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const at = m.index;
    const code = text.charCodeAt(at);
    let length = 1;
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = at + 1 < text.length ? text.charCodeAt(at + 1) : 0;
      if (low < 0xdc00 || low > 0xdfff || !isAstralStandIn((code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000)) continue;
      length = 2;
    }
    view += text.slice(last, at) + standIn(text.slice(at, at + length));
    last = at + length;
    pattern.lastIndex = last;
  }
  return last === 0 ? text : view + text.slice(last);
}

/** Marks and letters whose normalization data the Rust NFC lacks (a regex class body). */
// Laid out by hand, many short items to a line.
// prettier-ignore
const UNKNOWN_TO_RUST_NFC = [
  '\\u{7fd}', '\\u{897}-\\u{89f}', '\\u{8ca}-\\u{8d3}', '\\u{9fe}', '\\u{c3c}', '\\u{d3b}-\\u{d3c}', '\\u{eba}',
  '\\u{1715}', '\\u{1abf}-\\u{1add}', '\\u{1ae0}-\\u{1aeb}', '\\u{1df6}-\\u{1dfa}', '\\u{a82c}', '\\u{105c9}',
  '\\u{105d2}', '\\u{105da}', '\\u{105e4}', '\\u{10d24}-\\u{10d27}', '\\u{10d69}-\\u{10d6d}', '\\u{10eab}-\\u{10eac}',
  '\\u{10efa}-\\u{10efb}', '\\u{10efd}-\\u{10eff}', '\\u{10f46}-\\u{10f50}', '\\u{10f82}-\\u{10f85}', '\\u{11070}',
  '\\u{1133b}', '\\u{11382}-\\u{11385}', '\\u{1138b}', '\\u{1138e}', '\\u{11390}-\\u{11391}', '\\u{113b8}',
  '\\u{113bb}', '\\u{113c2}', '\\u{113c5}', '\\u{113c7}-\\u{113c9}', '\\u{113ce}-\\u{113d0}', '\\u{1145e}',
  '\\u{11839}-\\u{1183a}', '\\u{11930}', '\\u{11935}', '\\u{11938}', '\\u{1193d}-\\u{1193e}', '\\u{11943}',
  '\\u{119e0}', '\\u{11a34}', '\\u{11a47}', '\\u{11a99}', '\\u{11d42}', '\\u{11d44}-\\u{11d45}', '\\u{11d97}',
  '\\u{11f41}-\\u{11f42}', '\\u{1611e}-\\u{16129}', '\\u{1612f}', '\\u{16d63}', '\\u{16d67}-\\u{16d6a}',
  '\\u{16ff0}-\\u{16ff1}', '\\u{1e08f}', '\\u{1e130}-\\u{1e136}', '\\u{1e2ae}', '\\u{1e2ec}-\\u{1e2ef}',
  '\\u{1e4ec}-\\u{1e4ef}', '\\u{1e5ee}-\\u{1e5ef}', '\\u{1e6e3}', '\\u{1e6e6}', '\\u{1e6ee}-\\u{1e6ef}', '\\u{1e6f5}',
].join('');

const HAS_UNKNOWN_TO_RUST_NFC = new RegExp(`[${UNKNOWN_TO_RUST_NFC}]`, 'u');
/** A quick scan first (see unitClass): most texts have no code unit that may begin one. */
const MAY_BE_UNKNOWN_TO_RUST_NFC = unitClass(rangesOf(UNKNOWN_TO_RUST_NFC));
/** Splits around each such code point, keeping it (the capture group) between the parts. */
const AROUND_UNKNOWN_TO_RUST_NFC = new RegExp(`([${UNKNOWN_TO_RUST_NFC}])`, 'u');

/** NFC exactly as Hugging Face's Rust `NFC` normalizer computes it. */
export function nfcAsRust(text: string): string {
  MAY_BE_UNKNOWN_TO_RUST_NFC.lastIndex = 0;
  if (!MAY_BE_UNKNOWN_TO_RUST_NFC.test(text) || !HAS_UNKNOWN_TO_RUST_NFC.test(text)) return text.normalize('NFC');
  // Odd indices hold the unknown code points: left alone, they also stop every reordering and
  // composition across them, as an unassigned starter does.
  return text
    .split(AROUND_UNKNOWN_TO_RUST_NFC)
    .map((part, i) => (i % 2 === 1 ? part : part.normalize('NFC')))
    .join('');
}
