import * as vscode from 'vscode';
import { BoundarySwitch } from './host/boundaries/boundarySwitch';
import { registerCommands } from './host/commands';
import { Configuration } from './host/platform/configuration';
import { CountController, type ApiKey } from './host/count/countController';
import { createCountQuery } from './host/count/countQuery';
import { createPaintQuery } from './host/boundaries/paintQuery';
import { TrackedDocuments } from './host/documents/trackedDocuments';
import { InsightPanelManager } from './host/insight/insightPanelManager';
import { ModelPicker } from './host/models/modelPicker';
import { StatusBarController } from './host/count/statusBarController';
import { showStuckWorkerNotices } from './host/platform/stuckWorkerNotice';
import { testingApi, type TokenscopeApi } from './host/testingApi';
import { TokenCodeLens } from './host/count/tokenCodeLens';
import { TokenizerDownloads } from './host/download/tokenizerDownloads';
import { TokenDecorationTypes } from './host/boundaries/tokenDecorationTypes';
import { TokenDecorator } from './host/boundaries/tokenDecorator';
import { registerTokenHover } from './host/boundaries/tokenHover';
import { ProviderTokenSource } from './host/boundaries/providerTokens';
import { WorkerClient } from './host/platform/workerClient';
import { Log } from './host/platform/log';
import { restartWorkerWithFeedback } from './host/platform/workerRestart';
import { ProviderCounters, ProviderExactCounter } from './host/providers/providerCounter';
import { ProviderKeyPrompts, ProviderKeyStore } from './host/providers/providerKey';
import { PROVIDER_IDS, PROVIDERS } from './core/providers/providerTable';
import type { ProviderId } from './core/providers/providerSpec';
import { CalibrationSamples } from './core/providers/selfCalibration';
import { CalibrationLearner } from './host/providers/calibrationLearner';
import type { ModelInfo } from './core/catalog/models';
import { hostL10n } from './host/platform/l10n';
import { WorkspaceCounter } from './host/workspace/workspaceCounter';
import { TokensView } from './host/workspace/tokensView';
import { JsonlDiagnostics } from './host/datasets/jsonlDiagnostics';
import { DatasetSummaries } from './host/datasets/datasetSummaries';
import { DatasetExampleCounts } from './host/datasets/datasetExampleCounts';
import { DatasetFileSummary } from './host/datasets/datasetFileSummary';
import { AgentContext } from './host/agents/agentContext';
import { AgentContextView } from './host/agents/agentContextView';
import { NotebookCounts } from './host/notebooks/notebookCounts';
import { LanguageModelTools } from './host/agentTools/languageModelTools';
import { McpServerProvider } from './host/agentTools/mcpServerProvider';
import { LintDiagnostics } from './host/lint/lintDiagnostics';
import { registerLintActions } from './host/lint/lintActions';
import { PremiumLens } from './host/lint/premiumLens';

export type { TokenscopeApi } from './host/testingApi';

/** Composition root: builds each service once; all lifetimes end with the extension's. */
export function activate(context: vscode.ExtensionContext): TokenscopeApi {
  const started = performance.now();
  const log = new Log(vscode.window.createOutputChannel('Tokenscope', { log: true }));
  const configuration = new Configuration(log, context.globalStorageUri.fsPath);
  // The compile cache lives in the extension's own storage: nothing a workspace names.
  const worker = new WorkerClient(
    context.asAbsolutePath('dist/worker.js'),
    log,
    () => configuration.forDocument(undefined).workerTimeoutSeconds * 1000,
    context.globalStorageUri.scheme === 'file' ? vscode.Uri.joinPath(context.globalStorageUri, 'compile-cache').fsPath : undefined,
  );
  const documents = new TrackedDocuments(worker, configuration);
  const counts = createCountQuery(documents);
  const providerKeys = byProvider((id) => new ProviderKeyStore(context.secrets, PROVIDERS[id]));
  const providers = new ProviderCounters(PROVIDER_IDS.map((id) => new ProviderExactCounter<ApiKey>(providerKeys[id], log)));
  // Provider counts of approximated models, which per-script calibration learns from when the user allows it.
  const calibration = new CalibrationSamples<ModelInfo>();
  const calibrationLearner = new CalibrationLearner(context.globalState, configuration, calibration, log);
  configuration.useLearnedCalibration(() => calibrationLearner.current());
  const counter = new CountController(worker, documents, counts, configuration, log, providers, calibration);
  const notebooks = new NotebookCounts(worker, documents, counts, configuration, log);
  const statusBar = new StatusBarController(counter, configuration, notebooks);
  const tokenizerDownloads = new TokenizerDownloads(context.globalStorageUri.fsPath, configuration, context.globalState, log, counter);
  const datasets = new DatasetSummaries(documents, configuration, log);
  const datasetFiles = new DatasetFileSummary(worker, configuration, log);
  const insightPanel = new InsightPanelManager(context.extensionUri, documents, configuration, context.globalState, log, datasets, notebooks);
  const decorationTypes = new TokenDecorationTypes();
  // xAI's tokens, when its exact counts are on: the Grok boundaries, exact.
  const providerTokens = new ProviderTokenSource(providers);
  const decorator = new TokenDecorator(documents, createPaintQuery(documents), configuration, decorationTypes, providerTokens);
  const workspaceCounter = new WorkspaceCounter(worker, configuration, hostL10n, log);
  const tokensView = new TokensView(workspaceCounter, log);
  const agentContext = new AgentContext(worker, configuration, log);
  const agentContextView = new AgentContextView(agentContext);
  const mcpServer = new McpServerProvider(context.asAbsolutePath('dist/cli.js'), String(context.extension.packageJSON.version), configuration, log);
  const lintDiagnostics = new LintDiagnostics(documents, configuration, log);
  context.subscriptions.push(
    log,
    configuration,
    ...Object.values(providerKeys),
    ...providers.all,
    worker,
    documents,
    counter,
    notebooks,
    statusBar,
    tokenizerDownloads,
    calibrationLearner,
    insightPanel,
    decorationTypes,
    providerTokens,
    decorator,
    workspaceCounter,
    tokensView,
    agentContext,
    agentContextView,
    registerTokenHover(documents, configuration, providerTokens),
    new TokenCodeLens(documents, counts, configuration),
    new JsonlDiagnostics(),
    datasets,
    datasetFiles,
    new DatasetExampleCounts(datasets, configuration),
    // Agents: the language-model tools, and the same tools as an MCP server (the bundled CLI).
    new LanguageModelTools(worker, configuration, hostL10n, log),
    mcpServer,
    lintDiagnostics,
    registerLintActions(lintDiagnostics),
    new PremiumLens(lintDiagnostics, configuration),
    ...registerCommands(
      {
        modelPicker: new ModelPicker(configuration, context.globalState, log),
        restartWorker: () => restartWorkerWithFeedback(worker, log),
        boundaries: new BoundarySwitch(configuration, log),
        providerKeys: byProvider((id) => new ProviderKeyPrompts(providerKeys[id], configuration, log)),
        insightPanel,
        log,
        tokenizerDownloads,
        calibrationLearner,
        tokensView,
        datasetFiles,
        agentContext: agentContextView,
        notebooks,
      },
      vscode.commands,
    ),
    showStuckWorkerNotices(worker, log),
  );
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return testingApi({
    activationMs,
    statusBar,
    worker,
    decorator,
    providerKeys,
    insightPanel,
    log,
    tokenizerDownloads,
    tokensView,
    datasets,
    datasetFiles,
    agentContext: agentContextView,
    notebooks,
    mcpServer,
  });
}

export function deactivate(): void {}

/** One of each per provider. */
function byProvider<T>(make: (id: ProviderId) => T): Record<ProviderId, T> {
  return Object.fromEntries(PROVIDER_IDS.map((id) => [id, make(id)])) as Record<ProviderId, T>;
}
