import * as vscode from 'vscode';
import type { ModelInfo } from '../core/models';
import type { CountResult } from '../worker/protocol';
import type { Configuration } from './configuration';
import { Disposable } from './dispose';
import { documentLength, type DocumentSync } from './documentSync';
import { WorkerGoneError, WorkerRequestError, type WorkerClient } from './workerClient';

/**
 * A count that has not come back after this long shows a spinner instead of the previous
 * number. 150 ms: counts of ordinary files answer in 1-5 ms, so the spinner never flickers
 * while typing, yet a user waiting on a big file sees at once that work is under way.
 */
const SPINNER_DELAY_MS = 150;

/** What the active editor's count is, as the status bar shows it. */
export type CountState =
  | { kind: 'none' }
  | { kind: 'counting'; document: vscode.TextDocument; model: ModelInfo; fraction?: number }
  | { kind: 'counted'; document: vscode.TextDocument; model: ModelInfo; result: CountResult; selectionCount: number }
  | { kind: 'tooLarge'; document: vscode.TextDocument; model: ModelInfo; bytes: number; limitMB: number }
  | { kind: 'error'; document: vscode.TextDocument; model: ModelInfo; message: string };

/**
 * Keeps the count of the active editor (and its selections) current. Requests are coalesced:
 * at most one is in flight; anything that changes meanwhile marks it dirty and one more
 * request follows. An answer is shown only if it is for the document's current version, the
 * current model and the current selections: stale answers are dropped, never shown.
 */
export class CountController extends Disposable {
  private readonly stateEmitter = this._register(new vscode.EventEmitter<CountState>());
  readonly onDidChangeState = this.stateEmitter.event;
  private _state: CountState = { kind: 'none' };
  private inFlight = false;
  private dirty = false;
  private spinnerTimer: NodeJS.Timeout | undefined;
  /** Set while the worker is stopped after repeated crashes. */
  private stoppedReason: string | undefined;

  constructor(
    private readonly worker: WorkerClient,
    private readonly sync: DocumentSync,
    private readonly configuration: Configuration,
  ) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.refresh(true)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.refresh();
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.refresh();
      }),
    );
    this._register(configuration.onDidChange(() => this.refresh(true)));
    this._register(
      worker.onDidRestart(() => {
        this.stoppedReason = undefined;
        this.refresh(true);
      }),
    );
    this._register(worker.onDesync(() => this.refresh()));
    this._register(worker.onDidStop((reason) => this.showStopped(reason)));
    this._register(
      worker.onProgress((p) => {
        const s = this._state;
        if (s.kind === 'counting' && s.document.uri.toString() === p.uri) this.setState({ ...s, fraction: p.fraction });
      }),
    );
    this._register({ dispose: () => clearTimeout(this.spinnerTimer) });
    this.refresh(true);
  }

  get state(): CountState {
    return this._state;
  }

  /**
   * Asks for a fresh count of the active editor. `reset` (editor switch, model change):
   * the previous number belongs to something else, so show the spinner right away.
   */
  refresh(reset = false): void {
    if (this.isDisposed) return;
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      this.setState({ kind: 'none' });
      return;
    }
    if (reset) {
      const model = this.configuration.forDocument(editor.document).model;
      const shown = this._state;
      if (shown.kind === 'none' || shown.document !== editor.document || shown.model.id !== model.id) {
        this.setState({ kind: 'counting', document: editor.document, model });
      }
    }
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    void this.countActive(editor);
  }

  private async countActive(editor: vscode.TextEditor): Promise<void> {
    const document = editor.document;
    const settings = this.configuration.forDocument(document);
    const model = settings.model;
    const limitBytes = settings.maxFileSizeMB * 1024 * 1024;
    if (!this.sync.isMirrored(document)) {
      // UTF-8 takes 1 to 3 bytes per UTF-16 unit: measure exactly only when the bounds
      // disagree, and only once; after that the worker's exact byte count is checked.
      const length = documentLength(document);
      const bytes = length * 3 <= limitBytes ? length : Buffer.byteLength(document.getText(), 'utf8');
      if (bytes > limitBytes) {
        this.setState({ kind: 'tooLarge', document, model, bytes, limitMB: settings.maxFileSizeMB });
        return;
      }
    }
    const selections = selectionRanges(editor);
    const version = document.version;
    const selectionKey = JSON.stringify(selections);

    this.inFlight = true;
    this.dirty = false;
    clearTimeout(this.spinnerTimer);
    this.spinnerTimer = setTimeout(() => {
      if (this.inFlight) this.setState({ kind: 'counting', document, model });
    }, SPINNER_DELAY_MS);
    try {
      this.sync.ensureMirrored(document);
      const result = await this.worker.request('count', { uri: document.uri.toString(), version, encoding: model.encoding, selections });
      if (this.isDisposed) return;
      const now = vscode.window.activeTextEditor;
      const stillCurrent =
        now?.document === document &&
        result.version === document.version &&
        JSON.stringify(selectionRanges(now)) === selectionKey &&
        this.configuration.forDocument(document).model.id === model.id;
      if (result.bytes > limitBytes) {
        this.sync.forget(document.uri.toString());
        this.setState({ kind: 'tooLarge', document, model, bytes: result.bytes, limitMB: settings.maxFileSizeMB });
      } else if (stillCurrent) this.setState({ kind: 'counted', document, model, result, selectionCount: selections.length });
      else this.dirty = true;
    } catch (err) {
      if (this.isDisposed) return;
      if (err instanceof WorkerRequestError && (err.code === 'unknownDocument' || err.code === 'outOfSync')) {
        this.sync.resend(document);
        this.dirty = true;
      } else if (err instanceof WorkerGoneError) {
        // A restart follows (and refreshes) unless the worker was stopped for good.
        this.dirty = this.worker.generation > 0 && !this.isWorkerStopped();
      } else {
        this.setState({ kind: 'error', document, model, message: err instanceof Error ? err.message : String(err) });
      }
    } finally {
      this.inFlight = false;
      clearTimeout(this.spinnerTimer);
    }
    if (this.dirty) {
      this.dirty = false;
      this.refresh();
    }
  }

  private isWorkerStopped(): boolean {
    return this.stoppedReason !== undefined;
  }

  private showStopped(reason: string): void {
    this.stoppedReason = reason;
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const model = this.configuration.forDocument(editor.document).model;
      this.setState({ kind: 'error', document: editor.document, model, message: `${reason}. Run "Tokenscope: Restart Tokenizer Worker" to try again.` });
    }
    void vscode.window.showErrorMessage(`Tokenscope: ${reason}; counting is paused.`, 'Restart Worker').then((choice) => {
      if (choice) {
        this.stoppedReason = undefined;
        this.worker.restart();
      }
    });
  }

  private setState(state: CountState): void {
    this._state = state;
    this.stateEmitter.fire(state);
  }
}

/** The editor's non-empty selections as [start, end) document offsets. */
function selectionRanges(editor: vscode.TextEditor): Array<[number, number]> {
  const document = editor.document;
  return editor.selections.filter((s) => !s.isEmpty).map((s): [number, number] => [document.offsetAt(s.start), document.offsetAt(s.end)]);
}
