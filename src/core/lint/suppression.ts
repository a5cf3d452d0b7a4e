import { isLintRuleId } from './lintRegistry';
import type { LintRuleId } from './lintTypes';

/** The words that silence findings on the line after them. */
export const DISABLE_NEXT_LINE = 'tokenscope-disable-next-line';

/**
 * Lines on which findings are silenced, from `tokenscope-disable-next-line [rule …]` written
 * anywhere on the line before them: in a comment where the file type has one (Markdown's
 * `<!-- … -->`, `//`, `#`), or as a line of its own in plain text. Without rule ids the line
 * is silenced for every rule; unknown ids are ignored. Returns line start offset → rules
 * (undefined: all), for the line after each comment.
 */
export function suppressedLines(text: string): Map<number, ReadonlySet<LintRuleId> | undefined> {
  const out = new Map<number, ReadonlySet<LintRuleId> | undefined>();
  let at = text.indexOf(DISABLE_NEXT_LINE);
  while (at >= 0) {
    const lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) break;
    const words = text
      .slice(at + DISABLE_NEXT_LINE.length, lineEnd)
      .split(/[\s,]+/)
      .filter((w) => w !== '' && w !== '-->' && w !== '*/');
    const named = words.filter(isLintRuleId);
    out.set(lineEnd + 1, words.length === 0 ? undefined : new Set(named));
    at = text.indexOf(DISABLE_NEXT_LINE, lineEnd);
  }
  return out;
}

/** Whether a finding of `rule` at `offset` is silenced (its line is in `lines`). */
export function isSuppressed(text: string, lines: ReadonlyMap<number, ReadonlySet<LintRuleId> | undefined>, rule: LintRuleId, offset: number): boolean {
  if (lines.size === 0) return false;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (!lines.has(lineStart)) return false;
  const rules = lines.get(lineStart);
  return rules === undefined || rules.has(rule);
}
