import * as vscode from 'vscode';
import { countedModel, countingTokenizer, fallbackTokenizer } from '../../core/catalog/models';
import type { Settings } from '../../core/catalog/settings';
import type { TokensInRangeResult } from '../../worker/protocol';
import type { Configuration } from '../platform/configuration';
import { Debouncer } from '../platform/debouncer';
import { Disposable, disposeAll } from '../platform/dispose';
import type { QueryWatch } from '../documents/documentQuery';
import { documentLength, type TrackedDocuments } from '../documents/trackedDocuments';
import { paintSpans } from './tokenPaint';
import { paintInput, type PaintInput, type PaintQuery } from './paintQuery';
import type { TokenDecorationTypes } from './tokenDecorationTypes';
import type { ProviderTokenSource, ProviderTokensNow } from './providerTokens';
import type { TokenSpan } from '../../core/incremental/tokenSpan';

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
 * line of megabytes. VS Code draws at most 10,000 characters of an unwrapped line
 * (`editor.stopRenderingLineAfter`), and a wrapped viewport of 60 rows by 200 columns shows
 * 12,000, so 30,000 covers what is on screen and about a screen around it. It was 200,000:
 * on a 2 MB one-line file that cost ~150 ms of worker time per keystroke to tokenize and send
 * ~80,000 tokens nobody could see (`npm run bench -- --only=longline`).
 */
export const MAX_RANGE_UNITS = 30_000;

interface EditorState {
  /** The editor's standing question to the worker: at most one request in flight. */
  watch: QueryWatch<EditorPaint, TokensInRangeResult>;
  painted: boolean;
  /** The ranges of the last painted answer (for tests: only visible text is tokenized). */
  paintedRanges: Array<[number, number]>;
  scroll: Debouncer;
  edit: Debouncer;
}

/** What one editor asks for: its ranges, and the colouring the answer will be painted with. */
interface EditorPaint extends PaintInput {
  readonly colorBy: Settings['boundaries']['colorBy'];
}

/**
 * Paints token boundaries (and per-line counts) in every visible editor, for the visible
 * ranges plus a margin only. At most one request per editor is in flight (the shared paint
 * query, documentQuery.ts); answers for an older version, another model or an editor no
 * longer shown are dropped.
 */
export class TokenDecorator extends Disposable {
  private readonly editors = new Map<vscode.TextEditor, EditorState>();
  private readonly paintEmitter = this._register(new vscode.EventEmitter<{ editor: vscode.TextEditor; version: number }>());
  /** Fires after decorations for a document version were applied (tests wait on it). */
  readonly onDidPaint = this.paintEmitter.event;

  constructor(
    private readonly tracked: TrackedDocuments,
    private readonly paints: PaintQuery,
    private readonly configuration: Configuration,
    private readonly types: TokenDecorationTypes,
    /** A provider's own tokens (xAI's, opt-in): painted instead of the worker's while they are for the text shown. */
    private readonly providerTokens?: ProviderTokenSource,
  ) {
    super();
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()));
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => e && this.state(e).edit.now()));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.editors.has(e.textEditor) && this.state(e.textEditor).scroll.schedule()));
    this._register(
      tracked.onDidChange((e) => {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === e.document) this.state(editor).edit.schedule();
      }),
    );
    this._register(configuration.onDidChange((e) => e.affects('model', 'boundaries', 'fileSize', 'providers') && this.refreshAll()));
    if (providerTokens) {
      this._register(
        providerTokens.onDidChange((uri) => {
          for (const editor of vscode.window.visibleTextEditors) if (uri === undefined || editor.document.uri.toString() === uri) this.state(editor).edit.now();
        }),
      );
    }
    this._register(tracked.onDidRestart(() => this.refreshAll()));
    this._register(tracked.onDidDesync(() => this.refreshAll()));
    this._register({ dispose: () => disposeAll([...this.editors.values()].flatMap(editorDisposables)) });
    this.refreshAll();
  }

  /** Updates every visible editor now (editor switch, setting change, new worker). */
  refreshAll(): void {
    if (this.isDisposed) return;
    const visible = new Set(vscode.window.visibleTextEditors);
    for (const [editor, state] of this.editors) {
      if (!visible.has(editor)) {
        disposeAll(editorDisposables(state));
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
      const watch = this.paints.watch<EditorPaint>({
        current: () => this.current(editor),
        isCurrent: (input) => this.isCurrent(editor, input),
        onAnswer: (input, result) => this.apply(editor, this.editors.get(editor)!, result, this.configuration.forDocument(input.document)),
        // A failed tokenization leaves the editor unpainted; the status bar reports the error.
        onError: () => this.clear(editor, this.editors.get(editor)!),
      });
      const update = () => watch.refresh();
      state = {
        watch,
        painted: false,
        paintedRanges: [],
        scroll: new Debouncer(update, SCROLL_DELAY_MS, SCROLL_MAX_WAIT_MS),
        edit: new Debouncer(update, EDIT_DELAY_MS, EDIT_MAX_WAIT_MS),
      };
      this.editors.set(editor, state);
    }
    return state;
  }

  /** What `editor` should show now: its visible ranges' tokens, or nothing (cleared here). */
  private current(editor: vscode.TextEditor): EditorPaint | undefined {
    const state = this.editors.get(editor);
    if (!state || this.isDisposed) return undefined;
    const document = editor.document;
    const settings = this.configuration.forDocument(document);
    if (!this.wanted(document, settings)) {
      this.clear(editor, state);
      return undefined;
    }
    const exact = this.providerTokens?.for(document, settings.model);
    if (exact) {
      // The provider's tokens of this very text: painted now, nothing to ask the worker.
      this.paintExact(editor, state, exact, settings);
      return undefined;
    }
    return { ...paintInput(document, countingTokenizer(settings.model), paintRanges(editor), fallbackTokenizer(settings.model)), colorBy: settings.boundaries.colorBy };
  }

  /**
   * Whether an answer may still be painted: same editor, version, tokenizer and colouring. The
   * ranges may have moved (a scroll): painting what came is right, and the scroll asks again.
   */
  private isCurrent(editor: vscode.TextEditor, input: EditorPaint): boolean {
    if (this.isDisposed || !this.editors.has(editor)) return false;
    const now = this.configuration.forDocument(input.document);
    return (
      input.at.version === input.document.version &&
      this.wanted(input.document, now) &&
      countingTokenizer(now.model) === input.tokenizer &&
      now.boundaries.colorBy === input.colorBy &&
      // The provider's tokens came meanwhile: they are painted instead.
      !this.providerTokens?.for(input.document, now.model)
    );
  }

  /** Whether this document should be painted at all: a feature is on and the document is tracked. */
  private wanted(document: vscode.TextDocument, settings: Settings): boolean {
    return (settings.boundaries.enabled || settings.lineCountsEnabled) && this.tracked.isTracked(document);
  }

  private apply(editor: vscode.TextEditor, state: EditorState, result: TokensInRangeResult, settings: Settings): void {
    // Spans of the fallback tokenizer (a tokenizer file that cannot be used): line counts read as the model's ≈ approximation.
    this.paint(editor, state, result.spans, result.version, { ...settings, model: countedModel(settings.model, result.tokenizer) }, false);
  }

  /** Paints the provider's tokens of the visible ranges (they cover the whole text; only what is shown is drawn). */
  private paintExact(editor: vscode.TextEditor, state: EditorState, exact: ProviderTokensNow, settings: Settings): void {
    const spans = paintRanges(editor).map(([start, end]) => exact.layout.span(start, end));
    this.paint(editor, state, spans, editor.document.version, settings, true);
  }

  /** `providerTokens`: the spans are the model's own tokens from its provider, so line counts are exact. */
  private paint(editor: vscode.TextEditor, state: EditorState, spans: readonly TokenSpan[], version: number, settings: Settings, providerTokens: boolean): void {
    const paint = paintSpans(editor.document, spans, settings, providerTokens);
    this.types.palette.forEach((type, i) => editor.setDecorations(type, paint.palette[i]));
    editor.setDecorations(this.types.space, paint.spaces);
    editor.setDecorations(this.types.tab, paint.tabs);
    editor.setDecorations(this.types.lineBreak, paint.lineBreaks);
    editor.setDecorations(this.types.lineCount, paint.lineCounts);
    state.painted = true;
    state.paintedRanges = spans.map((s) => [s.start, s.end]);
    this.paintEmitter.fire({ editor, version });
  }

  private clear(editor: vscode.TextEditor, state: EditorState): void {
    if (!state.painted) return;
    for (const type of this.types.all) editor.setDecorations(type, []);
    state.painted = false;
    this.paintEmitter.fire({ editor, version: editor.document.version });
  }
}

function editorDisposables(state: EditorState): vscode.Disposable[] {
  return [state.watch, state.scroll, state.edit];
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
      // Keep the part around the visible start of a very long line: a third of the budget
      // before it (scrolling back), the rest from it on (what is shown, and reading on).
      const visibleStart = document.offsetAt(r.start);
      const from = Math.max(start, visibleStart - MAX_RANGE_UNITS / 3);
      ranges.push([from, Math.min(end, from + MAX_RANGE_UNITS)]);
      continue;
    }
    const previous = ranges[ranges.length - 1];
    if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}
