import * as vscode from 'vscode';
import { countingTokenizer } from '../../core/catalog/models';
import type { Settings } from '../../core/catalog/settings';
import type { TokensInRangeResult } from '../../worker/protocol';
import type { Configuration } from '../platform/configuration';
import { Debouncer } from '../platform/debouncer';
import { Disposable, disposeAll } from '../platform/dispose';
import { fitsSizeLimit } from '../documents/documentSize';
import { documentLength, type DocumentSync } from '../documents/documentSync';
import { paintSpans } from './tokenPaint';
import type { TokenDecorationTypes } from './tokenDecorationTypes';
import { isDesyncError, WorkerGoneError, type WorkerClient } from '../platform/workerClient';

/**
 * Scrolling: the editor reports visible ranges about once a frame (~16 ms). 50 ms of quiet
 * coalesces a flick into one request; during a long continuous scroll an update still goes out
 * every 150 ms. Tokens one viewport above and below are already painted (MARGIN), so a scroll
 * of up to a page shows painted text while the answer (a few ms in the worker, see
 * docs/PERFORMANCE.md) is on its way.
 */
const SCROLL_DELAY_MS = 50;
const SCROLL_MAX_WAIT_MS = 150;
/**
 * Typing: the editor moves painted decorations along with the text, so only the tokens next
 * to the cursor are briefly out of date. 75 ms lets fast bursts (key auto-repeat, ~30 ms
 * apart) coalesce, while a single keystroke (people type 100-200 ms apart) shows its new
 * tokens within about a tenth of a second; 300 ms caps the wait during a long burst.
 */
const EDIT_DELAY_MS = 75;
const EDIT_MAX_WAIT_MS = 300;
/** Lines painted above and below the visible ones: one viewport, within these bounds. */
const MIN_MARGIN_LINES = 20;
const MAX_MARGIN_LINES = 200;
/**
 * At most this many UTF-16 units are painted per visible range: a minified file can be one
 * line of megabytes, and a million decorations would stall the renderer. 200k units is
 * ~50k tokens, far more than any screen shows.
 */
const MAX_RANGE_UNITS = 200_000;

interface EditorState {
  inFlight: boolean;
  dirty: boolean;
  painted: boolean;
  /** The ranges of the last painted answer (for tests: only visible text is tokenized). */
  paintedRanges: Array<[number, number]>;
  scroll: Debouncer;
  edit: Debouncer;
}

/**
 * Paints token boundaries (and per-line counts) in every visible editor, for the visible
 * ranges plus a margin only. At most one request per editor is in flight; answers for an
 * older version, another model or an editor no longer shown are dropped.
 */
export class TokenDecorator extends Disposable {
  private readonly editors = new Map<vscode.TextEditor, EditorState>();
  private readonly paintEmitter = this._register(new vscode.EventEmitter<{ editor: vscode.TextEditor; version: number }>());
  /** Fires after decorations for a document version were applied (tests wait on it). */
  readonly onDidPaint = this.paintEmitter.event;

  constructor(
    private readonly worker: WorkerClient,
    private readonly sync: DocumentSync,
    private readonly configuration: Configuration,
    private readonly types: TokenDecorationTypes,
  ) {
    super();
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()));
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => e && this.state(e).edit.now()));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.editors.has(e.textEditor) && this.state(e.textEditor).scroll.schedule()));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) this.state(editor).edit.schedule();
      }),
    );
    this._register(configuration.onDidChange(() => this.refreshAll()));
    this._register(worker.onDidRestart(() => this.refreshAll()));
    this._register(worker.onDesync(() => this.refreshAll()));
    this._register({ dispose: () => disposeAll([...this.editors.values()].flatMap((s) => [s.scroll, s.edit])) });
    this.refreshAll();
  }

  /** Updates every visible editor now (editor switch, setting change, new worker). */
  refreshAll(): void {
    if (this.isDisposed) return;
    const visible = new Set(vscode.window.visibleTextEditors);
    for (const [editor, state] of this.editors) {
      if (!visible.has(editor)) {
        disposeAll([state.scroll, state.edit]);
        this.editors.delete(editor);
      }
    }
    for (const editor of visible) this.state(editor).edit.now();
  }

  /** Document ranges last painted in the visible editors of `uri`. */
  paintedRanges(uri: string): Array<[number, number]> {
    return [...this.editors].filter(([e, s]) => e.document.uri.toString() === uri && s.painted).flatMap(([, s]) => s.paintedRanges);
  }

  private state(editor: vscode.TextEditor): EditorState {
    let state = this.editors.get(editor);
    if (!state) {
      const update = () => void this.update(editor);
      state = { inFlight: false, dirty: false, painted: false, paintedRanges: [], scroll: new Debouncer(update, SCROLL_DELAY_MS, SCROLL_MAX_WAIT_MS), edit: new Debouncer(update, EDIT_DELAY_MS, EDIT_MAX_WAIT_MS) };
      this.editors.set(editor, state);
    }
    return state;
  }

  private async update(editor: vscode.TextEditor): Promise<void> {
    const state = this.editors.get(editor);
    if (!state || this.isDisposed) return;
    if (state.inFlight) {
      state.dirty = true;
      return;
    }
    const document = editor.document;
    const settings = this.configuration.forDocument(document);
    if (!this.wanted(document, settings)) {
      this.clear(editor, state);
      return;
    }
    const ranges = paintRanges(editor);
    const version = document.version;
    const tokenizer = countingTokenizer(settings.model);
    state.inFlight = true;
    state.dirty = false;
    try {
      this.sync.ensureMirrored(document);
      const result = await this.worker.request('tokensInRange', { uri: document.uri.toString(), version, tokenizer, ranges });
      if (this.isDisposed || this.editors.get(editor) !== state) return;
      // Drop a stale answer. A newer version has its own update scheduled by the change event.
      const now = this.configuration.forDocument(document);
      if (result.version !== document.version || !this.wanted(document, now)) return;
      if (countingTokenizer(now.model) !== tokenizer || now.boundaries.colorBy !== settings.boundaries.colorBy) {
        state.dirty = true;
        return;
      }
      this.apply(editor, state, result, now);
    } catch (err) {
      if (this.isDisposed) return;
      if (isDesyncError(err)) {
        this.sync.resend(document);
        state.dirty = true;
      } else if (!(err instanceof WorkerGoneError)) {
        // A failed tokenization leaves the editor unpainted; the status bar reports the error.
        this.clear(editor, state);
      }
    } finally {
      state.inFlight = false;
    }
    if (state.dirty && this.editors.get(editor) === state) {
      state.dirty = false;
      void this.update(editor);
    }
  }

  /** Whether this document should be painted at all: a feature is on and the worker may take it. */
  private wanted(document: vscode.TextDocument, settings: Settings): boolean {
    if (!settings.boundaries.enabled && !settings.lineCountsEnabled) return false;
    // Output panels are logs that change all the time: never worth tokenizing.
    if (document.uri.scheme === 'output') return false;
    return this.sync.isMirrored(document) || fitsSizeLimit(document, settings.maxFileSizeMB * 1024 * 1024);
  }

  private apply(editor: vscode.TextEditor, state: EditorState, result: TokensInRangeResult, settings: Settings): void {
    const paint = paintSpans(editor.document, result.spans, settings);
    this.types.palette.forEach((type, i) => editor.setDecorations(type, paint.palette[i]));
    editor.setDecorations(this.types.space, paint.spaces);
    editor.setDecorations(this.types.tab, paint.tabs);
    editor.setDecorations(this.types.lineBreak, paint.lineBreaks);
    editor.setDecorations(this.types.lineCount, paint.lineCounts);
    state.painted = true;
    state.paintedRanges = result.spans.map((s) => [s.start, s.end]);
    this.paintEmitter.fire({ editor, version: result.version });
  }

  private clear(editor: vscode.TextEditor, state: EditorState): void {
    if (!state.painted) return;
    for (const type of this.types.all) editor.setDecorations(type, []);
    state.painted = false;
    this.paintEmitter.fire({ editor, version: editor.document.version });
  }
}

/** The visible ranges plus a margin, as whole lines, merged where they meet, in document offsets. */
export function paintRanges(editor: vscode.TextEditor): Array<[number, number]> {
  const document = editor.document;
  const visible = editor.visibleRanges;
  const shownLines = visible.reduce((n, r) => n + r.end.line - r.start.line + 1, 0);
  const margin = Math.min(MAX_MARGIN_LINES, Math.max(MIN_MARGIN_LINES, shownLines));
  const lastLine = document.lineCount - 1;
  const ranges: Array<[number, number]> = [];
  for (const r of visible) {
    const first = Math.max(0, r.start.line - margin);
    const last = Math.min(lastLine, r.end.line + margin);
    const start = document.offsetAt(new vscode.Position(first, 0));
    const end = last < lastLine ? document.offsetAt(new vscode.Position(last + 1, 0)) : documentLength(document);
    if (end - start > MAX_RANGE_UNITS) {
      // Keep the part around the visible start (a very long line): half a budget before it.
      const visibleStart = document.offsetAt(r.start);
      const from = Math.max(start, visibleStart - MAX_RANGE_UNITS / 2);
      ranges.push([from, Math.min(end, from + MAX_RANGE_UNITS)]);
      continue;
    }
    const previous = ranges[ranges.length - 1];
    if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}
