import { tokensOver, type LintFinding, type LintInput, type LintRule } from '../lintTypes';
import { SPECIAL_TOKEN_PATTERN, SPECIAL_TOKENS } from '../specialTokenTable';

/**
 * Rule 4: special-token literals in the text (`<|endoftext|>`, `<|im_start|>`, `[INST]`…).
 * Tokenscope counts them as text, as a tokenizer's ordinary encode does; but some APIs refuse
 * them, and serving stacks that encode with special tokens allowed turn them into the control
 * token itself: a prompt (or a document pasted into one) can end a turn or open a new role.
 * The finding names which families treat the literal as more than text. No quick fix: what
 * the writer meant by it (an example, a template) is theirs to say.
 */
export const specialTokensRule: LintRule = {
  id: 'special-token',
  defaultSeverity: 'information',
  check(input: LintInput): LintFinding[] {
    const findings: LintFinding[] = [];
    for (const match of input.text.matchAll(SPECIAL_TOKEN_PATTERN)) {
      const start = match.index;
      const end = start + match[0].length;
      findings.push({
        rule: 'special-token',
        start,
        end,
        detail: { rule: 'special-token', literal: match[0], families: SPECIAL_TOKENS.get(match[0]) ?? [] },
        tokens: tokensOver(input.tokens, start, end),
      });
    }
    return findings;
  },
};
