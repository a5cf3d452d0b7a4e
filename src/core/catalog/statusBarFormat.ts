import type { Localizer } from '../l10n';
import { parseFieldTemplate, type FieldTemplate } from '../text/fieldTemplate';

/**
 * The fields of `tokenscope.statusBar.format` (what each holds: present/countFormat.ts,
 * `statusBarFields`; the README and the setting's description list them for users).
 */
export const STATUS_BAR_FIELDS = ['icon', 'tokens', 'tokensFull', 'selection', 'share', 'window', 'model', 'cost', 'notebook'] as const;
export type StatusBarField = (typeof STATUS_BAR_FIELDS)[number];
export type StatusBarFormat = FieldTemplate<StatusBarField>;

/**
 * `$(symbol-numeric) 12.3k · 11.1% · gpt-4o`; with a selection `$(selection) 1.2k / 12.3k · …`;
 * in a notebook's cell `$(symbol-numeric) 412 · 0.4% · $(notebook) 12.3k · gpt-4o` (the cell, then the notebook).
 */
export const DEFAULT_STATUS_BAR_FORMAT = '{icon} [{selection} / ]{tokens} · {share} · [{notebook} · ]{model}';

/**
 * The most characters the item shows; longer text is cut with `…` (a codicon counts as two).
 * 64: the default text of the longest catalog id with a selection and a share past 1000%
 * (`$(selection) ≈86.0k / ≈86.0k · 1050.0% · gemini-2.5-flash-lite-preview-tts`, 64) fits whole; a
 * format written longer than that is cut rather than let grow across the status bar (~6.8 px a
 * character at VS Code's font: 64 is ~435 px). In a notebook's cell the notebook's total takes
 * up to 12 more, so the longest ids are cut there.
 */
export const MAX_STATUS_BAR_CHARS = 64;

/** Characters a text takes in the status bar: a codicon (`$(name)`) is drawn about two characters wide. */
export function visibleLength(text: string): number {
  return [...text.replace(/\$\([\w~-]+\)/g, '  ')].length;
}

/** The format to use for the setting's raw value, with what was wrong with it (as settingsSchema.ts parsers do). */
export function parseStatusBarFormat(raw: unknown, l10n: Localizer): { value: StatusBarFormat; problem?: string } {
  const fallback = parseFieldTemplate(DEFAULT_STATUS_BAR_FORMAT, STATUS_BAR_FIELDS).template;
  const fieldList = STATUS_BAR_FIELDS.map((f) => `{${f}}`).join(', ');
  if (raw === undefined) return { value: fallback };
  if (typeof raw !== 'string') return { value: fallback, problem: l10n.t('Expected a text with fields such as {0}, got {1}; using the default.', '{tokens}', JSON.stringify(raw)) };
  if (raw.trim() === '') {
    return {
      value: fallback,
      problem: l10n.t('An empty format would leave an empty item; using the default. To hide the item, turn off {0}.', 'tokenscope.statusBar.enabled'),
    };
  }
  const { template, unknownFields } = parseFieldTemplate(raw, STATUS_BAR_FIELDS);
  const problems: string[] = [];
  if (unknownFields.length > 0) problems.push(l10n.t('Unknown field {0}, shown as written. The fields are {1}.', unknownFields.join(', '), fieldList));
  const literal = template.parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('');
  if (visibleLength(literal) > MAX_STATUS_BAR_CHARS) {
    problems.push(l10n.t('The format is longer than the status bar shows ({0} characters); the end is cut off.', String(MAX_STATUS_BAR_CHARS)));
  }
  return problems.length > 0 ? { value: template, problem: problems.join(' ') } : { value: template };
}
