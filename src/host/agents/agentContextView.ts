/**
 * The Agent Context view (in the panel, beside Problems and Terminal): per workspace folder
 * (when there are several), each agent tool with the tokens of the files it loads into every
 * request, share of the usable window and cost per request; under it those files, and, folded,
 * the files it loads on demand. Clicking a file opens it; the title's buttons search again and
 * copy a summary. Empty, its welcome says what was looked for.
 */
import * as vscode from 'vscode';
import { AGENT_TOOL_NAMES, agentToolTotals, type AgentTool, type AgentToolTotal, type Loading } from '../../core/agents/agentFiles';
import { agentContextSummary, agentToolDescription, agentToolTooltipLines, type SummaryTool } from '../../core/present/agentContextText';
import { rowDescription, rowTooltipLines, type RowContext } from '../../core/present/workspaceText';
import { integerText } from '../../core/text/numberText';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
import type { AgentContext, AgentFolder } from './agentContext';

/** Named `l10n` so that `npm run l10n` finds this file's messages (`l10n.t`). */
const l10n = hostL10n;

export const AGENT_CONTEXT_VIEW_ID = 'tokenscope.agentContext';
/** Context key: a search has ended (the empty view's welcome then says what was looked for). */
const SEARCHED_CONTEXT = 'tokenscope.agentContextSearched';

/** A row: a workspace folder (with several), a tool, its on-demand group, or a file. */
export type AgentRow =
  | { readonly kind: 'folder'; readonly folder: AgentFolder }
  | { readonly kind: 'tool'; readonly folder: AgentFolder; readonly total: AgentToolTotal }
  | { readonly kind: 'onDemand'; readonly folder: AgentFolder; readonly total: AgentToolTotal }
  | { readonly kind: 'file'; readonly folder: AgentFolder; readonly tool: AgentTool; readonly path: string; readonly loading: Loading };

/** A row as a user reads it (tests). */
export interface AgentRowText {
  readonly label: string;
  readonly description: string;
  readonly children?: readonly AgentRowText[];
}

export class AgentContextView extends Disposable implements vscode.TreeDataProvider<AgentRow> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<AgentRow | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  readonly view: vscode.TreeView<AgentRow>;

  constructor(private readonly context: AgentContext) {
    super();
    this.view = this._register(vscode.window.createTreeView(AGENT_CONTEXT_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this._register(
      context.onDidChange(() => {
        this.changeEmitter.fire(undefined);
        this.updateMessage();
      }),
    );
    // Nothing is read until the user first looks at the view.
    this._register(this.view.onDidChangeVisibility((e) => e.visible && context.start()));
    if (this.view.visible) context.start();
    this.updateMessage();
  }

  /** "Refresh Agent Context Files": searches every folder again, with progress in the view. */
  async refresh(): Promise<void> {
    await vscode.window.withProgress({ location: { viewId: AGENT_CONTEXT_VIEW_ID } }, () => this.context.refresh());
  }

  /** Resolves once no search or count is under way and the view shows the latest numbers (tests). */
  async settled(): Promise<void> {
    await this.context.idle();
  }

  getTreeItem(row: AgentRow): vscode.TreeItem {
    const context = this.rowContext();
    switch (row.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(row.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = row.folder.folder.uri.toString();
        item.resourceUri = row.folder.folder.uri;
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'tool': {
        const name = AGENT_TOOL_NAMES[row.total.tool];
        const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `${row.folder.folder.uri.toString()}#${row.total.tool}`;
        // While its files are counted for a new model, no total: a sum of what is there so far would be wrong.
        const pending = row.total.files.some((path) => {
          const file = row.folder.files.get(path);
          return file !== undefined && this.context.isPending(file);
        });
        item.description = pending ? l10n.t('counting…') : agentToolDescription(row.total, context, l10n);
        item.tooltip = agentToolTooltipLines(name, row.total, this.files(row.folder, row.total.tool, 'always').length, context, l10n).join('\n');
        item.contextValue = 'tokenscope.agentContext.tool';
        item.iconPath = new vscode.ThemeIcon('hubot');
        return item;
      }
      case 'onDemand': {
        const item = new vscode.TreeItem(l10n.t('Loaded on demand'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${row.folder.folder.uri.toString()}#${row.total.tool}#onDemand`;
        item.description = rowDescription({ tokens: row.total.onDemand }, context, l10n);
        item.tooltip = l10n.t('Files {0} reads only when the agent works on files they apply to, or asks for them', AGENT_TOOL_NAMES[row.total.tool]);
        item.iconPath = new vscode.ThemeIcon('history');
        return item;
      }
      case 'file': {
        const file = row.folder.files.get(row.path);
        const item = new vscode.TreeItem(row.path, vscode.TreeItemCollapsibleState.None);
        item.id = `${row.folder.folder.uri.toString()}#${row.tool}#${row.loading}#${row.path}`;
        if (!file) return item;
        item.resourceUri = file.uri;
        item.command = { command: 'vscode.open', title: l10n.t('Open File'), arguments: [file.uri] };
        const tokens = this.context.tokensOf(file);
        if (tokens !== undefined) {
          item.description = rowDescription({ tokens }, context, l10n);
          item.tooltip = rowTooltipLines(row.path, { tokens, ...(file.counted?.scriptMix ? { scriptMix: file.counted.scriptMix } : {}) }, context, l10n).join('\n');
        } else {
          item.description = file.reason ?? (this.context.busy ? l10n.t('counting…') : l10n.t('not counted yet'));
          item.tooltip = `${row.path}\n${item.description}`;
        }
        return item;
      }
    }
  }

  getChildren(row?: AgentRow): AgentRow[] {
    if (!row) {
      const roots = this.context.roots;
      if (roots.length === 1) return this.toolRows(roots[0]);
      return roots.filter((folder) => folder.agentFiles.length > 0).map((folder) => ({ kind: 'folder', folder }));
    }
    switch (row.kind) {
      case 'folder':
        return this.toolRows(row.folder);
      case 'tool': {
        const files: AgentRow[] = this.files(row.folder, row.total.tool, 'always').map((path) => ({
          kind: 'file',
          folder: row.folder,
          tool: row.total.tool,
          path,
          loading: 'always',
        }));
        if (this.files(row.folder, row.total.tool, 'onDemand').length > 0) files.push({ kind: 'onDemand', folder: row.folder, total: row.total });
        return files;
      }
      case 'onDemand':
        return this.files(row.folder, row.total.tool, 'onDemand').map((path) => ({ kind: 'file', folder: row.folder, tool: row.total.tool, path, loading: 'onDemand' }));
      case 'file':
        return [];
    }
  }

  /** "Copy Agent Context Summary": every tool's files and totals, as text. */
  async copySummary(): Promise<void> {
    await this.context.idle();
    const text = this.summary();
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(l10n.t('Copied the agent context summary for {0}.', this.context.settings.model.id));
  }

  /** The summary "Copy Agent Context Summary" copies. */
  summary(): string {
    const roots = this.context.roots;
    const folders = roots.map((folder) => ({
      ...(roots.length > 1 ? { name: folder.folder.name } : {}),
      tools: this.totals(folder).map((total): SummaryTool => {
        const entry = (path: string) => {
          const file = folder.files.get(path);
          const tokens = file ? this.context.tokensOf(file) : undefined;
          return { path, ...(tokens !== undefined ? { tokens } : { note: file?.reason ?? l10n.t('not counted yet') }) };
        };
        return {
          name: AGENT_TOOL_NAMES[total.tool],
          total,
          always: this.files(folder, total.tool, 'always').map(entry),
          onDemand: this.files(folder, total.tool, 'onDemand').map(entry),
        };
      }),
    }));
    return agentContextSummary(folders, this.rowContext(), l10n);
  }

  /** The rows as a user reads them, every level expanded (tests compare them with what the page shows). */
  rowTexts(row?: AgentRow): AgentRowText[] {
    return this.getChildren(row).map((child) => {
      const item = this.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const children = this.rowTexts(child);
      return { label, description: typeof item.description === 'string' ? item.description : '', ...(children.length > 0 ? { children } : {}) };
    });
  }

  private toolRows(folder: AgentFolder): AgentRow[] {
    return this.totals(folder).map((total) => ({ kind: 'tool', folder, total }));
  }

  private totals(folder: AgentFolder): AgentToolTotal[] {
    return agentToolTotals(folder.agentFiles, (path) => {
      const file = folder.files.get(path);
      return file ? this.context.tokensOf(file) : undefined;
    });
  }

  /** A tool's files loaded so, most tokens first (then by path). */
  private files(folder: AgentFolder, tool: AgentTool, loading: Loading): string[] {
    const tokens = (path: string) => {
      const file = folder.files.get(path);
      return (file && this.context.tokensOf(file)) ?? -1;
    };
    return folder.agentFiles
      .filter((f) => f.uses.some((u) => u.tool === tool && u.loading === loading))
      .map((f) => f.path)
      .sort((a, b) => tokens(b) - tokens(a) || (a < b ? -1 : 1));
  }

  private rowContext(): RowContext {
    const settings = this.context.settings;
    return { model: settings.model, usableWindow: settings.usableWindow };
  }

  /** The model above the tree; while the first search runs, that it runs. */
  private updateMessage(): void {
    const { model } = this.rowContext();
    this.view.description = model.id;
    void vscode.commands.executeCommand('setContext', SEARCHED_CONTEXT, this.context.searched);
    if (!this.context.searched && this.context.busy) this.view.message = l10n.t('Looking for agent instruction files…');
    else {
      const files = this.context.roots.reduce((sum, f) => sum + f.agentFiles.length, 0);
      this.view.message = files > 0 ? l10n.t('{0} agent files; each tool’s total is what it loads into every request.', integerText(files, l10n.locale)) : undefined;
    }
  }
}
