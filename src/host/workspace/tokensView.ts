/**
 * The Tokens view (Explorer side bar): each workspace folder as a tree of folders and files with
 * their tokens for the current model, most first, with share of the usable window and cost in
 * the tooltip. It counts nothing until asked (the view shown, or "Tokenscope: Count Workspace");
 * then WorkspaceCounter keeps it current as files are saved, created and deleted.
 */
import * as vscode from 'vscode';
import { rowDescription, rowTooltipLines, type RowContext } from '../../core/present/workspaceText';
import { exportWorkspace, type ExportedFile } from '../../core/present/workspaceExport';
import type { ExportFormat } from '../../core/insights/insightView';
import { biggestFiles, byTokens, sortedChildren, type TreeNode } from '../../core/workspace/tokenTree';
import { formatCompact } from '../../core/present/statusBarText';
import { integerText } from '../../core/text/numberText';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import type { FileData, FolderCount, WorkspaceCounter } from './workspaceCounter';

/** Named `l10n` so that `npm run l10n` finds this file's messages (`l10n.t`). */
const l10n = hostL10n;

export const TOKENS_VIEW_ID = 'tokenscope.tokens';
/** Context key: a count is running (the view's Cancel button shows). */
const COUNTING_CONTEXT = 'tokenscope.workspaceCounting';
/** The view refreshes at most this often while a count runs. */
const REFRESH_MS = 250;
/** Rows "Reveal Biggest Files" offers. */
const BIGGEST = 25;

/** A row: a node of one workspace folder's tree. */
export interface TokensRow {
  readonly folder: FolderCount;
  readonly node: TreeNode<FileData>;
}

export class TokensView extends Disposable implements vscode.TreeDataProvider<TokensRow> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<TokensRow | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  readonly view: vscode.TreeView<TokensRow>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;

  constructor(
    private readonly counter: WorkspaceCounter,
    private readonly log: Log,
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView(TOKENS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this._register(counter.onDidChange(() => this.scheduleRefresh()));
    // Counting starts when the user first looks at the view, not at start-up.
    this._register(
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && !counter.started) void this.count();
      }),
    );
    if (this.view.visible) void this.count();
    this.updateMessage();
  }

  /** "Tokenscope: Count Workspace": shows the view and counts (again) with progress in it. */
  async count(): Promise<void> {
    const done = this.counter.countAll();
    void vscode.commands.executeCommand(`${TOKENS_VIEW_ID}.focus`).then(undefined, () => undefined);
    await vscode.window.withProgress({ location: { viewId: TOKENS_VIEW_ID } }, () => done);
  }

  cancel(): void {
    this.counter.cancel();
  }

  /** Resolves once no count runs and the view has shown the latest numbers (for tests). */
  async settled(): Promise<void> {
    for (;;) {
      await this.counter.idle();
      if (!this.refreshTimer && !this.counter.progress.running) return;
      await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    }
  }

  getTreeItem(row: TokensRow): vscode.TreeItem {
    const { node, folder } = row;
    const context = this.rowContext();
    const isRoot = node.path === '';
    const label = isRoot ? folder.folder.name : node.name;
    const uri = node.kind === 'file' ? node.data.uri : isRoot ? folder.folder.uri : folder.fs.uri(joinUriPath(folder.folder.uri.path, node.path));
    const item = new vscode.TreeItem(
      label,
      node.kind === 'folder' ? (isRoot ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${folder.folder.uri.toString()}#${node.path}`;
    item.resourceUri = uri;
    if (node.kind === 'file') {
      const { data } = node;
      item.contextValue = data.state === 'counted' ? 'tokenscope.tokens.file' : 'tokenscope.tokens.uncounted';
      item.command = { command: 'vscode.open', title: l10n.t('Open File'), arguments: [uri] };
      if (node.tokens !== undefined) {
        item.description = rowDescription({ tokens: node.tokens }, context, l10n);
        item.tooltip = rowTooltipLines(node.path, { tokens: node.tokens, ...(data.counted?.scriptMix ? { scriptMix: data.counted.scriptMix } : {}) }, context, l10n).join('\n');
      } else {
        // Pending after a Stop: it will be counted by the next count, not now.
        item.description = data.state === 'pending' ? (this.counter.progress.running ? l10n.t('counting…') : l10n.t('not counted yet')) : (data.reason ?? '');
        item.tooltip = `${node.path}\n${item.description}`;
      }
    } else {
      item.contextValue = 'tokenscope.tokens.folder';
      const figures = { tokens: node.tokens, files: node.files, uncounted: node.uncounted };
      const uncounted = node.uncounted > 0 ? ` · ${l10n.t('{0} not counted', integerText(node.uncounted, l10n.locale))}` : '';
      item.description = `${rowDescription(figures, context, l10n)}${uncounted}`;
      item.tooltip = rowTooltipLines(isRoot ? folder.folder.name : node.path, figures, context, l10n).join('\n');
    }
    return item;
  }

  getChildren(row?: TokensRow): TokensRow[] {
    if (!row) return this.counter.started ? this.counter.roots.map((folder) => ({ folder, node: folder.tree.root })) : [];
    if (row.node.kind !== 'folder') return [];
    return sortedChildren(row.node).map((node) => ({ folder: row.folder, node }));
  }

  getParent(row: TokensRow): TokensRow | undefined {
    const parent = row.node.parent;
    return parent ? { folder: row.folder, node: parent } : undefined;
  }

  /** Copies the files below a row (the whole workspace without one) with their tokens, most first, and the total. */
  async copyTotals(target?: unknown): Promise<void> {
    const files = this.exportedFiles(this.rowOf(target));
    const lines = files.map((f) => `${f.path}\t${f.tokens ?? f.note ?? ''}`);
    const total = files.reduce((sum, f) => sum + (f.tokens ?? 0), 0);
    lines.push(l10n.t('Total\t{0}', String(total)));
    await vscode.env.clipboard.writeText(lines.join('\n'));
    void vscode.window.showInformationMessage(
      l10n.t('Copied {0} paths with their tokens for {1}.', integerText(lines.length - 1, hostL10n.locale), this.counter.settings.model.id),
    );
  }

  /** Lists the biggest files below a row (the whole workspace without one); the one picked opens. */
  async revealBiggest(target?: unknown): Promise<void> {
    const row = this.rowOf(target);
    const rows = row ? [row] : this.counter.roots.map((folder) => ({ folder, node: folder.tree.root as TreeNode<FileData> }));
    const files = rows.flatMap((r) => biggestFiles(r.folder.tree, r.node, BIGGEST).map((node) => ({ folder: r.folder, node })));
    files.sort((a, b) => byTokens(a.node, b.node));
    const context = this.rowContext();
    const picked = await vscode.window.showQuickPick(
      files.slice(0, BIGGEST).map((f) => ({ label: f.node.name, description: rowDescription({ tokens: f.node.tokens }, context, hostL10n), detail: f.node.path, row: f })),
      { title: l10n.t('Biggest files for {0}', context.model.id), placeHolder: l10n.t('Open a file; it is also selected in the Tokens view') },
    );
    if (!picked) return;
    await vscode.window.showTextDocument(picked.row.node.kind === 'file' ? picked.row.node.data.uri : picked.row.folder.folder.uri, { preview: true });
    await this.view.reveal(picked.row, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  }

  /** Saves every counted file's tokens as CSV, JSON or Markdown where the user chooses. */
  async export(): Promise<void> {
    const formats: Array<{ label: string; format: ExportFormat; extension: string }> = [
      { label: 'CSV', format: 'csv', extension: 'csv' },
      { label: 'JSON', format: 'json', extension: 'json' },
      { label: 'Markdown', format: 'markdown', extension: 'md' },
    ];
    const picked = await vscode.window.showQuickPick(formats, { title: l10n.t('Export the Tokens view') });
    if (!picked) return;
    const folder = this.counter.roots[0]?.folder.uri;
    const target = await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `tokens.${picked.extension}`) } : {}),
      filters: { [picked.label]: [picked.extension] },
    });
    if (!target) return;
    const { model, usableWindow } = this.rowContext();
    const text = exportWorkspace({ model, usableWindow, files: this.exportedFiles(), partial: this.counter.progress.cancelled }, picked.format, hostL10n);
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    } catch (err) {
      this.log.error('could not write the Tokens view export', { file: target.toString() }, err);
      void vscode.window.showErrorMessage(l10n.t('Could not write {0}: {1}', target.fsPath, err instanceof Error ? err.message : String(err)));
    }
  }

  /** A file's tokens (`path` from its workspace folder), or undefined when it has no count. */
  fileTokens(path: string): number | undefined {
    for (const folder of this.counter.roots) {
      const node = folder.tree.get(path);
      if (node?.kind === 'file') return node.tokens;
    }
    return undefined;
  }

  /** The files below `row` (every folder without one), most tokens first. */
  exportedFiles(row?: TokensRow): ExportedFile[] {
    const roots = this.counter.roots;
    const rows = row ? [row] : roots.map((folder) => ({ folder, node: folder.tree.root as TreeNode<FileData> }));
    const files = rows.flatMap(({ folder, node }) =>
      [...folder.tree.files(node)].map((file) => ({
        file,
        path: roots.length > 1 ? `${folder.folder.name}/${file.path}` : file.path,
      })),
    );
    files.sort((a, b) => byTokens(a.file, b.file));
    return files.map(({ file, path }) => ({
      path,
      tokens: file.tokens,
      ...(file.tokens === undefined ? { note: file.data.state === 'pending' ? l10n.t('not counted yet') : (file.data.reason ?? '') } : { bytes: file.data.counted?.bytes }),
    }));
  }

  /**
   * "Show in Tokens View" on an Explorer folder or file: counts the workspace if it has not been
   * counted, then selects the row.
   */
  async reveal(target?: unknown): Promise<void> {
    const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
    if (!this.counter.started) await this.count();
    const row = uri ? this.rowOf(uri) : undefined;
    if (!row) {
      void vscode.window.showInformationMessage(
        l10n.t(
          '{0} is not in the Tokens view: it is outside the workspace folders, ignored (.gitignore, tokenscope.workspace.exclude), or not counted yet.',
          uri ? vscode.workspace.asRelativePath(uri) : l10n.t('This file'),
        ),
      );
      return;
    }
    await this.view.reveal(row, { select: true, focus: true, expand: true }).then(undefined, () => undefined);
  }

  /** The row a command was invoked on: a row of this view, or an Explorer URI in a counted folder. */
  private rowOf(target: unknown): TokensRow | undefined {
    if (target instanceof vscode.Uri) {
      for (const folder of this.counter.roots) {
        const relative = target.toString() === folder.folder.uri.toString() ? '' : folder.relative(target);
        const node = relative === undefined ? undefined : folder.tree.get(relative);
        if (node) return { folder, node };
      }
      return undefined;
    }
    if (typeof target === 'object' && target !== null && 'folder' in target && 'node' in target) {
      const row = target as TokensRow;
      if (this.counter.roots.includes(row.folder)) return row;
    }
    return undefined;
  }

  private rowContext(): RowContext {
    const settings = this.counter.settings;
    return { model: settings.model, usableWindow: settings.usableWindow };
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastRefresh + REFRESH_MS - performance.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.lastRefresh = performance.now();
      this.changeEmitter.fire(undefined);
      this.updateMessage();
    }, wait);
  }

  /** The line above the tree: the model and the total, or how far a count has got. */
  private updateMessage(): void {
    const progress = this.counter.progress;
    void vscode.commands.executeCommand('setContext', COUNTING_CONTEXT, progress.running);
    const { model } = this.rowContext();
    this.view.description = model.id;
    if (!this.counter.started) {
      this.view.message = undefined;
      return;
    }
    if (progress.running) {
      this.view.message = l10n.t('Counting for {0}: {1} files found, {2} waiting…', model.id, integerText(progress.found, l10n.locale), integerText(progress.pending, l10n.locale));
      return;
    }
    const total = this.counter.roots.reduce((sum, f) => sum + f.tree.total, 0);
    const files = this.counter.roots.reduce((sum, f) => sum + f.tree.root.files, 0);
    const mark = model.counting.kind === 'exact' ? '' : '≈';
    const summary = l10n.t('{0} tokens in {1} files for {2}', `${mark}${formatCompact(total, l10n.locale)}`, integerText(files, l10n.locale), model.id);
    this.view.message = progress.cancelled ? l10n.t('{0} (stopped: partial totals)', summary) : summary;
  }

  override dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    super.dispose();
  }
}

function joinUriPath(root: string, relative: string): string {
  return root.endsWith('/') ? `${root}${relative}` : `${root}/${relative}`;
}
