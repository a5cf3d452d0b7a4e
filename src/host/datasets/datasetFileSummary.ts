import * as vscode from 'vscode';
import { countingTokenizer } from '../../core/catalog/models';
import { trainingExampleLimit } from '../../core/catalog/trainingLimits';
import { datasetView, textScale } from '../../core/insights/structureView';
import { datasetReport } from '../../core/present/datasetReport';
import { requestAskFor } from '../../core/requests/requestAsk';
import { tokenizerLabel } from '../../core/tokenizers/tokenizerIds';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import { notifyFailure } from '../platform/notices';
import { WorkerRequestError, type WorkerClient } from '../platform/workerClient';
import { isDataset } from './datasetSummaries';

/** The scheme of the read-only reports this opens (a TextDocumentContentProvider's). */
export const REPORT_SCHEME = 'tokenscope-report';

/**
 * "Summarise Dataset File": a JSON Lines file of any size (200 MB is more than the editor opens
 * for extensions) summarised by the worker, which reads it in chunks from disk: a cancellable
 * progress notification while it runs, then a Markdown report (the panel's Dataset numbers)
 * opened read-only beside. Only a file the user names (the Explorer item, the open dataset, or
 * one picked in the dialog) and only on this machine: the worker reads local paths.
 */
export class DatasetFileSummary extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changeEmitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;
  private last: string | undefined;

  constructor(
    private readonly worker: WorkerClient,
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? vscode.l10n.t('This report is no longer available: summarise the dataset again.');
  }

  /** The last report's Markdown (tests). */
  get lastReport(): string | undefined {
    return this.last;
  }

  /** Summarises `target` (an Explorer URI), else the active dataset's file, else one the user picks. */
  async summarize(target?: unknown): Promise<void> {
    const uri = await this.fileOf(target);
    if (!uri) return;
    if (uri.scheme !== 'file') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Tokenscope summarises dataset files on this machine only; {0} is not one.', uri.toString()));
      return;
    }
    const settings = this.configuration.forDocument(undefined);
    const model = settings.model;
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const started = performance.now();
    const limit = trainingExampleLimit(model.id);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Summarising {0} for {1}', name, model.id), cancellable: true },
        async (progress, token) => {
          let shown = 0;
          return this.worker.request(
            'dataset',
            { source: { file: uri.fsPath }, tokenizer: countingTokenizer(model), request: requestAskFor(model), ...(limit === undefined ? {} : { trainingLimit: limit }) },
            {
              token,
              onProgress: (fraction) => {
                const percent = Math.floor(fraction * 100);
                progress.report({ increment: percent - shown, message: `${percent}%` });
                shown = percent;
              },
            },
          );
        },
      );
      const seconds = (performance.now() - started) / 1000;
      // An approximated model's tokens: its Latin-script factor (a dataset's scripts are not measured here).
      const scale = textScale(model, 0);
      const report = datasetReport(
        {
          fileName: name,
          bytes: result.bytes ?? 0,
          modelId: model.id,
          tokenizerLabel: tokenizerLabel(countingTokenizer(model)),
          seconds,
          view: datasetView(result.summary, model, scale),
        },
        hostL10n,
      );
      this.log.info('dataset file summarised', {
        file: uri.fsPath,
        model: model.id,
        bytes: result.bytes ?? 0,
        seconds: Number(seconds.toFixed(2)),
        examples: result.summary.examples,
      });
      await this.open(name, report);
    } catch (err) {
      if (err instanceof WorkerRequestError && err.code === 'cancelled') return;
      void notifyFailure(this.log, 'error', {
        message: vscode.l10n.t('Tokenscope could not summarise {0}: {1}', name, err instanceof Error ? err.message : String(err)),
        log: { message: 'dataset file summary failed', detail: { file: uri.fsPath, model: model.id } },
      });
    }
  }

  private async fileOf(target: unknown): Promise<vscode.Uri | undefined> {
    if (target instanceof vscode.Uri) return target;
    const active = vscode.window.activeTextEditor?.document;
    if (active && isDataset(active) && active.uri.scheme === 'file') return active.uri;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Summarise'),
      filters: { [vscode.l10n.t('JSON Lines datasets')]: ['jsonl', 'ndjson'], [vscode.l10n.t('All files')]: ['*'] },
    });
    return picked?.[0];
  }

  private async open(name: string, report: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.summary.md`, query: String(Date.now()) });
    this.reports.set(uri.toString(), report);
    this.last = report;
    // Reports are small; the last few are kept so a preview that reloads finds its text.
    while (this.reports.size > 8) this.reports.delete(this.reports.keys().next().value!);
    const document = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(document, { preview: true });
    }
  }
}
