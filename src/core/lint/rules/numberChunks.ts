import { tokensOver, type LintFinding, type LintInput, type LintRule, type LintToken } from '../lintTypes';
import { asksForArithmetic, codeRanges, isInside, paragraphs } from '../promptCues';

/**
 * Rule 2: long numbers cut into digit chunks from the left. GPT-4-style encodings (cl100k_base,
 * o200k_base, Llama 3) cut a run of digits into chunks of three from its left end, so `1234567`
 * is `123|456|7`: the chunks do not line up with thousands, millions. Singh and Strouse
 * ("Tokenization counts", 2024) found that forcing right-to-left chunks, with thousands
 * separators, markedly improves GPT-4's arithmetic. Only a paragraph that asks for arithmetic
 * or a comparison (promptCues.ts) is checked, and in it only plain integers of five digits or
 * more, outside code, whose tokens hold more than one digit and cut off place value: never
 * decimals, signed numbers, dates, times, phone numbers, versions, IDs or years (see
 * `isPlainQuantity`). Four-digit numbers are left out: their chunks are off by one digit
 * only (`123|4`), and on ordinary text they were nearly all years, ports, sizes in code
 * (`1024 * 1024`) and model names (docs/ACCURACY.md, "Tokenization lint").
 * Fix: write the number with the locale's thousands separators.
 */
export const numberChunksRule: LintRule = {
  id: 'number-chunks',
  defaultSeverity: 'information',
  check(input: LintInput): LintFinding[] {
    const { text } = input;
    const findings: LintFinding[] = [];
    // Found only once a paragraph asks for arithmetic: most texts never do.
    let code: Array<[number, number]> | undefined;
    for (const [pStart, pEnd] of paragraphs(text)) {
      const paragraph = text.slice(pStart, pEnd);
      // A paragraph without a long number has nothing to flag: the cue is looked for only then.
      if (!/\d{5}/.test(paragraph) || !asksForArithmetic(paragraph)) continue;
      for (const m of paragraph.matchAll(/\d{5,}/g)) {
        const start = pStart + m.index;
        const end = start + m[0].length;
        if (isInside((code ??= codeRanges(text)), start) || !isPlainQuantity(text, start, end)) continue;
        const tokens = tokensOver(input.tokens, start, end);
        const chunks = digitChunks(text, tokens, start, end);
        if (!cutsPlaceValue(chunks)) continue;
        const separated = withSeparators(m[0], input.locale);
        findings.push({
          rule: 'number-chunks',
          start,
          end,
          detail: {
            rule: 'number-chunks',
            number: m[0],
            chunks,
            separated,
            separatedChunks: input.tokenize(separated).map((t) => separated.slice(t.start, t.end)),
          },
          tokens,
          ...(separated === m[0] ? {} : { fix: [{ start, end, newText: separated }] }),
        });
      }
    }
    return findings;
  },
};

/** Each token's digits within [start, end). */
function digitChunks(text: string, tokens: readonly LintToken[], start: number, end: number): string[] {
  return tokens.map((t) => text.slice(Math.max(t.start, start), Math.min(t.end, end))).filter((c) => c !== '');
}

/**
 * Whether the chunks cut a number off place value: some chunk holds two digits or more (an
 * encoding that cuts every digit apart, Qwen's or Gemma's, keeps place value by position),
 * and some cut falls where no thousands separator would (counted from the right).
 */
function cutsPlaceValue(chunks: readonly string[]): boolean {
  if (!chunks.some((c) => c.length > 1)) return false;
  const length = chunks.reduce((n, c) => n + c.length, 0);
  let at = 0;
  for (const chunk of chunks.slice(0, -1)) {
    at += chunk.length;
    if ((length - at) % 3 !== 0) return true;
  }
  return false;
}

/** Words that say the number after them is a name, not a quantity. */
const ID_BEFORE =
  /(?:\bid|\brfc|\biso|#|\bno\.?|\bnr\.?|\bnumber|\border|\baccount|\binvoice|\bticket|\bzip|\bpostcode|\bcode|\bpin|\bphone|\btel\.?|\bversion|\bissue|\bport|\bext\.?|\bplz|\bkonto|\bnummer)\s*[:=]?\s*$/i;

/**
 * Whether the digits at [start, end) are a plain integer quantity. Not: a decimal or a number
 * already grouped (`12345.67`, `1,234`), a signed one (`-12345`, `+4930…`), part of a date,
 * time, range or version (`2024-01-15`, `10:30`, `1.2.3`), glued to letters (`A12345`,
 * `v2024`, `0x1F`), a code with a leading zero, one group of a phone number (`555 123 4567`),
 * a year (1500 to 2100), or a number named as an ID (`order 123456`).
 */
function isPlainQuantity(text: string, start: number, end: number): boolean {
  const digits = text.slice(start, end);
  if (digits.startsWith('0')) return false;
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  const afterNext = text[end + 1] ?? '';
  if (/[\p{L}\p{N}_]/u.test(before) || /[\p{L}\p{N}_]/u.test(after)) return false;
  // A sign, a decimal or grouped number, a date or path, a hash, an escape (`\\u{11720}`).
  if (/[-+−.,/:#{\\]/.test(before)) return false;
  if (/[-/:]/.test(after) && /[\p{L}\p{N}]/u.test(afterNext)) return false;
  if (/[.,]/.test(after) && /\d/.test(afterNext)) return false;
  // One group of several: `555 123 4567`, `+49 30 1234567`.
  if (/\d[ \u00a0]$/.test(text.slice(Math.max(0, start - 2), start)) || /^[ \u00a0]\d/.test(text.slice(end, end + 2))) return false;
  if (digits.length === 4 && Number(digits) >= 1500 && Number(digits) <= 2100) return false;
  if (ID_BEFORE.test(text.slice(Math.max(0, start - 24), start))) return false;
  return true;
}

/** `1234567` with the locale's grouping (`1,234,567`; `de`: `1.234.567`); BigInt: any length is exact. */
function withSeparators(digits: string, locale: string): string {
  return new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(digits));
}
