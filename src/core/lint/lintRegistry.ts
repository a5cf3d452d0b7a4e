import { invisibleCharsRule } from './rules/invisibleChars';
import { longTokensRule } from './rules/longTokens';
import { numberChunksRule } from './rules/numberChunks';
import { promptEndRule } from './rules/promptEnd';
import { specialTokensRule } from './rules/specialTokens';
import { LINT_RULE_IDS, type LintRule, type LintRuleId } from './lintTypes';

/**
 * The rules, by id. Adding a rule: its id in LINT_RULE_IDS, its file in rules/, a row here,
 * its message in lintMessages.ts and its tests; the settings, the worker and the host take it
 * from this table.
 */
export const LINT_RULES: Readonly<Record<LintRuleId, LintRule>> = {
  'prompt-end': promptEndRule,
  'number-chunks': numberChunksRule,
  'long-tokens': longTokensRule,
  'special-token': specialTokensRule,
  'invisible-chars': invisibleCharsRule,
};

/** Whether `id` names a rule (a setting's key, a suppression comment's word). */
export function isLintRuleId(id: string): id is LintRuleId {
  return (LINT_RULE_IDS as readonly string[]).includes(id);
}
