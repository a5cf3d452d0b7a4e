/**
 * The writing-system classes an approximation is calibrated by (docs/ACCURACY.md, "Per
 * script"). Coarser than Unicode scripts on purpose: a published figure says "Chinese" or
 * "Hindi", never "Bopomofo", and a tokenizer treats the scripts of one class alike (Han and
 * kana share CJK vocabulary; the Brahmic scripts of India are all cut into short pieces by
 * tokenizers trained mostly on English).
 *
 * - `latin`: Latin letters (English, European languages, identifiers in code);
 * - `common`: no letters at all: digits, punctuation, spaces, symbols, emoji;
 * - `cyrillic`, `greek`, `arabic` (also Syriac and Thaana), `hangul`;
 * - `han`: Chinese: a run of Han (and Bopomofo) with no kana;
 * - `japanese`: a run of Han and kana with some kana in it (a Japanese sentence mixes kanji,
 *   hiragana and katakana, and tokenizers cut it quite unlike Chinese: Gemma 3 needs 0.9 ×
 *   o200k_base's tokens for Chinese but 0.7 × for Japanese);
 * - `indic`: Devanagari and the other Brahmic scripts of South Asia;
 * - `other`: every other script (Hebrew, Thai, Ethiopic, …).
 */
export const SCRIPT_CLASSES = ['latin', 'common', 'cyrillic', 'greek', 'han', 'japanese', 'hangul', 'arabic', 'indic', 'other'] as const;
export type ScriptClass = (typeof SCRIPT_CLASSES)[number];

/** Index of each class in a ScriptMix. */
export const CLASS_INDEX: Readonly<Record<ScriptClass, number>> = Object.fromEntries(SCRIPT_CLASSES.map((c, i) => [c, i])) as Record<ScriptClass, number>;

/**
 * Base tokens of a text by script class, in SCRIPT_CLASSES order. Entries may be fractions
 * (a mixed block's tokens are shared out by its runs' counts) and add up to the text's base
 * count. Plain numbers, so a mix crosses the worker boundary as it is.
 */
export type ScriptMix = readonly number[];

export function emptyMix(): number[] {
  return new Array<number>(SCRIPT_CLASSES.length).fill(0);
}

/** Adds `mix` to `into` (in place). */
export function addMix(into: number[], mix: ScriptMix): void {
  for (let i = 0; i < into.length; i++) into[i] += mix[i] ?? 0;
}

export function mixTotal(mix: ScriptMix): number {
  let total = 0;
  for (const n of mix) total += n;
  return total;
}

/** A mix read from elsewhere (worker message, cache) if it has the right shape, else undefined. */
export function asScriptMix(value: unknown): ScriptMix | undefined {
  return Array.isArray(value) && value.length === SCRIPT_CLASSES.length && value.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
    ? (value as number[])
    : undefined;
}

// Laid out by hand, many short items to a line.
// prettier-ignore
const INDIC_SCRIPTS = new Set([
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala',
  'Tibetan', 'Sharada', 'Takri', 'Tirhuta', 'Grantha', 'Newa', 'Modi', 'Kaithi', 'Mahajani', 'Khojki', 'Khudawadi',
  'Dogra', 'Nandinagari', 'Syloti_Nagri', 'Meetei_Mayek', 'Ol_Chiki', 'Brahmi', 'Siddham', 'Bhaiksuki',
]);

/**
 * The class of a Unicode Script name (`Latin`, `Han`, … `Common`, `Inherited`). Kana are
 * `japanese`; Han is `han` here, and a run of Han that holds kana is counted as `japanese`
 * (scriptMix.ts).
 */
export function classOfScript(script: string): ScriptClass {
  switch (script) {
    case 'Latin':
      return 'latin';
    case 'Common':
    case 'Inherited':
      return 'common';
    case 'Cyrillic':
      return 'cyrillic';
    case 'Greek':
      return 'greek';
    case 'Han':
    case 'Bopomofo':
      return 'han';
    case 'Hiragana':
    case 'Katakana':
      return 'japanese';
    case 'Hangul':
      return 'hangul';
    case 'Arabic':
    case 'Syriac':
    case 'Thaana':
      return 'arabic';
    default:
      return INDIC_SCRIPTS.has(script) ? 'indic' : 'other';
  }
}
