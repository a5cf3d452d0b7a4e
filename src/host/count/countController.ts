import * as vscode from 'vscode';
import { countedModel, isExact, modelTokens, type ModelInfo } from '../../core/catalog/models';
import type { CalibrationSamples } from '../../core/providers/selfCalibration';
import type { ApiCountView } from '../../core/present/countFormat';
import type { CountResult } from '../../worker/protocol';
import { noKeyMessage, type ExactCountEvent, type ProviderCounters } from '../providers/providerCounter';
import { exactCountsSetting, setKeyCommandTitle } from '../providers/providerSettings';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import type { QueryWatch } from '../documents/documentQuery';
import type { TrackedDocuments } from '../documents/trackedDocuments';
import { Commands } from '../platform/ids';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import { notifyFailure } from '../platform/notices';
import type { WorkerClient } from '../platform/workerClient';
import { modelCountInput, type CountInput, type CountQuery } from './countQuery';
import { settingOfFile, TokenizerFallbackNotice } from './tokenizerFallbackNotice';
import { BINARY_SNIFF_BYTES, isBinaryText } from '../../core/files/binaryContent';

/**
 * A count that has not come back after this long marks the number shown as stale (a spinner in
 * place of its icon; the number stays, so the item keeps its width). 150 ms: counts of ordinary
 * files answer in 1-5 ms, so the spinner never flickers while typing, yet a user waiting on a
 * big file sees at once that work is under way.
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
      /** The maker's count of the whole text (its token-counting API, opt-in), once it has answered. */
      apiCount?: ApiCountView;
      /** A line for the tooltip about the API count (pending, failed, off). */
      apiNote?: string;
      /**
       * A line for the tooltip when the model's tokenizer file could not be used and `model`
       * (its counting replaced by the fallback) is the `≈` approximation: which file, why, and
       * a link to the setting (Markdown, escaped).
       */
      fallbackNote?: string;
      /**
       * The text (or the selection, or the API count) changed since this count: a newer one is
       * on its way, with its progress when the worker reports one.
       */
      stale?: { fraction?: number };
    }
  /** Not counted: binary content (isBinaryText, the rule the CLI applies). */
  | { kind: 'binary'; document: vscode.TextDocument; model: ModelInfo }
  | { kind: 'tooLarge'; document: vscode.TextDocument; model: ModelInfo; bytes: number; limitMB: number }
  /**
   * Not counted: the worker failed this request, or stopped. `workerStopped`: after repeated
   * crashes the worker is off until restarted, so a restart is the next step; for any other
   * failure (say, a run of text too long for the tokenizer) a restart would fail the same way.
   */
  | { kind: 'error'; document: vscode.TextDocument; model: ModelInfo; message: string; workerStopped?: boolean };

/** The active editor's count question: the model rides along for the state it produces. */
interface ActiveCount extends CountInput {
  readonly model: ModelInfo;
}

/**
 * Keeps the count of the active editor (and its selections) current, through the shared count
 * query (documentQuery.ts): at most one request in flight, asked again when anything changed
 * meanwhile. An answer is shown only if it is for the document's current version, the current
 * model and the current selections: stale answers are dropped, never shown.
 */
export class CountController extends Disposable {
  private readonly stateEmitter = this._register(new vscode.EventEmitter<CountState>());
  readonly onDidChangeState = this.stateEmitter.event;
  private _state: CountState = { kind: 'none' };
  private spinnerTimer: NodeJS.Timeout | undefined;
  private readonly watch: QueryWatch<ActiveCount, CountResult>;

  /** The last answer of a provider's counter, kept until a newer one replaces it. */
  private lastApiAnswer: ExactCountEvent<ApiKey> | undefined;
  private readonly fallbackNotice: TokenizerFallbackNotice;
  /** The last count failure logged (document, model, reason). */
  private lastLoggedError: string | undefined;

  constructor(
    worker: Pick<WorkerClient, 'onDidStop' | 'onProgress'>,
    private readonly tracked: TrackedDocuments,
    counts: CountQuery,
    private readonly configuration: Configuration,
    private readonly log: Log,
    private readonly providers?: ProviderCounters<ApiKey>,
    /** Told of every provider count of an approximated model: what per-script calibration may learn from. */
    private readonly calibration?: CalibrationSamples<ModelInfo>,
  ) {
    super();
    this.fallbackNotice = new TokenizerFallbackNotice(log);
    this.watch = this._register(
      counts.watch<ActiveCount>({
        current: () => this.activeCount(),
        isCurrent: (input) => this.isCurrent(input),
        onStart: (input) => this.startSpinnerDelay(input),
        onSettled: () => clearTimeout(this.spinnerTimer),
        onAnswer: (input, result) => this.show(input, result),
        onError: (input, err) => this.showError(input, err),
      }),
    );
    for (const counter of providers?.all ?? []) {
      this._register(
        counter.onDidCount((answer) => {
          this.lastApiAnswer = answer;
          const s = this._state;
          if (s.kind !== 'counted' || !sameApiKey(answer.key, apiKeyOf(s.document, counter.spec.apiModel(s.model)))) return;
          this.setState({ ...s, ...this.apiView(s.document, s.model, false) });
          // Once per text counted (an answer from memory was reported when it first came).
          if ('tokens' in answer && !answer.cached && !isExact(s.model) && s.result.version === answer.key.version) {
            const mix = s.result.scriptMix;
            this.calibration?.report(s.model, { localEstimate: modelTokens(s.model, s.result.tokens, mix), providerCount: answer.tokens, mix, framing: counter.spec.framing });
          }
        }),
      );
    }
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.refresh(true)));
    this._register(
      tracked.onDidChange((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.refresh();
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) this.refresh();
      }),
    );
    this._register(configuration.onDidChange((e) => e.affects('model', 'count', 'fileSize', 'providers') && this.refresh(true)));
    this._register(tracked.onDidRestart(() => this.refresh(true)));
    this._register(tracked.onDidDesync(() => this.refresh()));
    this._register(worker.onDidStop((reason) => this.showStopped(reason)));
    this._register(
      worker.onProgress((p) => {
        const s = this._state;
        if (s.kind === 'counting' && s.document.uri.toString() === p.uri) this.setState({ ...s, fraction: p.fraction });
        else if (s.kind === 'counted' && s.stale && s.document.uri.toString() === p.uri) this.setState({ ...s, stale: { fraction: p.fraction } });
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
    this.watch.refresh();
  }

  /** What to count now: the active editor's text and selections, unless it is too large (shown as such). */
  private activeCount(): ActiveCount | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const document = editor.document;
    const model = this.configuration.forDocument(document).model;
    const size = this.tracked.sizeVerdict(document);
    if (!size.fits) {
      this.setState({ kind: 'tooLarge', document, model, bytes: size.bytes, limitMB: size.limitMB });
      return undefined;
    }
    // No character is shorter than a byte: the first 8,192 characters hold the first 8 KB.
    if (isBinaryText(document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(BINARY_SNIFF_BYTES))))) {
      this.setState({ kind: 'binary', document, model });
      return undefined;
    }
    return { ...modelCountInput(document, model, selectionRanges(editor)), model };
  }

  private isCurrent(input: ActiveCount): boolean {
    const now = vscode.window.activeTextEditor;
    return (
      now?.document === input.document &&
      input.at.version === input.document.version &&
      JSON.stringify(selectionRanges(now)) === JSON.stringify(input.selections) &&
      this.configuration.forDocument(input.document).model.id === input.model.id
    );
  }

  private startSpinnerDelay(input: ActiveCount): void {
    clearTimeout(this.spinnerTimer);
    this.spinnerTimer = setTimeout(() => {
      if (!this.watch.busy) return;
      const shown = this._state;
      // The number shown is for this document and model: keep it, marked stale, rather than
      // blank the item (a 2 MB line may take seconds; the item must not jump in width meanwhile).
      if (shown.kind === 'counted' && shown.document === input.document && shown.model.id === input.model.id) this.setState({ ...shown, stale: shown.stale ?? {} });
      else if (shown.kind !== 'counting' || shown.document !== input.document) this.setState({ kind: 'counting', document: input.document, model: input.model });
    }, SPINNER_DELAY_MS);
  }

  private show(input: ActiveCount, result: CountResult): void {
    const { document } = input;
    // A tokenizer file that could not be used: the worker counted with the model's approximation.
    const model = countedModel(input.model, result.tokenizer);
    const fallbackNote = this.fallbackView(input.model, result);
    // The worker's exact UTF-8 size: a mirrored document that grew past the limit stops here.
    const size = this.tracked.checkSize(document, result.bytes);
    if (!size.fits) this.setState({ kind: 'tooLarge', document, model, bytes: size.bytes, limitMB: size.limitMB });
    else this.setState({ kind: 'counted', document, model, result, selectionCount: input.selections.length, ...this.apiView(document, model, true), ...fallbackNote });
  }

  /** Tells the user (once) when the model's tokenizer file could not be used, and returns the tooltip's line about it. */
  private fallbackView(model: ModelInfo, result: CountResult): { fallbackNote?: string } {
    const source = model.counting.kind === 'exact' ? model.counting.file : undefined;
    if (!source) return {};
    if (!result.fellBack) {
      this.fallbackNotice.loaded(model, source);
      return {};
    }
    this.fallbackNotice.fellBack(model, source, result.fellBack);
    const setting = settingOfFile(source);
    const link = `[${vscode.l10n.t('Open Settings')}](command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify(setting))})`;
    const why = vscode.l10n.t(
      '**Fell back to ≈:** the tokenizer file {0} cannot be used ({1}).',
      escapeMarkdown(result.fellBack.file ?? source.path),
      escapeMarkdown(result.fellBack.reason),
    );
    return { fallbackNote: `${why} ${link}` };
  }

  /** A count that failed: shown on the bar with its reason, and logged. */
  private showError(input: ActiveCount, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    // Once per document, model and reason: each keystroke asks again and fails the same way.
    const logKey = `${input.document.uri.toString()}\0${input.model.id}\0${message}`;
    if (logKey !== this.lastLoggedError) {
      this.lastLoggedError = logKey;
      this.log.error('could not count tokens', {
        document: input.document.uri.toString(),
        version: input.at.version,
        model: input.model.id,
        tokenizer: input.tokenizer,
        why: message,
      });
    }
    this.setState({ kind: 'error', document: input.document, model: input.model, message });
  }

  /**
   * The maker's count of the whole document, when the user turned that provider's counts on
   * (providerCounter.ts): asks for it (`ask`; the counter sends only after a second of quiet,
   * and never the same text twice) and returns what is known for this version. While off, a
   * model counted approximately says what would make it exact; an exact one says nothing.
   */
  private apiView(document: vscode.TextDocument, model: ModelInfo, ask: boolean): { apiCount?: ApiCountView; apiNote?: string } {
    const counter = this.providers?.for(model);
    if (!counter) return {};
    const spec = counter.spec;
    const setting = exactCountsSetting(spec);
    if (!counter.enabled) {
      if (isExact(model)) return {};
      return {
        apiNote: vscode.l10n.t(
          'Exact {0} counts are off: nothing is sent. With {1} on and an API key set ("{2}"), this text would be sent to {3} for an exact count.',
          spec.family,
          setting,
          setKeyCommandTitle(spec),
          spec.maker,
        ),
      };
    }
    const key = apiKeyOf(document, spec.apiModel(model));
    if (ask) counter.request(key, document.getText());
    const answer = this.lastApiAnswer && sameApiKey(this.lastApiAnswer.key, key) ? this.lastApiAnswer : undefined;
    const off = (why: string) => ({ apiNote: vscode.l10n.t('Exact {0} counts are on, but nothing is sent: {1}', spec.family, why) });
    // Said to be sent only when it is: on, with a key and a usable URL. Otherwise why not, and what would send it.
    if (!counter.sends || (answer && 'error' in answer && answer.error.kind === 'tooLarge')) return off(answer && 'error' in answer ? answer.error.message : noKeyMessage(spec));
    const sending = vscode.l10n.t('Exact {0} counts are on: this text is sent to {1} ({2}).', spec.family, spec.maker, setting);
    if (!answer) return { apiNote: `${sending} ${vscode.l10n.t('Exact count pending (sent about a second after typing stops).')}` };
    if ('tokens' in answer) {
      return { apiCount: { tokens: answer.tokens, source: vscode.l10n.t("{0}'s token counting API", spec.maker), maker: spec.keyName, framing: spec.framing }, apiNote: sending };
    }
    // Reasons that stop a send before it happens: the tooltip must not say the text is sent.
    const kind = answer.error.kind;
    if (kind === 'noKey' || kind === 'badBaseUrl' || kind === 'tooLarge' || kind === 'disabled') return off(answer.error.message);
    // The time in the display language, as the rest of the tooltip.
    const retry = answer.error.retryAt ? ` ${vscode.l10n.t('Retrying at {0}.', new Date(answer.error.retryAt).toLocaleTimeString(hostL10n.locale))}` : '';
    return { apiNote: `${sending} ${vscode.l10n.t('No exact count: {0}', answer.error.message)}${retry}` };
  }

  private showStopped(reason: string): void {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const model = this.configuration.forDocument(editor.document).model;
      this.setState({
        kind: 'error',
        document: editor.document,
        model,
        message: vscode.l10n.t('{0}. Run "Tokenscope: Restart Tokenizer Worker" to try again.', reason),
        workerStopped: true,
      });
    }
    void notifyFailure(this.log, 'error', {
      message: vscode.l10n.t('Tokenscope: {0}; counting is paused.', reason),
      log: { message: 'counting paused: the tokenizer worker is not restarted again until the user asks', detail: { why: reason } },
      actions: [{ title: vscode.l10n.t('Restart Worker'), run: () => vscode.commands.executeCommand(Commands.restartWorker) }],
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

/** What a provider's count is for: one version of one document, for one model (the API's id). */
export interface ApiKey {
  readonly uri: string;
  readonly version: number;
  readonly model: string;
}

function apiKeyOf(document: vscode.TextDocument, apiModel: string): ApiKey {
  return { uri: document.uri.toString(), version: document.version, model: apiModel };
}

function sameApiKey(a: ApiKey, b: ApiKey): boolean {
  return a.uri === b.uri && a.version === b.version && a.model === b.model;
}

/** Text shown inside Markdown as it is (a path with `_` or `*`, a reason with brackets). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
