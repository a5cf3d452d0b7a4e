import * as vscode from 'vscode';
import type { TextEdit } from '../../core/incremental/blockStore';
import type { RequestMap, RequestMethod } from '../../worker/protocol';
import type { SettingArea } from '../../core/catalog/settingsSchema';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { isDesyncError, WorkerGoneError, type RequestOptions, type WorkerClient } from '../platform/workerClient';
import { DocumentQuery, type QueryChannel, type QueryFailure, type QueryInput } from './documentQuery';
import { DocumentVersion } from './documentVersion';

export { DocumentVersion } from './documentVersion';

/** What of the worker client the mirrors use (a fake in the unit tests). */
export type MirrorWorker = Pick<WorkerClient, 'notify' | 'request' | 'onDesync' | 'onDidRestart' | 'generation'>;

/** A tracked document changed; the worker's mirror (if it has one) is already at `at`. */
export interface TrackedChange {
  readonly document: vscode.TextDocument;
  readonly at: DocumentVersion;
}

/** Whether a document is small enough to count (`tokenscope.maxFileSizeMB`). */
export type SizeVerdict = { readonly fits: true } | { readonly fits: false; readonly bytes: number; readonly limitMB: number };

/** A question about a document for a DocumentQuery: the document itself rides along. */
export interface DocumentInput extends QueryInput {
  readonly document: vscode.TextDocument;
}

/** Offset just past the last character: the document's length, without copying its text. */
export function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

/** UTF-8 sizes by document and version: measuring a 50 MB document costs ~50 ms. */
const sizes = new WeakMap<vscode.TextDocument, { version: number; bytes: number }>();

function utf8Size(document: vscode.TextDocument): number {
  const known = sizes.get(document);
  if (known && known.version === document.version) return known.bytes;
  const bytes = Buffer.byteLength(document.getText(), 'utf8');
  sizes.set(document, { version: document.version, bytes });
  return bytes;
}

/**
 * Whether a document's UTF-8 size is within `limitBytes`. UTF-8 takes 1-3 bytes per UTF-16
 * unit, so the text is measured only when those bounds disagree, and then once per version.
 * (For the insight panel until it asks TrackedDocuments.sizeVerdict; see the pipeline notes.)
 */
export function fitsSizeLimit(document: vscode.TextDocument, limitBytes: number): boolean {
  const length = documentLength(document);
  if (length * 3 <= limitBytes) return true;
  if (length > limitBytes) return false;
  return utf8Size(document) <= limitBytes;
}

/**
 * The documents Tokenscope works on, and their mirrors in the worker, the way LSP incremental
 * sync keeps them: the full text once, when a document is first asked about, then only VS
 * Code's contentChanges with the version. Documents nobody asked about are never sent.
 *
 * The one listener of VS Code's document events: consumers subscribe to `onDidChange`, which
 * fires after the worker's mirror has the change, so a request made from it never needs a
 * full re-send, whatever order the services were built in.
 */
export class TrackedDocuments extends Disposable {
  /** uri → the version the worker's mirror is at. */
  private readonly mirrored = new Map<string, number>();
  private readonly changeEmitter = this._register(new vscode.EventEmitter<TrackedChange>());
  /** A tracked document's text changed (after its mirror was updated). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly closeEmitter = this._register(new vscode.EventEmitter<string>());
  /** A document was closed (its uri); its mirror is gone. */
  readonly onDidClose = this.closeEmitter.event;
  private readonly restartEmitter = this._register(new vscode.EventEmitter<void>());
  /** A new worker replaced a dead one and has the open documents' mirrors again. */
  readonly onDidRestart = this.restartEmitter.event;
  private readonly desyncEmitter = this._register(new vscode.EventEmitter<string>());
  /** The worker dropped its mirror of a document (its uri); the next request re-sends it. */
  readonly onDidDesync = this.desyncEmitter.event;

  constructor(
    private readonly worker: MirrorWorker,
    private readonly configuration: Pick<Configuration, 'forDocument' | 'onDidChange'>,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        const uri = d.uri.toString();
        this.forget(uri);
        this.closeEmitter.fire(uri);
      }),
    );
    this._register(
      worker.onDesync((m) => {
        this.mirrored.delete(m.uri);
        this.desyncEmitter.fire(m.uri);
      }),
    );
    this._register(
      worker.onDidRestart(() => {
        // The new worker mirrors nothing: re-send what the old one had and is still open.
        const uris = new Set(this.mirrored.keys());
        this.mirrored.clear();
        for (const document of vscode.workspace.textDocuments) {
          if (uris.has(document.uri.toString())) this.ensureMirrored(document);
        }
        this.restartEmitter.fire();
      }),
    );
  }

  /**
   * Whether Tokenscope works on this document at all: not an output channel (logs that change
   * all the time, never worth tokenizing), and within the size limit.
   */
  isTracked(document: vscode.TextDocument): boolean {
    return document.uri.scheme !== 'output' && this.sizeVerdict(document).fits;
  }

  /** The size limit that applies to `document`, in bytes (derived once, in the settings snapshot). */
  limitBytes(document: vscode.TextDocument): number {
    return this.configuration.forDocument(document).maxFileBytes;
  }

  /** The limit in megabytes as the user wrote it, for messages. */
  private limitMB(document: vscode.TextDocument): number {
    return this.configuration.forDocument(document).maxFileSizeMB;
  }

  /**
   * Whether `document` may be sent to the worker. A mirrored document was measured when it was
   * sent; after that the worker's exact byte count of each answer is checked (checkSize).
   */
  sizeVerdict(document: vscode.TextDocument): SizeVerdict {
    if (this.mirrored.has(document.uri.toString())) return { fits: true };
    const limitBytes = this.limitBytes(document);
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit: measure exactly only when the bounds disagree.
    const length = documentLength(document);
    if (length * 3 <= limitBytes) return { fits: true };
    const bytes = utf8Size(document);
    return bytes <= limitBytes ? { fits: true } : { fits: false, bytes, limitMB: this.limitMB(document) };
  }

  /**
   * Checks the worker's exact UTF-8 size of a mirrored document against the limit: a document
   * that grew past it is no longer mirrored, and the verdict says by how much.
   */
  checkSize(document: vscode.TextDocument, bytes: number): SizeVerdict {
    const limitBytes = this.limitBytes(document);
    if (bytes <= limitBytes) return { fits: true };
    this.forget(document.uri.toString());
    return { fits: false, bytes, limitMB: this.limitMB(document) };
  }

  isMirrored(document: vscode.TextDocument): boolean {
    return this.mirrored.get(document.uri.toString()) === document.version;
  }

  /** Sends the full text unless the worker already mirrors this version. */
  ensureMirrored(document: vscode.TextDocument): void {
    if (this.isMirrored(document)) return;
    this.resend(document);
  }

  /** Sends the full text again (after the worker reported the mirror missing or broken). */
  resend(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    this.worker.notify({ kind: 'open', uri, version: document.version, text: document.getText() });
    this.mirrored.set(uri, document.version);
  }

  /** Stops mirroring a document (closed, or too large to count). */
  forget(uri: string): void {
    if (this.mirrored.delete(uri)) this.worker.notify({ kind: 'close', uri });
  }

  /**
   * A shared, coalesced query of one worker method (see documentQuery.ts): answers are dropped
   * when the document closes, the settings change or a new worker starts (it may have read
   * other tokenizer files). Those listeners are registered here, before any consumer can hold
   * the query, so they run before a consumer's own listener on the same events asks again.
   */
  query<M extends RequestMethod, I extends DocumentInput>(
    method: M,
    paramsOf: (input: I) => RequestMap[M]['params'],
    keyOf: (input: I) => string,
    settingsAreas: readonly SettingArea[] = ['model', 'fileSize'],
  ): DocumentQuery<I, RequestMap[M]['result'], RequestOptions> {
    const query = new DocumentQuery(this.channel(method, paramsOf), keyOf);
    this._register(this.onDidClose((uri) => query.forget(uri)));
    this._register(this.onDidRestart(() => query.clear()));
    this._register(this.configuration.onDidChange((e) => e.affects(...settingsAreas) && query.clear()));
    return query;
  }

  /** The worker seen through the mirrors, for one method. */
  channel<M extends RequestMethod, I extends DocumentInput>(method: M, paramsOf: (input: I) => RequestMap[M]['params']): QueryChannel<I, RequestMap[M]['result'], RequestOptions> {
    const worker = this.worker;
    return {
      send: async (input, options) => {
        this.ensureMirrored(input.document);
        return worker.request(method, paramsOf(input), options);
      },
      resend: (input) => this.resend(input.document),
      failure: failureOf,
      get generation() {
        return worker.generation;
      },
      onDidRestart: (listener) => this.onDidRestart(listener),
    };
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const document = e.document;
    if (document.uri.scheme === 'output') return;
    const uri = document.uri.toString();
    const version = this.mirrored.get(uri);
    if (version !== undefined && version !== document.version) {
      if (e.contentChanges.length === 0) {
        // Version moved without text edits we can replay (e.g. an end-of-line sequence
        // change rewrites every line ending): re-send the text rather than guess.
        this.resend(document);
      } else {
        const changes: TextEdit[] = e.contentChanges.map((c) => ({ offset: c.rangeOffset, deleteCount: c.rangeLength, insert: c.text }));
        this.worker.notify({ kind: 'change', uri, version: document.version, changes, length: documentLength(document) });
        this.mirrored.set(uri, document.version);
      }
    }
    this.changeEmitter.fire({ document, at: DocumentVersion.of(document) });
  }
}

function failureOf(error: unknown): QueryFailure {
  if (isDesyncError(error)) return 'desync';
  if (error instanceof WorkerGoneError) return 'workerGone';
  return 'other';
}
