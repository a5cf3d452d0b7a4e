import type { DocumentVersion } from './documentVersion';

/**
 * The one loop for "ask the worker about this document", shared by the status bar count, its
 * CodeLens, the token decorations and the hovers. Written without `vscode` at run time, so it
 * is unit-tested in plain Node with a fake channel (test/unit/documentQuery.test.ts).
 *
 * Two layers:
 * - `DocumentQuery.ask(input, options?)`: ONE request per (document, version, key): two
 *   consumers asking the same thing share one request and its answer; a desync (the worker had
 *   no current mirror) re-sends the mirror and asks once more. The insight panel asks this way,
 *   with options for a long request (progress, a partial answer first, cancellation).
 * - `DocumentQuery.watch(...)`: a consumer's standing question (the active editor's count, one
 *   editor's decorations): at most one request in flight; asked again when the input changed
 *   meanwhile; an answer for an input that is no longer current is dropped, never shown; a
 *   request the worker took down with it is asked again once a new worker is up.
 */

/** How a failed request is treated. */
export type QueryFailure =
  /** The worker has no current mirror of the document: re-send it and ask once more. */
  | 'desync'
  /** The worker went away (crash, watchdog, restart, stopped): ask the next worker. */
  | 'workerGone'
  /** Anything else: the consumer shows it. */
  | 'other';

export interface Unsubscribe {
  dispose(): void;
}

/**
 * What a query needs of the worker and its document mirrors (TrackedDocuments.channel makes one).
 * `O`: what one request may take besides its input (the worker client's RequestOptions).
 */
export interface QueryChannel<I, R, O = never> {
  /** Sends the request for `input`, mirroring its document into the worker first if needed. */
  send(input: I, options?: O): Promise<R>;
  /** Sends the document's full text again: the worker lost its mirror, or it broke. */
  resend(input: I): void;
  failure(error: unknown): QueryFailure;
  /** Increases with each new worker. */
  readonly generation: number;
  /** A new worker is up and mirrors the documents again. */
  onDidRestart(listener: () => void): Unsubscribe;
}

/** Every question is about one version of one document. */
export interface QueryInput {
  readonly at: DocumentVersion;
}

/**
 * Answers kept per document, for its newest version only. 8: the status bar and the CodeLens
 * ask for the same whole-file count; a few selections of the same version, or an editor split
 * in two showing different ranges, are the rest. Anything past that is asked again.
 */
const ANSWERS_PER_DOCUMENT = 8;

interface Answer<R> {
  readonly version: number;
  readonly promise: Promise<R>;
}

/** A consumer's standing question; see DocumentQuery.watch. */
export interface WatchOptions<I, R> {
  /** What the consumer wants asked now; undefined when nothing (the consumer shows why itself). */
  current(): I | undefined;
  /**
   * Whether an answer for `input` may still be shown. Default: `current()` asks the same thing.
   * A consumer may ignore what the next refresh asks anyway (the decorator: its visible ranges).
   */
  isCurrent?(input: I): boolean;
  /** A request starts (the count starts its spinner delay). */
  onStart?(input: I): void;
  /** The answer for `input`, which is current. */
  onAnswer(input: I, result: R): void;
  /** The request for `input`, which is current, failed (not a desync retried, not a gone worker). */
  onError(input: I, error: unknown): void;
  /** The request for `input` settled, however. */
  onSettled?(input: I): void;
}

/** Coalesced, shared requests of one kind (one worker method) about documents. */
export class DocumentQuery<I extends QueryInput, R, O = never> {
  /** uri → `version key` → the request, pending or answered. */
  private readonly answers = new Map<string, Map<string, Answer<R>>>();
  private sent = 0;

  /**
   * @param keyOf what, besides the document version, tells two questions apart (tokenizer,
   *   selections, ranges): equal keys of the same version share one request and answer
   */
  constructor(
    private readonly channel: QueryChannel<I, R, O>,
    private readonly keyOf: (input: I) => string,
  ) {}

  /** Requests sent to the worker so far, retries included (tests: a kept answer sends none). */
  get requestsSent(): number {
    return this.sent;
  }

  /**
   * The answer for `input`: the one already asked for, or a new request. `options` go with a
   * new request only: an asker that joins a request in flight shares its answer, not its
   * progress, and cancelling a request fails it for everyone waiting on it (then the next ask
   * sends again). Only the insight panel passes options, and it is the only one asking its method.
   */
  ask(input: I, options?: O): Promise<R> {
    const { uri, version } = input.at;
    const key = `${version}\u0000${this.keyOf(input)}`;
    let byKey = this.answers.get(uri);
    const known = byKey?.get(key);
    if (known) return known.promise;
    if (!byKey) this.answers.set(uri, (byKey = new Map()));
    // Nobody asks about an older version again: its answers only take memory.
    for (const [k, a] of byKey) if (a.version < version) byKey.delete(k);
    if (byKey.size >= ANSWERS_PER_DOCUMENT) byKey.delete(byKey.keys().next().value!);
    const answer: Answer<R> = { version, promise: this.send(input, options) };
    byKey.set(key, answer);
    // A failure is not an answer: the next ask sends again. Registered before any asker's
    // handler, so it has run by the time an asker sees the failure and asks again.
    answer.promise.catch(() => {
      if (this.answers.get(uri)?.get(key) === answer) byKey.delete(key);
    });
    return answer.promise;
  }

  /** Drops what is known about a document (closed). */
  forget(uri: string): void {
    this.answers.delete(uri);
  }

  /** Drops every answer (settings changed, a new worker with other tokenizer files). */
  clear(): void {
    this.answers.clear();
  }

  /**
   * A standing question: see WatchOptions. Its inputs may carry more than the query needs
   * (`J`: the count's model, the decorator's colouring). Dispose it when the consumer goes.
   */
  watch<J extends I>(options: WatchOptions<J, R>): QueryWatch<J, R> {
    return new QueryWatch<J, R>(
      (input) => this.ask(input),
      this.channel,
      (a, b) => a.at.equals(b.at) && this.keyOf(a) === this.keyOf(b),
      options,
    );
  }

  private async send(input: I, options: O | undefined): Promise<R> {
    try {
      this.sent++;
      return await this.channel.send(input, options);
    } catch (err) {
      if (this.channel.failure(err) !== 'desync') throw err;
      this.channel.resend(input);
      this.sent++;
      return this.channel.send(input, options);
    }
  }
}

/** One consumer's question, kept current: at most one request in flight. */
export class QueryWatch<I, R> implements Unsubscribe {
  private inFlight = false;
  private dirty = false;
  /** The last request failed with the worker gone and no new worker was up yet. */
  private waitingForRestart = false;
  private disposed = false;
  private readonly restartListener: Unsubscribe;

  constructor(
    private readonly ask: (input: I) => Promise<R>,
    private readonly channel: Pick<QueryChannel<unknown, R, unknown>, 'failure' | 'generation' | 'onDidRestart'>,
    private readonly sameQuestion: (a: I, b: I) => boolean,
    private readonly options: WatchOptions<I, R>,
  ) {
    this.restartListener = channel.onDidRestart(() => {
      if (this.waitingForRestart) this.refresh();
    });
  }

  /** Whether a request is in flight. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** Asks again for what `current()` says now; while a request is in flight, once it settles. */
  refresh(): void {
    if (this.disposed) return;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.waitingForRestart = false;
    const input = this.options.current();
    if (input) void this.run(input);
  }

  dispose(): void {
    this.disposed = true;
    this.restartListener.dispose();
  }

  private async run(input: I): Promise<void> {
    this.inFlight = true;
    this.dirty = false;
    const generation = this.channel.generation;
    this.options.onStart?.(input);
    try {
      const result = await this.ask(input);
      if (this.disposed) return;
      if (this.isCurrent(input)) this.options.onAnswer(input, result);
      else this.dirty = true;
    } catch (err) {
      if (this.disposed) return;
      if (!this.isCurrent(input)) this.dirty = true;
      else if (this.channel.failure(err) === 'workerGone') {
        // A new worker that is already up gets the question now; otherwise the next one does
        // (none comes while the worker is stopped after repeated crashes, until the user restarts it).
        if (this.channel.generation !== generation) this.dirty = true;
        else this.waitingForRestart = true;
      } else this.options.onError(input, err);
    } finally {
      this.inFlight = false;
      if (!this.disposed) this.options.onSettled?.(input);
    }
    if (this.dirty && !this.disposed) this.refresh();
  }

  private isCurrent(input: I): boolean {
    if (this.options.isCurrent) return this.options.isCurrent(input);
    const now = this.options.current();
    return now !== undefined && this.sameQuestion(now, input);
  }
}
