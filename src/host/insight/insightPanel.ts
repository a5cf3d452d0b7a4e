import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { modelRows } from '../../core/insights/modelRows';
import { exportInsight } from '../../core/present/insightExport';
import { tokensText } from '../../core/present/insightFormat';
import { countingTokenizer, type ModelInfo } from '../../core/catalog/models';
import type { Settings as SettingsSnapshot } from '../../core/catalog/settings';
import { tokenizerLabel, type TokenizerId } from '../../core/tokenizers/tokenizerIds';
import { insightPanelHtml } from './panelHtml';
import { validateWebviewMessage } from './validateMessage';
import type { HostToWebview, PanelL10n, PanelStatus, WebviewToHost } from '../../webview/messages';
import type { InsightView } from '../../core/insights/insightView';
import type { InsightResult } from '../../worker/protocol';
import type { Configuration } from '../platform/configuration';
import { Debouncer } from '../platform/debouncer';
import { Disposable } from '../platform/dispose';
import { fitsSizeLimit, type TrackedDocuments as DocumentSync } from '../documents/trackedDocuments';
import { Commands, SECTION, Settings } from '../platform/ids';
import { couldNotSave, hostL10n } from '../platform/l10n';
import { isDesyncError, WorkerGoneError, WorkerRequestError, type WorkerClient } from '../platform/workerClient';

export const INSIGHT_VIEW_TYPE = 'tokenscope.insight';
const COMPARE_KEY = 'tokenscope.insight.compare';
/** Edits and selection changes wait this long for quiet before the panel recomputes. */
const UPDATE_DELAY_MS = 300;
const UPDATE_MAX_WAIT_MS = 1500;
const TOP_TOKENS = 20;

/**
 * The messages of the panel's script (l10n.t calls in src/webview/panel and what it imports),
 * listed by esbuild.mjs at build time with scripts/l10n.mjs; undefined where the code is not
 * built by esbuild.mjs, and then the whole bundle goes to the panel.
 */
declare const TOKENSCOPE_WEBVIEW_MESSAGES: readonly string[] | undefined;

/**
 * The panel's language: the display language for numbers and the bundle's translations of
 * the panel's messages only (VS Code loaded the bundle for the display language; in English
 * there is none, and the panel shows its messages as they are).
 */
function panelL10n(): PanelL10n {
  const bundle = vscode.l10n.bundle;
  if (!bundle) return { locale: hostL10n.locale, strings: {} };
  const keys = typeof TOKENSCOPE_WEBVIEW_MESSAGES === 'undefined' ? Object.keys(bundle) : TOKENSCOPE_WEBVIEW_MESSAGES;
  const strings: Record<string, string> = {};
  for (const key of keys) if (Object.hasOwn(bundle, key)) strings[key] = bundle[key];
  return { locale: hostL10n.locale, strings };
}

/**
 * The insight panel's host side: one panel beside the editor that follows the active text
 * editor and its selection. The numbers are computed in the worker (`insight` request, with
 * progress and cancellation); this class turns them into an InsightView, posts it, and does
 * what the webview asks (save the model set or the output length, compare two models,
 * highlight or reveal disagreements, copy an export). A serializer brings it back after a
 * reload, showing the last numbers (kept by the webview) until fresh ones arrive.
 */
export class InsightPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  /** The text editor the numbers are of: the active one, or the last one while the panel has focus. */
  private editor: vscode.TextEditor | undefined;
  private readonly debouncer = this._register(new Debouncer(() => void this.update(), UPDATE_DELAY_MS, UPDATE_MAX_WAIT_MS));
  private running: vscode.CancellationTokenSource | undefined;
  private view: InsightView | undefined;
  private highlighted = false;
  private readonly highlight = this._register(
    vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
      border: '1px dashed',
      borderColor: new vscode.ThemeColor('editorWarning.foreground'),
    }),
  );
  private readonly viewEmitter = this._register(new vscode.EventEmitter<InsightView>());
  /** Fires with every view posted to the webview (tests). */
  readonly onDidPostView = this.viewEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly worker: WorkerClient,
    private readonly sync: DocumentSync,
    private readonly configuration: Configuration,
    private readonly memento: vscode.Memento,
  ) {
    super();
    this._register(vscode.commands.registerCommand(Commands.showInsightPanel, () => this.show()));
    this._register(
      vscode.window.registerWebviewPanelSerializer(INSIGHT_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.adopt(panel),
      }),
    );
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor || !this.panel) return;
        this.editor = editor;
        this.debouncer.now();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document === this.editor?.document && e.contentChanges.length > 0) this.debouncer.schedule();
      }),
    );
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        // A cursor move that leaves the counted text as it is (no selection before or after,
        // or the same one) does not recompute: on a big file that is seconds of worker time.
        if (this.panel && e.textEditor === this.editor && textKey(e.textEditor) !== this.lastTextKey) this.debouncer.schedule();
      }),
    );
    this._register(configuration.onDidChange(() => this.panel && this.debouncer.now()));
    this._register(worker.onDidRestart(() => this.panel && this.debouncer.now()));
    this._register({ dispose: () => this.disposePanel() });
  }

  /** Opens the panel beside the active editor, or brings it forward. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(INSIGHT_VIEW_TYPE, vscode.l10n.t('Tokenscope Insight'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    this.adopt(panel);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.disposePanel();
    this.panel = panel;
    this.editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    const assets = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [assets] };
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = insightPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'insight.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'insight.css')).toString(),
      title: vscode.l10n.t('Tokenscope Insight'),
      loadingText: vscode.l10n.t('Loading the insight panel…'),
      l10n: panelL10n(),
    });
    this.panelDisposables.push(
      // Checked field by field before anything acts on it (validateMessage.ts says why).
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const catalog = this.configuration.forDocument(this.editor?.document).catalog;
        const message = validateWebviewMessage(raw, (id) => catalog.find(id) !== undefined);
        if (message) void this.onMessage(message);
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.disposePanel();
        }
      }),
    );
  }

  private disposePanel(): void {
    this.running?.cancel();
    this.running = undefined;
    this.clearHighlight();
    for (const d of this.panelDisposables.splice(0)) d.dispose();
    const panel = this.panel;
    this.panel = undefined;
    panel?.dispose();
  }

  private post(message: HostToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private status(status: PanelStatus): void {
    this.post({ type: 'status', status });
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.view) this.post({ type: 'update', view: this.view });
        return this.debouncer.now();
      case 'setModels':
        return this.saveSetting(Settings.insightModels, [...message.ids]);
      case 'editModels':
        return this.editModels();
      case 'setExpectedOutput':
        if (Number.isInteger(message.tokens) && message.tokens >= 0) await this.saveSetting(Settings.insightExpectedOutputTokens, message.tokens);
        return;
      case 'setCompare':
        await this.memento.update(COMPARE_KEY, [message.a, message.b]);
        return this.debouncer.now();
      case 'highlightDisagreements':
        this.highlighted = message.on;
        return this.paintHighlight();
      case 'reveal':
        return this.reveal(message.start, message.end);
      case 'export':
        if (!this.view) return;
        await vscode.env.clipboard.writeText(exportInsight(this.view, message.format, hostL10n));
        this.post({ type: 'exported', format: message.format });
        return;
      case 'cancel':
        this.running?.cancel();
        return;
    }
  }

  private async saveSetting(key: string, value: unknown): Promise<void> {
    try {
      await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
    } catch (err) {
      void vscode.window.showErrorMessage(couldNotSave(`${SECTION}.${key}`, err));
    }
  }

  /** A multi-select quick pick of every model, the panel's set checked. */
  private async editModels(): Promise<void> {
    const settings = this.configuration.forDocument(this.editor?.document);
    const chosen = new Set(settings.insightModels.map((m) => m.id));
    const items = settings.catalog.models.map((m) => ({ label: m.id, description: `${m.displayName} · ${m.provider}`, picked: chosen.has(m.id), model: m }));
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('Tokenscope: Models in the Insight Panel'), matchOnDescription: true });
    if (!picked) return;
    // Keep the user's order for models kept; add new ones at the end.
    const kept = settings.insightModels.filter((m) => picked.some((p) => p.model.id === m.id)).map((m) => m.id);
    const added = picked.map((p) => p.model.id).filter((id) => !kept.includes(id));
    await this.saveSetting(Settings.insightModels, [...kept, ...added]);
  }

  private comparePair(settings: SettingsSnapshot): [ModelInfo, ModelInfo] {
    const saved = this.memento.get<[string, string]>(COMPARE_KEY);
    const a = (saved && settings.catalog.find(saved[0])) || settings.model;
    const fallbackB = settings.insightModels.find((m) => countingTokenizer(m) !== countingTokenizer(a)) ?? settings.catalog.find('gpt-4')!;
    const b = (saved && settings.catalog.find(saved[1])) || fallbackB;
    return [a, b];
  }

  /** Asks the worker for the numbers of the active editor's text (or selection) and posts them. */
  private async update(): Promise<void> {
    const panel = this.panel;
    const editor = this.editor;
    if (!panel) return;
    if (!editor || editor.document.isClosed) {
      this.view = undefined;
      return this.status({ kind: 'noEditor' });
    }
    const document = editor.document;
    const settings = this.configuration.forDocument(document);
    if (!fitsSizeLimit(document, settings.maxFileSizeMB * 1024 * 1024)) {
      return this.status({ kind: 'error', message: vscode.l10n.t('This document is over the {0} limit of {1} MB.', 'tokenscope.maxFileSizeMB', String(settings.maxFileSizeMB)) });
    }
    this.running?.cancel();
    const cancel = (this.running = new vscode.CancellationTokenSource());
    const model = settings.model;
    const [a, b] = this.comparePair(settings);
    const range = countedRange(editor);
    this.lastTextKey = textKey(editor);
    const countWith = [...new Set<TokenizerId>(settings.insightModels.map(countingTokenizer))];
    const version = document.version;
    // A small text answers in milliseconds: only show progress if it does not.
    const progressTimer = setTimeout(() => this.status({ kind: 'computing' }), 150);
    let result: InsightResult;
    try {
      this.sync.ensureMirrored(document);
      result = await this.worker.request(
        'insight',
        { uri: document.uri.toString(), version, tokenizer: countingTokenizer(model), range, countWith, compare: [countingTokenizer(a), countingTokenizer(b)], topTokens: TOP_TOKENS },
        {
          token: cancel.token,
          onProgress: (fraction) => this.status({ kind: 'computing', fraction }),
          // A long text: the current model's numbers first, the other models and the comparison after.
          onPartial: (partial) => {
            if (this.panel !== panel || partial.version !== document.version) return;
            this.rangeStart = partial.range[0];
            this.post({ type: 'update', view: this.viewOf(document, settings, [a, b], partial, range ? 'selection' : 'file') });
            this.status({ kind: 'computing' });
          },
        },
      );
    } catch (err) {
      if (cancel.token.isCancellationRequested || (err instanceof WorkerRequestError && err.code === 'cancelled')) {
        // Cancelled by the user (a newer update cancels silently: it shows its own numbers).
        if (this.running === cancel) {
          this.status({ kind: 'cancelled' });
          this.lastTextKey = undefined; // a cursor move asks again
        }
      } else if (isDesyncError(err)) {
        this.sync.resend(document);
        this.debouncer.schedule();
      } else if (!(err instanceof WorkerGoneError)) {
        this.status({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
        this.lastTextKey = undefined;
      }
      return;
    } finally {
      clearTimeout(progressTimer);
      if (this.running === cancel) this.running = undefined;
      cancel.dispose();
    }
    if (this.panel !== panel || result.version !== document.version) return this.debouncer.schedule();

    for (const problem of [...(result.countErrors ?? []).map((e) => `${tokenizerLabel(e.tokenizer)}: ${e.message}`), ...(result.compareError ? [result.compareError] : [])]) {
      this.reportOnce(problem);
    }
    this.view = this.viewOf(document, settings, [a, b], result, range ? 'selection' : 'file');
    this.rangeStart = result.range[0];
    this.post({ type: 'update', view: this.view });
    this.status({ kind: 'ready' });
    this.viewEmitter.fire(this.view);
    this.paintHighlight();
  }

  /**
   * The view of a worker answer (or of its partial first part: then only the models counted by
   * the current model's tokenizer have rows, and there are no disagreements yet).
   */
  private viewOf(document: vscode.TextDocument, settings: SettingsSnapshot, [a, b]: [ModelInfo, ModelInfo], result: InsightResult, scope: 'file' | 'selection'): InsightView {
    const model = settings.model;
    const counts = new Map(result.counts.map((c) => [c.tokenizer, c.tokens] as const));
    const c = model.counting;
    return {
      source: { fileName: baseName(document.uri), scope, chars: result.compression.chars },
      model: {
        id: model.id,
        displayName: model.displayName,
        tokenizerLabel: tokenizerLabel(c.tokenizer),
        exact: c.kind === 'exact',
        ...(c.kind === 'approx' ? { note: vscode.l10n.t('{0} is counted by approximation; these are the numbers of its base tokenizer, {1}.', model.id, tokenizerLabel(c.tokenizer)) } : {}),
      },
      compression: result.compression,
      scripts: result.scripts,
      models: modelRows(settings.insightModels, counts, settings.expectedOutputTokens, hostL10n),
      expectedOutputTokens: settings.expectedOutputTokens,
      ...(result.disagreements
        ? { compare: { a: a.id, b: b.id, spans: result.disagreements.spans, truncated: result.disagreements.truncated, highlighted: this.highlighted } }
        : {}),
      modelChoices: settings.catalog.models.map((m) => ({ id: m.id, label: `${m.id} (${tokenizerLabel(countingTokenizer(m))})` })),
    };
  }

  private readonly reported = new Set<string>();

  private reportOnce(problem: string): void {
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    void vscode.window.showWarningMessage(vscode.l10n.t('Tokenscope insight panel: {0}', problem));
  }

  /** What the last update was asked for (document, version, range), while it stands. */
  private lastTextKey: string | undefined;

  /** Document offset of the text the view is of (disagreement offsets are relative to it). */
  private rangeStart = 0;

  private paintHighlight(): void {
    const editor = this.editor;
    if (!editor) return;
    if (!this.highlighted || !this.view?.compare) return this.clearHighlight();
    const document = editor.document;
    const start = this.rangeStart;
    editor.setDecorations(
      this.highlight,
      this.view.compare.spans.map((s) => ({
        range: new vscode.Range(document.positionAt(start + s.start), document.positionAt(start + s.end)),
        hoverMessage: `${this.view!.compare!.a}: ${tokensText(s.tokensA, hostL10n)} · ${this.view!.compare!.b}: ${tokensText(s.tokensB, hostL10n)}`,
      })),
    );
  }

  private clearHighlight(): void {
    for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(this.highlight, []);
  }

  private async reveal(start: number, end: number): Promise<void> {
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
