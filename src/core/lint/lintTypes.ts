/**
 * The tokenization lint's shapes: what a rule is given (a text, its tokens, a way to tokenize
 * another text) and what it answers (findings, each with the tokens involved and, where a fix
 * is safe, the edits). Offsets are UTF-16 offsets into the text the rule was given; the runner
 * (lintRunner.ts) moves them to document offsets.
 */

/** Every rule, by its id: the id a user writes in settings and in a suppression comment. */
export const LINT_RULE_IDS = ['prompt-end', 'number-chunks', 'long-tokens', 'special-token', 'invisible-chars'] as const;
export type LintRuleId = (typeof LINT_RULE_IDS)[number];

/** How loudly a finding is shown, as VS Code's diagnostic severities; `off` turns a rule off. */
export const LINT_SEVERITIES = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type LintSeverity = (typeof LINT_SEVERITIES)[number];

/** One token of the text: [start, end) offsets of the characters holding its bytes, and its id. */
export interface LintToken {
  readonly start: number;
  readonly end: number;
  readonly id: number;
}

/** What a rule looks at. */
export interface LintInput {
  /** The text checked: a whole document, or whole lines of it around what the editor shows. */
  readonly text: string;
  /** The tokens of `text`, in order, as the model's tokenizer cuts it (the boundaries' tokens). */
  readonly tokens: readonly LintToken[];
  /** Whether `text` ends where the document ends (where a prompt ends). */
  readonly atDocumentEnd: boolean;
  /** BCP 47 tag numbers are written for in a fix (`en`: 1,234,567; `de`: 1.234.567). */
  readonly locale: string;
  /** The tokens of another text with the same tokenizer: a fix's text, or the text with a continuation. */
  readonly tokenize: (text: string) => readonly LintToken[];
}

/** Replace [start, end) of the text with `newText`. */
export interface LintEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** What a rule found, in the words its message is made of (lintMessages.ts turns it into text). */
export type FindingDetail =
  | { readonly rule: 'prompt-end'; readonly kind: 'trailingWhitespace'; readonly whitespace: string }
  | { readonly rule: 'prompt-end'; readonly kind: 'mergesWithNext'; readonly last: string; readonly continuation: string }
  | { readonly rule: 'number-chunks'; readonly number: string; readonly chunks: readonly string[]; readonly separated: string; readonly separatedChunks: readonly string[] }
  | { readonly rule: 'long-tokens'; readonly word: string; readonly pieces: readonly string[]; readonly longest: number }
  | { readonly rule: 'special-token'; readonly literal: string; readonly families: readonly SpecialTokenUse[] }
  | {
      readonly rule: 'invisible-chars';
      readonly kind: InvisibleKind;
      /** The characters found, each once, in order. */
      readonly codePoints: readonly number[];
      /** What the fix puts in their place ('' removes them). */
      readonly replacement: string;
      /** Tokens the word (or the stretch between blanks) holding them costs beyond its plain spelling. */
      readonly extraTokens: number;
    };

/** How a model family treats a literal (specialTokenTable.ts). */
export interface SpecialTokenUse {
  /** The family as users know it: `OpenAI o200k_base`, `Qwen3`, `Llama 3`. */
  readonly family: string;
  /**
   * `special`: a control token the tokenizer or API refuses or maps to its id;
   * `added`: an added token, always one token even in ordinary text;
   * `template`: a marker of the family's chat template, in plain text.
   */
  readonly kind: 'special' | 'added' | 'template';
}

/** The kinds of invisible and look-alike characters (rules/invisibleChars.ts). */
export type InvisibleKind = 'zeroWidth' | 'byteOrderMark' | 'unicodeSpace' | 'bidiControl' | 'softHyphen' | 'confusable';

/** A finding of one rule over [start, end). */
export interface LintFinding {
  readonly rule: LintRuleId;
  readonly start: number;
  readonly end: number;
  readonly detail: FindingDetail;
  /** The tokens of the text that the finding is about (the hover lists them). */
  readonly tokens: readonly LintToken[];
  /** A safe quick fix: the edits, which apply together. */
  readonly fix?: readonly LintEdit[];
}

/** A rule: pure, from a text and its tokens to findings. */
export interface LintRule {
  readonly id: LintRuleId;
  /** Severity when the user has not set one: Information or Hint, never louder. */
  readonly defaultSeverity: 'hint' | 'information';
  check(input: LintInput): LintFinding[];
}

/** The tokens of `tokens` that overlap [start, end) (a zero-width range: the token holding `start`). */
export function tokensOver(tokens: readonly LintToken[], start: number, end: number): LintToken[] {
  // Binary search for the first token ending after `start`: a screen holds thousands of tokens.
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: LintToken[] = [];
  for (let t = lo; t < tokens.length && (tokens[t].start < end || (start === end && tokens[t].start <= start)); t++) out.push(tokens[t]);
  return out;
}

/** A token as a hover shows it: its document offsets and its bytes as readable text (`·word`). */
export interface TokenShown {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A finding as the worker answers it: document offsets, its tokens readable. */
export type DocumentFinding = Omit<LintFinding, 'tokens'> & { readonly tokens: readonly TokenShown[] };
