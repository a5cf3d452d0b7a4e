/**
 * The Tokens view's counting: walks each workspace folder with git's ignore rules and
 * `tokenscope.workspace.exclude` (core/workspace/workspaceWalker.ts), reads the files through
 * `vscode.workspace.fs` and has the worker's counting helpers count them in small batches
 * (`countFiles`). Results go into one TokenTree per folder, kept between counts: a file whose
 * size, modification time and tokenizer are unchanged is not read again, and a saved file is
 * counted alone, its folders' totals updated without a recount of anything else.
 *
 * Memory stays bounded however big the tree: the walk yields files one at a time, and at most
 * MAX_BATCHES_IN_FLIGHT batches of at most BATCH_BYTES (or one big file) are read at once.
 */
import * as vscode from 'vscode';
import { countingTokenizer, needsScriptMix, type ModelInfo } from '../../core/catalog/models';
import { modelFileTokens } from '../../core/workspace/fileTokens';
import type { Settings } from '../../core/catalog/settings';
import type { Localizer } from '../../core/l10n';
import { skipReasonText } from '../../core/present/workspaceText';
import type { TokenizerFallback } from '../../core/tokenizers/tokenizerFallback';
import type { TokenizerId } from '../../core/tokenizers/tokenizerIds';
import { TokenTree, type TreeFileNode } from '../../core/workspace/tokenTree';
import { walkWorkspace, type WalkEntry } from '../../core/workspace/workspaceWalker';
import type { CountFilesResult } from '../../worker/protocol';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import type { Log } from '../platform/log';
import { WorkerRequestError, type WorkerClient } from '../platform/workerClient';
import { requestFileCounts } from './fileCountRequest';
import { VscodeWorkspaceFs } from './vscodeWorkspaceFs';

/** A batch holds at most this many files, or this many bytes (one bigger file goes alone). */
const BATCH_FILES = 32;
const BATCH_BYTES = 1024 * 1024;
/** Batches read and counting at once: enough to keep every helper busy, few enough to bound memory. */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Created and deleted files are taken in after this quiet time, with one walk for a burst (a checkout). */
const REWALK_DELAY_MS = 1000;

/** What the view knows of one file. */
export interface FileData {
  readonly uri: vscode.Uri;
  readonly size: number;
  readonly mtime: number | undefined;
  readonly state: 'pending' | 'counted' | 'skipped' | 'failed';
  /** The worker's answer, for a counted file. */
  readonly counted?: {
    readonly tokenizer: TokenizerId;
    readonly fellBack?: TokenizerFallback;
    readonly tokens: number;
    readonly scriptMix?: number[];
    readonly chars: number;
    readonly bytes: number;
  };
  /** Why a skipped or failed file has no count, in the user's language. */
  readonly reason?: string;
}

/** One workspace folder's counts. */
export class FolderCount {
  readonly tree = new TokenTree<FileData>();
  readonly fs: VscodeWorkspaceFs;
  /** Set once a walk of the folder has ended (not cancelled). */
  walked = false;

  constructor(readonly folder: vscode.WorkspaceFolder) {
    this.fs = new VscodeWorkspaceFs(folder.uri);
  }

  /** `/`-separated path of `uri` from the folder, or undefined when it is not inside it. */
  relative(uri: vscode.Uri): string | undefined {
    return this.fs.relative(uri);
  }
}

/** Where a count has got to. */
export interface CountProgress {
  readonly running: boolean;
  /** Files the walk has found so far in this count (counted, cached, skipped or pending). */
  readonly found: number;
  /** Files waiting for their count. */
  readonly pending: number;
  readonly cancelled: boolean;
  /** ms the last complete count took. */
  readonly lastMs?: number;
}

export class WorkspaceCounter extends Disposable {
  private folders: FolderCount[] = [];
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Counts changed (a batch answered, a file updated, a folder added): the view refreshes, throttled. */
  readonly onDidChange = this.changeEmitter.event;
  private run: { readonly cancel: vscode.CancellationTokenSource; found: number; pending: number; readonly done: Promise<void> } | undefined;
  private lastMs: number | undefined;
  private cancelled = false;
  private rewalkTimer: ReturnType<typeof setTimeout> | undefined;
  /** A re-walk was due while a count ran: it follows that count, unless the user stopped it. */
  private rewalkAfterRun = false;
  /** Saved files being counted alone, and their URIs. */
  private readonly updates = new Set<Promise<void>>();
  private readonly updating = new Set<string>();

  constructor(
    private readonly worker: Pick<WorkerClient, 'request'>,
    private readonly configuration: Pick<Configuration, 'forDocument' | 'onDidChange'>,
    private readonly l10n: Localizer,
    private readonly log: Log,
  ) {
    super();
    this.syncFolders();
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.syncFolders();
        if (this.started) void this.countAll();
      }),
    );
    this._register(
      configuration.onDidChange((e) => {
        if (!this.started) return;
        // Exclusions or the size limit: a new walk; a model with the same tokenizer: only new totals.
        if (e.affects('workspace', 'fileSize')) void this.countAll();
        else if (e.affects('model')) this.modelChanged();
      }),
    );
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidChange((uri) => this.fileChanged(uri)));
    this._register(watcher.onDidCreate((uri) => this.filesCreatedOrDeleted(uri)));
    this._register(watcher.onDidDelete((uri) => this.fileDeleted(uri)));
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => this.fileChanged(doc.uri)));
  }

  /** Whether a count has been asked for: until then the view shows its welcome, and nothing is read. */
  get started(): boolean {
    return this.run !== undefined || this.folders.some((f) => f.walked) || this.lastMs !== undefined;
  }

  get roots(): readonly FolderCount[] {
    return this.folders;
  }

  get progress(): CountProgress {
    const run = this.run;
    return {
      running: run !== undefined,
      found: run?.found ?? 0,
      pending: run?.pending ?? 0,
      cancelled: this.cancelled,
      ...(this.lastMs !== undefined ? { lastMs: this.lastMs } : {}),
    };
  }

  get settings(): Settings {
    return this.configuration.forDocument(undefined);
  }

  /** The model's tokens for a file's count, or undefined when it has none for this model's tokenizer. */
  tokensOf(data: FileData, model: ModelInfo = this.settings.model): number | undefined {
    return data.state === 'counted' && data.counted ? modelFileTokens(model, data.counted) : undefined;
  }

  /** Counts every workspace folder (a new count replaces one running). Resolves when it ends. */
  countAll(): Promise<void> {
    return this.start(this.folders);
  }

  /** Resolves when no count runs, no saved file is being counted and no re-walk is due. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.run) await this.run.done;
      else if (this.updates.size > 0) await Promise.all(this.updates);
      else if (this.rewalkTimer) await new Promise((resolve) => setTimeout(resolve, REWALK_DELAY_MS / 4));
      else return;
    }
  }

  /** Stops the running count; the totals so far stay, marked as partial by the view. */
  cancel(): void {
    if (this.rewalkTimer) clearTimeout(this.rewalkTimer);
    this.rewalkTimer = undefined;
    this.rewalkAfterRun = false;
    if (!this.run) return;
    this.cancelled = true;
    this.run.cancel.cancel();
  }

  private start(folders: readonly FolderCount[]): Promise<void> {
    this.run?.cancel.cancel();
    this.cancelled = false;
    const cancel = new vscode.CancellationTokenSource();
    const startedAt = performance.now();
    const state = { cancel, found: 0, pending: 0 } as { cancel: vscode.CancellationTokenSource; found: number; pending: number; done: Promise<void> };
    state.done = (async () => {
      try {
        for (const folder of folders) {
          if (cancel.token.isCancellationRequested) break;
          await this.walkFolder(folder, state, cancel.token);
        }
      } finally {
        if (this.run === state) {
          this.run = undefined;
          if (!cancel.token.isCancellationRequested) this.lastMs = performance.now() - startedAt;
          this.log.info(`workspace count ${cancel.token.isCancellationRequested ? 'cancelled' : 'done'}`, { files: state.found, ms: Math.round(performance.now() - startedAt) });
        }
        cancel.dispose();
        this.changeEmitter.fire();
        if (this.rewalkAfterRun && !this.run && !this.cancelled) {
          this.rewalkAfterRun = false;
          void this.countAll();
        }
      }
    })();
    this.run = state;
    this.changeEmitter.fire();
    return state.done;
  }

  private async walkFolder(folder: FolderCount, state: { found: number; pending: number }, token: vscode.CancellationToken): Promise<void> {
    const settings = this.settings;
    const tokenizer = countingTokenizer(settings.model);
    const scripts = needsScriptMix(settings.model);
    const seen = new Set<string>();
    const batches = new BatchQueue<Extract<WalkEntry, { kind: 'file' }>>((files) => this.countBatch(folder, files, settings, state, token));
    try {
      const walk = walkWorkspace(folder.fs, folder.folder.uri.path, { maxBytes: settings.maxFileBytes, exclude: settings.workspaceExclude });
      for await (const entry of walk) {
        if (token.isCancellationRequested) break;
        state.found++;
        seen.add(entry.relative);
        if (entry.kind === 'skipped') {
          const data: FileData = { uri: folder.fs.uri(entry.path), size: 0, mtime: undefined, state: 'skipped', reason: skipReasonText(entry.reason, this.l10n) };
          folder.tree.set(entry.relative, undefined, data);
          continue;
        }
        const known = folder.tree.get(entry.relative);
        if (known?.kind === 'file' && isFresh(known.data, entry, tokenizer, scripts)) continue;
        folder.tree.set(entry.relative, undefined, { uri: folder.fs.uri(entry.path), size: entry.size, mtime: entry.mtime, state: 'pending' });
        state.pending++;
        await batches.add(entry, token);
      }
      await batches.flush(token);
    } catch (err) {
      this.log.error('could not walk a workspace folder', { folder: folder.folder.uri.toString() }, err);
    }
    if (token.isCancellationRequested) return;
    // Files gone since the last walk (deleted, or ignored now).
    for (const file of [...folder.tree.files()]) if (!seen.has(file.path)) folder.tree.delete(file.path);
    folder.walked = true;
  }

  /** Reads and counts one batch, and puts the answers in the tree. */
  private async countBatch(
    folder: FolderCount,
    entries: ReadonlyArray<Extract<WalkEntry, { kind: 'file' }>>,
    settings: Settings,
    state: { pending: number },
    token: vscode.CancellationToken,
  ): Promise<void> {
    const contents: Uint8Array[] = [];
    const read: Array<Extract<WalkEntry, { kind: 'file' }>> = [];
    for (const entry of entries) {
      const uri = folder.fs.uri(entry.path);
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.length > settings.maxFileBytes) {
          this.settle(folder, entry, { state: 'skipped', reason: skipReasonText({ kind: 'tooLarge', bytes: bytes.length, maxBytes: settings.maxFileBytes }, this.l10n) }, state);
          continue;
        }
        contents.push(bytes);
        read.push(entry);
      } catch (err) {
        this.settle(folder, entry, { state: 'failed', reason: this.l10n.t('not read: {0}', err instanceof Error ? err.message : String(err)) }, state);
      }
    }
    if (read.length === 0 || token.isCancellationRequested) return;
    let result: CountFilesResult;
    try {
      result = await requestFileCounts(this.worker, settings.model, contents, token);
    } catch (err) {
      if (err instanceof WorkerRequestError && err.code === 'cancelled') return;
      const failure = err instanceof Error ? err.message : String(err);
      for (const entry of read) this.settle(folder, entry, { state: 'failed', reason: this.l10n.t('not counted: {0}', failure) }, state);
      return;
    }
    const { tokenizer, fellBack } = result;
    result.files.forEach((answer, i) => {
      const entry = read[i];
      if ('error' in answer) this.settle(folder, entry, { state: 'failed', reason: this.l10n.t('not counted: {0}', answer.error) }, state);
      else if ('notCounted' in answer) this.settle(folder, entry, { state: 'skipped', reason: this.l10n.t('not counted: {0}', answer.notCounted) }, state);
      else {
        const counted = {
          tokenizer,
          ...(fellBack ? { fellBack } : {}),
          tokens: answer.tokens,
          chars: answer.chars,
          bytes: answer.bytes,
          ...(answer.scriptMix ? { scriptMix: answer.scriptMix } : {}),
        };
        this.settle(folder, entry, { state: 'counted', counted }, state);
      }
    });
  }

  private settle(folder: FolderCount, entry: Extract<WalkEntry, { kind: 'file' }>, outcome: Pick<FileData, 'state' | 'counted' | 'reason'>, state: { pending: number }): void {
    state.pending = Math.max(0, state.pending - 1);
    const data: FileData = { uri: folder.fs.uri(entry.path), size: entry.size, mtime: entry.mtime, ...outcome };
    folder.tree.set(entry.relative, this.tokensOf(data), data);
    this.changeEmitter.fire();
  }

  private modelChanged(): void {
    const model = this.settings.model;
    for (const folder of this.folders) folder.tree.recount((file) => this.tokensOf(file.data, model));
    this.changeEmitter.fire();
    // Files without a count for this model's tokenizer are counted now; the others are cached.
    const stale = this.folders.some((f) => [...f.tree.files()].some((file) => file.data.state === 'counted' && file.tokens === undefined));
    if (stale) void this.countAll();
  }

  /** A file saved or changed on disk: counted again alone if the view lists it. */
  private fileChanged(uri: vscode.Uri): void {
    if (!this.started) return;
    if (uri.path.endsWith('/.gitignore') || uri.path.endsWith('/.git/info/exclude')) return this.scheduleRewalk();
    for (const folder of this.folders) {
      const relative = folder.relative(uri);
      const node = relative === undefined ? undefined : folder.tree.get(relative);
      if (node?.kind !== 'file') continue;
      // A save fires both the save event and the watcher's change: one count.
      const key = node.data.uri.toString();
      if (this.updating.has(key)) continue;
      this.updating.add(key);
      const update = this.recountFile(folder, node).finally(() => {
        this.updates.delete(update);
        this.updating.delete(key);
      });
      this.updates.add(update);
    }
  }

  /** Counts one listed file again (its size or time changed), as one batch of its own. */
  async recountFile(folder: FolderCount, node: TreeFileNode<FileData>): Promise<void> {
    const stat = await folder.fs.stat(node.data.uri.path);
    if (!stat || stat.kind !== 'file') return this.scheduleRewalk();
    if (stat.size === node.data.size && stat.mtime === node.data.mtime && node.data.state === 'counted') return;
    const settings = this.settings;
    const entry = { kind: 'file', path: node.data.uri.path, relative: node.path, size: stat.size, mtime: stat.mtime } as const;
    if (stat.size > settings.maxFileBytes) {
      return this.settle(
        folder,
        entry,
        { state: 'skipped', reason: skipReasonText({ kind: 'tooLarge', bytes: stat.size, maxBytes: settings.maxFileBytes }, this.l10n) },
        { pending: 0 },
      );
    }
    const token = new vscode.CancellationTokenSource();
    try {
      await this.countBatch(folder, [entry], settings, { pending: 0 }, token.token);
    } finally {
      token.dispose();
    }
  }

  private fileDeleted(uri: vscode.Uri): void {
    if (!this.started) return;
    for (const folder of this.folders) {
      const relative = folder.relative(uri);
      if (relative === undefined || !folder.tree.get(relative)) continue;
      folder.tree.delete(relative); // a file, or a folder with everything below it
      this.changeEmitter.fire();
    }
    if (uri.path.endsWith('/.gitignore')) this.scheduleRewalk();
  }

  private filesCreatedOrDeleted(uri: vscode.Uri): void {
    if (!this.started) return;
    if (this.folders.some((f) => f.relative(uri) !== undefined)) this.scheduleRewalk();
  }

  /**
   * Created files, or changed ignore rules: one walk of every folder after a quiet moment. The
   * walk reads only listings and sizes; unchanged files keep their counts.
   */
  private scheduleRewalk(): void {
    if (this.rewalkTimer) clearTimeout(this.rewalkTimer);
    this.rewalkTimer = setTimeout(() => {
      this.rewalkTimer = undefined;
      if (!this.run) void this.countAll();
      else this.rewalkAfterRun = true;
    }, REWALK_DELAY_MS);
  }

  private syncFolders(): void {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const kept = new Map(this.folders.map((f) => [f.folder.uri.toString(), f]));
    this.folders = folders.map((folder) => kept.get(folder.uri.toString()) ?? new FolderCount(folder));
    this.changeEmitter.fire();
  }

  override dispose(): void {
    this.run?.cancel.cancel();
    if (this.rewalkTimer) clearTimeout(this.rewalkTimer);
    super.dispose();
  }
}

/** Whether a file's count can be kept: same size and time, counted with this tokenizer (and by script if needed). */
function isFresh(data: FileData, entry: Extract<WalkEntry, { kind: 'file' }>, tokenizer: TokenizerId, scripts: boolean): boolean {
  if (data.state !== 'counted' || !data.counted) return false;
  if (data.size !== entry.size || data.mtime === undefined || data.mtime !== entry.mtime) return false;
  if (data.counted.tokenizer !== tokenizer && data.counted.fellBack?.from !== tokenizer) return false;
  return !scripts || data.counted.scriptMix !== undefined;
}

/** Groups files into batches and keeps at most MAX_BATCHES_IN_FLIGHT of them counting. */
class BatchQueue<E extends { size: number }> {
  private batch: E[] = [];
  private bytes = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly count: (batch: E[]) => Promise<void>) {}

  /** Adds a file; when its batch is full, sends it, first waiting for room if every slot is taken. */
  async add(entry: E, token: vscode.CancellationToken): Promise<void> {
    if (this.batch.length > 0 && this.bytes + entry.size > BATCH_BYTES) await this.send(token);
    this.batch.push(entry);
    this.bytes += entry.size;
    if (this.batch.length >= BATCH_FILES || this.bytes >= BATCH_BYTES) await this.send(token);
  }

  /** Sends what is left and waits for every batch. */
  async flush(token: vscode.CancellationToken): Promise<void> {
    if (this.batch.length > 0) await this.send(token);
    await Promise.all(this.inFlight);
  }

  private async send(token: vscode.CancellationToken): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.bytes = 0;
    while (this.inFlight.size >= MAX_BATCHES_IN_FLIGHT) await Promise.race(this.inFlight);
    if (token.isCancellationRequested) return;
    const running = this.count(batch).finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }
}
