import * as vscode from 'vscode';
import type { Worker } from 'node:worker_threads';
import { startBundleThread } from '../../worker/threadStart';
import type { InsightResult, ErrorCode, WorkerData, HostNotification, HostToWorker, RequestMap, RequestMethod, WorkerToHost } from '../../worker/protocol';
import { Disposable } from './dispose';
import type { Log } from './log';

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

/** The worker has no (current) mirror of the document: re-send it with TrackedDocuments.resend. */
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

/**
 * While requests are pending, the host pings the worker this often. The worker's long work is
 * cut into 20 ms slices with its message loop in between, so a healthy worker answers within
 * a slice; one second keeps the cost invisible (one tiny message a second, only while busy).
 */
const PING_INTERVAL_MS = 1000;

/** What the watchdog gave up on: shown to the user, and refused when asked again. */
export interface AbandonedRequest {
  method: RequestMethod;
  /** The document it was for, when the request names one. */
  uri?: string;
  version?: number;
  tokenizer?: string;
  /** How long the worker had been silent, in ms. */
  silentMs: number;
}

type ProgressMessage = Extract<WorkerToHost, { kind: 'progress' }>;
type DesyncMessage = Extract<WorkerToHost, { kind: 'desync' }>;

interface Pending {
  method: RequestMethod;
  params: unknown;
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
  /** The request id the worker is working on now, written by the worker (src/worker/activity.ts). */
  private readonly activity = new Int32Array(new SharedArrayBuffer(4));
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pingSeq = 0;
  /** When the worker last posted anything (a pong, an answer, progress). */
  private lastHeardAt = 0;
  /** `method uri version tokenizer` of requests the watchdog gave up on: asking again would only hang again. */
  private readonly abandoned = new Set<string>();
  /** The current worker's `ready`: settled by its first message, or by its end. */
  private ready: { promise: Promise<void>; resolve(): void; reject(err: Error): void } | undefined;

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
  private readonly abandonEmitter = this._register(new vscode.EventEmitter<AbandonedRequest>());
  /** The watchdog restarted a worker stuck on one request; the other documents are re-sent and go on. */
  readonly onDidAbandon = this.abandonEmitter.event;

  /**
   * @param watchdogMs how long the worker may stay silent while requests are pending before it
   *   is considered stuck and restarted (read on every check, so a settings change applies at once)
   */
  constructor(
    private readonly workerPath: string,
    private readonly log: Log,
    private readonly watchdogMs: () => number = () => 10_000,
    /** Where Node keeps the worker bundle's compiled code between starts (threadStart.ts); none: compiled at each start. */
    readonly compileCacheDir?: string,
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
    const gaveUp = this.abandoned.has(abandonKey(method, params));
    if (gaveUp) return Promise.reject(new WorkerRequestError('abandoned', `${method} of this version was abandoned earlier (it took too long)`));
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
        method,
        params,
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
      this.startWatchdog();
    });
  }

  notify(message: HostNotification): void {
    const worker = this.ensureWorker();
    if (worker) this.post(worker, message);
  }

  /**
   * Replaces the worker (the user's Restart command): pending requests fail, mirrors are
   * rebuilt. Resolves when the new worker is ready; rejects if it ends or fails first.
   */
  restart(): Promise<void> {
    this.crashes = [];
    this.stop('restarted');
    this.ensureWorker();
    const ready = this.whenReady();
    this.restartEmitter.fire();
    return ready;
  }

  /** Resolves when the current worker has said `ready`; rejects if it ends first, or if there is none (stopped, disposed). */
  whenReady(): Promise<void> {
    return this.ready?.promise ?? Promise.reject(new WorkerGoneError('the tokenizer worker is stopped'));
  }

  /** Ends the worker as a crash would (tests use it to check recovery). */
  simulateCrash(): Promise<number> | undefined {
    return this.worker?.terminate();
  }

  override dispose(): void {
    this.stopWatchdog();
    this.stop('the extension is shutting down');
    super.dispose();
  }

  /**
   * The watchdog: pings the worker while requests are pending. A worker that stays silent past
   * the bound is stuck in one synchronous step (a pathological text for some tokenizer, a
   * tokenizer file that never ends); every other document would wait behind it, so it is
   * restarted, the request it was on is rejected (`abandoned`, and refused if asked again for
   * the same version), the others are rejected as after a crash and asked again once the new
   * worker has the documents.
   */
  private startWatchdog(): void {
    if (this.pingTimer) return;
    this.lastHeardAt = Date.now();
    this.pingTimer = setInterval(() => this.checkWorker(), PING_INTERVAL_MS);
  }

  private stopWatchdog(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private checkWorker(): void {
    const worker = this.worker;
    if (!worker || this.pending.size === 0) return this.stopWatchdog();
    const silentMs = Date.now() - this.lastHeardAt;
    if (silentMs <= this.watchdogMs()) {
      this.post(worker, { kind: 'ping', seq: ++this.pingSeq });
      return;
    }
    const id = Atomics.load(this.activity, 0);
    const stuck = this.pending.get(id);
    const about = subjectOf(stuck?.params);
    const abandoned: AbandonedRequest = { method: stuck?.method ?? 'count', uri: about.uri, version: about.version, tokenizer: about.tokenizer, silentMs };
    this.log.error(`tokenizer worker silent for ${silentMs} ms: restarting it`, {
      request: stuck?.method ?? 'no known request',
      document: about.uri,
      version: about.version,
      tokenizer: about.tokenizer,
      boundMs: this.watchdogMs(),
      setting: 'tokenscope.worker.timeoutSeconds',
    });
    if (stuck) {
      this.pending.delete(id);
      // Bounded: only the last few matter (the documents being looked at now).
      if (this.abandoned.size >= 64) this.abandoned.delete(this.abandoned.values().next().value!);
      // Only a document's request is refused again (a `countFiles` batch names no document: refusing
      // every later batch for one stuck one would stop the Tokens view for good).
      if (about.uri !== undefined) this.abandoned.add(abandonKey(stuck.method, stuck.params));
      stuck.reject(new WorkerRequestError('abandoned', `the tokenizer worker spent over ${Math.round(silentMs / 1000)} s on ${stuck.method} and was restarted`));
    }
    this.stopWatchdog();
    // As a crash: pending requests fail with WorkerGoneError, a new worker starts, listeners
    // re-send the documents and ask again; it counts towards the crash-loop limit. The real
    // exit event comes later and finds the worker already replaced.
    void worker.terminate();
    this.onExit(worker, -1, true);
    this.abandonEmitter.fire(abandoned);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.isDisposed) return this.worker;
    if (this.crashes.length >= MAX_CRASHES) return undefined;
    Atomics.store(this.activity, 0, 0);
    const workerData: WorkerData = { activity: this.activity.buffer as SharedArrayBuffer, ...(this.compileCacheDir ? { compileCacheDir: this.compileCacheDir } : {}) };
    const worker = startBundleThread(this.workerPath, 'tokenscope-tokenizer', workerData);
    this.worker = worker;
    this._generation++;
    this.ready = readySignal();
    worker.on('message', (message: WorkerToHost) => this.onMessage(message));
    worker.on('error', (err) => this.log.error('tokenizer worker error', { worker: this._generation }, err));
    worker.on('exit', (code) => this.onExit(worker, code));
    return worker;
  }

  private post(worker: Worker, message: HostToWorker): void {
    try {
      worker.postMessage(message);
    } catch (err) {
      // Only a message that cannot be cloned gets here: a bug, reported, never swallowed.
      this.log.error('could not post to the tokenizer worker', { message: message.kind }, err);
      throw err;
    }
  }

  private onMessage(message: WorkerToHost): void {
    this.lastHeardAt = Date.now();
    switch (message.kind) {
      case 'pong':
        return;
      case 'ready':
        this.log.info(`tokenizer worker ${this._generation} ready`);
        this.ready?.resolve();
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
        this.log.warn('worker dropped its mirror of a document; sending the whole text again', { document: message.uri, why: message.message });
        this.desyncEmitter.fire(message);
        return;
    }
  }

  /** `stuck`: the watchdog ended it. */
  private onExit(worker: Worker, code: number, stuck = false): void {
    if (worker !== this.worker) return; // an old worker we already replaced
    this.worker = undefined;
    this.ready?.reject(new WorkerGoneError(stuck ? 'it was stuck and ended by the watchdog' : `it exited (code ${code}) before it was ready`));
    this.failPending(new WorkerGoneError(stuck ? 'the tokenizer worker was restarted by the watchdog' : `the tokenizer worker exited (code ${code})`));
    if (this.isDisposed) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    this.log.error(`tokenizer worker ${stuck ? 'was stuck' : `exited unexpectedly (code ${code})`}`, {
      crashesInLastMinute: this.crashes.length,
      next: this.crashes.length >= MAX_CRASHES ? 'not restarted again until "Tokenscope: Restart Tokenizer Worker"' : 'restarting it',
    });
    if (this.crashes.length >= MAX_CRASHES) {
      this.stoppedEmitter.fire(vscode.l10n.t('the tokenizer worker crashed or got stuck {0} times in a minute', String(MAX_CRASHES)));
      return;
    }
    this.ensureWorker();
    this.restartEmitter.fire();
  }

  private stop(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready?.reject(new WorkerGoneError(`it was stopped: ${reason}`));
    this.ready = undefined;
    this.failPending(new WorkerGoneError(`the tokenizer worker was stopped: ${reason}`));
    void worker?.terminate();
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}

/** A promise settled from outside, already handled so that a `ready` nobody waits for never warns. */
function readySignal(): { promise: Promise<void>; resolve(): void; reject(err: Error): void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** What a request is about, for the requests that name a document (all of them today). */
function subjectOf(params: unknown): { uri?: string; version?: number; tokenizer?: string } {
  return (params ?? {}) as { uri?: string; version?: number; tokenizer?: string };
}

/** Identifies a request for the watchdog's refusal list: same method, document version and tokenizer. */
function abandonKey(method: RequestMethod, params: unknown): string {
  const { uri, version, tokenizer } = subjectOf(params);
  return `${method} ${uri} ${version} ${tokenizer}`;
}
