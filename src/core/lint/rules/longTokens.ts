import { tokensOver, type LintFinding, type LintInput, type LintRule } from '../lintTypes';
import { askedWords, asksAboutLetters, codeRanges, isInside, letterCueEnd, paragraphs, sentences } from '../promptCues';

/**
 * Rule 3: long tokens hide the letters a question is about. A model sees `strawberry` as a few
 * tokens (`str`, `aw`, `berry` in o200k_base), not ten letters; in positional character tasks
 * accuracy falls as the token holding the queried character gets longer (CharBench, 2025).
 * Only a sentence that asks about letters (promptCues.ts) is checked, and in it only the words
 * it asks about; a word is marked when one of its tokens holds LONG_TOKEN letters or more.
 * Fix: spell the word out after it, its letters apart (`strawberry (s-t-r-a-w-b-e-r-r-y)`),
 * so each letter is a token of its own.
 */
export const longTokensRule: LintRule = {
  id: 'long-tokens',
  defaultSeverity: 'information',
  check(input: LintInput): LintFinding[] {
    const { text } = input;
    const findings: LintFinding[] = [];
    const seen = new Set<number>();
    // Code blocks are a program's text, not a question; a code span may quote the word asked about.
    let blocks: Array<[number, number]> | undefined;
    for (const [pStart, pEnd] of paragraphs(text)) {
      // A paragraph without a cue has no sentence with one: most paragraphs are passed over whole.
      if (!asksAboutLetters(text.slice(pStart, pEnd))) continue;
      for (const [sStart, sEnd] of sentences(text, pStart, pEnd)) {
        const sentence = text.slice(sStart, sEnd);
        const cueEnd = letterCueEnd(sentence);
        if (cueEnd < 0 || isInside((blocks ??= codeRanges(text).filter(([s, e]) => text.slice(s, e).includes('\n'))), sStart)) continue;
        // The word asked about follows the cue ("the third letter of 'banana'"), or the sentence is a question
        // ("In 'banana', which letter comes third?"): a name before a statement about characters is not asked about.
        const question = sentence.trimEnd().endsWith('?');
        for (const [start, end] of askedWords(text, sStart, sEnd)) {
          if (seen.has(start) || (!question && start - sStart < cueEnd)) continue;
          seen.add(start);
          const finding = wordFinding(input, start, end);
          if (finding) findings.push(finding);
        }
      }
    }
    return findings;
  },
};

/**
 * 4 letters: CharBench's accuracy drops steadily with the queried token's length; a token of
 * one to three letters is what a spelled-out word costs anyway, from four on the letters hide.
 */
const LONG_TOKEN = 4;

function wordFinding(input: LintInput, start: number, end: number): LintFinding | undefined {
  const word = input.text.slice(start, end);
  if ([...word].length < LONG_TOKEN) return undefined;
  const tokens = tokensOver(input.tokens, start, end);
  // Each token's part of the word (a token may carry the space or quote before it).
  const pieces = tokens.map((t) => input.text.slice(Math.max(t.start, start), Math.min(t.end, end))).filter((p) => p !== '');
  const longest = Math.max(...pieces.map((p) => [...p].length));
  if (longest < LONG_TOKEN) return undefined;
  // After a closing quote or emphasis, so the quoted word stays as the writer quoted it.
  let at = end;
  while (at < input.text.length && /["”'’`*_]/.test(input.text[at]) && at - end < 2) at++;
  return {
    rule: 'long-tokens',
    start,
    end,
    detail: { rule: 'long-tokens', word, pieces, longest },
    tokens,
    fix: [{ start: at, end: at, newText: ` (${[...word].join('-')})` }],
  };
}
