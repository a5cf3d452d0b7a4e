import * as vscode from 'vscode';
import { AnthropicExactCounter } from './host/anthropic/anthropicCounter';
import { AnthropicKeyStore, registerAnthropicKeyCommands } from './host/anthropic/anthropicKey';
import { registerBoundaryCommands } from './host/boundaries/boundaryCommands';
import { Configuration } from './host/platform/configuration';
import { CountController, type ApiKey } from './host/count/countController';
import { createCountQuery } from './host/count/countQuery';
import { createPaintQuery } from './host/boundaries/paintQuery';
import { TrackedDocuments } from './host/documents/trackedDocuments';
import { Commands } from './host/platform/ids';
import { InsightPanel } from './host/insight/insightPanel';
import { registerModelPicker } from './host/models/modelPicker';
import { StatusBarController } from './host/count/statusBarController';
import { showStuckWorkerNotices } from './host/platform/stuckWorkerNotice';
import { TokenCodeLens } from './host/count/tokenCodeLens';
import { TokenDecorationTypes } from './host/boundaries/tokenDecorationTypes';
import { TokenDecorator } from './host/boundaries/tokenDecorator';
import { registerTokenHover } from './host/boundaries/tokenHover';
import { WorkerClient } from './host/platform/workerClient';

/** What `activate` returns: a small handle for tests (the real tests read the workbench page). */
export interface TokenscopeApi {
  testing: {
    /** The status bar item's text, undefined while it is hidden. */
    statusBarText(): string | undefined;
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
    /** Fires with every set of numbers the insight panel posts to its webview. */
    onDidPostInsight: vscode.Event<unknown>;
  };
}

/** Composition root: builds each service once; all lifetimes end with the extension's. */
export function activate(context: vscode.ExtensionContext): TokenscopeApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Tokenscope', { log: true });
  const configuration = new Configuration();
  const worker = new WorkerClient(context.asAbsolutePath('dist/worker.js'), log, () => configuration.forDocument(undefined).workerTimeoutSeconds * 1000);
  const documents = new TrackedDocuments(worker, configuration);
  const counts = createCountQuery(documents);
  const anthropicKeys = new AnthropicKeyStore(context.secrets);
  const apiCounter = new AnthropicExactCounter<ApiKey>(anthropicKeys);
  const counter = new CountController(worker, documents, counts, configuration, apiCounter);
  const statusBar = new StatusBarController(counter, configuration);
  const insightPanel = new InsightPanel(context.extensionUri, worker, documents, configuration, context.globalState);
  const decorationTypes = new TokenDecorationTypes();
  const decorator = new TokenDecorator(documents, createPaintQuery(documents), configuration, decorationTypes);
  context.subscriptions.push(
    log,
    configuration,
    anthropicKeys,
    apiCounter,
    registerAnthropicKeyCommands(anthropicKeys),
    worker,
    documents,
    counter,
    statusBar,
    insightPanel,
    decorationTypes,
    decorator,
    registerTokenHover(documents, configuration),
    new TokenCodeLens(documents, counts, configuration),
    registerModelPicker(configuration, context.globalState),
    registerBoundaryCommands(configuration),
    vscode.commands.registerCommand(Commands.restartWorker, () => worker.restart()),
    showStuckWorkerNotices(worker),
  );
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    testing: {
      activationMs,
      statusBarText: () => statusBar.text,
      crashWorker: async () => void (await worker.simulateCrash()),
      workerGeneration: () => worker.generation,
      paintedRanges: (uri) => decorator.paintedRanges(uri),
      onDidPostInsight: insightPanel.onDidPostView,
      setAnthropicKey: async (key) => void (await (key === undefined ? anthropicKeys.delete() : anthropicKeys.set(key))),
      onDidPaint: (listener, thisArg, disposables) =>
        decorator.onDidPaint((e) => listener.call(thisArg, { uri: e.editor.document.uri.toString(), version: e.version }), undefined, disposables),
    },
  };
}

export function deactivate(): void {}
