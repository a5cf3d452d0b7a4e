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
  };
}

/** The services the test handle reads. */
export interface TestedServices {
  readonly activationMs: number;
  readonly statusBar: Pick<StatusBarController, 'text' | 'tooltipMarkdown'>;
  readonly worker: Pick<WorkerClient, 'simulateCrash' | 'generation'>;
  readonly decorator: Pick<TokenDecorator, 'onDidPaint' | 'paintedRanges'>;
  readonly providerKeys: Readonly<Record<ProviderId, Pick<ProviderKeyStore, 'set' | 'delete'>>>;
  readonly insightPanel: Pick<InsightPanelManager, 'onDidPostView' | 'workerRequests'>;
  readonly log: Pick<Log, 'recentLines'>;
  readonly tokenizerDownloads: Pick<TokenizerDownloads, 'setTestHooks'>;
  readonly tokensView: Pick<TokensView, 'settled' | 'exportedFiles' | 'fileTokens'>;
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
      paintedRanges: (uri) => s.decorator.paintedRanges(uri),
      onDidPostInsight: s.insightPanel.onDidPostView,
      insightWorkerRequests: () => s.insightPanel.workerRequests,
      logLines: () => [...s.log.recentLines()],
      setTokenizerDownloadHooks: (hooks) => s.tokenizerDownloads.setTestHooks(hooks),
      tokensViewSettled: () => s.tokensView.settled(),
      tokensViewFileTokens: (path) => s.tokensView.fileTokens(path),
      tokensViewFiles: () => s.tokensView.exportedFiles().map((f) => ({ path: f.path, tokens: f.tokens, ...(f.note !== undefined ? { note: f.note } : {}) })),
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
