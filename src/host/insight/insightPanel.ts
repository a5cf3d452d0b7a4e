import * as vscode from 'vscode';
import { buildInsightView, comparePair, tokenizersToCount, tokenizersToMix } from '../../core/insights/buildInsightView';
import { comparisonRefusal } from '../../core/insights/comparisonRefusal';
import type { InsightView } from '../../core/insights/insightView';
import { countingTokenizer } from '../../core/catalog/models';
import { exportInsight } from '../../core/present/insightExport';
import { tokenizerLabel } from '../../core/tokenizers/tokenizerIds';
import type { HostToWebview, PanelStatus, WebviewToHost } from '../../webview/messages';
import type { InsightResult } from '../../worker/protocol';
import { fitsSizeLimit } from '../documents/trackedDocuments';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { Settings } from '../platform/ids';
import { hostL10n } from '../platform/l10n';
import { isDesyncError, WorkerGoneError, WorkerRequestError } from '../platform/workerClient';
import type { DisagreementHighlighter } from './disagreementHighlighter';
import { insightInput, type InsightQuery } from './insightQuery';
import { loadPanelPage } from './panelPage';
import type { Log } from '../platform/log';
import { pickInsightModels, saveInsightSetting } from './panelSettings';
import { validateWebviewMessage } from './validateMessage';

const COMPARE_KEY = 'tokenscope.insight.compare';
/** The most frequent tokens listed in the compression section. */
const TOP_TOKENS = 20;
/** A small text answers in milliseconds: progress shows only for one that takes longer than this. */
const PROGRESS_DELAY_MS = 150;

/** What a panel shares with the manager (and the other panels it may have had). */
export interface InsightPanelContext {
  readonly extensionUri: vscode.Uri;
  readonly configuration: Configuration;
  readonly memento: vscode.Memento;
  readonly query: InsightQuery;
  readonly highlighter: DisagreementHighlighter;
  /** The extension's log: the panel's failures go there. */
  readonly log: Log;
  /** Updates the panel at once (`now`) or after the typing has paused (`schedule`). */
  readonly refresh: { now(): void; schedule(): void };
  /** Tells the user of a problem of the numbers, once per session. */
  warnOnce(problem: string): void;
  /** Called with every complete view the panel posts. */
  didPostView(view: InsightView): void;
}

/**
 * One insight panel: its webview page, the messages from it (checked by validateMessage.ts, then
 * handled), and the numbers of the editor it follows, asked of the worker (InsightQuery) and
 * turned into an InsightView (buildInsightView). The webview keeps the last view it got, so a
 * reload shows it until fresh numbers arrive. Disposing the panel closes it.
 */
export class InsightPanel extends Disposable {
  private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires once, when the panel is closed or disposed. */
  readonly onDidDispose = this.disposeEmitter.event;
  private running: vscode.CancellationTokenSource | undefined;
  private view: InsightView | undefined;
  private highlighted = false;
  /** What the last update was asked for (document, version, range), while it stands. */
  private lastTextKey: string | undefined;
  /** Document offset of the text the view is of (disagreement offsets are relative to it). */
  private rangeStart = 0;

  constructor(
    private readonly webviewPanel: vscode.WebviewPanel,
    /** The text editor the numbers are of: the active one, or the last one while the panel has focus. */
    private editor: vscode.TextEditor | undefined,
    private readonly context: InsightPanelContext,
  ) {
    super();
    // Registrations end in reverse order: the page closes after everything registered below.
    this._register(webviewPanel);
    this._register({ dispose: () => this.disposeEmitter.fire() });
    this._register({
      dispose: () => {
        this.running?.cancel();
        context.highlighter.clear();
      },
    });
    loadPanelPage(webviewPanel.webview, context.extensionUri);
    this._register(
      // Checked field by field before anything acts on it (validateMessage.ts says why).
      webviewPanel.webview.onDidReceiveMessage((raw: unknown) => {
        const catalog = context.configuration.forDocument(this.editor?.document).catalog;
        const message = validateWebviewMessage(raw, (id) => catalog.find(id) !== undefined);
        if (message) void this.onMessage(message);
      }),
    );
    this._register(webviewPanel.onDidDispose(() => this.dispose()));
  }

  /** Brings the panel forward beside the editor, keeping the focus where it is. */
  reveal(): void {
    this.webviewPanel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** The editor whose numbers the panel shows. */
  get followed(): vscode.TextEditor | undefined {
    return this.editor;
  }

  follow(editor: vscode.TextEditor): void {
    this.editor = editor;
  }

  /**
   * Whether the panel shows (or is computing) the numbers of exactly what `editor` counts now:
   * then a cursor move in it need not recompute, which on a big file is seconds of worker time.
   */
  showsTextOf(editor: vscode.TextEditor): boolean {
    return textKey(editor) === this.lastTextKey;
  }

  private post(message: HostToWebview): void {
    void this.webviewPanel.webview.postMessage(message);
  }

  private status(status: PanelStatus): void {
    this.post({ type: 'status', status });
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.view) this.post({ type: 'update', view: this.view });
        return this.context.refresh.now();
      case 'setModels':
        return saveInsightSetting(Settings.insightModels, [...message.ids], this.context.log);
      case 'editModels':
        return pickInsightModels(this.context.configuration.forDocument(this.editor?.document), this.context.log);
      case 'setExpectedOutput':
        return saveInsightSetting(Settings.insightExpectedOutputTokens, message.tokens, this.context.log);
      case 'setCompare':
        await this.context.memento.update(COMPARE_KEY, [message.a, message.b]);
        return this.context.refresh.now();
      case 'highlightDisagreements':
        this.highlighted = message.on;
        return this.paintHighlight();
      case 'reveal':
        return this.revealSpan(message.start, message.end);
      case 'export':
        if (!this.view) return;
        await vscode.env.clipboard.writeText(exportInsight(this.view, message.format, hostL10n, { sort: message.sort }));
        this.post({ type: 'exported', format: message.format });
        return;
      case 'cancel':
        this.running?.cancel();
        return;
      default: {
        const unhandled: never = message;
        throw new Error(`unhandled insight panel message ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** Asks for the numbers of the followed editor's text (or selection) and posts them. */
  async update(): Promise<void> {
    const editor = this.editor;
    if (this.isDisposed) return;
    if (!editor || editor.document.isClosed) {
      this.view = undefined;
      return this.status({ kind: 'noEditor' });
    }
    const document = editor.document;
    const settings = this.context.configuration.forDocument(document);
    if (!fitsSizeLimit(document, settings.maxFileBytes)) {
      return this.status({ kind: 'error', message: vscode.l10n.t('This document is over the {0} limit of {1} MB.', 'tokenscope.maxFileSizeMB', String(settings.maxFileSizeMB)) });
    }
    this.running?.cancel();
    const cancel = (this.running = new vscode.CancellationTokenSource());
    const compare = comparePair(this.context.memento.get<[string, string]>(COMPARE_KEY), settings);
    const range = countedRange(editor);
    this.lastTextKey = textKey(editor);
    const viewOf = (answer: InsightResult): InsightView =>
      buildInsightView({ fileName: baseName(document.uri), scope: range ? 'selection' : 'file', settings, compare, highlighted: this.highlighted }, answer, hostL10n);
    const progressTimer = setTimeout(() => this.status({ kind: 'computing' }), PROGRESS_DELAY_MS);
    let result: InsightResult;
    try {
      const question = insightInput(document, {
        tokenizer: countingTokenizer(settings.model),
        range,
        countWith: tokenizersToCount(settings),
        scriptMixFor: tokenizersToMix(settings),
        // A pair the view refuses to compare costs the worker nothing: no disagreements asked for.
        compare: comparisonRefusal(compare[0], compare[1], hostL10n) === undefined ? [countingTokenizer(compare[0]), countingTokenizer(compare[1])] : undefined,
        topTokens: TOP_TOKENS,
      });
      result = await this.context.query.ask(question, {
        token: cancel.token,
        onProgress: (fraction) => this.status({ kind: 'computing', fraction }),
        // A long text: the current model's numbers first, the other models and the comparison after.
        onPartial: (partial) => {
          if (this.isDisposed || partial.version !== document.version) return;
          this.rangeStart = partial.range[0];
          this.post({ type: 'update', view: viewOf(partial) });
          this.status({ kind: 'computing' });
        },
      });
    } catch (err) {
      if (cancel.token.isCancellationRequested || (err instanceof WorkerRequestError && err.code === 'cancelled')) {
        // Cancelled by the user (a newer update cancels silently: it shows its own numbers).
        if (this.running === cancel && !this.isDisposed) {
          this.status({ kind: 'cancelled' });
          this.lastTextKey = undefined; // a cursor move asks again
        }
      } else if (isDesyncError(err)) {
        this.context.refresh.schedule(); // the query re-sent the document: ask again
      } else if (!(err instanceof WorkerGoneError)) {
        const message = err instanceof Error ? err.message : String(err);
        this.context.log.error('insight panel: the numbers could not be computed', {
          document: document.uri.toString(),
          version: document.version,
          model: settings.model.id,
          why: message,
        });
        this.status({ kind: 'error', message });
        this.lastTextKey = undefined;
      }
      return;
    } finally {
      clearTimeout(progressTimer);
      if (this.running === cancel) this.running = undefined;
      cancel.dispose();
    }
    if (this.isDisposed) return;
    if (result.version !== document.version) return this.context.refresh.schedule();

    for (const e of result.countErrors ?? []) this.context.warnOnce(`${tokenizerLabel(e.tokenizer)}: ${e.message}`);
    if (result.compareError) this.context.warnOnce(result.compareError);
    this.view = viewOf(result);
    this.rangeStart = result.range[0];
    this.post({ type: 'update', view: this.view });
    this.status({ kind: 'ready' });
    this.context.didPostView(this.view);
    this.paintHighlight();
  }

  private paintHighlight(): void {
    const editor = this.editor;
    if (!editor) return;
    if (this.highlighted && this.view?.compare) this.context.highlighter.show(editor, this.view.compare, this.rangeStart);
    else this.context.highlighter.clear();
  }

  private async revealSpan(start: number, end: number): Promise<void> {
    const editor = this.editor;
    if (!editor) return;
    const document = editor.document;
    const range = new vscode.Range(document.positionAt(this.rangeStart + start), document.positionAt(this.rangeStart + end));
    const shown = await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, preserveFocus: false });
    // The cursor goes to the span without selecting it: a selection would switch the panel to the selection's numbers.
    shown.selection = new vscode.Selection(range.start, range.start);
    shown.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** The text the panel counts: the one non-empty selection, else the whole document (undefined). */
function countedRange(editor: vscode.TextEditor): [number, number] | undefined {
  const selection = editor.selections.length === 1 && !editor.selection.isEmpty ? editor.selection : undefined;
  return selection ? [editor.document.offsetAt(selection.start), editor.document.offsetAt(selection.end)] : undefined;
}

function textKey(editor: vscode.TextEditor): string {
  return `${editor.document.uri.toString()}\u0000${editor.document.version}\u0000${countedRange(editor)?.join(',') ?? 'all'}`;
}

function baseName(uri: vscode.Uri): string {
  const path = uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || uri.toString();
}
