import { catalogFor, DEFAULT_MODEL_ID, type Catalog } from './catalog';
import { ENGLISH, type Localizer } from '../l10n';
import type { SettingsProblem } from './settingsProblem';
import { defaultReservedOutput, type ModelInfo } from './models';

/**
 * Settings as one typed, immutable snapshot. The host reads raw values from VS Code
 * (`configuration.ts`); this pure function validates them, so a bad value becomes a clear
 * problem message and a fallback instead of a broken extension.
 * Mirrors `contributes.configuration` in package.json (a unit test checks the two agree).
 */
export interface Settings {
  /** Every model a count can be for: the catalog plus the user's custom models and overrides. */
  readonly catalog: Catalog;
  readonly model: ModelInfo;
  /** Output tokens kept free in the window: the gauge shows input against window − this. */
  readonly reservedOutputTokens: number;
  /** The usable window, in tokens: what the status bar's percentage is of. */
  readonly usableWindow: number;
  /** Percent of the usable window past which the count is shown as a warning / an error. */
  readonly warningThreshold: number;
  readonly errorThreshold: number;
  readonly statusBarEnabled: boolean;
  readonly maxFileSizeMB: number;
  readonly boundaries: BoundarySettings;
  /** Faint token count at the end of each visible line (tokens that start on the line). */
  readonly lineCountsEnabled: boolean;
  /** The file's token count as a CodeLens on its first line. */
  readonly codeLensEnabled: boolean;
  /** The insight panel's side-by-side models, in the user's order (unknown ids skipped). */
  readonly insightModels: readonly ModelInfo[];
  /** Output length the insight panel prices, in tokens. */
  readonly expectedOutputTokens: number;
  /** How long the tokenizer worker may be stuck on one request before it is restarted, in seconds. */
  readonly workerTimeoutSeconds: number;
}

/** How tokens are coloured: alternating by position (neighbours never share a colour), or by id. */
export type BoundaryColorMode = 'position' | 'id';
export const BOUNDARY_COLOR_MODES: readonly BoundaryColorMode[] = ['position', 'id'];

export interface BoundarySettings {
  readonly enabled: boolean;
  readonly colorBy: BoundaryColorMode;
  /** Glyphs for spaces, tabs and line breaks inside the highlighted tokens. */
  readonly showWhitespace: boolean;
}

export interface RawSettings {
  model?: unknown;
  customModels?: unknown;
  /** False when a workspace set `customModels`: its entries may then not name tokenizer files. Default true (the CLI, tests). */
  customModelsFromUser?: boolean;
  priceOverrides?: unknown;
  tokenizerFiles?: unknown;
  reservedOutputTokens?: unknown;
  'context.warningThreshold'?: unknown;
  'context.errorThreshold'?: unknown;
  'statusBar.enabled'?: unknown;
  maxFileSizeMB?: unknown;
  'boundaries.enabled'?: unknown;
  'boundaries.colorBy'?: unknown;
  'boundaries.showWhitespace'?: unknown;
  'lineCounts.enabled'?: unknown;
  'codeLens.enabled'?: unknown;
  'insight.models'?: unknown;
  'insight.expectedOutputTokens'?: unknown;
  'worker.timeoutSeconds'?: unknown;
}

export const SETTING_DEFAULTS = {
  model: DEFAULT_MODEL_ID,
  /** null: the model's own default (defaultReservedOutput in models.ts). */
  reservedOutputTokens: null,
  'context.warningThreshold': 80,
  'context.errorThreshold': 100,
  'statusBar.enabled': true,
  /** VS Code hands extensions documents up to 50 MB; 100 never stops one of those. */
  maxFileSizeMB: 100,
  /**
   * Every step the worker takes is sliced to ~20 ms; its slowest legitimate single steps here
   * are loading a tokenizer file (~0.5 s) and mirroring a 50 MB document (~1-2 s). 10 s leaves
   * room for a loaded machine and still frees the other documents long before a user gives up.
   */
  'worker.timeoutSeconds': 10,
  'boundaries.enabled': false,
  'boundaries.colorBy': 'position',
  'boundaries.showWhitespace': true,
  /** Off: an annotation on every line is noise unless asked for. */
  'lineCounts.enabled': false,
  /** Off: a line of its own above every file is a lot to impose; the status bar has the count. */
  'codeLens.enabled': false,
  /** A sensible set across makers: the models people most often weigh against each other. */
  'insight.models': ['gpt-4o', 'gpt-5', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'deepseek-chat', 'qwen3-235b-a22b', 'mistral-nemo', 'llama-3.3-70b-instruct'],
  'insight.expectedOutputTokens': 500,
} as const;

/**
 * Validates `raw`; problem messages (and the catalog's descriptions) are in the language of
 * `l10n`. Values quoted in messages are written as JSON, as in settings.json, not localised.
 */
export function parseSettings(raw: RawSettings, l10n: Localizer = ENGLISH): { settings: Settings; problems: SettingsProblem[] } {
  const catalog = catalogFor({ customModels: raw.customModels, customModelsFromUser: raw.customModelsFromUser, priceOverrides: raw.priceOverrides, tokenizerFiles: raw.tokenizerFiles }, l10n);
  const problems: SettingsProblem[] = [...catalog.problems];
  const fallback = catalog.find(SETTING_DEFAULTS.model)!;

  let model = fallback;
  if (raw.model !== undefined) {
    const found = typeof raw.model === 'string' ? catalog.find(raw.model.trim()) : undefined;
    if (found) model = found;
    else {
      problems.push({
        setting: 'tokenscope.model',
        message: l10n.t('Unknown model {0}; counting for {1} instead. Run "Tokenscope: Select Model" to pick one of {2} models.', JSON.stringify(raw.model), fallback.id, String(catalog.models.length)),
      });
    }
  }

  let reservedOutputTokens = defaultReservedOutput(model);
  const rawReserved = raw.reservedOutputTokens;
  if (typeof rawReserved === 'number' && Number.isInteger(rawReserved) && rawReserved >= 0 && rawReserved < model.contextWindow) reservedOutputTokens = rawReserved;
  else if (rawReserved !== undefined && rawReserved !== null) {
    problems.push({
      setting: 'tokenscope.reservedOutputTokens',
      message: l10n.t("Expected a whole number of tokens below {0}'s window of {1}, or null for the model's default; got {2}; reserving {3}.", model.id, String(model.contextWindow), JSON.stringify(rawReserved), String(reservedOutputTokens)),
    });
  }

  const percent = (key: 'context.warningThreshold' | 'context.errorThreshold'): number => {
    const value = raw[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    if (value !== undefined) problems.push({ setting: `tokenscope.${key}`, message: l10n.t('Expected a percentage above 0, got {0}; using {1}.', JSON.stringify(value), String(SETTING_DEFAULTS[key])) });
    return SETTING_DEFAULTS[key];
  };
  let warningThreshold = percent('context.warningThreshold');
  const errorThreshold = percent('context.errorThreshold');
  if (warningThreshold > errorThreshold) {
    problems.push({ setting: 'tokenscope.context.warningThreshold', message: l10n.t('{0}% is above the error threshold of {1}%; warning at {1}% instead.', String(warningThreshold), String(errorThreshold)) });
    warningThreshold = errorThreshold;
  }

  const flag = (key: 'statusBar.enabled' | 'boundaries.enabled' | 'boundaries.showWhitespace' | 'lineCounts.enabled' | 'codeLens.enabled'): boolean => {
    const value = raw[key];
    if (typeof value === 'boolean') return value;
    const fallback = SETTING_DEFAULTS[key];
    if (value !== undefined) problems.push({ setting: `tokenscope.${key}`, message: l10n.t('Expected true or false, got {0}; using {1}.', JSON.stringify(value), String(fallback)) });
    return fallback;
  };
  const statusBarEnabled = flag('statusBar.enabled');

  let colorBy: BoundaryColorMode = SETTING_DEFAULTS['boundaries.colorBy'];
  const rawColorBy = raw['boundaries.colorBy'];
  if ((BOUNDARY_COLOR_MODES as readonly unknown[]).includes(rawColorBy)) colorBy = rawColorBy as BoundaryColorMode;
  else if (rawColorBy !== undefined) {
    problems.push({ setting: 'tokenscope.boundaries.colorBy', message: l10n.t('Expected "position" or "id", got {0}; using "{1}".', JSON.stringify(rawColorBy), colorBy) });
  }
  const boundaries: BoundarySettings = Object.freeze({ enabled: flag('boundaries.enabled'), colorBy, showWhitespace: flag('boundaries.showWhitespace') });

  let maxFileSizeMB: number = SETTING_DEFAULTS.maxFileSizeMB;
  const rawMax = raw.maxFileSizeMB;
  if (typeof rawMax === 'number' && Number.isFinite(rawMax) && rawMax > 0) maxFileSizeMB = rawMax;
  else if (rawMax !== undefined) {
    problems.push({
      setting: 'tokenscope.maxFileSizeMB',
      message: l10n.t('Expected a positive number of megabytes, got {0}; using {1}.', JSON.stringify(rawMax), String(SETTING_DEFAULTS.maxFileSizeMB)),
    });
  }

  const modelsOf = (ids: readonly string[]) => [...new Set(ids)].flatMap((id) => catalog.find(id) ?? []);
  let insightModels = modelsOf(SETTING_DEFAULTS['insight.models']);
  const rawInsight = raw['insight.models'];
  if (Array.isArray(rawInsight)) {
    const unknown = rawInsight.filter((id) => typeof id !== 'string' || !catalog.find(id));
    if (unknown.length > 0) problems.push({ setting: 'tokenscope.insight.models', message: l10n.t('Unknown model {0}; left out of the insight panel.', unknown.map((u) => JSON.stringify(u)).join(', ')) });
    insightModels = modelsOf(rawInsight.filter((id): id is string => typeof id === 'string'));
  } else if (rawInsight !== undefined) {
    problems.push({ setting: 'tokenscope.insight.models', message: l10n.t('Expected a list of model ids, got {0}; using the default set.', JSON.stringify(rawInsight)) });
  }
  let expectedOutputTokens: number = SETTING_DEFAULTS['insight.expectedOutputTokens'];
  const rawOutput = raw['insight.expectedOutputTokens'];
  if (typeof rawOutput === 'number' && Number.isInteger(rawOutput) && rawOutput >= 0) expectedOutputTokens = rawOutput;
  else if (rawOutput !== undefined) {
    problems.push({ setting: 'tokenscope.insight.expectedOutputTokens', message: l10n.t('Expected a whole number of tokens, got {0}; using {1}.', JSON.stringify(rawOutput), String(expectedOutputTokens)) });
  }

  let workerTimeoutSeconds: number = SETTING_DEFAULTS['worker.timeoutSeconds'];
  const rawTimeout = raw['worker.timeoutSeconds'];
  // Under 2 s a busy machine would restart a healthy worker; over 10 min is no watchdog at all.
  if (typeof rawTimeout === 'number' && rawTimeout >= 2 && rawTimeout <= 600) workerTimeoutSeconds = rawTimeout;
  else if (rawTimeout !== undefined) {
    problems.push({ setting: 'tokenscope.worker.timeoutSeconds', message: l10n.t('Expected a number of seconds from 2 to 600, got {0}; using {1}.', JSON.stringify(rawTimeout), String(workerTimeoutSeconds)) });
  }

  const lineCountsEnabled = flag('lineCounts.enabled');
  const codeLensEnabled = flag('codeLens.enabled');
  const usableWindow = model.contextWindow - reservedOutputTokens;
  return {
    settings: Object.freeze({ catalog, model, reservedOutputTokens, usableWindow, warningThreshold, errorThreshold, statusBarEnabled, maxFileSizeMB, boundaries, lineCountsEnabled, codeLensEnabled, insightModels, expectedOutputTokens, workerTimeoutSeconds }),
    problems,
  };
}
