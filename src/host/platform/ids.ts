import { RESTRICTED_SETTING_NAMES, SETTING_KEYS, type SettingKey } from '../../core/catalog/settingsSchema';

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
  setOpenAIApiKey: 'tokenscope.setOpenAIApiKey',
  clearOpenAIApiKey: 'tokenscope.clearOpenAIApiKey',
  setGeminiApiKey: 'tokenscope.setGeminiApiKey',
  clearGeminiApiKey: 'tokenscope.clearGeminiApiKey',
  setXaiApiKey: 'tokenscope.setXaiApiKey',
  clearXaiApiKey: 'tokenscope.clearXaiApiKey',
  showInsightPanel: 'tokenscope.showInsightPanel',
  /** Opens the Tokenscope output channel, where every failure is logged. */
  showLog: 'tokenscope.showLog',
  /** Downloads the Gemma 3 tokenizer on the user's explicit consent (host/download/tokenizerDownloads.ts). */
  getGemmaTokenizer: 'tokenscope.getGemmaTokenizer',
  removeGemmaTokenizer: 'tokenscope.removeGemmaTokenizer',
  forgetLearnedCalibration: 'tokenscope.forgetLearnedCalibration',
  /** Shows the Tokens view and counts the workspace (again). */
  countWorkspace: 'tokenscope.countWorkspace',
  /** The Tokens view's title button while a count runs (not in the command palette). */
  cancelWorkspaceCount: 'tokenscope.cancelWorkspaceCount',
  /** The Explorer's context menu on a folder or file: its row in the Tokens view. */
  countFolder: 'tokenscope.countFolder',
  copyFolderTotals: 'tokenscope.copyFolderTotals',
  revealBiggestFiles: 'tokenscope.revealBiggestFiles',
  exportWorkspaceCounts: 'tokenscope.exportWorkspaceCounts',
  summarizeDatasetFile: 'tokenscope.summarizeDatasetFile',
  /** The Agent Context view's title buttons. */
  refreshAgentContext: 'tokenscope.refreshAgentContext',
  copyAgentContextSummary: 'tokenscope.copyAgentContextSummary',
  /** The active notebook's cells in a quick pick, most tokens first. */
  showNotebookCells: 'tokenscope.showNotebookCells',
} as const;

/** Setting keys under `tokenscope.` by name, derived from the settings table (core/catalog/settingsSchema.ts). */
export const Settings = SETTING_KEYS;

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
 * The `restricted` column of the settings table decides which.
 */
export const RestrictedSettings: readonly SettingKey[] = RESTRICTED_SETTING_NAMES.map((name) => SETTING_KEYS[name]);
