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
  readonly boundaries: BoundarySettings;
  /** Faint token count at the end of each visible line (tokens that start on the line). */
  readonly lineCountsEnabled: boolean;
  /** The file's token count as a CodeLens on its first line. */
  readonly codeLensEnabled: boolean;
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
  'statusBar.enabled'?: unknown;
  maxFileSizeMB?: unknown;
  'boundaries.enabled'?: unknown;
  'boundaries.colorBy'?: unknown;
  'boundaries.showWhitespace'?: unknown;
  'lineCounts.enabled'?: unknown;
  'codeLens.enabled'?: unknown;
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
  'boundaries.enabled': false,
  'boundaries.colorBy': 'position',
  'boundaries.showWhitespace': true,
  /** Off: an annotation on every line is noise unless asked for. */
  'lineCounts.enabled': false,
  /** Off: a line of its own above every file is a lot to impose; the status bar has the count. */
  'codeLens.enabled': false,
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

  const flag = (key: 'statusBar.enabled' | 'boundaries.enabled' | 'boundaries.showWhitespace' | 'lineCounts.enabled' | 'codeLens.enabled'): boolean => {
    const value = raw[key];
    if (typeof value === 'boolean') return value;
    const fallback = SETTING_DEFAULTS[key];
    if (value !== undefined) problems.push({ setting: `tokenscope.${key}`, message: `Expected true or false, got ${JSON.stringify(value)}; using ${fallback}.` });
    return fallback;
  };
  const statusBarEnabled = flag('statusBar.enabled');

  let colorBy: BoundaryColorMode = SETTING_DEFAULTS['boundaries.colorBy'];
  const rawColorBy = raw['boundaries.colorBy'];
  if ((BOUNDARY_COLOR_MODES as readonly unknown[]).includes(rawColorBy)) colorBy = rawColorBy as BoundaryColorMode;
  else if (rawColorBy !== undefined) {
    problems.push({ setting: 'tokenscope.boundaries.colorBy', message: `Expected "position" or "id", got ${JSON.stringify(rawColorBy)}; using "${colorBy}".` });
  }
  const boundaries: BoundarySettings = Object.freeze({ enabled: flag('boundaries.enabled'), colorBy, showWhitespace: flag('boundaries.showWhitespace') });

  let maxFileSizeMB: number = SETTING_DEFAULTS.maxFileSizeMB;
  const rawMax = raw.maxFileSizeMB;
  if (typeof rawMax === 'number' && Number.isFinite(rawMax) && rawMax > 0) maxFileSizeMB = rawMax;
  else if (rawMax !== undefined) {
    problems.push({
      setting: 'tokenscope.maxFileSizeMB',
      message: `Expected a positive number of megabytes, got ${JSON.stringify(rawMax)}; using ${SETTING_DEFAULTS.maxFileSizeMB}.`,
    });
  }

  const lineCountsEnabled = flag('lineCounts.enabled');
  const codeLensEnabled = flag('codeLens.enabled');
  return { settings: Object.freeze({ model, statusBarEnabled, maxFileSizeMB, boundaries, lineCountsEnabled, codeLensEnabled }), problems };
}
