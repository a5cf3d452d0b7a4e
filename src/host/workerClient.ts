import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { InsightResult, ErrorCode, HostNotification, HostToWorker, RequestMap, RequestMethod, WorkerToHost } from '../worker/protocol';
import { Disposable } from './dispose';

/** The worker went away while a request was pending (crash, kill, restart). */
export class WorkerGoneError extends Error {}

/** The worker answered a request with an error. */
export class WorkerRequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The worker has no (current) mirror of the document: re-send it with DocumentSync.resend. */
export function isDesyncError(err: unknown): boolean {
  return err instanceof WorkerRequestError && (err.code === 'unknownDocument' || err.code === 'outOfSync');
}

/**
 * A worker that crashes this many times within CRASH_WINDOW_MS is not restarted again until
 * the user asks (Restart Tokenizer Worker): a tokenizer that dies on some input would
 * otherwise spin the CPU forever. 5 in a minute allows real recoveries and stops loops.
 */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

type ProgressMessage = Extract<WorkerToHost, { kind: 'progress' }>;
type DesyncMessage = Extract<WorkerToHost, { kind: 'desync' }>;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (fraction: number) => void;
  onPartial?: (result: InsightResult) => void;
}

/** What a request may take besides its params; callers that pass neither are unaffected. */
export interface RequestOptions {
  /**
   * Called with how far the request has got, 0 to 1, a few times a second while the worker
   * works on it. Only long requests (`insight`) report progress.
   */
  onProgress?: (fraction: number) => void;
  /** Called with a partial answer ahead of the full one (a long `insight`: the current model's numbers first). */
  onPartial?: (result: InsightResult) => void;
  /**
   * Cancelling it rejects the promise at once with `WorkerRequestError` code `cancelled` and
   * tells the worker to stop (a `cancel` notification). A token already cancelled sends nothing.
   */
  token?: vscode.CancellationToken;
}

/**
 * Owns the tokenizer worker: typed requests matched by id, notifications in order, restart
 * after a crash. Every pending request settles: answered, or rejected with WorkerGoneError.
 */
export class WorkerClient extends Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private crashes: number[] = [];
  private _generation = 0;

  private readonly restartEmitter = this._register(new vscode.EventEmitter<void>());
  /** A new worker replaced a dead one: it mirrors no documents yet. */
  readonly onDidRestart = this.restartEmitter.event;
  private readonly progressEmitter = this._register(new vscode.EventEmitter<ProgressMessage>());
  readonly onProgress = this.progressEmitter.event;
  private readonly desyncEmitter = this._register(new vscode.EventEmitter<DesyncMessage>());
  /** The worker dropped its mirror of a document; it needs the full text again. */
  readonly onDesync = this.desyncEmitter.event;
  private readonly stoppedEmitter = this._register(new vscode.EventEmitter<string>());
  /** The worker keeps crashing and was not restarted; the payload says why. */
  readonly onDidStop = this.stoppedEmitter.event;

  constructor(
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** Increases each time a new worker is started. */
  get generation(): number {
    return this._generation;
  }

  /**
   * Sends a request; the promise settles with the worker's answer. A long request can report
   * progress and be cancelled:
   *
   * ```ts
   * const cancel = new vscode.CancellationTokenSource();
   * try {
   *   const result = await client.request('insight', params, {
   *     token: cancel.token,
   *     onProgress: (fraction) => showProgress(fraction),
   *   });
   * } catch (err) {
   *   if (err instanceof WorkerRequestError && err.code === 'cancelled') {
   *     // cancel.cancel() was called, or a newer `insight` for the same document replaced it
   *   }
   * }
   * ```
   */
  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params'], options: RequestOptions = {}): Promise<RequestMap[M]['result']> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.reject(new WorkerGoneError('the tokenizer worker is stopped'));
    const { token, onProgress, onPartial } = options;
    if (token?.isCancellationRequested) return Promise.reject(new WorkerRequestError('cancelled', `${method} cancelled before it was sent`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cancellation = token?.onCancellationRequested(() => {
        const pending = this.pending.get(id);
        if (!pending) return;
        this.pending.delete(id);
        // The worker's own `cancelled` answer then finds nothing pending and is dropped.
        if (this.worker === worker) this.post(worker, { kind: 'cancel', id });
        pending.reject(new WorkerRequestError('cancelled', `${method} cancelled`));
      });
      this.pending.set(id, {
        resolve: (result) => {
          cancellation?.dispose();
          resolve(result as RequestMap[M]['result']);
        },
        reject: (error) => {
          cancellation?.dispose();
          reject(error);
        },
        onProgress,
        onPartial,
      });
      this.post(worker, { kind: 'request', id, method, params } as HostToWorker);
    });
  }

  notify(message: HostNotification): void {
    const worker = this.ensureWorker();
    if (worker) this.post(worker, message);
  }

  /** Replaces the worker (the user's Restart command): pending requests fail, mirrors are rebuilt. */
  restart(): void {
    this.crashes = [];
    this.stop('restarted');
    this.ensureWorker();
    this.restartEmitter.fire();
  }

  /** Ends the worker as a crash would (tests use it to check recovery). */
  simulateCrash(): Promise<number> | undefined {
    return this.worker?.terminate();
  }

  override dispose(): void {
    this.stop('the extension is shutting down');
    super.dispose();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.isDisposed) return this.worker;
    if (this.crashes.length >= MAX_CRASHES) return undefined;
    const worker = new Worker(this.workerPath, { name: 'tokenscope-tokenizer' });
    this.worker = worker;
    this._generation++;
    worker.on('message', (message: WorkerToHost) => this.onMessage(message));
    worker.on('error', (err) => this.log.error('tokenizer worker error:', err));
    worker.on('exit', (code) => this.onExit(worker, code));
    return worker;
  }

  private post(worker: Worker, message: HostToWorker): void {
    try {
      worker.postMessage(message);
    } catch (err) {
      // Only a message that cannot be cloned gets here: a bug, reported, never swallowed.
      this.log.error('could not post to the tokenizer worker:', err);
      throw err;
    }
  }

  private onMessage(message: WorkerToHost): void {
    switch (message.kind) {
      case 'ready':
        this.log.info(`tokenizer worker ${this._generation} ready`);
        return;
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if ('error' in message) pending.reject(new WorkerRequestError(message.error.code, message.error.message));
        else pending.resolve(message.result);
        return;
      }
      case 'progress':
        this.progressEmitter.fire(message);
        return;
      case 'requestProgress':
        this.pending.get(message.id)?.onProgress?.(message.fraction);
        return;
      case 'requestPartial':
        this.pending.get(message.id)?.onPartial?.(message.result);
        return;
      case 'desync':
        this.log.warn(`mirror of ${message.uri} dropped: ${message.message}`);
        this.desyncEmitter.fire(message);
        return;
    }
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker) return; // an old worker we already replaced
    this.worker = undefined;
    this.failPending(new WorkerGoneError(`the tokenizer worker exited (code ${code})`));
    if (this.isDisposed) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    this.log.error(`tokenizer worker exited unexpectedly (code ${code}); crash ${this.crashes.length} in the last minute`);
    if (this.crashes.length >= MAX_CRASHES) {
      this.stoppedEmitter.fire(vscode.l10n.t('the tokenizer worker crashed {0} times in a minute', String(MAX_CRASHES)));
      return;
    }
    this.ensureWorker();
    this.restartEmitter.fire();
  }

  private stop(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failPending(new WorkerGoneError(`the tokenizer worker was stopped: ${reason}`));
    void worker?.terminate();
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
