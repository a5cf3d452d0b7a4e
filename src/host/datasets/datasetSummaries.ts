import * as vscode from 'vscode';
import { countingTokenizer, type ModelInfo } from '../../core/catalog/models';
import { trainingExampleLimit } from '../../core/catalog/trainingLimits';
import { requestAskFor, requestAskKey, type RequestAsk } from '../../core/requests/requestAsk';
import type { TokenizerId } from '../../core/tokenizers/tokenizerIds';
import type { DatasetResult } from '../../worker/protocol';
import type { DocumentQuery } from '../documents/documentQuery';
import { DocumentVersion, type DocumentInput, type TrackedDocuments } from '../documents/trackedDocuments';
import type { Configuration } from '../platform/configuration';
import { KeyedTimers } from '../platform/debouncer';
import { Disposable } from '../platform/dispose';
import type { Log } from '../platform/log';
import { isDesyncError, WorkerGoneError, WorkerRequestError, type RequestOptions } from '../platform/workerClient';

/** A pause in typing of 500 ms before a dataset is summarised again: a whole-file pass, unlike a keystroke's count. */
const DEBOUNCE_MS = 500;

/** One dataset summary to ask the worker for: a version of a document, counted for a model. */
export interface DatasetInput extends DocumentInput {
  readonly tokenizer: TokenizerId;
  readonly request: RequestAsk;
  readonly trainingLimit?: number;
}

/** What is known of a dataset document's summary, for the model it was asked for. */
export type DatasetState =
  | { readonly kind: 'counting'; readonly fraction?: number }
  | { readonly kind: 'done'; readonly model: ModelInfo; readonly result: DatasetResult }
  | { readonly kind: 'error'; readonly message: string };

/** Whether a document is a JSON Lines dataset: by its language or its name. */
export function isDataset(document: vscode.TextDocument): boolean {
  const path = document.uri.path.toLowerCase();
  return document.languageId === 'jsonl' || path.endsWith('.jsonl') || path.endsWith('.ndjson');
}

/**
 * The summaries of the JSON Lines datasets open in editors, from the worker's `dataset` request
 * (a long job: it never holds up a keystroke's count): each example's tokens as the provider
 * bills it, and the summary the insight panel shows. Asked when a dataset becomes visible and
 * after each pause in typing; one request per document version and model (the query keeps the
 * answer, so the panel and the editor's counts share it). Consumers listen to `onDidChange`.
 */
export class DatasetSummaries extends Disposable {
  private readonly query: DocumentQuery<DatasetInput, DatasetResult, RequestOptions>;
  private readonly states = new Map<string, DatasetState>();
  private readonly timers = this._register(new KeyedTimers());
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  private readonly changeEmitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** A dataset's state changed (a new summary, progress, an error). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly tracked: TrackedDocuments,
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {
    super();
    this.query = tracked.query(
      'dataset',
      (input: DatasetInput) => ({
        source: { uri: input.at.uri, version: input.at.version },
        tokenizer: input.tokenizer,
        request: input.request,
        ...(input.trainingLimit === undefined ? {} : { trainingLimit: input.trainingLimit }),
        lineTokens: true,
      }),
      (input) => `${input.tokenizer} ${requestAskKey(input.request)} ${input.trainingLimit ?? ''}`,
    );
    this._register(tracked.onDidChange(({ document }) => isDataset(document) && this.isVisible(document) && this.schedule(document)));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.refreshVisible()));
    this._register(configuration.onDidChange((e) => e.affects('model', 'fileSize') && this.refreshVisible()));
    this._register(tracked.onDidRestart(() => this.refreshVisible()));
    this._register(
      tracked.onDidClose((uri) => {
        this.stop(uri);
        this.states.delete(uri);
      }),
    );
    this._register({
      dispose: () => {
        for (const uri of [...this.running.keys()]) this.stop(uri);
      },
    });
    this.refreshVisible();
  }

  /** The state of `document`'s summary for the current version, undefined before any was asked. */
  stateOf(document: vscode.TextDocument): DatasetState | undefined {
    return this.states.get(document.uri.toString());
  }

  /** Each line's tokens of the open document `uri`, when its summary is of its current version (tests). */
  currentLineTokens(uri: string): Int32Array | undefined {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    const state = document && this.stateOf(document);
    return state?.kind === 'done' && state.result.version === document?.version ? state.result.lineTokens : undefined;
  }

  /** Summarises `document` now (the panel follows it), unless its current version's summary is known or under way. */
  ensure(document: vscode.TextDocument): void {
    if (!isDataset(document) || this.running.has(document.uri.toString())) return;
    void this.run(document);
  }

  private isVisible(document: vscode.TextDocument): boolean {
    return vscode.window.visibleTextEditors.some((e) => e.document === document);
  }

  private refreshVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) if (isDataset(editor.document)) void this.run(editor.document);
  }

  private schedule(document: vscode.TextDocument): void {
    this.timers.schedule(document.uri.toString(), DEBOUNCE_MS, () => {
      if (!this.isDisposed && !document.isClosed) void this.run(document);
    });
  }

  private stop(uri: string): void {
    this.timers.cancel(uri);
    this.running.get(uri)?.cancel();
    this.running.delete(uri);
  }

  private input(document: vscode.TextDocument, model: ModelInfo): DatasetInput {
    const limit = trainingExampleLimit(model.id);
    return {
      document,
      at: DocumentVersion.of(document),
      tokenizer: countingTokenizer(model),
      request: requestAskFor(model),
      ...(limit === undefined ? {} : { trainingLimit: limit }),
    };
  }

  private set(document: vscode.TextDocument, state: DatasetState): void {
    this.states.set(document.uri.toString(), state);
    this.changeEmitter.fire(document.uri);
  }

  private async run(document: vscode.TextDocument): Promise<void> {
    if (this.isDisposed || document.isClosed || !this.tracked.isTracked(document)) return;
    const uri = document.uri.toString();
    const model = this.configuration.forDocument(document).model;
    const input = this.input(document, model);
    this.running.get(uri)?.cancel();
    const cancel = new vscode.CancellationTokenSource();
    this.running.set(uri, cancel);
    const previous = this.states.get(uri);
    // The last summary stays shown (the editor's counts move with the text) until the new one is in.
    if (previous?.kind !== 'done') this.set(document, { kind: 'counting' });
    try {
      const result = await this.query.ask(input, {
        token: cancel.token,
        onProgress: (fraction) => {
          if (this.states.get(uri)?.kind !== 'done') this.set(document, { kind: 'counting', fraction });
        },
      });
      if (cancel.token.isCancellationRequested || document.isClosed) return;
      if (result.version !== document.version) return this.schedule(document);
      this.set(document, { kind: 'done', model, result });
    } catch (err) {
      if (cancel.token.isCancellationRequested || (err instanceof WorkerRequestError && err.code === 'cancelled') || err instanceof WorkerGoneError) return;
      if (isDesyncError(err)) return this.schedule(document);
      const message = err instanceof Error ? err.message : String(err);
      this.log.error('dataset summary failed', { document: uri, version: document.version, model: model.id, why: message });
      this.set(document, { kind: 'error', message });
    } finally {
      if (this.running.get(uri) === cancel) this.running.delete(uri);
      cancel.dispose();
    }
  }
}
