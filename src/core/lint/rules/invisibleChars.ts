import { tokensOver, type InvisibleKind, type LintFinding, type LintInput, type LintRule } from '../lintTypes';

/**
 * Rule 5: characters a writer cannot see, or cannot tell from the plain ones: zero-width
 * characters outside the emoji and scripts that need them, a byte order mark in the middle,
 * Unicode spaces other than the plain one, bidirectional controls (the "Trojan Source" class,
 * Boucher and Anderson 2021, CVE-2021-42574), and letters of another script inside a Latin
 * word that look like Latin ones (Unicode TR 39's confusables). Each costs tokens that the
 * writer does not see and can change what the model reads; the fix puts the plain character
 * in their place (or removes the invisible ones).
 */
export const invisibleCharsRule: LintRule = {
  id: 'invisible-chars',
  defaultSeverity: 'information',
  check(input: LintInput): LintFinding[] {
    const found = [...invisibleCharacters(input.text), ...confusableLetters(input.text)].sort((a, b) => a.start - b.start);
    return groupRuns(found).map((run) => findingOf(input, run));
  },
};

/** One character found: its offset, kind and plain replacement. */
interface Hit {
  readonly start: number;
  readonly end: number;
  readonly kind: InvisibleKind;
  readonly codePoint: number;
  readonly replacement: string;
}

/** Runs of adjacent hits of one kind, found together: `\u200B\u200B` is one finding. */
function groupRuns(hits: readonly Hit[]): Hit[][] {
  const runs: Hit[][] = [];
  for (const hit of hits) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && last.end === hit.start && last.kind === hit.kind) run.push(hit);
    else runs.push([hit]);
  }
  return runs;
}

function findingOf(input: LintInput, run: readonly Hit[]): LintFinding {
  const start = run[0].start;
  const end = run[run.length - 1].end;
  const kind = run[0].kind;
  // The stretch between blanks that holds the run, as it is and as the fix leaves it.
  const from = stretchStart(input.text, start);
  const to = stretchEnd(input.text, end);
  const fixed = (s: number, e: number) => {
    let out = '';
    let at = s;
    for (const hit of run) {
      out += input.text.slice(at, hit.start) + hit.replacement;
      at = hit.end;
    }
    return out + input.text.slice(at, e);
  };
  const extraTokens = input.tokenize(input.text.slice(from, to)).length - input.tokenize(fixed(from, to)).length;
  return {
    rule: 'invisible-chars',
    start,
    end,
    detail: {
      rule: 'invisible-chars',
      kind,
      codePoints: [...new Set(run.map((h) => h.codePoint))],
      replacement: run[0].replacement,
      extraTokens,
    },
    tokens: tokensOver(input.tokens, start, end),
    fix: run.map((hit) => ({ start: hit.start, end: hit.end, newText: hit.replacement })),
  };
}

/** 64 characters either way at most: a stretch without blanks is a word, a URL, a path. */
const STRETCH = 64;

function stretchStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && at - i < STRETCH && !/\s/.test(text[i - 1])) i--;
  return i;
}

function stretchEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && i - at < STRETCH && !/\s/.test(text[i])) i++;
  return i;
}

// prettier-ignore
/** Unicode spaces other than U+0020 (U+3000, the ideographic space, is CJK's own and left alone). */
const SPACES = new Set([0x00a0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f]);
/** Zero-width characters with no use in running text: ZWSP, word joiner, Mongolian vowel separator, invisible operators. */
const ZERO_WIDTH = new Set([0x200b, 0x2060, 0x180e, 0x2061, 0x2062, 0x2063, 0x2064]);
/** Embeddings, overrides and isolates: what Trojan Source reorders code with; never needed in a prompt. */
const BIDI_ALWAYS = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
/** Marks that right-to-left text uses legitimately: found only on a line without right-to-left letters. */
const BIDI_MARKS = new Set([0x200e, 0x200f, 0x061c]);
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;
/** Characters an emoji sequence is made of, around which a ZWJ belongs. */
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{20E3}\u{E0020}-\u{E007F}]/u;
/** Neighbours beside which a ZWNJ or ZWJ does nothing: Latin and common characters, but not emoji. */
const PLAIN_NEIGHBOUR = /[\p{Script=Latin}\p{Script=Common}]/u;

function isPlainNeighbour(ch: string | undefined): boolean {
  return ch === undefined || (PLAIN_NEIGHBOUR.test(ch) && !EMOJI_PART.test(ch));
}

function* invisibleCharacters(text: string): Generator<Hit> {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Everything this rule looks for is above U+009F: plain ASCII text costs one comparison a character.
    if (c < 0xa0) continue;
    const hit = (kind: InvisibleKind, replacement: string): Hit => ({ start: i, end: i + 1, kind, codePoint: c, replacement });
    if (SPACES.has(c)) yield hit('unicodeSpace', ' ');
    else if (ZERO_WIDTH.has(c)) yield hit('zeroWidth', '');
    else if (c === 0xad) yield hit('softHyphen', '');
    else if (c === 0xfeff && i > 0) yield hit('byteOrderMark', '');
    else if (BIDI_ALWAYS.has(c)) yield hit('bidiControl', '');
    else if (BIDI_MARKS.has(c) && !RTL_LETTER.test(lineAround(text, i))) yield hit('bidiControl', '');
    else if ((c === 0x200c || c === 0x200d) && isPlainNeighbour(characterBefore(text, i)) && isPlainNeighbour(characterAfter(text, i + 1))) yield hit('zeroWidth', '');
  }
}

function lineAround(text: string, i: number): string {
  const start = text.lastIndexOf('\n', i) + 1;
  const end = text.indexOf('\n', i);
  return text.slice(start, end < 0 ? text.length : end);
}

function characterBefore(text: string, i: number): string | undefined {
  if (i === 0) return undefined;
  const low = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 ? text.slice(i - 2, i) : text[i - 1];
}

function characterAfter(text: string, i: number): string | undefined {
  if (i >= text.length) return undefined;
  const cp = text.codePointAt(i)!;
  return String.fromCodePoint(cp);
}

// prettier-ignore
/** Cyrillic and Greek letters that look like Latin ones (Unicode TR 39's confusables), with the Latin letter. */
const CONFUSABLES: ReadonlyMap<string, string> = new Map([
  ['а', 'a'], ['е', 'e'], ['о', 'o'], ['р', 'p'], ['с', 'c'], ['у', 'y'], ['х', 'x'], ['і', 'i'], ['ј', 'j'], ['ѕ', 's'], ['һ', 'h'], ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['ӏ', 'l'],
  ['А', 'A'], ['В', 'B'], ['Е', 'E'], ['К', 'K'], ['М', 'M'], ['Н', 'H'], ['О', 'O'], ['Р', 'P'], ['С', 'C'], ['Т', 'T'], ['Х', 'X'], ['У', 'Y'], ['І', 'I'], ['Ј', 'J'], ['Ѕ', 'S'],
  ['ο', 'o'], ['α', 'a'], ['ν', 'v'], ['ι', 'i'], ['ρ', 'p'],
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'], ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'],
]);
const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * Look-alike letters inside a Latin word: a word with Latin letters whose every other letter
 * is a confusable Cyrillic or Greek one. A word of Cyrillic or Greek text (`мама`, `ορος`)
 * has no Latin letter and is left alone, as is a word mixing in letters that look like nothing Latin.
 */
function* confusableLetters(text: string): Generator<Hit> {
  let wordEnd = 0;
  // From each Greek or Cyrillic letter (every confusable is one) out to its word: most texts have
  // none, and a regular expression over every word cost ~25 ms on 200,000 characters.
  for (const hit of text.matchAll(/[\u0370-\u03ff\u0400-\u052f]/g)) {
    if (hit.index < wordEnd) continue;
    let start = hit.index;
    while (start > 0 && WORD_CHAR.test(text[start - 1])) start--;
    let end = hit.index + 1;
    while (end < text.length && WORD_CHAR.test(text[end])) end++;
    wordEnd = end;
    const letters = [...text.slice(start, end)];
    if (!letters.some((l) => LATIN_LETTER.test(l))) continue;
    const others = letters.filter((l) => !LATIN_LETTER.test(l) && !/\p{M}/u.test(l));
    if (others.length === 0 || !others.every((l) => CONFUSABLES.has(l))) continue;
    let at = start;
    for (const letter of letters) {
      const latin = CONFUSABLES.get(letter);
      if (latin !== undefined) yield { start: at, end: at + letter.length, kind: 'confusable', codePoint: letter.codePointAt(0)!, replacement: latin };
      at += letter.length;
    }
  }
}

/** A UTF-16 unit of a word: letters and marks (Latin, Greek and Cyrillic are all in the BMP). */
const WORD_CHAR = /[\p{L}\p{M}]/u;
