/**
 * The active notebook's token counts, cell by cell: each cell's source through the shared count
 * query (cells are text documents, mirrored into the worker like any other, so an edit recounts
 * only its cell and the status bar's count of the active cell is the same request), and, when
 * `tokenscope.notebook.countOutputs` is on, the cells' text outputs, counted by the worker's
 * `countFiles` (fileCountRequest.ts) by the rule of core/notebooks/notebookCount.ts: streams,
 * `text/markdown` or else `text/plain` results, errors; images and other binary data are not
 * counted and are said to be so. The status bar shows the total beside the active cell's
 * count; "Show Notebook Cells by Tokens" lists the cells; `onDidChange` is for any other view.
 */
import * as vscode from 'vscode';
import { approxMark, countedModel, countingTokenizer, isExact, modelTokens, needsScriptMix, type ModelInfo } from '../../core/catalog/models';
import { tokensText } from '../../core/present/insightFormat';
import { integerText } from '../../core/text/numberText';
import { hostL10n } from '../platform/l10n';
import { countOutputs, notebookTotals, outputText, type CellOutput } from '../../core/notebooks/notebookCount';
import type { NotebookView } from '../../core/present/countFormat';
import { modelFileTokens, type CountedFile } from '../../core/workspace/fileTokens';
import { modelCountInput, type CountQuery } from '../count/countQuery';
import type { TrackedDocuments } from '../documents/trackedDocuments';
import type { Configuration } from '../platform/configuration';
import { Debouncer } from '../platform/debouncer';
import { Disposable } from '../platform/dispose';
import type { Log } from '../platform/log';
import type { WorkerClient } from '../platform/workerClient';
import { requestFileCounts } from '../workspace/fileCountRequest';

/**
 * Recount after this quiet time, and at least this often while changes keep coming: typing in a
 * cell recounts that cell only (the others' answers are kept), a run of cells streams outputs.
 */
const RECOUNT_DELAY_MS = 150;
const RECOUNT_MAX_WAIT_MS = 1000;
/** Outputs sent to the worker at once: as the Tokens view's batches (workspaceCounter.ts). */
const BATCH_OUTPUTS = 32;
const BATCH_BYTES = 1024 * 1024;

const STDOUT = 'application/vnd.code.notebook.stdout';
const STDERR = 'application/vnd.code.notebook.stderr';
const ERROR = 'application/vnd.code.notebook.error';

/** One cell's counts for the model. */
export interface CellTokens {
  /** 0-based, in the notebook's order. */
  readonly index: number;
  readonly cell: vscode.NotebookCell;
  /** The model's tokens of the cell's source; undefined when it could not be counted (`reason`). */
  readonly sourceTokens: number | undefined;
  /** Tokens of its counted text outputs (0 while outputs are not counted). */
  readonly outputTokens: number;
  /** Outputs with no count: images and other binary data, or a text that could not be counted. */
  readonly outputsNotCounted: number;
  readonly reason?: string;
}

/** A notebook's counts for one model. */
export interface NotebookTokens {
  readonly notebook: vscode.NotebookDocument;
  readonly model: ModelInfo;
  readonly cells: readonly CellTokens[];
  /** Whether text outputs were counted (`tokenscope.notebook.countOutputs`). */
  readonly outputsCounted: boolean;
  /** The total: the cells' sources, and their text outputs when counted. */
  readonly total: number;
  readonly outputTokens: number;
  readonly outputsNotCounted: number;
  /** Cells whose source could not be counted. */
  readonly uncounted: number;
}

/** A cell output's count as the worker answered it, or why it has none. */
type OutputCount =
  | { readonly counted: CountedFile }
  /** Not text to count (binary, too large): kept, the same text gets the same answer. */
  | { readonly notCounted: string }
  /** Not counted this time (the worker failed, or not asked yet): asked again on the next count. */
  | { readonly failed: string };

export class NotebookCounts extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<NotebookTokens | undefined>());
  /** The active notebook's counts changed (undefined: no notebook is active any more). */
  readonly onDidChange = this.changeEmitter.event;
  private _current: NotebookTokens | undefined;
  private readonly recount = this._register(new Debouncer(() => void this.count(), RECOUNT_DELAY_MS, RECOUNT_MAX_WAIT_MS));
  /** Each count's number: an answer of an older count is dropped. */
  private generation = 0;
  /** Output counts by tokenizer, output id and content size: outputs change only when a cell runs. */
  private outputCache = new Map<string, OutputCount>();
  /** A count is under way. */
  private counting = false;
  /** The document version each cell's source count is of. */
  private readonly countedVersion = new WeakMap<vscode.TextDocument, number>();

  constructor(
    private readonly worker: Pick<WorkerClient, 'request'>,
    private readonly tracked: TrackedDocuments,
    private readonly counts: CountQuery,
    private readonly configuration: Pick<Configuration, 'forDocument' | 'onDidChange'>,
    private readonly log: Log,
  ) {
    super();
    this._register(vscode.window.onDidChangeActiveNotebookEditor(() => this.recount.now()));
    this._register(
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.notebook === vscode.window.activeNotebookEditor?.notebook) this.recount.schedule();
      }),
    );
    this._register(configuration.onDidChange((e) => e.affects('model', 'count', 'fileSize') && this.recount.now()));
    this._register(tracked.onDidRestart(() => this.recount.schedule()));
    this.recount.now();
  }

  /** The active notebook's latest complete counts, undefined when no notebook is active (or before its first count). */
  get current(): NotebookTokens | undefined {
    return this._current;
  }

  /** Resolves once the active notebook's counts are for its current text, outputs and settings (tests). */
  async settled(): Promise<NotebookTokens | undefined> {
    for (let i = 0; i < 200; i++) {
      const notebook = vscode.window.activeNotebookEditor?.notebook;
      const current = this._current;
      if (!notebook) return undefined;
      if (current && current.notebook === notebook && !this.counting && this.isCurrent(current)) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this._current;
  }

  /** What the status bar shows of the notebook `document` is a cell of, if it is the active notebook's. */
  viewFor(document: vscode.TextDocument): NotebookView | undefined {
    const current = this._current;
    if (!current) return undefined;
    const cell = current.cells.find((c) => c.cell.document === document);
    if (!cell) return undefined;
    return {
      tokens: current.total,
      exact: isExact(current.model),
      cells: current.cells.length,
      cell: cell.index + 1,
      outputsCounted: current.outputsCounted,
      outputTokens: current.outputTokens,
      outputsNotCounted: current.outputsNotCounted,
      uncounted: current.uncounted,
    };
  }

  /** "Show Notebook Cells by Tokens": the active notebook's cells, most tokens first; the one picked is revealed and selected. */
  async showCells(): Promise<void> {
    const editor = vscode.window.activeNotebookEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Jupyter notebook to list its cells by tokens.'));
      return;
    }
    const counts = (await this.settled()) ?? this._current;
    if (!counts || counts.notebook !== editor.notebook) return;
    const locale = hostL10n.locale;
    const mark = approxMark(counts.model);
    const tokensOf = (c: CellTokens) => (c.sourceTokens ?? 0) + (counts.outputsCounted ? c.outputTokens : 0);
    const items = [...counts.cells]
      .sort((a, b) => tokensOf(b) - tokensOf(a) || a.index - b.index)
      .map((c) => {
        const number = integerText(c.index + 1, locale);
        const firstLine = c.cell.document.lineAt(0).text.trim();
        const source = c.sourceTokens === undefined ? (c.reason ?? '') : tokensText(c.sourceTokens, hostL10n, mark);
        const parts = [source];
        if (counts.outputsCounted && c.outputTokens > 0) parts.push(vscode.l10n.t('outputs {0}', tokensText(c.outputTokens, hostL10n, mark)));
        if (counts.outputsCounted && c.outputsNotCounted > 0) parts.push(vscode.l10n.t('{0} outputs not counted', integerText(c.outputsNotCounted, locale)));
        return {
          label: `${c.cell.kind === vscode.NotebookCellKind.Code ? '$(code)' : '$(markdown)'} ${vscode.l10n.t('Cell {0}', number)}`,
          description: parts.join(' · '),
          detail: firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine,
          index: c.index,
        };
      });
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Cells by tokens for {0} ({1} in all)', counts.model.id, tokensText(counts.total, hostL10n, mark)),
      placeHolder: vscode.l10n.t('Pick a cell to reveal it'),
      matchOnDetail: true,
    });
    if (!picked || vscode.window.activeNotebookEditor !== editor) return;
    const range = new vscode.NotebookRange(picked.index, picked.index + 1);
    editor.selections = [range];
    editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  }

  private isCurrent(counts: NotebookTokens): boolean {
    const settings = this.configuration.forDocument(counts.notebook.getCells()[0]?.document);
    return (
      counts.model.id === settings.model.id &&
      counts.outputsCounted === settings.notebookCountOutputs &&
      counts.cells.length === counts.notebook.cellCount &&
      counts.cells.every((c, i) => c.cell === counts.notebook.cellAt(i) && this.countedVersion.get(c.cell.document) === c.cell.document.version)
    );
  }

  private async count(): Promise<void> {
    if (this.isDisposed) return;
    const generation = ++this.generation;
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (!notebook) {
      if (this._current) {
        this._current = undefined;
        this.changeEmitter.fire(undefined);
      }
      return;
    }
    const cells = notebook.getCells();
    const settings = this.configuration.forDocument(cells[0]?.document);
    const model = settings.model;
    this.counting = true;
    try {
      const [sources, outputs] = await Promise.all([
        Promise.all(cells.map((cell) => this.countSource(cell, model))),
        settings.notebookCountOutputs ? this.countOutputs(cells, model, settings.maxFileBytes) : undefined,
      ]);
      if (generation !== this.generation || this.isDisposed) return;
      const counted = cells.map((cell, index): CellTokens => {
        const source = sources[index];
        const out = outputs?.[index] ?? { tokens: 0, notCounted: 0 };
        return { index, cell, sourceTokens: source.tokens, outputTokens: out.tokens, outputsNotCounted: out.notCounted, ...(source.reason ? { reason: source.reason } : {}) };
      });
      // The sums by core's one rule (notebookCount.ts), over the counted cells.
      const totals = notebookTotals(
        counted.map((c) => ({ index: c.index, kind: kindOf(c.cell), sourceTokens: c.sourceTokens ?? 0, outputTokens: c.outputTokens, outputsNotCounted: c.outputsNotCounted })),
      );
      this._current = {
        notebook,
        model,
        cells: counted,
        outputsCounted: outputs !== undefined,
        total: outputs ? totals.withOutputs : totals.withoutOutputs,
        outputTokens: totals.withOutputs - totals.withoutOutputs,
        outputsNotCounted: totals.outputsNotCounted,
        uncounted: counted.filter((c) => c.sourceTokens === undefined).length,
      };
      this.changeEmitter.fire(this._current);
    } finally {
      if (generation === this.generation) this.counting = false;
    }
  }

  /** One cell's source through the count query (shared with the status bar's count of the active cell). */
  private async countSource(cell: vscode.NotebookCell, model: ModelInfo): Promise<{ tokens?: number; reason?: string }> {
    const document = cell.document;
    const version = document.version;
    const size = this.tracked.sizeVerdict(document);
    if (!size.fits) return { reason: vscode.l10n.t('over the {0} MB limit (tokenscope.maxFileSizeMB)', String(size.limitMB)) };
    try {
      const result = await this.counts.ask(modelCountInput(document, model));
      this.countedVersion.set(document, version);
      return { tokens: modelTokens(countedModel(model, result.tokenizer), result.tokens, result.scriptMix) };
    } catch (err) {
      this.countedVersion.set(document, version);
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn('could not count a notebook cell', { cell: document.uri.toString(), why: message });
      return { reason: message };
    }
  }

  /**
   * The text outputs of every cell, by core's rule (countOutputs): each text counted once by the
   * worker, in batches, and kept while the notebook holds it (outputs change when a cell runs,
   * not when one is edited). Per cell: tokens and outputs not counted.
   */
  private async countOutputs(cells: readonly vscode.NotebookCell[], model: ModelInfo, maxBytes: number): Promise<Array<{ tokens: number; notCounted: number }>> {
    const tokenizer = `${countingTokenizer(model)}${needsScriptMix(model) ? ' scripts' : ''}\0`;
    const perCell = cells.map((cell) => cell.outputs.map(cellOutputOf));
    const next = new Map<string, OutputCount>();
    const todo: Array<{ key: string; bytes: Uint8Array }> = [];
    for (const output of perCell.flat()) {
      const { text } = outputText(output);
      if (text === undefined) continue;
      const key = tokenizer + text;
      if (next.has(key)) continue;
      const known = this.outputCache.get(key);
      if (known) {
        next.set(key, known);
        continue;
      }
      // A byte order mark first: the worker drops one, as VS Code does opening a file, so a text that starts with U+FEFF keeps its own.
      const bytes = new TextEncoder().encode(`\uFEFF${text}`);
      if (bytes.length > maxBytes) next.set(key, { notCounted: vscode.l10n.t('over the size limit (tokenscope.maxFileSizeMB)') });
      else {
        next.set(key, { failed: 'not counted yet' });
        todo.push({ key, bytes });
      }
    }
    for (let start = 0; start < todo.length;) {
      let end = start;
      let bytes = 0;
      while (end < todo.length && end - start < BATCH_OUTPUTS && (end === start || bytes + todo[end].bytes.length <= BATCH_BYTES)) bytes += todo[end++].bytes.length;
      const batch = todo.slice(start, end);
      start = end;
      try {
        const result = await requestFileCounts(
          this.worker,
          model,
          batch.map((t) => t.bytes),
        );
        result.files.forEach((answer, i) => {
          const key = batch[i].key;
          if ('error' in answer) next.set(key, { failed: answer.error });
          else if ('notCounted' in answer) next.set(key, { notCounted: answer.notCounted });
          else
            next.set(key, {
              counted: {
                tokenizer: result.tokenizer,
                ...(result.fellBack ? { fellBack: result.fellBack } : {}),
                tokens: answer.tokens,
                ...(answer.scriptMix ? { scriptMix: answer.scriptMix } : {}),
              },
            });
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.log.warn('could not count notebook outputs', { outputs: batch.length, why: message });
        for (const t of batch) next.set(t.key, { failed: message });
      }
    }
    // Only what the notebook holds now stays cached; a failure is asked again next time.
    this.outputCache = new Map([...next].filter(([, v]) => !('failed' in v)));
    const tokensOf = (text: string): number | undefined => {
      const answer = next.get(tokenizer + text);
      return answer && 'counted' in answer ? modelFileTokens(model, answer.counted) : undefined;
    };
    return perCell.map((outputs) => countOutputs(outputs, tokensOf));
  }
}

/** Outputs as core reads them, kept per output object: decoding a big output once, not on every recount. */
const cellOutputs = new WeakMap<vscode.NotebookCellOutput, CellOutput>();

function cellOutputOf(output: vscode.NotebookCellOutput): CellOutput {
  let known = cellOutputs.get(output);
  if (!known) cellOutputs.set(output, (known = vscodeOutput(output)));
  return known;
}

function kindOf(cell: vscode.NotebookCell): string {
  return cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown';
}

const decoder = new TextDecoder();

/**
 * A VS Code cell output as core's CellOutput, undoing what the ipynb extension made of the
 * nbformat output: a stream is stdout/stderr items (several when a run appended to it, joined
 * as the ipynb extension joins them when it saves), an error is one error item whose traceback
 * the extension keeps in the output's metadata (`originalError`), anything else is data by MIME type.
 */
export function vscodeOutput(output: vscode.NotebookCellOutput): CellOutput {
  const items = output.items;
  if (items.length === 1 && items[0].mime === ERROR) {
    try {
      const error = JSON.parse(decoder.decode(items[0].data)) as { name?: unknown; message?: unknown; stack?: unknown };
      const original = (output.metadata as { originalError?: { traceback?: unknown } } | undefined)?.originalError?.traceback;
      const traceback = Array.isArray(original) && original.every((l) => typeof l === 'string') ? original.join('\n') : typeof error.stack === 'string' ? error.stack : '';
      return { kind: 'error', name: typeof error.name === 'string' ? error.name : '', value: typeof error.message === 'string' ? error.message : '', traceback };
    } catch {
      return { kind: 'other' };
    }
  }
  if (items.length > 0 && items.every((item) => item.mime === STDOUT || item.mime === STDERR)) {
    return { kind: 'stream', text: items.map((item) => decoder.decode(item.data)).join('') };
  }
  // Only the text types core counts are decoded; an image stays bytes (undefined).
  const counted: readonly string[] = ['text/markdown', 'text/plain'];
  return { kind: 'data', data: Object.fromEntries(items.map((item) => [item.mime, counted.includes(item.mime) ? decoder.decode(item.data) : undefined])) };
}
