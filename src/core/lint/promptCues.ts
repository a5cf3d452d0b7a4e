/**
 * Where a prompt asks for something a tokenization rule is about: arithmetic or comparing
 * numbers (rule 2), letters and spelling (rule 3). Rules 2 and 3 flag only inside a paragraph
 * (or, for letters, a sentence) that asks for it: a long number in a report, or a long word
 * in prose, is no problem until the model must work on its digits or letters. English and
 * German cue words (the languages Tokenscope speaks), and the operators of any language.
 */

/**
 * [start, end) of the code in `text`: Markdown code blocks (fenced with ``` or ~~~) and code
 * spans. A number in code is a value of a program (`1000 * 60`), not one the prompt asks the
 * model to work on.
 */
export function codeRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(/^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm)) out.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(/(`+)(?!`)[^`\n]+?\1(?!`)/g)) {
    if (!out.some(([s, e]) => m.index >= s && m.index < e)) out.push([m.index, m.index + m[0].length]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Whether `offset` is inside one of `ranges` (sorted, as codeRanges returns them). */
export function isInside(ranges: ReadonlyArray<readonly [number, number]>, offset: number): boolean {
  return ranges.some(([s, e]) => offset >= s && offset < e);
}

/** [start, end) of each paragraph of `text`: stretches between blank lines. */
export function paragraphs(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const blank of text.matchAll(/\r?\n[ \t]*\r?\n/g)) {
    if (blank.index > start) out.push([start, blank.index]);
    start = blank.index + blank[0].length;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** [start, end) of each sentence of [from, to): cut after `.`, `?`, `!` (and their CJK forms) before a blank, and at line breaks. */
export function sentences(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /[.?!。？！](?=\s|$)|\n/g;
  re.lastIndex = from;
  let start = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const end = m.index + m[0].length;
    out.push([start, end]);
    start = end;
  }
  if (start < to) out.push([start, to]);
  return out;
}

/**
 * Asks for arithmetic or a comparison: an operator between numbers (`-` and `/` only with
 * blanks around them, so dates and ranges are not sums), or a word that asks for it.
 */
const ARITHMETIC =
  /\d\s*[+*×÷=<>≤≥]\s*\d|\d\s+[-−/]\s+\d|\b(?:sum|add|adding|subtract|multiply|multiplied|divide|divided|product|difference|calculate|compute|arithmetic|plus|minus|times|greater|larger|smaller|bigger|less than|more than|compare|how much|summe|addiere|subtrahiere|multipliziere|dividiere|berechne|rechne|größer|kleiner|vergleiche|wie viel)\b/i;

export function asksForArithmetic(text: string): boolean {
  return ARITHMETIC.test(text);
}

/**
 * Asks about letters: how many of a letter, spelling, a letter's position, a word reversed.
 * Each cue is a question or an instruction, measured against package READMEs and source
 * comments (docs/ACCURACY.md): `characters` alone is a limit ("at most 64 characters"),
 * "backwards compatibility" and "how many times" are not about letters, "tokens spell other
 * bytes" is not an instruction, so none of them is a cue.
 */
const LETTERS =
  /\b(?:how many (?:[\p{L}'’"]+ )?(?:letters|characters|vowels|consonants|syllables)|how many [a-z]['’]?s\b|(?:^|[.!?:]\s+|\b(?:please|now|then|and|to)\s+)spell\b|how (?:do|would|does|to|should) (?:you |one |I |we )?spell|spelling of|(?:first|last|second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:letter|character)|letters? (?:in|of) (?:the word|the name|["“'‘`*])|characters? in the word|count the (?:letters|characters|vowels)|reverse(?:d)? (?:the )?(?:word|letters|string)|(?:spell|write|read|say|print)\b[^.?!\n]{0,40}\bbackwards|anagram|palindrome|wie viele (?:buchstaben|zeichen|vokale)|buchstabier|buchstaben? (?:in|von) (?:dem wort|["„“'‘`*])|(?:buchstabier|schreib|lies)[^.?!\n]{0,40}rückwärts)/iu;

/** A word every cue of LETTERS holds: one cheap scan rules out nearly every paragraph (the cues cost ~15 ms on 200,000 characters). */
const LETTERS_WORD = /letter|charact|spell|vowel|consonant|syllab|anagram|palindrom|backwards|reverse|how many [a-z]['’]?s\b|buchstab|zeichen|vokal|rückwärts/i;

export function asksAboutLetters(text: string): boolean {
  return LETTERS_WORD.test(text) && LETTERS.test(text);
}

/** Offset just past the first letters cue in `text`, or -1 without one. */
export function letterCueEnd(text: string): number {
  if (!LETTERS_WORD.test(text)) return -1;
  const m = LETTERS.exec(text);
  return m ? m.index + m[0].length : -1;
}

const STOPWORDS = new Set(['the', 'a', 'an', 'this', 'that', 'it', 'each', 'every', 'your', 'my', 'word', 'words', 'der', 'die', 'das', 'dem', 'den', 'ein', 'eine', 'wort']);

/**
 * The words a letters question is about, [start, end) in `text`: a word in quotes, backticks
 * or emphasis; else the word after `word`, `spell`, `in` or `of` (not an article).
 */
export function askedWords(text: string, from: number, to: number): Array<[number, number]> {
  const sentence = text.slice(from, to);
  const found: Array<[number, number]> = [];
  for (const m of sentence.matchAll(/(["“'‘`*_]{1,2})(\p{L}[\p{L}\p{M}]*)(?=["”'’`*_])/gu)) {
    const start = from + m.index + m[1].length;
    found.push([start, start + m[2].length]);
  }
  if (found.length > 0) return found;
  for (const m of sentence.matchAll(/\b(?:word|spell|spelling of|in|of|wort|buchstabiere)\s+(\p{L}[\p{L}\p{M}]*)/giu)) {
    if (STOPWORDS.has(m[1].toLowerCase())) continue;
    const start = from + m.index + m[0].length - m[1].length;
    found.push([start, start + m[1].length]);
  }
  return found;
}
