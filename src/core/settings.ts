import { DEFAULT_MODEL_ID, findModel, MODELS, type ModelInfo } from './models';

/**
 * Settings as one typed, immutable snapshot. The host reads raw values from VS Code
 * (`configuration.ts`); this pure function validates them, so a bad value becomes a clear
 * problem message and a fallback instead of a broken extension.
 * Mirrors `contributes.configuration` in package.json (a unit test checks the two agree).
 */
export interface Settings {
  readonly model: ModelInfo;
  readonly statusBarEnabled: boolean;
  readonly maxFileSizeMB: number;
}

export interface RawSettings {
  model?: unknown;
  'statusBar.enabled'?: unknown;
  maxFileSizeMB?: unknown;
}

export interface SettingsProblem {
  /** Full setting id, e.g. `tokenscope.model`. */
  readonly setting: string;
  readonly message: string;
}

export const SETTING_DEFAULTS = {
  model: DEFAULT_MODEL_ID,
  'statusBar.enabled': true,
  /** VS Code hands extensions documents up to 50 MB; 100 never stops one of those. */
  maxFileSizeMB: 100,
} as const;

export function parseSettings(raw: RawSettings): { settings: Settings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const fallback = findModel(SETTING_DEFAULTS.model)!;

  let model = fallback;
  if (raw.model !== undefined) {
    const found = typeof raw.model === 'string' ? findModel(raw.model.trim()) : undefined;
    if (found) model = found;
    else {
      problems.push({
        setting: 'tokenscope.model',
        message: `Unknown model ${JSON.stringify(raw.model)}; counting for ${fallback.id} instead. Known models: ${MODELS.map((m) => m.id).join(', ')}.`,
      });
    }
  }

  let statusBarEnabled: boolean = SETTING_DEFAULTS['statusBar.enabled'];
  const rawEnabled = raw['statusBar.enabled'];
  if (typeof rawEnabled === 'boolean') statusBarEnabled = rawEnabled;
  else if (rawEnabled !== undefined) {
    problems.push({ setting: 'tokenscope.statusBar.enabled', message: `Expected true or false, got ${JSON.stringify(rawEnabled)}; using true.` });
  }

  let maxFileSizeMB: number = SETTING_DEFAULTS.maxFileSizeMB;
  const rawMax = raw.maxFileSizeMB;
  if (typeof rawMax === 'number' && Number.isFinite(rawMax) && rawMax > 0) maxFileSizeMB = rawMax;
  else if (rawMax !== undefined) {
    problems.push({
      setting: 'tokenscope.maxFileSizeMB',
      message: `Expected a positive number of megabytes, got ${JSON.stringify(rawMax)}; using ${SETTING_DEFAULTS.maxFileSizeMB}.`,
    });
  }

  return { settings: Object.freeze({ model, statusBarEnabled, maxFileSizeMB }), problems };
}
