import { cutRuleFor, isWhiteSpace, type CutRule } from '../cutRules';
import { HF_PIECE_SCANNERS, type AsciiPieceScanner } from '../tiktoken/asciiPieceScanner';
import { isolatingSplits, normalizerIsNfc } from './hfByteLevelBpe';
import type { TokenizerJson } from './hfTokenizerJson';

/**
 * Where a document may be cut for a Hugging Face tokenizer (see cutRules.ts for why cuts
 * matter). A tokenizer.json cuts text in stages: ordinary added tokens are taken out, the
 * rest is normalized, the pre-tokenizer's regexes split it into pieces, and BPE never merges
 * across pieces. So a cut is safe where every stage cuts anyway:
 * - added tokens: a cut next to a blank cannot fall inside one when no added token holds a
 *   blank (and none strips the blanks beside it, `lstrip`/`rstrip`);
 * - NFC: both rules below cut right after a line feed or right before a space, and neither
 *   ever combines with the character after it, so normalizing the parts apart changes nothing;
 * - added tokens again: the class-change cuts inside a line (cutRules.ts) never fall between two
 *   characters that both occur in an ordinary added token (`<|fim_prefix|>`, `<think>`);
 * - the regexes: the configurations recognised here split exactly like tiktoken's cl100k_base
 *   (Qwen, Llama 3, DeepSeek-V3) or o200k_base (Tekken) at a line start and between words,
 *   so the same rules apply: the start of a non-blank line (for Tekken not a line starting
 *   with `/`, which `[\r\n/]*` joins to the previous line), and `word word` between ASCII letters.
 * `hfCutRules.test.ts` proves each recognised configuration against the Rust reference on
 * generated text. SentencePiece-style BPE (Gemma 3) has a rule read from its vocabulary
 * (sentencePieceCutRule below). Any other configuration (a user's file with other regexes or
 * other normalizers) is never cut: the document is one block, always exact, but every edit
 * re-tokenizes all of it, which is slow on files of megabytes.
 */
export const NEVER_CUT: CutRule = { isSafeCut: () => false };

export const QWEN_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** cl100k_base's pattern, which Llama 3's tokenizer.json uses. */
export const CL100K_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** DeepSeek-V3 isolates digit runs and CJK runs before its main pattern (which has no contractions). */
const DEEPSEEK_PATTERNS = [
  '\\p{N}{1,3}',
  '[一-龥぀-ゟ゠-ヿ]+',
  '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+',
];
/** Mistral's Tekken: o200k_base's pattern without its contractions, digits one by one. */
export const TEKKEN_PATTERN =
  '[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+';

interface KnownConfiguration {
  readonly name: string;
  readonly nfc: boolean;
  readonly patterns: readonly string[];
  /** The tiktoken encoding whose cut rules this configuration's regexes obey. */
  readonly splitsLike: 'cl100k_base' | 'o200k_base';
  /** Reads its one pattern's pieces on ASCII text without the regex (asciiPieceScanner.ts), where one does. */
  readonly scanner?: AsciiPieceScanner;
}

/** The configurations with a proven rule (their names are for tests and messages). */
export const KNOWN_CONFIGURATIONS: readonly KnownConfiguration[] = [
  { name: 'Qwen2.5 / Qwen3', nfc: true, patterns: [QWEN_PATTERN], splitsLike: 'cl100k_base', scanner: HF_PIECE_SCANNERS.qwen },
  { name: 'Llama 3 (cl100k_base pattern)', nfc: false, patterns: [CL100K_PATTERN], splitsLike: 'cl100k_base', scanner: HF_PIECE_SCANNERS.llama3 },
  { name: 'DeepSeek-V3', nfc: false, patterns: DEEPSEEK_PATTERNS, splitsLike: 'cl100k_base' },
  { name: 'Mistral Tekken', nfc: false, patterns: [TEKKEN_PATTERN], splitsLike: 'o200k_base', scanner: HF_PIECE_SCANNERS.tekken },
];

/** The known configuration `json` has, or undefined. */
export function knownConfiguration(json: TokenizerJson): KnownConfiguration | undefined {
  const nfc = normalizerIsNfc(json.normalizer);
  const patterns = isolatingSplits(json.pre_tokenizer)?.map((step) => (step.pattern as { Regex?: unknown } | undefined)?.Regex);
  if (nfc === undefined || !patterns) return undefined;
  const added = (json.added_tokens ?? []).filter((t) => !t.special);
  if (added.some((t) => t.lstrip || t.rstrip || [...t.content].some((c) => isWhiteSpace(c.codePointAt(0)!)))) return undefined;
  return KNOWN_CONFIGURATIONS.find((known) => known.nfc === nfc && known.patterns.length === patterns.length && known.patterns.every((p, i) => p === patterns[i]));
}

/** The ASCII piece scanner for a tokenizer.json's one split pattern, if its configuration has one. */
export function hfPieceScannerFor(json: TokenizerJson): AsciiPieceScanner | undefined {
  return knownConfiguration(json)?.scanner;
}

/** The cut rule for a tokenizer.json: its configuration's, the SentencePiece rule, or NEVER_CUT. */
export function hfCutRuleFor(json: TokenizerJson): CutRule {
  const known = knownConfiguration(json);
  if (!known) return sentencePieceCutRule(json) ?? NEVER_CUT;
  const added = new Set<number>();
  for (const token of json.added_tokens ?? []) {
    if (token.special) continue;
    for (let i = 0; i < token.content.length; i++) added.add(token.content.charCodeAt(i));
  }
  return cutRuleFor(known.splitsLike, added.size > 0 ? (code) => added.has(code) : undefined);
}

const LF = 0x0a;
const SPACE = 0x20;
const SPIECE = 0x2581; // ▁, SentencePiece's space

/**
 * SentencePiece-style BPE as Gemma 3's tokenizer.json has it: the normalizer turns each space
 * into `▁`, nothing splits the text into pieces (Gemma's `Split` on `" "` runs after that
 * normalizer, so it never finds a space), and BPE runs over whole segments between added tokens.
 * No regex then keeps words apart; the vocabulary does. A cut is safe where no token of the
 * vocabulary and no added token can span it, because every BPE merge makes a vocabulary token and
 * byte fallback is per character:
 * - after a newline, before anything but a newline, when `\n` is an ordinary added token (Gemma
 *   has `\n` … 31 × `\n` as added tokens) and no other added token holds a newline: added tokens
 *   are taken out first, longest first, so each newline run is a segment of its own;
 * - before a space, after a character that no vocabulary token has right before a `▁` (Gemma 3:
 *   of 262,144 tokens only `>▁</` has one, so everything but `>`, a space and a literal `▁`).
 * Read from the file, not assumed: `hfCutRules.test.ts` proves the rule for Gemma 3 against the
 * Rust reference, and a file whose configuration differs in any of these points is never cut.
 */
export function sentencePieceCutRule(json: TokenizerJson): CutRule | undefined {
  const { model, normalizer, pre_tokenizer: pre } = json;
  const replacesSpaces = normalizer?.type === 'Replace' && (normalizer.pattern as { String?: unknown } | undefined)?.String === ' ' && normalizer.content === '\u2581';
  const splitsNothing = !pre || (pre.type === 'Split' && (pre.pattern as { String?: unknown } | undefined)?.String === ' ');
  if (!replacesSpaces || !splitsNothing || model.type !== 'BPE' || model.ignore_merges || model.dropout) return undefined;
  if (typeof model.vocab !== 'object' || model.vocab === null || Array.isArray(model.vocab)) return undefined;
  const added = (json.added_tokens ?? []).filter((t) => !t.special);
  // An added token with a space (or, matched after normalization, a `▁`) could span a space cut.
  if (added.some((t) => t.content.includes(' ') || (t.normalized !== false && t.content.includes('\u2581')))) return undefined;
  const newlineSegments =
    added.some((t) => t.content === '\n' && !t.lstrip && !t.rstrip && !t.single_word) && added.every((t) => !t.content.includes('\n') || /^\n+$/.test(t.content));
  const beforeSpiece = new Set<number>([SPACE, SPIECE]);
  for (const token in model.vocab as Record<string, number>) {
    for (let i = token.indexOf('\u2581', 1); i > 0; i = token.indexOf('\u2581', i + 1)) beforeSpiece.add(token.charCodeAt(i - 1));
  }
  return {
    isSafeCut(text, p) {
      const at = text.charCodeAt(p);
      const before = text.charCodeAt(p - 1);
      if (at === SPACE) return !beforeSpiece.has(before);
      return newlineSegments && before === LF && at !== LF;
    },
  };
}
