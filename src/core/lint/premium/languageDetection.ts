import { codeRanges, paragraphs } from '../promptCues';
import { COMMON, INHERITED, scriptIndexOf, scriptNames } from '../../text/unicodeScripts';

/**
 * The language of each paragraph, for the crosslingual premium (rule 6). Detected with `eld`
 * (its smallest database; chosen over franc and franc-min by accuracy on short paragraphs:
 * docs/ACCURACY.md, "Crosslingual premium"). Honest about what it cannot tell: a paragraph with
 * too few letters, with letters of several scripts in comparable numbers, or one the detector is
 * not sure of is answered as such, and gets no premium.
 */
export type LanguageGuess =
  | { readonly kind: 'language'; readonly code: string }
  /** Fewer than MIN_LETTERS letters (code and links left out): too short to tell languages apart. */
  | { readonly kind: 'short' }
  /** No script holds MIN_SCRIPT_SHARE of the letters: several languages, no one premium. */
  | { readonly kind: 'mixed' }
  /** The detector names no language, or not reliably (its `isReliable`). */
  | { readonly kind: 'unknown' };

/** A paragraph of a text and its language: [start, end) offsets into the text. */
export interface ParagraphLanguage {
  readonly start: number;
  readonly end: number;
  readonly guess: LanguageGuess;
}

/**
 * 20 letters (a CJK character or a Hangul syllable counts 2: it carries a word or half of one).
 * On the UDHR preambles cut to 25 characters eld names 96% right, 3% wrong; shorter, it guesses
 * (measured by scripts/compare-language-detectors.mjs).
 */
const MIN_LETTERS = 20;
/**
 * Latin-script text needs 60: two dozen languages share the script, and a short English line
 * of a README (`Install dev dependencies:`, `# Ajv JSON schema validator`) was named Spanish or
 * German; with 60 letters and the cleaning below, 1 of 14,591 paragraphs of 288 package
 * READMEs got a language other than English (docs/ACCURACY.md, "Crosslingual premium").
 */
const MIN_LATIN_LETTERS = 60;
/** The share of the letters the main script must hold: 75% lets a few English words (a product name) into a Hindi paragraph. */
const MIN_SCRIPT_SHARE = 0.75;
/** The first 1,000 characters of a paragraph tell its language; the detector's time grows with the text. */
const MAX_DETECT_CHARS = 1000;

/** Scripts one language writes together: Japanese mixes Han, Hiragana and Katakana; Korean may add Han. */
const CJK = new Set(['Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul']);

/** What of `eld` is used: its detect(). */
interface Eld {
  detect(text: string): { readonly language: string; isReliable(): boolean };
}

let detector: Eld | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the detector: ~1 MB of n-grams, so it is loaded at the first request that needs it (a
 * worker that never sees prose never pays for it), by a dynamic import (eld is ESM-only: a
 * require() could not resolve it). The build puts it in a bundle of its own,
 * dist/languageDetector.js, so a worker that never needs it does not even parse it (esbuild.mjs).
 */
export function loadLanguageDetector(): Promise<void> {
  loading ??= import('eld/extrasmall').then((m) => {
    detector = m.eld;
  });
  return loading;
}

/** Whether loadLanguageDetector has finished: guessLanguage may run. */
export function languageDetectorLoaded(): boolean {
  return detector !== undefined;
}

function eld(): Eld {
  if (!detector) throw new Error('the language detector is not loaded: await loadLanguageDetector() first');
  return detector;
}

/**
 * What of a paragraph is prose: without links and their targets, HTML tags, and identifiers
 * (`queue.push(task)`, `snake_case`, `camelCase`), which are code whatever the language around them.
 */
function proseOf(text: string): string {
  return text
    .replace(/\]\([^)]*\)|^\s*\[[^\]]+\]:\s*\S+.*$|https?:\/\/\S+|<[^>\n]*>/gm, ' ')
    .replace(/[\p{L}\p{N}_$]+(?:[._][\p{L}\p{N}_$]+)+(?:\([^)]*\))?|\b\p{Ll}+\p{Lu}[\p{L}\p{N}]*|[\p{L}\p{N}_$]+\([^)]*\)/gu, ' ');
}

/** Letters of `text` by Unicode script name (`Latin`, `Devanagari`, `Han`). */
function scriptLetters(text: string): Map<string, number> {
  const letters = new Map<string, number>();
  const names = scriptNames();
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    const script = scriptIndexOf(ch.codePointAt(0)!);
    if (script === COMMON || script === INHERITED) continue;
    letters.set(names[script], (letters.get(names[script]) ?? 0) + 1);
  }
  return letters;
}

/** The language of one stretch of prose (code spans and blocks already left out by the caller). */
export function guessLanguage(paragraph: string): LanguageGuess {
  const text = proseOf(paragraph);
  const groups = new Map<string, number>();
  let weight = 0;
  let total = 0;
  for (const [script, n] of scriptLetters(text)) {
    const group = CJK.has(script) ? 'CJK' : script;
    groups.set(group, (groups.get(group) ?? 0) + n);
    total += n;
    weight += group === 'CJK' ? 2 * n : n;
  }
  if (weight < MIN_LETTERS) return { kind: 'short' };
  const [main, letters] = [...groups].reduce((a, b) => (b[1] > a[1] ? b : a));
  if (letters < MIN_SCRIPT_SHARE * total) return { kind: 'mixed' };
  if (main === 'Latin' && letters < MIN_LATIN_LETTERS) return { kind: 'short' };
  const result = eld().detect(text.slice(0, MAX_DETECT_CHARS));
  return result.language !== '' && result.isReliable() ? { kind: 'language', code: result.language } : { kind: 'unknown' };
}

/**
 * Each paragraph of `text` (stretches between blank lines) and its language, its code left out.
 * `cache` keeps the guesses by paragraph text: after a keystroke only the edited paragraph is
 * detected again.
 */
export function paragraphLanguages(text: string, cache?: GuessCache): ParagraphLanguage[] {
  const code = codeRanges(text);
  return paragraphs(text).map(([start, end]) => {
    const prose = withoutCode(text, start, end, code);
    const guess = cache ? cache.get(prose) : guessLanguage(prose);
    return { start, end, guess };
  });
}

/** [start, end) of `text` with its code ranges blanked out. */
function withoutCode(text: string, start: number, end: number, code: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = start;
  for (const [s, e] of code) {
    if (e <= at || s >= end) continue;
    out += text.slice(at, Math.max(at, s)) + ' ';
    at = Math.max(at, e);
  }
  return out + text.slice(at, end);
}

/** Guesses by text, the most recent GUESS_CACHE_SIZE kept (a 200,000-character document has ~2,000 paragraphs). */
const GUESS_CACHE_SIZE = 4096;

export class GuessCache {
  private readonly guesses = new Map<string, LanguageGuess>();

  get(text: string): LanguageGuess {
    let guess = this.guesses.get(text);
    if (guess) {
      this.guesses.delete(text); // to the back: most recently used
    } else {
      guess = guessLanguage(text);
      if (this.guesses.size >= GUESS_CACHE_SIZE) this.guesses.delete(this.guesses.keys().next().value!);
    }
    this.guesses.set(text, guess);
    return guess;
  }
}

/** A script of a text and the language of the paragraphs its letters are in (the panel's By script column). */
export interface ScriptLanguage {
  /** The Unicode script name, as the By script rows name it. */
  readonly script: string;
  /** The guess that holds most of the script's letters: a language's if any paragraph was told apart. */
  readonly guess: LanguageGuess;
}

/**
 * The characters of a text the panel's column looks at: its first 50,000 (~500 paragraphs,
 * ~0.1 s of detection at the measured ~200 µs a paragraph, in one step of the worker). A
 * longer text's scripts are named from its start.
 */
export const SCRIPT_LANGUAGE_CHARS = 50_000;

/**
 * For each script with letters in `text`: the language of the paragraphs that hold most of its
 * letters (each paragraph's guess counted with the letters it has of that script). A language
 * told apart wins over a paragraph too short or mixed; with none, the commonest such reason.
 */
export function scriptLanguages(text: string, cache?: GuessCache): ScriptLanguage[] {
  const code = codeRanges(text);
  const tally = new Map<string, Map<string, { guess: LanguageGuess; letters: number }>>();
  for (const [start, end] of paragraphs(text.slice(0, SCRIPT_LANGUAGE_CHARS))) {
    const prose = withoutCode(text, start, end, code);
    const guess = cache ? cache.get(prose) : guessLanguage(prose);
    const key = guess.kind === 'language' ? guess.code : guess.kind;
    for (const [script, n] of scriptLetters(proseOf(prose))) {
      const byGuess = tally.get(script) ?? new Map<string, { guess: LanguageGuess; letters: number }>();
      tally.set(script, byGuess);
      const entry = byGuess.get(key);
      if (entry) entry.letters += n;
      else byGuess.set(key, { guess, letters: n });
    }
  }
  return [...tally].map(([script, byGuess]) => {
    const entries = [...byGuess.values()];
    const told = entries.filter((e) => e.guess.kind === 'language');
    const best = (told.length > 0 ? told : entries).reduce((a, b) => (b.letters > a.letters ? b : a));
    return { script, guess: best.guess };
  });
}
