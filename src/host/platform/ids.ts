/** Command, setting, colour and menu ids, in one place (a unit test checks them against package.json). */
export const EXTENSION_ID = 'tokenscope.tokenscope';
export const SECTION = 'tokenscope';

export const Commands = {
  selectModel: 'tokenscope.selectModel',
  restartWorker: 'tokenscope.restartWorker',
  toggleBoundaries: 'tokenscope.toggleBoundaries',
  /** The editor title button while boundaries are hidden (not in the command palette). */
  showBoundaries: 'tokenscope.showBoundaries',
  /** The editor title button while boundaries are shown (not in the command palette). */
  hideBoundaries: 'tokenscope.hideBoundaries',
  setAnthropicApiKey: 'tokenscope.setAnthropicApiKey',
  clearAnthropicApiKey: 'tokenscope.clearAnthropicApiKey',
  showInsightPanel: 'tokenscope.showInsightPanel',
} as const;

export const Settings = {
  model: 'model',
  customModels: 'customModels',
  priceOverrides: 'priceOverrides',
  tokenizerFiles: 'tokenizerFiles',
  reservedOutputTokens: 'reservedOutputTokens',
  contextWarningThreshold: 'context.warningThreshold',
  contextErrorThreshold: 'context.errorThreshold',
  statusBarEnabled: 'statusBar.enabled',
  maxFileSizeMB: 'maxFileSizeMB',
  workerTimeoutSeconds: 'worker.timeoutSeconds',
  boundariesEnabled: 'boundaries.enabled',
  boundariesColorBy: 'boundaries.colorBy',
  boundariesShowWhitespace: 'boundaries.showWhitespace',
  lineCountsEnabled: 'lineCounts.enabled',
  codeLensEnabled: 'codeLens.enabled',
  /** Exact Claude counts through Anthropic's API (sends text; off by default, user settings only). */
  anthropicExactCounts: 'anthropic.exactCounts',
  anthropicBaseUrl: 'anthropic.baseUrl',
  insightModels: 'insight.models',
  insightExpectedOutputTokens: 'insight.expectedOutputTokens',
} as const;

/** Theme colours declared in `contributes.colors`; themes and `workbench.colorCustomizations` restyle them. */
export const Colors = {
  /** The token palette: segment backgrounds, in the order they are used. */
  tokenBackgrounds: [
    'tokenscope.token1Background',
    'tokenscope.token2Background',
    'tokenscope.token3Background',
    'tokenscope.token4Background',
    'tokenscope.token5Background',
    'tokenscope.token6Background',
  ],
  whitespaceForeground: 'tokenscope.whitespaceForeground',
  lineCountForeground: 'tokenscope.lineCountForeground',
} as const;

/** Editor title buttons: which command shows when (`when` clauses as in package.json). */
export const EditorTitleButtons = [
  { command: Commands.showBoundaries, when: `!config.${SECTION}.${Settings.boundariesEnabled}` },
  { command: Commands.hideBoundaries, when: `config.${SECTION}.${Settings.boundariesEnabled}` },
  { command: Commands.showInsightPanel, when: 'resourceScheme != webview-panel' },
] as const;

export const STATUS_BAR_ITEM_ID = 'tokenscope.count';

/**
 * Settings a workspace may not set in Restricted Mode (`capabilities.untrustedWorkspaces.
 * restrictedConfigurations` in package.json; a unit test checks the two agree): those that make
 * Tokenscope read files named in them, turn on work in every visible editor, or send text off
 * the machine. Everything else (the model, thresholds, colours) only changes what a count shows.
 */
export const RestrictedSettings = [
  Settings.customModels,
  Settings.tokenizerFiles,
  Settings.boundariesEnabled,
  Settings.lineCountsEnabled,
  Settings.codeLensEnabled,
  Settings.anthropicExactCounts,
  Settings.anthropicBaseUrl,
] as const;
