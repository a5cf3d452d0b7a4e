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
import { insightInput, insightKey, type InsightQuery } from './insightQuery';
import { loadPanelPage } from './panelPage';
import type { Log } from '../platform/log';
import { pickInsightModels, saveInsightSetting } from './panelSettings';
import { validateWebviewMessage } from './validateMessage';
import { isDataset, type DatasetSummaries } from '../datasets/datasetSummaries';
import { mayBeRequest } from '../count/countQuery';
import { requestAskFor } from '../../core/requests/requestAsk';
import type { DatasetInputState } from '../../core/insights/buildInsightView';
import type { NotebookPanelView } from '../../core/insights/insightView';
import type { NotebookCounts, NotebookTokens } from '../notebooks/notebookCounts';
import { isExact } from '../../core/catalog/models';

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
  /** The summaries of JSON Lines datasets (the Dataset section). */
  readonly datasets: DatasetSummaries;
  /** The active notebook's counts per cell (the Notebook section). */
  readonly notebooks: Pick<NotebookCounts, 'current'>;
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
  /**
   * The worker request under way: what it asks (`questionKey`) and how to cancel it. An update that
   * asks the same question joins it rather than cancelling it: the document query would hand the
   * newer update the cancelled request (two compare pairs the panel refuses both ask the worker
   * the same), and the user would see "Cancelled" for a change of picker.
   */
  private running: { readonly key: string; readonly cancel: vscode.CancellationTokenSource } | undefined;
  /**
   * The question (`key`) of the run the user cancelled: asked again only when the user says so
   * (Count again), or asks something else (an edit, a selection, another model set). Otherwise
   * focusing the editor again, or a webview reload, would restart seconds of work just cancelled.
   */
  private cancelledKey: string | undefined;
  /** Updates started so far: only the newest one draws what it gets. */
  private updates = 0;
  /** The newest update's drawing of an answer (with its compare pair, dataset and notebook). */
  private drawLatest: ((answer: InsightResult & { partial?: boolean }) => InsightView) | undefined;
  private view: InsightView | undefined;
  private highlighted = false;
  /** What the last update was asked for (document, version, range), while it stands. */
  private lastTextKey: string | undefined;
  /** Document offset of the text the view is of (disagreement offsets are relative to it). */
  private rangeStart = 0;
  /** The last view built again from its answer, with what is known now of the file's dataset summary. */
  private rebuild: (() => InsightView) | undefined;

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
        this.running?.cancel.cancel();
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
      case 'revealCell':
        return this.revealCell(message.index);
      case 'export':
        if (!this.view) return;
        await vscode.env.clipboard.writeText(exportInsight(this.view, message.format, hostL10n, { sort: message.sort }));
        this.post({ type: 'exported', format: message.format });
        return;
      case 'cancel':
        // Logged: a Cancel that comes after the run ended (its numbers were on their way) does nothing.
        this.context.log.info('insight panel: Cancel pressed', { running: this.running !== undefined });
        if (!this.running) return;
        this.cancelledKey = this.running.key;
        this.running.cancel.cancel();
        return;
      case 'countAgain':
        this.cancelledKey = undefined;
        return this.context.refresh.now();
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
    const update = ++this.updates;
    if (!editor || editor.document.isClosed) {
      this.stopRunning();
      this.view = undefined;
      this.rebuild = undefined;
      return this.status({ kind: 'noEditor' });
    }
    const document = editor.document;
    const settings = this.context.configuration.forDocument(document);
    if (!fitsSizeLimit(document, settings.maxFileBytes)) {
      this.stopRunning();
      return this.status({ kind: 'error', message: vscode.l10n.t('This document is over the {0} limit of {1} MB.', 'tokenscope.maxFileSizeMB', String(settings.maxFileSizeMB)) });
    }
    this.rebuild = undefined;
    const compare = comparePair(this.context.memento.get<[string, string]>(COMPARE_KEY), settings);
    const range = countedRange(editor);
    this.lastTextKey = textKey(editor);
    // A dataset's summary comes from the dataset summaries (shared with the editor's counts), a request's breakdown with the answer.
    const datasetOf = (): DatasetInputState | undefined => {
      if (range || !isDataset(document)) return undefined;
      this.context.datasets.ensure(document);
      const state = this.context.datasets.stateOf(document);
      if (!state) return { kind: 'counting' };
      if (state.kind !== 'done') return state;
      return { kind: 'done', summary: state.result.summary, stale: state.result.version !== document.version || state.model.id !== settings.model.id };
    };
    const viewOf = (answer: InsightResult & { partial?: boolean }): InsightView => {
      const dataset = datasetOf();
      const notebook = notebookView(this.context.notebooks.current, document);
      return buildInsightView(
        {
          fileName: baseName(document.uri),
          scope: range ? 'selection' : 'file',
          settings,
          compare,
          highlighted: this.highlighted,
          ...(dataset ? { dataset } : {}),
          ...(notebook ? { notebook } : {}),
        },
        answer,
        hostL10n,
      );
    };
    this.drawLatest = viewOf;
    const question = insightInput(document, {
      tokenizer: countingTokenizer(settings.model),
      range,
      countWith: tokenizersToCount(settings),
      scriptMixFor: tokenizersToMix(settings),
      // A pair the view refuses to compare costs the worker nothing: no disagreements asked for.
      compare: comparisonRefusal(compare[0], compare[1], hostL10n) === undefined ? [countingTokenizer(compare[0]), countingTokenizer(compare[1])] : undefined,
      topTokens: TOP_TOKENS,
      ...(!range && mayBeRequest(document) ? { request: requestAskFor(settings.model) } : {}),
      ...(settings.lint.crosslingualPremium ? { languages: true } : {}),
    });
    const key = `${question.at.uri}\u0000${question.at.version}\u0000${insightKey(question)}`;
    if (key === this.cancelledKey) {
      // The question the user cancelled: it stays cancelled (the banner offers Count again).
      this.stopRunning();
      return this.status({ kind: 'cancelled', fileName: baseName(document.uri) });
    }
    this.cancelledKey = undefined;
    const joined = this.running?.key === key ? this.running : undefined;
    if (!joined) this.stopRunning();
    const running = joined ?? { key, cancel: new vscode.CancellationTokenSource() };
    this.running = running;
    const progressTimer = setTimeout(() => this.status({ kind: 'computing' }), PROGRESS_DELAY_MS);
    const startedAt = Date.now();
    let result: InsightResult;
    try {
      // Joining the request under way: its progress and partial answers keep coming through the
      // first asker's callbacks, which draw with the newest update's view (drawLatest).
      result = await this.context.query.ask(question, {
        token: running.cancel.token,
        onProgress: (fraction) => {
          if (this.running === running) this.status({ kind: 'computing', fraction });
        },
        // A long text: the current model's numbers first, the other models and the comparison after.
        onPartial: (partial) => {
          if (this.isDisposed || this.running !== running || partial.version !== document.version || !this.drawLatest) return;
          this.rangeStart = partial.range[0];
          // Kept as the panel's view: a copy (Copy as …) or a reloaded webview then has what is shown.
          this.view = this.drawLatest({ ...partial, partial: true });
          this.post({ type: 'update', view: this.view });
          this.status({ kind: 'computing' });
        },
      });
    } catch (err) {
      // A newer update shows its own numbers, or its own failure.
      if (update !== this.updates || this.isDisposed) return;
      if (running.cancel.token.isCancellationRequested || (err instanceof WorkerRequestError && err.code === 'cancelled')) {
        // Cancelled by the user.
        this.context.log.info('insight panel: run cancelled', { document: document.uri.toString(), version: document.version, ms: Date.now() - startedAt });
        this.status({ kind: 'cancelled', fileName: baseName(document.uri) });
        this.lastTextKey = undefined; // a cursor move asks again
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
      // The newest update ends the request; an older one that joined it leaves it to the newest.
      if (update === this.updates && this.running === running) this.running = undefined;
      if (this.running !== running) running.cancel.dispose();
    }
    // A newer update draws its own numbers (or these same ones, when it joined this request).
    if (this.isDisposed || update !== this.updates) return;
    if (result.version !== document.version) return this.context.refresh.schedule();
    // Cancel pressed as the answer came: the numbers are whole, so they are not "cancelled".
    if (this.cancelledKey === key) this.cancelledKey = undefined;

    for (const e of result.countErrors ?? []) this.context.warnOnce(`${tokenizerLabel(e.tokenizer)}: ${e.message}`);
    if (result.compareError) this.context.warnOnce(result.compareError);
    this.view = viewOf(result);
    this.rebuild = () => viewOf(result);
    this.rangeStart = result.range[0];
    this.post({ type: 'update', view: this.view });
    this.status({ kind: 'ready' });
    // A run the user could have cancelled (one that showed progress) leaves a line in the log.
    const ms = Date.now() - startedAt;
    if (ms >= PROGRESS_DELAY_MS) this.context.log.info('insight panel: numbers shown', { document: document.uri.toString(), version: document.version, ms });
    this.context.didPostView(this.view);
    this.paintHighlight();
  }

  /** Cancels the request under way, if any: what it was asked for is no longer what is shown. */
  private stopRunning(): void {
    this.running?.cancel.cancel();
    this.running = undefined;
  }

  /**
   * The followed dataset's summary moved on (progress, or done), or the notebook's counts: the view is drawn again with them.
   * While the panel's own numbers are being computed nothing is done: they are drawn with the
   * latest summary when they come (asking again would cancel them, and start over).
   */
  structureChanged(): void {
    if (this.running || !this.rebuild || this.isDisposed) return;
    this.view = this.rebuild();
    this.post({ type: 'update', view: this.view });
  }

  private paintHighlight(): void {
    const editor = this.editor;
    if (!editor) return;
    if (this.highlighted && this.view?.compare) this.context.highlighter.show(editor, this.view.compare, this.rangeStart);
    else this.context.highlighter.clear();
  }

  /**
   * Selects cell `index` of the notebook the followed cell belongs to, brings it into view and
   * gives it the focus, as a span's label does for a text file (the click left the focus in the panel).
   */
  private async revealCell(index: number): Promise<void> {
    const document = this.editor?.document;
    const notebookEditor = vscode.window.visibleNotebookEditors.find((e) => e.notebook.getCells().some((c) => c.document === document));
    if (!notebookEditor || index >= notebookEditor.notebook.cellCount) return;
    const range = new vscode.NotebookRange(index, index + 1);
    const shown = await vscode.window.showNotebookDocument(notebookEditor.notebook, { viewColumn: notebookEditor.viewColumn, preserveFocus: false, selections: [range] });
    shown.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
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

/** The Notebook section when `document` is a cell of the counted notebook (its counts are for the current model). */
function notebookView(counts: NotebookTokens | undefined, document: vscode.TextDocument): NotebookPanelView | undefined {
  if (!counts || !counts.cells.some((c) => c.cell.document === document)) return undefined;
  return {
    total: counts.total,
    exact: isExact(counts.model),
    outputsCounted: counts.outputsCounted,
    cells: counts.cells.map((c) => {
      const firstLine = c.cell.document.lineAt(0).text.trim();
      return {
        index: c.index,
        kind: c.cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
        firstLine: firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine,
        ...(c.sourceTokens === undefined ? {} : { sourceTokens: c.sourceTokens }),
        outputTokens: c.outputTokens,
        outputsNotCounted: c.outputsNotCounted,
        active: c.cell.document === document,
        ...(c.reason ? { note: c.reason } : {}),
      };
    }),
  };
}
