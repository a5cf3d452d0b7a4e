import * as vscode from 'vscode';
import type { InsightView } from '../../core/insights/insightView';
import type { TrackedDocuments } from '../documents/trackedDocuments';
import type { Configuration } from '../platform/configuration';
import type { DatasetSummaries } from '../datasets/datasetSummaries';
import type { NotebookCounts } from '../notebooks/notebookCounts';
import type { Log } from '../platform/log';
import { notifyFailure } from '../platform/notices';
import { Debouncer } from '../platform/debouncer';
import { Disposable } from '../platform/dispose';
import { DisagreementHighlighter } from './disagreementHighlighter';
import { InsightPanel, type InsightPanelContext } from './insightPanel';
import { createInsightQuery, type InsightQuery } from './insightQuery';

export const INSIGHT_VIEW_TYPE = 'tokenscope.insight';
/**
 * Edits and selection changes wait this long for quiet before the panel recomputes. At 60
 * words a minute a key comes every ~200 ms, so 300 ms of quiet lets a typed word cost one
 * recount rather than one per key; the 1.5 s cap keeps the numbers moving while a key is held
 * down or a selection dragged.
 */
const UPDATE_DELAY_MS = 300;
const UPDATE_MAX_WAIT_MS = 1500;

/**
 * The insight panel's host side: at most one panel, beside the editor. Opens it (`show`, the
 * command), brings it back after a window reload (a WebviewPanelSerializer), and keeps it on
 * the active text editor and its selection, debouncing edits. The worker's answers are kept
 * across panels (the insight query), so reopening on unchanged text shows its numbers at once.
 */
export class InsightPanelManager extends Disposable {
  private current: InsightPanel | undefined;
  private readonly query: InsightQuery;
  private readonly highlighter = this._register(new DisagreementHighlighter());
  private readonly debouncer = this._register(new Debouncer(() => void this.current?.update(), UPDATE_DELAY_MS, UPDATE_MAX_WAIT_MS));
  private readonly viewEmitter = this._register(new vscode.EventEmitter<InsightView>());
  /** Fires with every complete view a panel posts to its webview (tests). */
  readonly onDidPostView = this.viewEmitter.event;
  private readonly reported = new Set<string>();
  private readonly context: InsightPanelContext;

  constructor(
    extensionUri: vscode.Uri,
    sync: TrackedDocuments,
    configuration: Configuration,
    memento: vscode.Memento,
    private readonly log: Log,
    datasets: DatasetSummaries,
    notebooks: Pick<NotebookCounts, 'current' | 'onDidChange'>,
  ) {
    super();
    this.query = createInsightQuery(sync);
    this.context = {
      extensionUri,
      configuration,
      memento,
      query: this.query,
      highlighter: this.highlighter,
      log,
      refresh: this.debouncer,
      warnOnce: (problem) => this.warnOnce(problem),
      didPostView: (view) => this.viewEmitter.fire(view),
      datasets,
      notebooks,
    };
    this._register(vscode.window.registerWebviewPanelSerializer(INSIGHT_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => this.adopt(panel) }));
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !this.current) return;
        this.current.follow(editor);
        this.debouncer.now();
      }),
    );
    this._register(
      sync.onDidChange((e) => {
        if (this.current && e.document === this.current.followed?.document) this.debouncer.schedule();
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        // A cursor move that leaves the counted text as it is (no selection before or after,
        // or the same one) does not recompute: on a big file that is seconds of worker time.
        if (this.current && e.textEditor === this.current.followed && !this.current.showsTextOf(e.textEditor)) this.debouncer.schedule();
      }),
    );
    // The query forgets its answers on these events first (its listeners were registered when
    // it was made): a setting (a tokenizer file) or a new worker may cut the same text differently.
    this._register(
      configuration.onDidChange((e) => {
        if (e.affects('model', 'insight', 'fileSize', 'lint') && this.current) this.debouncer.now();
      }),
    );
    this._register(
      sync.onDidRestart(() => {
        if (this.current) this.debouncer.now();
      }),
    );
    // A dataset's summary (or its progress) for the followed file: the Dataset section shows it.
    this._register(
      datasets.onDidChange((uri) => {
        if (this.current?.followed?.document.uri.toString() === uri.toString()) this.current.structureChanged();
      }),
    );
    this._register(notebooks.onDidChange(() => this.current?.structureChanged()));
    this._register({ dispose: () => this.current?.dispose() });
  }

  /** `insight` requests sent to the worker so far (tests: reopening on unchanged text sends none). */
  get workerRequests(): number {
    return this.query.requestsSent;
  }

  /** Opens the panel beside the active editor, or brings it forward. */
  show(): void {
    if (this.current) return this.current.reveal();
    this.adopt(vscode.window.createWebviewPanel(INSIGHT_VIEW_TYPE, vscode.l10n.t('Tokenscope Insight'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {}));
  }

  /** Makes `webviewPanel` (new, or restored after a reload) the one insight panel. */
  private adopt(webviewPanel: vscode.WebviewPanel): void {
    this.current?.dispose();
    const panel = new InsightPanel(webviewPanel, vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0], this.context);
    this.current = panel;
    panel.onDidDispose(() => {
      if (this.current === panel) this.current = undefined;
    });
  }

  private warnOnce(problem: string): void {
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    void notifyFailure(this.log, 'warning', {
      message: vscode.l10n.t('Tokenscope insight panel: {0}', problem),
      log: { message: 'insight panel: a model could not be counted', detail: { problem } },
    });
  }
}
