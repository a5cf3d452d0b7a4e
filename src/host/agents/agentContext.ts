/**
 * The agent instruction files of each workspace folder (core/agents/agentFiles.ts: which tool
 * loads which file, always or on demand) with their tokens for the current model: what every
 * request of a coding agent costs before the user types anything.
 *
 * Found by the Tokens view's walk (git's ignore rules and `tokenscope.workspace.exclude`,
 * core/workspace/workspaceWalker.ts), reading nothing but listings, and by a look at the few
 * places the tools read whatever git ignores (CLAUDE.local.md is git-ignored by design): the
 * root's files and the rule folders, regular files only (a link is never followed there). The
 * files are read through `vscode.workspace.fs` and counted by the worker's `countFiles`, never
 * on this thread; a count is kept while the file's size, time and the tokenizer stay the same.
 * As for the Tokens view, Restricted Mode changes nothing here: it reads the workspace's files
 * to count them and runs nothing. Nothing is read until the view is first shown.
 */
import * as vscode from 'vscode';
import { discoverAgentFiles, isAgentFileCandidate, ROOT_AGENT_FILES, AGENT_RULE_FOLDERS, type AgentFile } from '../../core/agents/agentFiles';
import type { ModelInfo } from '../../core/catalog/models';
import type { Settings } from '../../core/catalog/settings';
import { decodeText } from '../../core/files/fileText';
import { skipReasonText } from '../../core/present/workspaceText';
import { modelFileTokens, type CountedFile } from '../../core/workspace/fileTokens';
import { walkWorkspace } from '../../core/workspace/workspaceWalker';
import { joinPath } from '../../core/workspace/workspaceFs';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import type { WorkerClient } from '../platform/workerClient';
import { requestFileCounts } from '../workspace/fileCountRequest';
import { VscodeWorkspaceFs } from '../workspace/vscodeWorkspaceFs';

/** A search after files were created or deleted waits for this quiet time (a checkout is one burst), as the Tokens view's re-walk. */
const RESEARCH_DELAY_MS = 1000;
/** Front matter is read from the start of a rule file: this much of its text is kept. */
const HEAD_CHARS = 16 * 1024;
/** Files sent to the worker at once (agent files are a few KB each). */
const BATCH_FILES = 32;
/** Folders the tools read every rule file of, and the root's folders their root files are in. */
const LISTED_FOLDERS = ['', '.claude', '.github', ...AGENT_RULE_FOLDERS];

/** One agent file of a folder. */
export interface AgentFileData {
  /** From its workspace folder, `/`-separated. */
  readonly path: string;
  readonly uri: vscode.Uri;
  readonly size: number;
  readonly mtime: number | undefined;
  /** The worker's count. */
  readonly counted?: CountedFile;
  /** The start of its text, for front matter (`alwaysApply`, `applyTo`, `trigger`). */
  readonly head?: string;
  /** Why it has no count (too large, binary, not read), in the user's language. */
  readonly reason?: string;
}

/** One workspace folder's agent files. */
export class AgentFolder {
  readonly fs: VscodeWorkspaceFs;
  files = new Map<string, AgentFileData>();
  /** Which tools load which of `files`, how (discoverAgentFiles, the workspace root as the working folder). */
  agentFiles: readonly AgentFile[] = [];

  constructor(readonly folder: vscode.WorkspaceFolder) {
    this.fs = new VscodeWorkspaceFs(folder.uri);
  }

  /** `/`-separated path of `uri` from the folder, or undefined when it is not inside it. */
  relative(uri: vscode.Uri): string | undefined {
    return this.fs.relative(uri);
  }

  discover(): void {
    this.agentFiles = discoverAgentFiles([...this.files.keys()], (path) => this.files.get(path)?.head ?? '');
  }
}

export class AgentContext extends Disposable {
  private folders: AgentFolder[] = [];
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Files found, counted, or their counts changed for the model. */
  readonly onDidChange = this.changeEmitter.event;
  /** Set once the first search has been asked for (the view shown). */
  private started = false;
  /** The work under way (searches and recounts run one after another). */
  private work: Promise<void> = Promise.resolve();
  private pending = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** A search has ended since the view was first shown: an empty view then says what was looked for. */
  private _searched = false;

  constructor(
    private readonly worker: Pick<WorkerClient, 'request'>,
    private readonly configuration: Pick<Configuration, 'forDocument' | 'onDidChange'>,
    private readonly log: Log,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (this.started) void this.search();
      }),
    );
    this._register(
      configuration.onDidChange((e) => {
        if (!this.started) return;
        if (e.affects('workspace', 'fileSize')) void this.search();
        else if (e.affects('model')) void this.enqueue(() => this.countAll());
      }),
    );
    // Every path, filtered here: a folder deleted with its rule files in it comes as one event for the folder.
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    this._register(watcher.onDidChange((uri) => this.fileChanged(uri)));
    this._register(watcher.onDidCreate((uri) => this.fileCreatedOrDeleted(uri)));
    this._register(watcher.onDidDelete((uri) => this.fileCreatedOrDeleted(uri)));
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => this.fileChanged(doc.uri)));
  }

  get roots(): readonly AgentFolder[] {
    return this.folders;
  }

  get searched(): boolean {
    return this._searched;
  }

  /** Whether a search or count is under way. */
  get busy(): boolean {
    return this.pending > 0 || this.searchTimer !== undefined;
  }

  get settings(): Settings {
    return this.configuration.forDocument(undefined);
  }

  /** Whether a file is waiting for its count for the model (found, not yet counted, nothing wrong with it). */
  isPending(file: AgentFileData, model: ModelInfo = this.settings.model): boolean {
    return file.reason === undefined && this.tokensOf(file, model) === undefined;
  }

  /** The model's tokens of a file, undefined when it has none (not counted, or for another tokenizer). */
  tokensOf(file: AgentFileData, model: ModelInfo = this.settings.model): number | undefined {
    return file.counted ? modelFileTokens(model, file.counted) : undefined;
  }

  /** The first search, when the view is first shown; later calls do nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.search();
  }

  /** Searches every folder again (the view's Refresh); resolves when done. */
  refresh(): Promise<void> {
    this.started = true;
    return this.search();
  }

  /** Resolves when no search or count is under way or due (tests, the copy command). */
  async idle(): Promise<void> {
    while (this.busy) {
      if (this.searchTimer) await new Promise((resolve) => setTimeout(resolve, RESEARCH_DELAY_MS / 4));
      else await this.work;
    }
  }

  private search(): Promise<void> {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
    return this.enqueue(async () => {
      const kept = new Map(this.folders.map((f) => [f.folder.uri.toString(), f]));
      this.folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => kept.get(folder.uri.toString()) ?? new AgentFolder(folder));
      for (const folder of this.folders) await this.searchFolder(folder);
      this._searched = true;
      await this.countAll();
    });
  }

  /** Runs `task` after the work before it; a failure is logged, never thrown at the caller. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.pending++;
    const run = this.work.then(task).then(
      () => undefined,
      (err: unknown) => this.log.error('could not find or count the agent context files', {}, err),
    );
    this.work = run.finally(() => {
      this.pending--;
      this.changeEmitter.fire();
    });
    return this.work;
  }

  /** The folder's agent files: by the walk, and in the places the tools read whatever git ignores. */
  private async searchFolder(folder: AgentFolder): Promise<void> {
    const settings = this.settings;
    const root = folder.folder.uri.path;
    const found = new Map<string, { size: number; mtime: number | undefined; reason?: string }>();
    try {
      for await (const entry of walkWorkspace(folder.fs, root, { maxBytes: settings.maxFileBytes, exclude: settings.workspaceExclude })) {
        if (!isAgentFileCandidate(entry.relative)) continue;
        if (entry.kind === 'file') found.set(entry.relative, { size: entry.size, mtime: entry.mtime });
        else found.set(entry.relative, { size: 0, mtime: undefined, reason: skipReasonText(entry.reason, hostL10n) });
      }
    } catch (err) {
      this.log.error('could not walk a workspace folder for agent files', { folder: folder.folder.uri.toString() }, err);
    }
    for (const dir of LISTED_FOLDERS) {
      let entries;
      try {
        entries = await folder.fs.readDirectory(dir === '' ? root : joinPath(root, dir));
      } catch {
        continue; // no such folder
      }
      for (const entry of entries) {
        const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
        const wanted = AGENT_RULE_FOLDERS.includes(dir) ? isAgentFileCandidate(path) : ROOT_AGENT_FILES.includes(path);
        // Regular files only: a link here could point anywhere, and the walk has judged the links it met.
        if (!wanted || entry.kind !== 'file' || found.has(path)) continue;
        const stat = await folder.fs.stat(joinPath(root, path));
        if (stat?.kind === 'file') found.set(path, { size: stat.size, mtime: stat.mtime });
      }
    }
    const files = new Map<string, AgentFileData>();
    for (const [path, entry] of found) {
      const known = folder.files.get(path);
      const same = known && known.size === entry.size && known.mtime !== undefined && known.mtime === entry.mtime && !entry.reason;
      files.set(path, same ? known : { path, uri: folder.fs.uri(joinPath(root, path)), size: entry.size, mtime: entry.mtime, ...(entry.reason ? { reason: entry.reason } : {}) });
    }
    folder.files = files;
  }

  /** Reads and counts every file without a count for the model's tokenizer; then which tool loads what. */
  private async countAll(): Promise<void> {
    const settings = this.settings;
    for (const folder of this.folders) {
      const stale = [...folder.files.values()].filter((f) => f.reason === undefined && this.tokensOf(f, settings.model) === undefined);
      await this.countFiles(folder, stale, settings);
      folder.discover();
    }
  }

  private async countFiles(folder: AgentFolder, files: readonly AgentFileData[], settings: Settings): Promise<void> {
    for (let start = 0; start < files.length; start += BATCH_FILES) {
      const batch = files.slice(start, start + BATCH_FILES);
      const read: Array<{ file: AgentFileData; bytes: Uint8Array }> = [];
      for (const file of batch) {
        try {
          const stat = await vscode.workspace.fs.stat(file.uri);
          if (stat.size > settings.maxFileBytes) {
            folder.files.set(file.path, {
              ...file,
              size: stat.size,
              mtime: stat.mtime,
              reason: skipReasonText({ kind: 'tooLarge', bytes: stat.size, maxBytes: settings.maxFileBytes }, hostL10n),
            });
            continue;
          }
          const bytes = await vscode.workspace.fs.readFile(file.uri);
          read.push({ file: { ...file, size: stat.size, mtime: stat.mtime, head: headOf(bytes) }, bytes });
        } catch (err) {
          folder.files.set(file.path, { ...file, reason: hostL10n.t('not read: {0}', err instanceof Error ? err.message : String(err)) });
        }
      }
      if (read.length === 0) continue;
      try {
        const result = await requestFileCounts(
          this.worker,
          settings.model,
          read.map((r) => r.bytes),
        );
        result.files.forEach((answer, i) => {
          const { file } = read[i];
          if ('error' in answer) folder.files.set(file.path, { ...file, reason: hostL10n.t('not counted: {0}', answer.error) });
          else if ('notCounted' in answer) folder.files.set(file.path, { ...file, reason: hostL10n.t('not counted: {0}', answer.notCounted) });
          else {
            const counted: CountedFile = {
              tokenizer: result.tokenizer,
              ...(result.fellBack ? { fellBack: result.fellBack } : {}),
              tokens: answer.tokens,
              ...(answer.scriptMix ? { scriptMix: answer.scriptMix } : {}),
            };
            folder.files.set(file.path, { path: file.path, uri: file.uri, size: file.size, mtime: file.mtime, head: file.head ?? '', counted });
          }
        });
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        for (const { file } of read) folder.files.set(file.path, { ...file, reason: hostL10n.t('not counted: {0}', why) });
      }
    }
  }

  /** A listed agent file saved or changed on disk: counted again alone, and the tools' use of it read again (its front matter). */
  private fileChanged(uri: vscode.Uri): void {
    if (!this.started) return;
    for (const folder of this.folders) {
      const path = folder.relative(uri);
      const file = path === undefined ? undefined : folder.files.get(path);
      if (!file) continue;
      void this.enqueue(async () => {
        const now = folder.files.get(file.path);
        if (!now) return;
        const stat = await folder.fs.stat(now.uri.path);
        if (stat && stat.size === now.size && stat.mtime === now.mtime && now.counted) return;
        await this.countFiles(folder, [{ ...now, size: stat?.size ?? now.size, mtime: stat?.mtime }], this.settings);
        folder.discover();
      });
    }
  }

  /** A new agent file, or a listed one (or a folder holding one) gone: a new search after a quiet moment. */
  private fileCreatedOrDeleted(uri: vscode.Uri): void {
    if (!this.started) return;
    const concerns = (folder: AgentFolder) => {
      const path = folder.relative(uri);
      if (path === undefined) return false;
      return isAgentFileCandidate(path) || [...folder.files.keys()].some((known) => known.startsWith(`${path}/`));
    };
    if (!this.folders.some(concerns)) return;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = undefined;
      void this.search();
    }, RESEARCH_DELAY_MS);
  }

  override dispose(): void {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    super.dispose();
  }
}

/** The start of a file's text as VS Code would open it, for its front matter; empty when it is not text. */
function headOf(bytes: Uint8Array): string {
  try {
    return decodeText(bytes.subarray(0, HEAD_CHARS * 4)).text.slice(0, HEAD_CHARS);
  } catch {
    return '';
  }
}
