import * as vscode from 'vscode';
import type { TextEdit } from '../../core/incremental/blockStore';
import { Disposable } from '../platform/dispose';
import type { RequestMap, RequestMethod } from '../../worker/protocol';
import { isDesyncError, type WorkerClient } from '../platform/workerClient';

/** Offset just past the last character: the document's length, without copying its text. */
export function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

/**
 * Mirrors documents into the worker the way LSP incremental sync does: the full text once,
 * when a document is first needed, then only VS Code's contentChanges with the version.
 * Documents nobody asked about are never sent.
 */
export class DocumentSync extends Disposable {
  /** uri → the version the worker's mirror is at. */
  private readonly mirrored = new Map<string, number>();

  constructor(private readonly worker: WorkerClient) {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString(), true)));
    this._register(worker.onDesync((m) => this.mirrored.delete(m.uri)));
    this._register(
      worker.onDidRestart(() => {
        // The new worker mirrors nothing: re-send what the old one had and is still open.
        const uris = new Set(this.mirrored.keys());
        this.mirrored.clear();
        for (const document of vscode.workspace.textDocuments) {
          if (uris.has(document.uri.toString())) this.ensureMirrored(document);
        }
      }),
    );
  }

  /**
   * Sends a request about `document`, mirroring it first; when the worker had no current
   * mirror (a restarted worker), re-sends the text and asks once more.
   */
  async request<M extends RequestMethod>(document: vscode.TextDocument, method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    try {
      this.ensureMirrored(document);
      return await this.worker.request(method, params);
    } catch (err) {
      if (!isDesyncError(err)) throw err;
      this.resend(document);
      return this.worker.request(method, params);
    }
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
  forget(uri: string, notify = true): void {
    if (this.mirrored.delete(uri) && notify) this.worker.notify({ kind: 'close', uri });
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const version = this.mirrored.get(uri);
    if (version === undefined || version === e.document.version) return;
    if (e.contentChanges.length === 0) {
      // Version moved without text edits we can replay (e.g. an end-of-line sequence
      // change rewrites every line ending): re-send the text rather than guess.
      this.resend(e.document);
      return;
    }
    const changes: TextEdit[] = e.contentChanges.map((c) => ({ offset: c.rangeOffset, deleteCount: c.rangeLength, insert: c.text }));
    this.worker.notify({ kind: 'change', uri, version: e.document.version, changes, length: documentLength(e.document) });
    this.mirrored.set(uri, e.document.version);
  }
}
