import { CLASS_INDEX, classOfScript, emptyMix } from './scriptClasses';
import { scriptName } from './unicodeScripts';

const COMMON = CLASS_INDEX.common;
const LATIN = CLASS_INDEX.latin;
const HAN = CLASS_INDEX.han;
const JAPANESE = CLASS_INDEX.japanese;

/** Class index + 1 of each BMP code point, 0 until first asked; astral code points in a map. */
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function classIndexOf(codePoint: number): number {
  if (codePoint < 0x80) {
    const lower = codePoint | 0x20;
    return lower >= 0x61 && lower <= 0x7a ? LATIN : COMMON;
  }
  if (codePoint < 0x10000) {
    const known = bmpClasses[codePoint];
    if (known !== 0) return known - 1;
    const index = codePoint >= 0xd800 && codePoint <= 0xdfff ? COMMON : CLASS_INDEX[classOfScript(scriptName(codePoint))];
    bmpClasses[codePoint] = index + 1;
    return index;
  }
  let index = astralClasses.get(codePoint);
  if (index === undefined) astralClasses.set(codePoint, (index = CLASS_INDEX[classOfScript(scriptName(codePoint))]));
  return index;
}

/**
 * `text` as runs of one class of letters, each as [start offset, class index] in text order:
 * characters without letters (spaces, digits, punctuation: `common`) and combining marks
 * belong to the run they follow, or to the first run when they open the text. Han and kana
 * make one run, `japanese` if it holds any kana and `han` if not. A run starts at its first
 * letter, or at the space before it (where tokenizers start a word). A text with no letters is
 * one `common` run.
 */
export function scriptRuns(text: string): Array<[start: number, classIndex: number]> {
  const runs: Array<[number, number]> = [];
  let current = -1;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    const at = i;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    const cls = classIndexOf(c);
    if (cls === COMMON || cls === current) continue;
    // Han inside a Japanese run stays in it; kana turn a Han run Japanese.
    if (cls === HAN && current === JAPANESE) continue;
    if (cls === JAPANESE && current === HAN) {
      runs[runs.length - 1][1] = current = cls;
      continue;
    }
    if (current === -1) runs.push([0, cls]);
    else {
      const previousStart = runs[runs.length - 1][0];
      runs.push([at - 1 > previousStart && text.charCodeAt(at - 1) === 0x20 ? at - 1 : at, cls]);
    }
    current = cls;
  }
  if (runs.length === 0) runs.push([0, COMMON]);
  return runs;
}

/**
 * The base tokens of `text` (which has `tokens` of them) by script class (scriptClasses.ts),
 * over its runs (scriptRuns). A text of one run, the usual case, gives all its tokens to that
 * class without counting anything again. A mixed text counts each run on its own with `count`
 * and shares `tokens` out in proportion, so the mix always adds up to `tokens` (a run counted
 * alone may differ from the whole by a token at each cut).
 */
export function scriptMixOf(text: string, tokens: number, count: (text: string) => number): number[] {
  const mix = emptyMix();
  if (tokens <= 0 || text.length === 0) return mix;
  const runs = scriptRuns(text);
  if (runs.length === 1) {
    mix[runs[0][1]] = tokens;
    return mix;
  }
  let counted = 0;
  for (let r = 0; r < runs.length; r++) {
    const [start, cls] = runs[r];
    const end = r + 1 < runs.length ? runs[r + 1][0] : text.length;
    const n = count(text.slice(start, end));
    mix[cls] += n;
    counted += n;
  }
  if (counted > 0) for (let i = 0; i < mix.length; i++) mix[i] = (mix[i] * tokens) / counted;
  return mix;
}
