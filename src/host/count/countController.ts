import * as vscode from 'vscode';
import { countingTokenizer, type ModelInfo } from '../../core/catalog/models';
import type { CountResult } from '../../worker/protocol';
import type { AnthropicExactCounter, ExactCountEvent } from '../anthropic/anthropicCounter';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { utf8Size } from '../documents/documentSize';
import { documentLength, type DocumentSync } from '../documents/documentSync';
import { hostL10n } from '../platform/l10n';
import { isDesyncError, WorkerGoneError, type WorkerClient } from '../platform/workerClient';

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
  | {
      kind: 'counted';
      document: vscode.TextDocument;
      model: ModelInfo;
      result: CountResult;
      selectionCount: number;
      /** The maker's exact count of the whole text (Anthropic's API, opt-in), once it has answered. */
      apiCount?: { tokens: number; source: string };
      /** A line for the tooltip about the API count (pending, failed, off). */
      apiNote?: string;
    }
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

  /** The last answer of the Anthropic API counter, kept until a newer one replaces it. */
  private lastApiAnswer: ExactCountEvent<ApiKey> | undefined;

  constructor(
    private readonly worker: WorkerClient,
    private readonly sync: DocumentSync,
    private readonly configuration: Configuration,
    private readonly apiCounter?: AnthropicExactCounter<ApiKey>,
  ) {
    super();
    if (apiCounter) {
      this._register(
        apiCounter.onDidCount((answer) => {
          this.lastApiAnswer = answer;
          const s = this._state;
          if (s.kind === 'counted' && sameApiKey(answer.key, apiKeyOf(s.document, s.model))) this.setState({ ...s, ...this.apiView(s.document, s.model, false) });
        }),
      );
    }
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
      // disagree (once per version); after that the worker's exact byte count is checked.
      const length = documentLength(document);
      const bytes = length * 3 <= limitBytes ? length : utf8Size(document);
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
      const result = await this.worker.request('count', { uri: document.uri.toString(), version, tokenizer: countingTokenizer(model), selections });
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
      } else if (stillCurrent) this.setState({ kind: 'counted', document, model, result, selectionCount: selections.length, ...this.apiView(document, model, true) });
      else this.dirty = true;
    } catch (err) {
      if (this.isDisposed) return;
      if (isDesyncError(err)) {
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

  /**
   * The API's exact count of the whole document for a Claude model, when the user turned
   * exact Claude counts on: asks for it (`ask`; the counter sends only after a second of
   * quiet, and never the same text twice) and returns what is known for this version.
   */
  private apiView(document: vscode.TextDocument, model: ModelInfo, ask: boolean): { apiCount?: { tokens: number; source: string }; apiNote?: string } {
    if (!this.apiCounter || model.provider !== 'Anthropic') return {};
    if (!this.apiCounter.enabled) return { apiNote: vscode.l10n.t('Exact Claude counts: off. Turning on {0} sends the text to Anthropic.', 'tokenscope.anthropic.exactCounts') };
    const key = apiKeyOf(document, model);
    if (ask) this.apiCounter.request(key, document.getText());
    const answer = this.lastApiAnswer;
    const sending = vscode.l10n.t('Exact Claude counts are on: this text is sent to Anthropic ({0}).', 'tokenscope.anthropic.exactCounts');
    if (!answer || !sameApiKey(answer.key, key)) return { apiNote: `${sending} ${vscode.l10n.t('Exact count pending (sent about a second after typing stops).')}` };
    if ('tokens' in answer) return { apiCount: { tokens: answer.tokens, source: vscode.l10n.t("Anthropic's token counting API") }, apiNote: sending };
    // The time in the display language, as the rest of the tooltip.
    const retry = answer.error.retryAt ? ` ${vscode.l10n.t('Retrying at {0}.', new Date(answer.error.retryAt).toLocaleTimeString(hostL10n.locale))}` : '';
    return { apiNote: `${sending} ${vscode.l10n.t('No exact count: {0}', answer.error.message)}${retry}` };
  }

  private isWorkerStopped(): boolean {
    return this.stoppedReason !== undefined;
  }

  private showStopped(reason: string): void {
    this.stoppedReason = reason;
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const model = this.configuration.forDocument(editor.document).model;
      this.setState({ kind: 'error', document: editor.document, model, message: vscode.l10n.t('{0}. Run "Tokenscope: Restart Tokenizer Worker" to try again.', reason) });
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('Tokenscope: {0}; counting is paused.', reason), vscode.l10n.t('Restart Worker')).then((choice) => {
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

/** What an Anthropic API count is for: one version of one document, for one model. */
export interface ApiKey {
  readonly uri: string;
  readonly version: number;
  readonly model: string;
}

function apiKeyOf(document: vscode.TextDocument, model: ModelInfo): ApiKey {
  return { uri: document.uri.toString(), version: document.version, model: model.id };
}

function sameApiKey(a: ApiKey, b: ApiKey): boolean {
  return a.uri === b.uri && a.version === b.version && a.model === b.model;
}
