import { catalogFor, type Catalog } from './catalog';
import { ENGLISH, type Localizer } from '../l10n';
import type { SettingsProblem } from './settingsProblem';
import type { ModelInfo } from './models';
import { usableWindowOf } from './contextWindow';
import type { StatusBarFormat } from './statusBarFormat';
import type { LintSettings } from './lintSettings';
import { SETTINGS_TABLE, type BoundaryColorMode, type ParseContext, type RawSettings, type SettingName, type SettingValue } from './settingsSchema';

export { BOUNDARY_COLOR_MODES, SETTING_DEFAULTS, type BoundaryColorMode, type RawSettings } from './settingsSchema';

/**
 * Settings as one typed, immutable snapshot. The host reads raw values from VS Code
 * (`configuration.ts`); this pure function validates them with the rows of the settings table
 * (`settingsSchema.ts`), so a bad value becomes a clear problem message and a fallback instead
 * of a broken extension, and computes the values derived from them once, here.
 */
export interface Settings {
  /** Every model a count can be for: the catalog plus the user's custom models and overrides. */
  readonly catalog: Catalog;
  readonly model: ModelInfo;
  /** Output tokens kept free in the window: the gauge shows input against window − this. */
  readonly reservedOutputTokens: number;
  /** The usable window, in tokens (`usableWindowOf`): what the share of the window is of. */
  readonly usableWindow: number;
  /** Percent of the usable window past which the count is shown as a warning / an error. */
  readonly warningThreshold: number;
  readonly errorThreshold: number;
  readonly statusBarEnabled: boolean;
  /** What the status bar item shows (`tokenscope.statusBar.format`), read once. */
  readonly statusBarFormat: StatusBarFormat;
  readonly maxFileSizeMB: number;
  /** `maxFileSizeMB` in bytes (`megabytesToBytes`): documents larger than this are not counted. */
  readonly maxFileBytes: number;
  readonly boundaries: BoundarySettings;
  /** Faint token count at the end of each visible line (tokens that start on the line). */
  readonly lineCountsEnabled: boolean;
  /** Each example's tokens at the end of its line in a JSON Lines dataset (tokenscope.datasets.exampleCounts). */
  readonly datasetExampleCounts: boolean;
  /** The file's token count as a CodeLens on its first line. */
  readonly codeLensEnabled: boolean;
  /** A notebook's total counts its cells' text outputs (streams, text results, errors) too. */
  readonly notebookCountOutputs: boolean;
  /** The insight panel's side-by-side models, in the user's order (unknown ids skipped). */
  readonly insightModels: readonly ModelInfo[];
  /** Output length the insight panel prices, in tokens. */
  readonly expectedOutputTokens: number;
  /** How long the tokenizer worker may be stuck on one request before it is restarted, in seconds. */
  readonly workerTimeoutSeconds: number;
  /** What the Tokens view leaves out besides git's ignores (`.gitignore`-style lines). */
  readonly workspaceExclude: readonly string[];
  /** The tokenization lint: on or off, each rule's severity, the files it applies to. */
  readonly lint: LintSettings;
}

export interface BoundarySettings {
  readonly enabled: boolean;
  readonly colorBy: BoundaryColorMode;
  /** Glyphs for spaces, tabs and line breaks inside the highlighted tokens. */
  readonly showWhitespace: boolean;
}

/** A size limit in megabytes as bytes, whole: the one conversion of `maxFileSizeMB` and the CLI's `--max-size`. */
export function megabytesToBytes(megabytes: number): number {
  return Math.floor(megabytes * 1024 * 1024);
}

/**
 * Validates `raw`; problem messages (and the catalog's descriptions) are in the language of
 * `l10n`. Values quoted in messages are written as JSON, as in settings.json, not localised.
 */
export function parseSettings(raw: RawSettings, l10n: Localizer = ENGLISH): { settings: Settings; problems: SettingsProblem[] } {
  const T = SETTINGS_TABLE;
  const catalog = catalogFor(
    {
      customModels: raw[T.customModels.key],
      customModelsFromUser: raw.customModelsFromUser,
      priceOverrides: raw[T.priceOverrides.key],
      tokenizerFiles: raw[T.tokenizerFiles.key],
      downloadFolder: raw.tokenizerDownloadFolder,
      learnedCalibration: raw.learnedCalibration,
    },
    l10n,
  );
  const problems: SettingsProblem[] = [...catalog.problems];
  let ctx: ParseContext = { l10n, catalog, model: catalog.find(T.model.default)! };
  /** The checked value of one setting; its problem, if any, is collected under its full id. */
  const read = <N extends SettingName>(name: N): SettingValue<N> => {
    const spec = T[name];
    // The table's rows differ in their value types; each row's parse returns its own.
    const parsed = (spec.parse as (raw: unknown, ctx: ParseContext, spec: unknown) => { value: SettingValue<N>; problem?: string })(raw[spec.key], ctx, spec);
    if (parsed.problem !== undefined) problems.push({ setting: `tokenscope.${spec.key}`, message: parsed.problem });
    return parsed.value;
  };

  const model = read('model');
  ctx = { ...ctx, model };
  const reservedOutputTokens = read('reservedOutputTokens');
  let warningThreshold = read('contextWarningThreshold');
  const errorThreshold = read('contextErrorThreshold');
  if (warningThreshold > errorThreshold) {
    problems.push({
      setting: `tokenscope.${T.contextWarningThreshold.key}`,
      message: l10n.t('{0}% is above the error threshold of {1}%; warning at {1}% instead.', String(warningThreshold), String(errorThreshold)),
    });
    warningThreshold = errorThreshold;
  }
  const statusBarEnabled = read('statusBarEnabled');
  const statusBarFormat = read('statusBarFormat');
  const colorBy = read('boundariesColorBy');
  const boundaries: BoundarySettings = Object.freeze({ enabled: read('boundariesEnabled'), colorBy, showWhitespace: read('boundariesShowWhitespace') });
  const maxFileSizeMB = read('maxFileSizeMB');
  const insightModels = read('insightModels');
  const expectedOutputTokens = read('insightExpectedOutputTokens');
  const workerTimeoutSeconds = read('workerTimeoutSeconds');
  const workspaceExclude = read('workspaceExclude');
  const lineCountsEnabled = read('lineCountsEnabled');
  const datasetExampleCounts = read('datasetExampleCounts');
  const codeLensEnabled = read('codeLensEnabled');
  const notebookCountOutputs = read('notebookCountOutputs');
  const lint: LintSettings = Object.freeze({
    enabled: read('lintEnabled'),
    severities: read('lintRules'),
    languages: read('lintLanguages'),
    files: read('lintFiles'),
    crosslingualPremium: read('lintCrosslingualPremium'),
  });
  return {
    settings: Object.freeze({
      catalog,
      model,
      reservedOutputTokens,
      usableWindow: usableWindowOf(model, reservedOutputTokens),
      warningThreshold,
      errorThreshold,
      statusBarEnabled,
      statusBarFormat,
      maxFileSizeMB,
      maxFileBytes: megabytesToBytes(maxFileSizeMB),
      boundaries,
      lineCountsEnabled,
      datasetExampleCounts,
      codeLensEnabled,
      notebookCountOutputs,
      insightModels,
      expectedOutputTokens,
      workerTimeoutSeconds,
      workspaceExclude,
      lint,
    }),
    problems,
  };
}
