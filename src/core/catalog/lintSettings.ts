import { LINT_RULES, isLintRuleId } from '../lint/lintRegistry';
import { LINT_RULE_IDS, LINT_SEVERITIES, type LintRuleId, type LintSeverity } from '../lint/lintTypes';
import type { Localizer } from '../l10n';

/** The tokenization lint's settings, checked (settingsSchema.ts: `lint.*`). */
export interface LintSettings {
  readonly enabled: boolean;
  /** Every rule's severity: the user's, or the rule's default; `off` turns it off. */
  readonly severities: Readonly<Record<LintRuleId, LintSeverity>>;
  /** Language ids the lint applies to. */
  readonly languages: readonly string[];
  /** Glob patterns of further files it applies to. */
  readonly files: readonly string[];
  /** The crosslingual premium (rule 6): a lens per non-English paragraph, the panel's column. */
  readonly crosslingualPremium: boolean;
}

/** Markdown and plain text, and VS Code's languages of prompt, instructions and chat mode files. */
export const DEFAULT_LINT_LANGUAGES: readonly string[] = ['markdown', 'plaintext', 'prompt', 'instructions', 'chatmode'];

/**
 * Prompt files and agent instruction files, whatever language VS Code gives them (a `.prompty`
 * or `.cursorrules` file has none of the above): the files core/agents/agentFiles.ts knows.
 */
export const DEFAULT_LINT_FILES: readonly string[] = [
  '**/*.prompt.md',
  '**/*.prompty',
  '**/*.instructions.md',
  '**/*.chatmode.md',
  '**/AGENTS.md',
  '**/AGENTS.override.md',
  '**/CLAUDE.md',
  '**/CLAUDE.local.md',
  '**/GEMINI.md',
  '**/.cursorrules',
  '**/.windsurfrules',
  '**/.cursor/rules/*.mdc',
  '**/.github/copilot-instructions.md',
];

const json = (value: unknown) => JSON.stringify(value);

/** Each rule's default severity, as the registry gives it. */
export function defaultLintSeverities(): Record<LintRuleId, LintSeverity> {
  return Object.fromEntries(LINT_RULE_IDS.map((id) => [id, LINT_RULES[id].defaultSeverity])) as Record<LintRuleId, LintSeverity>;
}

/** `{ "number-chunks": "off", "special-token": "warning" }` over the defaults; unknown rules and severities are reported and skipped. */
export function parseLintRules(raw: unknown, { l10n }: { readonly l10n: Localizer }): { value: Readonly<Record<LintRuleId, LintSeverity>>; problem?: string } {
  const value = defaultLintSeverities();
  if (raw === undefined || raw === null) return { value };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { value, problem: l10n.t("Expected an object of rule ids and severities, got {0}; using each rule's default.", json(raw)) };
  }
  const refused: string[] = [];
  for (const [id, severity] of Object.entries(raw as Record<string, unknown>)) {
    const known = LINT_SEVERITIES.find((s) => s === severity);
    if (isLintRuleId(id) && known) value[id] = known;
    else refused.push(`${json(id)}: ${json(severity)}`);
  }
  if (refused.length === 0) return { value };
  return {
    value,
    problem: l10n.t('Unknown rule or severity {0}; rules are {1}, severities {2}.', refused.join(', '), LINT_RULE_IDS.join(', '), LINT_SEVERITIES.join(', ')),
  };
}

/** A list of strings, or the default. */
export function parseStringList(
  raw: unknown,
  { l10n }: { readonly l10n: Localizer },
  spec: { readonly default: readonly string[] },
): { value: readonly string[]; problem?: string } {
  if (raw === undefined) return { value: spec.default };
  if (Array.isArray(raw) && raw.every((item): item is string => typeof item === 'string')) return { value: Object.freeze([...raw]) };
  return { value: spec.default, problem: l10n.t('Expected a list of strings, got {0}; using the default.', json(raw)) };
}
