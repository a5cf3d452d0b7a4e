import { DEFAULT_MODEL_ID, type Catalog } from './catalog';
import { defaultReservedOutput, type ModelInfo } from './models';
import type { Localizer } from '../l10n';
import { ANTHROPIC, GEMINI, OPENAI, XAI } from '../providers/providerTable';
import { DEFAULT_STATUS_BAR_FORMAT, parseStatusBarFormat } from './statusBarFormat';
import { DEFAULT_LINT_FILES, DEFAULT_LINT_LANGUAGES, parseLintRules, parseStringList } from './lintSettings';

/**
 * Every `tokenscope.*` setting in one table: its key, its default, what package.json declares
 * for it, which area of the extension it drives, whether Restricted Mode keeps a workspace's
 * value out, and how a raw value is checked. The raw type, the defaults, the host's key ids,
 * the reader of `parseSettings` and the manifest test are all derived from this table, so a
 * setting is added (or changed) here and nowhere else.
 */

/**
 * What a setting drives, so a consumer refreshes only when its own area changed:
 * `model` the model and the catalog (every count), `count` the status bar and the CodeLens,
 * `fileSize` which documents are counted at all, `boundaries` the decorations and line counts,
 * `insight` the insight panel, `providers` the opt-in counts from the makers' APIs, `worker` the watchdog,
 * `lint` the tokenization lint's diagnostics.
 */
export const SETTING_AREAS = ['model', 'count', 'fileSize', 'boundaries', 'insight', 'workspace', 'providers', 'worker', 'lint'] as const;
export type SettingArea = (typeof SETTING_AREAS)[number];

/** JSON schema types as package.json's `contributes.configuration` writes them. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

/** What package.json declares for a setting besides its description and default. */
export interface ManifestSchema {
  readonly type: JsonType | readonly JsonType[];
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** An array's item schema. */
  readonly items?: { readonly type: JsonType };
  /** VS Code's scope; absent means `window`, VS Code's default. */
  readonly scope?: 'application' | 'machine' | 'language-overridable';
}

/** What a setting's value is checked against. */
export interface ParseContext {
  readonly l10n: Localizer;
  /** The catalog with the user's custom models: model ids are looked up in it. */
  readonly catalog: Catalog;
  /** The model counted for; while `model` itself is parsed, the default model it falls back to. */
  readonly model: ModelInfo;
}

/** A setting's value to use, with the message saying why the raw value was refused, if it was. */
export interface Parsed<V> {
  readonly value: V;
  readonly problem?: string;
}

/** One row of the table. */
export interface SettingSpec<K extends string, D, V> {
  /** The key under `tokenscope.`, as in package.json. */
  readonly key: K;
  /**
   * Where the Settings editor lists it (package.json `order`, written by `npm run manifest`): the
   * model and the catalog first, then the status bar and what else counts and shows, then the
   * panel and the limits, the network (provider API) options last. Steps of 10 leave room for a row
   * to go between two others without renumbering them; without `order` VS Code sorts by key,
   * which put the Anthropic options first and the model 14th of 17.
   */
  readonly order: number;
  readonly area: SettingArea;
  /** The default package.json declares (the manifest test checks they agree). */
  readonly default: D;
  readonly manifest: ManifestSchema;
  /** A workspace's value is ignored in Restricted Mode (`restrictedConfigurations`). */
  readonly restricted: boolean;
  /** Read from the user's own settings only (never a workspace's), by its feature rather than the snapshot. */
  readonly userOnly?: boolean;
  /** The value to use for `raw` (undefined when unset): `raw` itself when valid, else a fallback and a problem. */
  readonly parse: (raw: unknown, ctx: ParseContext, spec: { readonly key: string; readonly default: D }) => Parsed<V>;
}

function setting<const K extends string, const D, V>(spec: SettingSpec<K, D, V>): SettingSpec<K, D, V> {
  return Object.freeze(spec);
}

const json = (value: unknown) => JSON.stringify(value);

/** `true`/`false`, or the default. */
function flag(raw: unknown, { l10n }: ParseContext, spec: { readonly default: boolean }): Parsed<boolean> {
  if (raw === undefined || typeof raw === 'boolean') return { value: raw ?? spec.default };
  return { value: spec.default, problem: l10n.t('Expected true or false, got {0}; using {1}.', json(raw), String(spec.default)) };
}

/** A percentage above 0 (of the usable window), or the default. */
function percent(raw: unknown, { l10n }: ParseContext, spec: { readonly default: number }): Parsed<number> {
  if (raw === undefined) return { value: spec.default };
  if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return { value: raw };
  return { value: spec.default, problem: l10n.t('Expected a percentage above 0, got {0}; using {1}.', json(raw), String(spec.default)) };
}

/** Settings the catalog reads and checks itself (`catalogFor`, which reports their problems). */
function forCatalog(raw: unknown): Parsed<unknown> {
  return { value: raw };
}

/** Anything but true is off, silently: a switch that sends text away is on only when plainly on. */
function userSwitch(raw: unknown): Parsed<boolean> {
  return { value: raw === true };
}

/** Any string: it is checked where it is used (parseProviderBaseUrl), whose message names what is wrong with it. */
function userBaseUrl(raw: unknown, _ctx: unknown, spec: { readonly default: string }): Parsed<string> {
  return { value: typeof raw === 'string' ? raw : spec.default };
}

/**
 * A provider's switch: sends text to its API when on (off by default, user settings only, so a
 * workspace cannot turn it on; Restricted Mode ignores a workspace's value too).
 */
function exactCountsRow<const K extends string>(key: K, order: number) {
  return setting({ key, order, area: 'providers', default: false, manifest: { type: 'boolean', scope: 'application' }, restricted: true, userOnly: true, parse: userSwitch });
}

/** Where a provider's counts and key go (user settings only: a workspace cannot point the key at its own server). */
function baseUrlRow<const K extends string>(key: K, order: number, defaultUrl: string) {
  return setting({ key, order, area: 'providers', default: defaultUrl, manifest: { type: 'string', scope: 'application' }, restricted: true, userOnly: true, parse: userBaseUrl });
}

/** How tokens are coloured: alternating by position (neighbours never share a colour), or by id. */
export const BOUNDARY_COLOR_MODES = ['position', 'id'] as const;
export type BoundaryColorMode = (typeof BOUNDARY_COLOR_MODES)[number];

/** The table. Its property names are the host's names for the keys (`Settings.boundariesEnabled`). */
export const SETTINGS_TABLE = {
  model: setting({
    key: 'model',
    order: 10,
    area: 'model',
    default: DEFAULT_MODEL_ID,
    manifest: { type: 'string', scope: 'language-overridable' },
    restricted: false,
    parse: (raw, { l10n, catalog, model: fallback }): Parsed<ModelInfo> => {
      const found = typeof raw === 'string' ? catalog.find(raw.trim()) : undefined;
      if (raw === undefined || found) return { value: found ?? fallback };
      return {
        value: fallback,
        problem: l10n.t(
          'Unknown model {0}; counting for {1} instead. Run "Tokenscope: Select Model" to pick one of {2} models.',
          json(raw),
          fallback.id,
          String(catalog.models.length),
        ),
      };
    },
  }),
  customModels: setting({ key: 'customModels', order: 20, area: 'model', default: [], manifest: { type: 'array' }, restricted: true, parse: forCatalog }),
  priceOverrides: setting({ key: 'priceOverrides', order: 40, area: 'model', default: {}, manifest: { type: 'object' }, restricted: false, parse: forCatalog }),
  tokenizerFiles: setting({ key: 'tokenizerFiles', order: 30, area: 'model', default: {}, manifest: { type: 'object', scope: 'machine' }, restricted: true, parse: forCatalog }),
  reservedOutputTokens: setting({
    key: 'reservedOutputTokens',
    order: 50,
    area: 'model',
    /** null: the model's own default (defaultReservedOutput in models.ts). */
    default: null,
    manifest: { type: ['integer', 'null'], minimum: 0, scope: 'language-overridable' },
    restricted: false,
    parse: (raw, { l10n, model }): Parsed<number> => {
      const fallback = defaultReservedOutput(model);
      if (raw === undefined || raw === null) return { value: fallback };
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw < model.contextWindow) return { value: raw };
      return {
        value: fallback,
        problem: l10n.t(
          "Expected a whole number of tokens below {0}'s window of {1}, or null for the model's default; got {2}; reserving {3}.",
          model.id,
          String(model.contextWindow),
          json(raw),
          String(fallback),
        ),
      };
    },
  }),
  contextWarningThreshold: setting({ key: 'context.warningThreshold', order: 120, area: 'count', default: 80, manifest: { type: 'number' }, restricted: false, parse: percent }),
  contextErrorThreshold: setting({ key: 'context.errorThreshold', order: 130, area: 'count', default: 100, manifest: { type: 'number' }, restricted: false, parse: percent }),
  statusBarEnabled: setting({ key: 'statusBar.enabled', order: 100, area: 'count', default: true, manifest: { type: 'boolean' }, restricted: false, parse: flag }),
  maxFileSizeMB: setting({
    key: 'maxFileSizeMB',
    order: 400,
    area: 'fileSize',
    /** VS Code hands extensions documents up to 50 MB; 100 never stops one of those. */
    default: 100,
    manifest: { type: 'number', minimum: 1 },
    restricted: false,
    parse: (raw, { l10n }, spec): Parsed<number> => {
      if (raw === undefined) return { value: spec.default };
      if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return { value: raw };
      return { value: spec.default, problem: l10n.t('Expected a positive number of megabytes, got {0}; using {1}.', json(raw), String(spec.default)) };
    },
  }),
  workerTimeoutSeconds: setting({
    key: 'worker.timeoutSeconds',
    order: 410,
    area: 'worker',
    /**
     * Every step the worker takes is sliced to ~20 ms; its slowest legitimate single steps here
     * are loading a tokenizer file (~0.5 s) and mirroring a 50 MB document (~1-2 s). 10 s leaves
     * room for a loaded machine and still frees the other documents long before a user gives up.
     */
    default: 10,
    manifest: { type: 'number', minimum: 2, maximum: 600, scope: 'application' },
    restricted: false,
    parse: (raw, { l10n }, spec): Parsed<number> => {
      if (raw === undefined) return { value: spec.default };
      // Under 2 s a busy machine would restart a healthy worker; over 10 min is no watchdog at all.
      if (typeof raw === 'number' && raw >= 2 && raw <= 600) return { value: raw };
      return { value: spec.default, problem: l10n.t('Expected a number of seconds from 2 to 600, got {0}; using {1}.', json(raw), String(spec.default)) };
    },
  }),
  boundariesEnabled: setting({ key: 'boundaries.enabled', order: 200, area: 'boundaries', default: false, manifest: { type: 'boolean' }, restricted: true, parse: flag }),
  boundariesColorBy: setting({
    key: 'boundaries.colorBy',
    order: 210,
    area: 'boundaries',
    default: 'position',
    manifest: { type: 'string', enum: BOUNDARY_COLOR_MODES },
    restricted: false,
    parse: (raw, { l10n }, spec): Parsed<BoundaryColorMode> => {
      if (raw === undefined) return { value: spec.default };
      const mode = BOUNDARY_COLOR_MODES.find((m) => m === raw);
      if (mode) return { value: mode };
      return { value: spec.default, problem: l10n.t('Expected "position" or "id", got {0}; using "{1}".', json(raw), spec.default) };
    },
  }),
  boundariesShowWhitespace: setting({
    key: 'boundaries.showWhitespace',
    order: 220,
    area: 'boundaries',
    default: true,
    manifest: { type: 'boolean' },
    restricted: false,
    parse: flag,
  }),
  /** Off: an annotation on every line is noise unless asked for. */
  lineCountsEnabled: setting({ key: 'lineCounts.enabled', order: 230, area: 'boundaries', default: false, manifest: { type: 'boolean' }, restricted: true, parse: flag }),
  /** On: in a dataset, each example's tokens at its line's end are what a user opens the file to see. */
  datasetExampleCounts: setting({ key: 'datasets.exampleCounts', order: 235, area: 'count', default: true, manifest: { type: 'boolean' }, restricted: false, parse: flag }),
  /** Off: a line of its own above every file is a lot to impose; the status bar has the count. */
  codeLensEnabled: setting({ key: 'codeLens.enabled', order: 140, area: 'count', default: false, manifest: { type: 'boolean' }, restricted: true, parse: flag }),
  /** A notebook's total in the status bar counts its cells' text outputs too (core/notebooks/notebookCount.ts). */
  notebookCountOutputs: setting({ key: 'notebook.countOutputs', order: 150, area: 'count', default: false, manifest: { type: 'boolean' }, restricted: false, parse: flag }),
  /** Exact Claude counts through Anthropic's API (sends text; off by default, user settings only). */
  anthropicExactCounts: exactCountsRow('anthropic.exactCounts', 900),
  anthropicBaseUrl: baseUrlRow('anthropic.baseUrl', 910, ANTHROPIC.defaultBaseUrl),
  /** OpenAI's count of the text as a request (the billing figure, beside the exact local count). */
  openaiExactCounts: exactCountsRow('openai.exactCounts', 920),
  openaiBaseUrl: baseUrlRow('openai.baseUrl', 930, OPENAI.defaultBaseUrl),
  /** Exact Gemini counts through Google's countTokens. */
  geminiExactCounts: exactCountsRow('gemini.exactCounts', 940),
  geminiBaseUrl: baseUrlRow('gemini.baseUrl', 950, GEMINI.defaultBaseUrl),
  /** Exact Grok counts and boundaries through xAI's tokenize-text. */
  xaiExactCounts: exactCountsRow('xai.exactCounts', 960),
  xaiBaseUrl: baseUrlRow('xai.baseUrl', 970, XAI.defaultBaseUrl),
  /**
   * Off: the published factors are what the documentation states; learning from a provider's
   * counts is the user's choice (nothing more is sent, but the counts then depend on their history).
   */
  learnFromCounts: setting({
    key: 'providers.learnFromCounts',
    order: 980,
    area: 'providers',
    default: false,
    manifest: { type: 'boolean', scope: 'application' },
    restricted: true,
    userOnly: true,
    parse: userSwitch,
  }),
  insightModels: setting({
    key: 'insight.models',
    order: 300,
    area: 'insight',
    /** A sensible set across makers: the models people most often weigh against each other. */
    default: ['gpt-4o', 'gpt-5', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'deepseek-chat', 'qwen3-235b-a22b', 'mistral-nemo', 'llama-3.3-70b-instruct'],
    manifest: { type: 'array' },
    restricted: false,
    parse: (raw, { l10n, catalog }, spec): Parsed<readonly ModelInfo[]> => {
      // In the user's order, each once; ids the catalog does not know are left out.
      const modelsOf = (ids: readonly string[]) => [...new Set(ids)].flatMap((id) => catalog.find(id) ?? []);
      if (raw === undefined) return { value: modelsOf(spec.default) };
      if (!Array.isArray(raw)) return { value: modelsOf(spec.default), problem: l10n.t('Expected a list of model ids, got {0}; using the default set.', json(raw)) };
      const value = modelsOf(raw.filter((id): id is string => typeof id === 'string'));
      const unknown = raw.filter((id) => typeof id !== 'string' || !catalog.find(id));
      if (unknown.length === 0) return { value };
      return { value, problem: l10n.t('Unknown model {0}; left out of the insight panel.', unknown.map((u) => json(u)).join(', ')) };
    },
  }),
  insightExpectedOutputTokens: setting({
    key: 'insight.expectedOutputTokens',
    order: 310,
    area: 'insight',
    default: 500,
    manifest: { type: 'integer', minimum: 0 },
    restricted: false,
    parse: (raw, { l10n }, spec): Parsed<number> => {
      if (raw === undefined) return { value: spec.default };
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return { value: raw };
      return { value: spec.default, problem: l10n.t('Expected a whole number of tokens, got {0}; using {1}.', json(raw), String(spec.default)) };
    },
  }),
  /**
   * Files and folders the Tokens view leaves out besides what git ignores: `.gitignore`-style lines,
   * relative to each workspace folder (core/workspace/ignoreRules.ts).
   */
  workspaceExclude: setting({
    key: 'workspace.exclude',
    order: 350,
    area: 'workspace',
    default: [] as readonly string[],
    manifest: { type: 'array', items: { type: 'string' } },
    restricted: false,
    parse: (raw, { l10n }, spec): Parsed<readonly string[]> => {
      if (raw === undefined) return { value: spec.default };
      if (Array.isArray(raw) && raw.every((line): line is string => typeof line === 'string')) return { value: Object.freeze([...raw]) };
      return { value: spec.default, problem: l10n.t('Expected a list of .gitignore-style patterns (strings), got {0}; excluding only what git ignores.', json(raw)) };
    },
  }),
  /** The tokenization lint's diagnostics in the files it applies to (core/lint/). */
  lintEnabled: setting({ key: 'lint.enabled', order: 240, area: 'lint', default: true, manifest: { type: 'boolean' }, restricted: false, parse: flag }),
  /** Per rule: `off`, or the severity its findings are shown with; a rule not named keeps its default (Information or Hint). */
  lintRules: setting({ key: 'lint.rules', order: 250, area: 'lint', default: {}, manifest: { type: 'object' }, restricted: false, parse: parseLintRules }),
  /** Language ids the lint applies to. */
  lintLanguages: setting({
    key: 'lint.languages',
    order: 260,
    area: 'lint',
    default: DEFAULT_LINT_LANGUAGES,
    manifest: { type: 'array', items: { type: 'string' } },
    restricted: false,
    parse: parseStringList,
  }),
  /** Glob patterns of further files the lint applies to, whatever their language (prompt files, agent instructions). */
  lintFiles: setting({
    key: 'lint.files',
    order: 270,
    area: 'lint',
    default: DEFAULT_LINT_FILES,
    manifest: { type: 'array', items: { type: 'string' } },
    restricted: false,
    parse: parseStringList,
  }),
  /** The crosslingual premium (lint rule 6): a CodeLens over each non-English paragraph, a column in the panel's By script section. */
  lintCrosslingualPremium: setting({ key: 'lint.crosslingualPremium', order: 280, area: 'lint', default: true, manifest: { type: 'boolean' }, restricted: false, parse: flag }),
  /** What the status bar item shows: fields such as {tokens} in the user's own text (statusBarFormat.ts). */
  statusBarFormat: setting({
    key: 'statusBar.format',
    order: 110,
    area: 'count',
    default: DEFAULT_STATUS_BAR_FORMAT,
    manifest: { type: 'string' },
    restricted: false,
    parse: (raw, { l10n }) => parseStatusBarFormat(raw, l10n),
  }),
} as const;

type Table = typeof SETTINGS_TABLE;
/** The host's name of a setting: `boundariesEnabled`. */
export type SettingName = keyof Table;
/** A setting's key under `tokenscope.`: `boundaries.enabled`. */
export type SettingKey = Table[SettingName]['key'];
/** The checked value of a setting, as `parse` returns it. */
export type SettingValue<N extends SettingName> = ReturnType<Table[N]['parse']>['value'];

const entries = Object.entries(SETTINGS_TABLE) as Array<[SettingName, Table[SettingName]]>;

/** Every setting's key by its name (`SETTING_KEYS.boundariesEnabled === 'boundaries.enabled'`): the host's key ids. */
export const SETTING_KEYS = Object.freeze(Object.fromEntries(entries.map(([name, spec]) => [name, spec.key]))) as { readonly [N in SettingName]: Table[N]['key'] };

/** Every setting's default, by key, as package.json declares it. */
export const SETTING_DEFAULTS = Object.freeze(Object.fromEntries(entries.map(([, spec]) => [spec.key, spec.default]))) as {
  readonly [N in SettingName as Table[N]['key']]: Table[N]['default'];
};

/** The raw values read from VS Code (or given by the CLI and the tests), by key; anything may be wrong with them. */
export type RawSettings = { -readonly [K in SettingKey]?: unknown } & {
  /** False when a workspace set `customModels`: its entries may then not name tokenizer files. Default true (the CLI, tests). */
  customModelsFromUser?: boolean;
  /** The folder of tokenizers downloaded on the user's request (the extension's global storage); not a setting. */
  tokenizerDownloadFolder?: string;
  /** Per-script factors learned from a provider's counts (the host's global state), when learning is on. */
  learnedCalibration?: unknown;
};

/** The names of the settings a workspace may not set in Restricted Mode, in table order. */
export const RESTRICTED_SETTING_NAMES: readonly SettingName[] = entries.filter(([, spec]) => spec.restricted).map(([name]) => name);

/**
 * The value of a user-only row (`userOnly`) from the user's own settings: their parsers look at
 * nothing but the value, so they need no catalog.
 */
export function userOnlyValue<N extends keyof typeof USER_ONLY_PARSERS>(name: N, userValue: unknown): SettingValue<N> {
  return USER_ONLY_PARSERS[name](userValue).value;
}

/** The parsers of the user-only rows (the same functions as in the table). */
const USER_ONLY_PARSERS = {
  anthropicExactCounts: userSwitch,
  anthropicBaseUrl: (raw: unknown) => userBaseUrl(raw, undefined, SETTINGS_TABLE.anthropicBaseUrl),
  openaiExactCounts: userSwitch,
  openaiBaseUrl: (raw: unknown) => userBaseUrl(raw, undefined, SETTINGS_TABLE.openaiBaseUrl),
  geminiExactCounts: userSwitch,
  geminiBaseUrl: (raw: unknown) => userBaseUrl(raw, undefined, SETTINGS_TABLE.geminiBaseUrl),
  xaiExactCounts: userSwitch,
  xaiBaseUrl: (raw: unknown) => userBaseUrl(raw, undefined, SETTINGS_TABLE.xaiBaseUrl),
  learnFromCounts: userSwitch,
} as const satisfies { [N in SettingName]?: (raw: unknown) => Parsed<SettingValue<N>> };

/** The row of a setting by its key, or undefined for a key the table does not have. */
export function settingByKey(key: string): Table[SettingName] | undefined {
  return entries.find(([, spec]) => spec.key === key)?.[1];
}

/**
 * The areas a configuration change touches, given VS Code's `affectsConfiguration` for full
 * setting ids (`tokenscope.model`). A change under `tokenscope.` that no row claims (a key
 * removed since) touches every area: refreshing too much is better than showing a stale value.
 */
export function areasAffected(affects: (fullKey: string) => boolean, section = 'tokenscope'): ReadonlySet<SettingArea> {
  const areas = new Set<SettingArea>();
  for (const [, spec] of entries) if (affects(`${section}.${spec.key}`)) areas.add(spec.area);
  if (areas.size === 0 && affects(section)) return new Set(SETTING_AREAS);
  return areas;
}
