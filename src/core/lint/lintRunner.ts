import { LINT_RULES } from './lintRegistry';
import type { LintFinding, LintInput, LintRuleId } from './lintTypes';
import { isSuppressed, suppressedLines } from './suppression';

/**
 * Runs `rules` over one text: every finding in text order, less those a
 * `tokenscope-disable-next-line` comment silences. Pure; the worker calls it on the text of
 * what the editor shows (or the whole document) with the tokens the boundaries use.
 */
export function runLint(input: LintInput, rules: readonly LintRuleId[]): LintFinding[] {
  const lines = suppressedLines(input.text);
  const findings: LintFinding[] = [];
  for (const id of rules) {
    for (const finding of LINT_RULES[id].check(input)) {
      if (!isSuppressed(input.text, lines, id, finding.start)) findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
