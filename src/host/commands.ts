/**
 * Every command Tokenscope contributes, each with its one handler, in one list. Loaded by the
 * unit tests in plain Node (test/unit/manifest.test.ts checks the list against package.json),
 * so this module imports `vscode` for types only: the services come in, and so does
 * `vscode.commands`.
 */
import type * as vscode from 'vscode';
import type { BoundarySwitch } from './boundaries/boundarySwitch';
import type { TokenizerDownloads } from './download/tokenizerDownloads';
import type { InsightPanelManager } from './insight/insightPanelManager';
import type { ModelPicker } from './models/modelPicker';
import type { TokensView } from './workspace/tokensView';
import type { DatasetFileSummary } from './datasets/datasetFileSummary';
import type { AgentContextView } from './agents/agentContextView';
import type { NotebookCounts } from './notebooks/notebookCounts';
import type { ProviderKeyPrompts } from './providers/providerKey';
import type { CalibrationLearner } from './providers/calibrationLearner';
import type { ProviderId } from '../core/providers/providerSpec';
import { Commands } from './platform/ids';
import type { Log } from './platform/log';

/** What the commands act on: the few methods of each service they call. */
export interface CommandServices {
  readonly modelPicker: Pick<ModelPicker, 'pick'>;
  /** Restarts the tokenizer worker and tells the user how it went (workerRestart.ts). */
  readonly restartWorker: () => Promise<void>;
  readonly boundaries: Pick<BoundarySwitch, 'set'>;
  /** Each provider's key prompts (Set / Clear <provider> API Key). */
  readonly providerKeys: Readonly<Record<ProviderId, Pick<ProviderKeyPrompts, 'enter' | 'clear'>>>;
  readonly insightPanel: Pick<InsightPanelManager, 'show'>;
  readonly log: Pick<Log, 'show'>;
  readonly tokenizerDownloads: Pick<TokenizerDownloads, 'get' | 'remove'>;
  readonly calibrationLearner: Pick<CalibrationLearner, 'forget'>;
  readonly tokensView: Pick<TokensView, 'count' | 'cancel' | 'reveal' | 'copyTotals' | 'revealBiggest' | 'export'>;
  readonly datasetFiles: Pick<DatasetFileSummary, 'summarize'>;
  readonly agentContext: Pick<AgentContextView, 'refresh' | 'copySummary'>;
  readonly notebooks: Pick<NotebookCounts, 'showCells'>;
}

/**
 * One handler per key of `Commands`: a command missing, or one the ids do not name, fails to
 * compile. A context-menu command gets what it was invoked on (a Tokens view row, an Explorer
 * URI), unchecked: the handler checks it.
 */
export type CommandHandlers = { readonly [K in keyof typeof Commands]: (target?: unknown) => unknown };

/** The handler of every command, keyed as in `Commands`. */
export function commandHandlers(s: CommandServices): CommandHandlers {
  return {
    selectModel: () => s.modelPicker.pick(),
    restartWorker: () => s.restartWorker(),
    toggleBoundaries: () => s.boundaries.set('toggle'),
    showBoundaries: () => s.boundaries.set(true),
    hideBoundaries: () => s.boundaries.set(false),
    setAnthropicApiKey: () => s.providerKeys.anthropic.enter(),
    clearAnthropicApiKey: () => s.providerKeys.anthropic.clear(),
    setOpenAIApiKey: () => s.providerKeys.openai.enter(),
    clearOpenAIApiKey: () => s.providerKeys.openai.clear(),
    setGeminiApiKey: () => s.providerKeys.gemini.enter(),
    clearGeminiApiKey: () => s.providerKeys.gemini.clear(),
    setXaiApiKey: () => s.providerKeys.xai.enter(),
    clearXaiApiKey: () => s.providerKeys.xai.clear(),
    showInsightPanel: () => s.insightPanel.show(),
    showLog: () => s.log.show(),
    getGemmaTokenizer: () => s.tokenizerDownloads.get(),
    removeGemmaTokenizer: () => s.tokenizerDownloads.remove(),
    forgetLearnedCalibration: () => s.calibrationLearner.forget(),
    countWorkspace: () => s.tokensView.count(),
    cancelWorkspaceCount: () => s.tokensView.cancel(),
    countFolder: (target) => s.tokensView.reveal(target),
    copyFolderTotals: (target) => s.tokensView.copyTotals(target),
    revealBiggestFiles: (target) => s.tokensView.revealBiggest(target),
    exportWorkspaceCounts: () => s.tokensView.export(),
    summarizeDatasetFile: (target) => s.datasetFiles.summarize(target),
    refreshAgentContext: () => s.agentContext.refresh(),
    copyAgentContextSummary: () => s.agentContext.copySummary(),
    showNotebookCells: () => s.notebooks.showCells(),
  };
}

/** The list to register: each command id with its handler. */
export function commandList(s: CommandServices): ReadonlyArray<readonly [id: string, handler: (target?: unknown) => unknown]> {
  const handlers = commandHandlers(s);
  return (Object.keys(Commands) as Array<keyof typeof Commands>).map((key) => [Commands[key], handlers[key]] as const);
}

/** Registers every command of the list with VS Code (`commands` is `vscode.commands`). */
export function registerCommands(s: CommandServices, commands: Pick<typeof vscode.commands, 'registerCommand'>): vscode.Disposable[] {
  return commandList(s).map(([id, handler]) => commands.registerCommand(id, handler));
}
