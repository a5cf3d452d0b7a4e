/**
 * The tokenizer worker's server: mirrors open documents and answers the host's requests. It
 * owns all of the worker's state (mirrors, jobs, tokenizers); worker.ts only wires it to the
 * thread's port, and a unit test can run it in its own process.
 */
import { assertNever } from '../core/assertNever';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { ActivityMark } from './activity';
import { BoundaryRequests } from './boundaryRequests';
import { CountRequests } from './countRequests';
import { DocumentMirror, OutOfSyncError } from './documentMirror';
import { FileRequests } from './fileRequests';
import { InsightJobs } from './insightJob';
import { LongJobs } from './longJobs';
import { DatasetJobs } from './datasetWork';
import { LintRequests } from './lintRequests';
import type { HelperPool } from './helperPool';
import type { HostNotification, HostToWorker, RequestMap, RequestMethod, WorkerToHost } from './protocol';
import { errorMessage, type ServerContext } from './serverContext';
import { SliceScheduler } from './sliceScheduler';

/**
 * Work on a big document is done in slices of this many ms, reading messages in between, so
 * edits and requests for small files are served while a 50 MB file is being counted. 20 ms
 * keeps the queueing delay of a keystroke under a frame while costing < 1% in scheduling.
 */
export const SLICE_MS = 20;

/**
 * One handler per request method of the protocol. A mapped type over RequestMap: a method
 * added to the protocol without a handler here is a compile error.
 */
export type RequestHandlers = { readonly [M in RequestMethod]: (id: number, params: RequestMap[M]['params']) => void };

/** A request message of method `M`, as HostToWorker carries it. */
type RequestMessage<M extends RequestMethod> = { kind: 'request'; id: number; method: M; params: RequestMap[M]['params'] };

export interface TokenizerServerOptions {
  /** Where tokenizers come from: the worker's reads dist/, a test's may read anything. */
  readonly tokenizers: TokenizerRegistry;
  /** Sends a message to the host; `transfer` lists buffers made for this message alone. */
  readonly post: (message: WorkerToHost, transfer?: ArrayBuffer[]) => void;
  /** The watchdog's view of the request being worked on (WorkerData.activity); private without it. */
  readonly activity?: ActivityMark;
  /** Counting helpers for the insight panel's side-by-side counts; without them the worker counts those itself. */
  readonly pool?: HelperPool;
  /** Length of one slice; SLICE_MS unless a test wants another. */
  readonly sliceMs?: number;
}

/**
 * Handles the host's messages in order: notifications change the mirrors at once, requests
 * start work in the slice scheduler (counts first, then boundaries, then insight).
 */
export class TokenizerServer {
  private readonly documents = new Map<string, DocumentMirror>();
  private readonly context: ServerContext;
  private readonly activity: ActivityMark;
  private readonly longJobs: LongJobs;
  private readonly files: FileRequests;
  private readonly handlers: RequestHandlers;

  constructor(options: TokenizerServerOptions) {
    this.activity = options.activity ?? new ActivityMark();
    this.context = {
      documents: this.documents,
      tokenizers: options.tokenizers,
      scheduler: new SliceScheduler(this.activity, options.sliceMs ?? SLICE_MS),
      post: options.post,
      ...(options.pool ? { pool: options.pool } : {}),
    };
    const counts = new CountRequests(this.context);
    const boundaries = new BoundaryRequests(this.context);
    this.longJobs = new LongJobs(this.context);
    const insights = new InsightJobs(this.context, this.longJobs);
    const datasets = new DatasetJobs(this.context, this.longJobs);
    this.files = new FileRequests(this.context);
    const lint = new LintRequests(this.context);
    this.handlers = {
      count: (id, params) => counts.start(id, params),
      tokensInRange: (id, params) => boundaries.tokensInRange(id, params),
      tokenDetails: (id, params) => boundaries.tokenDetails(id, params),
      insight: (id, params) => insights.start(id, params),
      countFiles: (id, params) => this.files.start(id, params),
      dataset: (id, params) => datasets.start(id, params),
      lint: (id, params) => lint.lint(id, params),
    };
  }

  /** Handles one message from the host. Throws only on a bug (the worker then ends and is restarted). */
  handle(message: HostToWorker): void {
    if (message.kind === 'request') this.activity.workingOn(message.id, () => dispatch(this.handlers, message));
    else this.onNotification(message);
  }

  private onNotification(message: HostNotification): void {
    switch (message.kind) {
      case 'open':
        this.documents.set(message.uri, new DocumentMirror(message.version, message.text, this.context.tokenizers));
        return;
      case 'change': {
        const doc = this.documents.get(message.uri);
        if (!doc) return; // the count request that follows will say `unknownDocument`
        try {
          doc.applyChanges(message.version, message.changes, message.length);
        } catch (err) {
          // A broken mirror is dropped, never used: the host re-sends the full text.
          this.documents.delete(message.uri);
          this.context.post({ kind: 'desync', uri: message.uri, message: errorMessage(err) });
          if (!(err instanceof OutOfSyncError)) throw err;
        }
        return;
      }
      case 'close':
        this.documents.delete(message.uri);
        return;
      case 'cancel':
        this.longJobs.cancel(message.id);
        this.files.cancel(message.id);
        return;
      case 'ping':
        this.context.post({ kind: 'pong', seq: message.seq });
        return;
      default:
        assertNever(message);
    }
  }
}

function dispatch<M extends RequestMethod>(handlers: RequestHandlers, message: RequestMessage<M>): void {
  handlers[message.method](message.id, message.params);
}
