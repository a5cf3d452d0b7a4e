import { cutRuleFor, isWhiteSpace, type CutRule } from '../cutRules';
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
 * generated text. Any other configuration (a user's file: SentencePiece models, other regexes,
 * other normalizers) is never cut: the document is one block, always exact, but every edit
 * re-tokenizes all of it, which is slow on files of megabytes.
 */
export const NEVER_CUT: CutRule = { isSafeCut: () => false };

const QWEN_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** cl100k_base's pattern, which Llama 3's tokenizer.json uses. */
const CL100K_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** DeepSeek-V3 isolates digit runs and CJK runs before its main pattern (which has no contractions). */
const DEEPSEEK_PATTERNS = [
  '\\p{N}{1,3}',
  '[一-龥぀-ゟ゠-ヿ]+',
  '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+',
];
/** Mistral's Tekken: o200k_base's pattern without its contractions, digits one by one. */
const TEKKEN_PATTERN =
  '[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+';

interface KnownConfiguration {
  readonly name: string;
  readonly nfc: boolean;
  readonly patterns: readonly string[];
  /** The tiktoken encoding whose cut rules this configuration's regexes obey. */
  readonly splitsLike: 'cl100k_base' | 'o200k_base';
}

/** The configurations with a proven rule (their names are for tests and messages). */
export const KNOWN_CONFIGURATIONS: readonly KnownConfiguration[] = [
  { name: 'Qwen2.5 / Qwen3', nfc: true, patterns: [QWEN_PATTERN], splitsLike: 'cl100k_base' },
  { name: 'Llama 3 (cl100k_base pattern)', nfc: false, patterns: [CL100K_PATTERN], splitsLike: 'cl100k_base' },
  { name: 'DeepSeek-V3', nfc: false, patterns: DEEPSEEK_PATTERNS, splitsLike: 'cl100k_base' },
  { name: 'Mistral Tekken', nfc: false, patterns: [TEKKEN_PATTERN], splitsLike: 'o200k_base' },
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

/** The cut rule for a tokenizer.json: its configuration's, or NEVER_CUT. */
export function hfCutRuleFor(json: TokenizerJson): CutRule {
  const known = knownConfiguration(json);
  if (!known) return NEVER_CUT;
  const added = new Set<number>();
  for (const token of json.added_tokens ?? []) {
    if (token.special) continue;
    for (let i = 0; i < token.content.length; i++) added.add(token.content.charCodeAt(i));
  }
  return cutRuleFor(known.splitsLike, added.size > 0 ? (code) => added.has(code) : undefined);
}
