/**
 * The agent tools' host in VS Code (core/agentTools/toolHost.ts): the workspace folders are the
 * roots, files are read through `vscode.workspace.fs` (so remote and virtual folders work as in
 * the Tokens view), and every count goes to the tokenizer worker's `countFiles`, the Tokens
 * view's own request, which its counting helpers answer: the extension host only walks and
 * reads. Settings are the user's: the current model, the Insight panel's models to compare, the
 * output reserve, the file size limit and the exclude list, as Restricted Mode leaves them.
 */
import * as vscode from 'vscode';
import { DEFAULT_TOOL_BOUNDS, type HostText, type ToolHost } from '../../core/agentTools/toolHost';
import { defaultReservedOutput, type ModelInfo } from '../../core/catalog/models';
import type { Settings } from '../../core/catalog/settings';
import type { ContentsCounted, ContentsToCount } from '../../core/workspace/fileTokens';
import { isInside, type WorkspaceFs } from '../../core/workspace/workspaceFs';
import type { Configuration } from '../platform/configuration';
import { WorkerGoneError, type WorkerClient } from '../platform/workerClient';
import { VscodeWorkspaceFs } from '../workspace/vscodeWorkspaceFs';

/** The host for one call, with the settings of the active editor's document (as the status bar shows them). */
export function vscodeToolHost(worker: Pick<WorkerClient, 'request'>, configuration: Pick<Configuration, 'forDocument'>): ToolHost<vscode.CancellationToken> {
  const editor = vscode.window.activeTextEditor;
  const settings: Settings = configuration.forDocument(editor?.document);
  const folders = vscode.workspace.workspaceFolders ?? [];
  const systems = folders.map((folder) => ({ root: folder.uri.path, fs: new VscodeWorkspaceFs(folder.uri) }));
  /** The file system of the folder holding `path` (the first folder's for a path above them all: the walk's look for `.git`). */
  const fsOf = (path: string) => systems.filter((s) => isInside(s.root, path)).sort((a, b) => b.root.length - a.root.length)[0]?.fs ?? systems[0]?.fs;
  const fs: WorkspaceFs = {
    readDirectory: (path) => fsOf(path).readDirectory(path),
    stat: (path) => fsOf(path)?.stat(path) ?? Promise.resolve(undefined),
    readText: (path) => fsOf(path).readText(path),
    // Links resolve only where every folder is on the local disk; elsewhere none is followed.
    ...(systems.length > 0 && systems.every((s) => s.fs.realPath) ? { realPath: (path: string) => fsOf(path).realPath!(path) } : {}),
  };
  return {
    kind: 'vscode',
    roots: systems.map((s) => s.root),
    fs,
    async readFile(path, maxBytes) {
      const stat = await fs.stat(path);
      if (!stat) throw new Error('no such file');
      if (stat.kind !== 'file') throw new Error('not a regular file');
      if (stat.size > maxBytes) throw new Error(`it is ${stat.size} bytes, over the limit of ${maxBytes}`);
      const bytes = await vscode.workspace.fs.readFile(fsOf(path).uri(path));
      // Read after the check: a file that grew past the limit meanwhile is refused all the same.
      if (bytes.length > maxBytes) throw new Error(`it is ${bytes.length} bytes, over the limit of ${maxBytes}`);
      return bytes;
    },
    countContents: (request, token) => countInWorker(worker, request, token),
    currentModel: settings.model,
    model: (id) => settings.catalog.find(id),
    modelIds: () => settings.catalog.models.map((m) => m.id),
    compareModels: settings.insightModels,
    reservedOutput: (model: ModelInfo) => (model.id === settings.model.id ? settings.reservedOutputTokens : defaultReservedOutput(model)),
    maxFileBytes: settings.maxFileBytes,
    exclude: settings.workspaceExclude,
    bounds: DEFAULT_TOOL_BOUNDS,
    selection: () => (editor ? selectionOf(editor) : undefined),
  };
}

/** The worker's `countFiles`; a worker that restarted under the request gets it once more, as the Tokens view's batches do. */
async function countInWorker(worker: Pick<WorkerClient, 'request'>, request: ContentsToCount, token: vscode.CancellationToken): Promise<ContentsCounted> {
  const params = { tokenizer: request.tokenizer, ...(request.fallback ? { fallback: request.fallback } : {}), files: [...request.files], scripts: request.scriptMix };
  try {
    return await worker.request('countFiles', params, { token });
  } catch (err) {
    if (!(err instanceof WorkerGoneError)) throw err;
    return await worker.request('countFiles', params, { token });
  }
}

/** The active editor's first selection, or its whole text when nothing is selected. */
function selectionOf(editor: vscode.TextEditor): HostText {
  const name = vscode.workspace.asRelativePath(editor.document.uri);
  const selection = editor.selection;
  if (selection.isEmpty) return { name: `text of ${name}`, text: editor.document.getText() };
  return { name: `selection in ${name}`, text: editor.document.getText(selection) };
}
