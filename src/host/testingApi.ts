import type * as vscode from 'vscode';
import type { TokenDecorator } from './boundaries/tokenDecorator';
import type { StatusBarController } from './count/statusBarController';
import type { TokenizerDownloads, TokenizerDownloadTestHooks } from './download/tokenizerDownloads';
import type { InsightPanelManager } from './insight/insightPanelManager';
import type { Log } from './platform/log';
import type { ProviderKeyStore } from './providers/providerKey';
import type { ProviderId } from '../core/providers/providerSpec';
import type { WorkerClient } from './platform/workerClient';
import type { TokensView } from './workspace/tokensView';
import type { DatasetSummaries } from './datasets/datasetSummaries';
import type { DatasetFileSummary } from './datasets/datasetFileSummary';
import type { AgentContextView, AgentRowText } from './agents/agentContextView';
import type { NotebookCounts } from './notebooks/notebookCounts';
import type { McpServerProvider } from './agentTools/mcpServerProvider';

/** What `activate` returns: a small handle for tests (the real tests read the workbench page). */
export interface TokenscopeApi {
  testing: {
    /** The status bar item's text, undefined while it is hidden. */
    statusBarText(): string | undefined;
    /** The status bar item's tooltip (Markdown), undefined while it is hidden. */
    statusBarTooltip(): string | undefined;
    /** Kills the tokenizer worker as a crash would. */
    crashWorker(): Promise<void>;
    workerGeneration(): number;
    /** Where Node keeps the worker bundle's compiled code (threadStart.ts). */
    workerCompileCacheDir(): string | undefined;
    /** How long `activate` took, in ms (the worker starts in the background, not in this time). */
    activationMs: number;
    /** Fires after token decorations were applied to (or cleared from) an editor of `uri`, for `version`. */
    onDidPaint: vscode.Event<{ uri: string; version: number }>;
    /** Document ranges whose tokens are painted in the visible editors of `uri`. */
    paintedRanges(uri: string): Array<[number, number]>;
    /**
     * Stores (or, with undefined, deletes) the Anthropic API key in SecretStorage, as
     * "Tokenscope: Set Anthropic API Key" does after its warning and input box.
     */
    setAnthropicKey(key: string | undefined): Promise<void>;
    /** The same for any provider's key (`gemini`, `openai`, `xai`, `anthropic`). */
    setProviderKey(provider: ProviderId, key: string | undefined): Promise<void>;
    /** Fires with every set of numbers the insight panel posts to its webview. */
    onDidPostInsight: vscode.Event<unknown>;
    /** `insight` requests the insight panel has sent to the worker (not those answered from its cache). */
    insightWorkerRequests(): number;
    /** The last lines of the Tokenscope output channel (`<ISO time> [level] message · detail`), oldest first. */
    logLines(): readonly string[];
    /**
     * Points "Get the Gemma 3 Tokenizer" at a fake registry with its tarball's integrity and
     * answers its consent dialog; undefined restores the real ones.
     */
    setTokenizerDownloadHooks(hooks: TokenizerDownloadTestHooks | undefined): void;
    /** Resolves once the Tokens view has no count running and has shown its latest numbers. */
    tokensViewSettled(): Promise<void>;
    /** Every file of the Tokens view with its tokens for the model (undefined: not counted), most first. */
    tokensViewFiles(): Array<{ path: string; tokens: number | undefined; note?: string }>;
    /** One file's tokens in the Tokens view (`path` from its workspace folder), without listing the others. */
    tokensViewFileTokens(path: string): number | undefined;
    /**
     * The dataset summary of the open document `uri` once it is done for its current version
     * (each line's tokens, -1 for a line that is no example), waiting up to `timeoutMs`.
     */
    datasetLineTokens(uri: string, timeoutMs: number): Promise<number[] | undefined>;
    /** The Markdown of the last "Summarise Dataset File" report. */
    lastDatasetReport(): string | undefined;
    /** Resolves once the Agent Context view has found and counted its files (it starts when first shown). */
    agentContextSettled(): Promise<void>;
    /** The Agent Context view's rows as a user reads them (label, description), every level expanded. */
    agentContextRows(): AgentRowText[];
    /** The text "Copy Agent Context Summary" copies. */
    agentContextSummary(): string;
    /** The active notebook's counts once current: total, outputs counted or not, per cell (source and output tokens). */
    notebookCounts(): Promise<{ total: number; outputsCounted: boolean; outputsNotCounted: number; cells: Array<{ source: number | undefined; outputs: number }> } | undefined>;
    /** The arguments VS Code's MCP support starts Tokenscope's server with (after the extension host's executable), if it is offered. */
    mcpServerArgs(): string[] | undefined;
  };
}

/** The services the test handle reads. */
export interface TestedServices {
  readonly activationMs: number;
  readonly statusBar: Pick<StatusBarController, 'text' | 'tooltipMarkdown'>;
  readonly worker: Pick<WorkerClient, 'simulateCrash' | 'generation' | 'compileCacheDir'>;
  readonly decorator: Pick<TokenDecorator, 'onDidPaint' | 'paintedRanges'>;
  readonly providerKeys: Readonly<Record<ProviderId, Pick<ProviderKeyStore, 'set' | 'delete'>>>;
  readonly insightPanel: Pick<InsightPanelManager, 'onDidPostView' | 'workerRequests'>;
  readonly log: Pick<Log, 'recentLines'>;
  readonly tokenizerDownloads: Pick<TokenizerDownloads, 'setTestHooks'>;
  readonly tokensView: Pick<TokensView, 'settled' | 'exportedFiles' | 'fileTokens'>;
  readonly datasets: Pick<DatasetSummaries, 'currentLineTokens' | 'onDidChange'>;
  readonly datasetFiles: Pick<DatasetFileSummary, 'lastReport'>;
  readonly agentContext: Pick<AgentContextView, 'settled' | 'rowTexts' | 'summary'>;
  readonly notebooks: Pick<NotebookCounts, 'settled'>;
  readonly mcpServer: Pick<McpServerProvider, 'serverArgs'>;
}

/** The handle `activate` returns, over the services it built. */
export function testingApi(s: TestedServices): TokenscopeApi {
  return {
    testing: {
      activationMs: s.activationMs,
      statusBarText: () => s.statusBar.text,
      statusBarTooltip: () => s.statusBar.tooltipMarkdown,
      crashWorker: async () => void (await s.worker.simulateCrash()),
      workerGeneration: () => s.worker.generation,
      workerCompileCacheDir: () => s.worker.compileCacheDir,
      paintedRanges: (uri) => s.decorator.paintedRanges(uri),
      onDidPostInsight: s.insightPanel.onDidPostView,
      insightWorkerRequests: () => s.insightPanel.workerRequests,
      logLines: () => [...s.log.recentLines()],
      setTokenizerDownloadHooks: (hooks) => s.tokenizerDownloads.setTestHooks(hooks),
      tokensViewSettled: () => s.tokensView.settled(),
      tokensViewFileTokens: (path) => s.tokensView.fileTokens(path),
      datasetLineTokens: (uri, timeoutMs) => datasetLineTokens(s.datasets, uri, timeoutMs),
      lastDatasetReport: () => s.datasetFiles.lastReport,
      mcpServerArgs: () => s.mcpServer.serverArgs(),
      tokensViewFiles: () => s.tokensView.exportedFiles().map((f) => ({ path: f.path, tokens: f.tokens, ...(f.note !== undefined ? { note: f.note } : {}) })),
      agentContextSettled: () => s.agentContext.settled(),
      agentContextRows: () => s.agentContext.rowTexts(),
      agentContextSummary: () => s.agentContext.summary(),
      notebookCounts: async () => {
        const counts = await s.notebooks.settled();
        return (
          counts && {
            total: counts.total,
            outputsCounted: counts.outputsCounted,
            outputsNotCounted: counts.outputsNotCounted,
            cells: counts.cells.map((c) => ({ source: c.sourceTokens, outputs: c.outputTokens })),
          }
        );
      },
      setAnthropicKey: (key) => setKey(s.providerKeys.anthropic, key),
      setProviderKey: (provider, key) => setKey(s.providerKeys[provider], key),
      onDidPaint: (listener, thisArg, disposables) =>
        s.decorator.onDidPaint((e) => listener.call(thisArg, { uri: e.editor.document.uri.toString(), version: e.version }), undefined, disposables),
    },
  };
}

async function setKey(store: Pick<ProviderKeyStore, 'set' | 'delete'>, key: string | undefined): Promise<void> {
  await (key === undefined ? store.delete() : store.set(key));
}

/** The lines' tokens of an open dataset's summary, once done for the document's current version. */
function datasetLineTokens(datasets: Pick<DatasetSummaries, 'currentLineTokens' | 'onDidChange'>, uri: string, timeoutMs: number): Promise<number[] | undefined> {
  const current = (): number[] | undefined => {
    const lines = datasets.currentLineTokens(uri);
    return lines ? [...lines] : undefined;
  };
  return new Promise((resolve) => {
    const now = current();
    if (now) return resolve(now);
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(undefined);
    }, timeoutMs);
    const listener = datasets.onDidChange(() => {
      const lines = current();
      if (!lines) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(lines);
    });
  });
}
