import { tokensOver, type LintFinding, type LintInput, type LintRule } from '../lintTypes';

/**
 * Rule 1: the prompt ends inside what would be a token (token healing). A model continues a
 * prompt token by token; when the prompt's last characters would have merged with the start
 * of the right continuation into one token, the model must produce that continuation from an
 * unusual cut, and puts far less probability on it ("Are you going to finish that?", 2026:
 * ~1000× less). Two cases the tokenizer itself proves:
 *
 * - trailing spaces or tabs: ` answer` is one token, so a prompt ending in a space leaves the model to
 *   start its answer with a word token without its space, which it rarely saw in training;
 *   fix: trim them.
 * - a last character that the tokenizer merges with the next word (an opening bracket, quote or
 *   dash: `("`, `-`): the prompt's last token is then not where the cut would be; fix: end the
 *   prompt at the previous token boundary.
 *
 * Only a text that ends the document is checked (the prompt's end), without the line breaks
 * it ends with, which editors add and prompt loaders strip; blanks before them count. A word cut in half (`Hello wor`) cannot be
 * told from a whole word without a dictionary, so it is not claimed.
 */
export const promptEndRule: LintRule = {
  id: 'prompt-end',
  defaultSeverity: 'information',
  check(input: LintInput): LintFinding[] {
    if (!input.atDocumentEnd) return [];
    const text = input.text;
    // Line breaks at the end are the template's or the editor's; blanks before them are the writer's.
    const body = text.replace(/(?:\r?\n)+$/, '');
    if (body.trim() === '') return [];
    const blanks = /[^\S\r\n]+$/.exec(body);
    if (blanks) {
      const start = blanks.index;
      return [
        {
          rule: 'prompt-end',
          start,
          end: body.length,
          detail: { rule: 'prompt-end', kind: 'trailingWhitespace', whitespace: blanks[0] },
          tokens: tokensOver(input.tokens, start, body.length),
          fix: [{ start, end: body.length, newText: '' }],
        },
      ];
    }
    const merge = mergingContinuation(input, body);
    if (!merge) return [];
    const last = tokensOver(input.tokens, body.length - 1, body.length).at(-1);
    if (!last) return [];
    return [
      {
        rule: 'prompt-end',
        start: last.start,
        end: body.length,
        detail: { rule: 'prompt-end', kind: 'mergesWithNext', last: body.slice(last.start), continuation: merge },
        tokens: [last],
        fix: [{ start: last.start, end: body.length, newText: '' }],
      },
    ];
  },
};

/**
 * Continuations a model most often starts its answer with. After a character that opens
 * something (a bracket, an opening quote, a dash) the answer starts right after it: a word or
 * a number. After anything else it starts with a space or a line break. A line break is not
 * probed: after `Answer:` a model may well write one, but its merging with the colon is the
 * encodings' way with punctuation before a line, not a cut the writer could avoid.
 */
const AFTER_OPENING = ['the', 'The', '1', ' the', ' 1'];
const AFTER_OTHER = [' the', ' The', ' 1'];
/** Opening brackets and quotes, a dash, a dollar sign: what a word or number follows without a blank. A URL's `/` is not: it ends many a file. */
const OPENING = /[\p{Ps}\p{Pi}\-$]/u;

/** The first continuation whose first token would swallow the prompt's last character, if any. */
function mergingContinuation(input: LintInput, body: string): string | undefined {
  const lastChar = body.at(-1)!;
  // A letter or digit at the end merges with any letter or digit after it: that is a word
  // continuing, which the rule cannot tell from a word cut short (see above).
  if (/[\p{L}\p{N}\p{M}]/u.test(lastChar)) return undefined;
  // The last line is enough: the encodings never merge across a line break into a word.
  const tail = body.slice(Math.max(body.lastIndexOf('\n') + 1, body.length - 64));
  // A straight double quote opens when the line has an odd number of them.
  const opens = OPENING.test(lastChar) || (lastChar === '"' && (tail.split('"').length - 1) % 2 === 1);
  for (const continuation of opens ? AFTER_OPENING : AFTER_OTHER) {
    const tokens = input.tokenize(tail + continuation);
    if (!tokens.some((t) => t.start === tail.length)) return continuation;
  }
  return undefined;
}
