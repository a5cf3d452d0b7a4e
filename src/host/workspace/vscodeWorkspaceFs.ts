/**
 * The folder walk's file system (core/workspace/workspaceFs.ts) over `vscode.workspace.fs`, so the
 * Tokens view works on remote and virtual folders as on local ones. Paths are the URIs' paths
 * under one workspace folder's scheme and authority.
 */
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { DirEntry, EntryKind, WorkspaceFs } from '../../core/workspace/workspaceFs';

/** Ignore files bigger than this are not read (a `.gitignore` is a few KB). */
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

export class VscodeWorkspaceFs implements WorkspaceFs {
  readonly realPath?: (path: string) => Promise<string | undefined>;

  constructor(private readonly folder: vscode.Uri) {
    // Links can be resolved only on a local disk; elsewhere none is followed (the walk lists them as skipped).
    if (folder.scheme === 'file') this.realPath = (path) => realLocalPath(this.uri(path));
  }

  uri(path: string): vscode.Uri {
    return this.folder.with({ path });
  }

  /** `/`-separated path of `uri` from the folder, or undefined when it is not inside it. */
  relative(uri: vscode.Uri): string | undefined {
    const root = this.folder;
    if (uri.scheme !== root.scheme || uri.authority !== root.authority) return undefined;
    const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
    return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
  }

  async readDirectory(path: string): Promise<readonly DirEntry[]> {
    const entries = await vscode.workspace.fs.readDirectory(this.uri(path));
    return entries.map(([name, type]) => ({ name, kind: kindOf(type) }));
  }

  async stat(path: string): Promise<{ kind: Exclude<EntryKind, 'symlink'>; size: number; mtime: number } | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(this.uri(path));
      const kind = kindOf(stat.type & ~vscode.FileType.SymbolicLink);
      return { kind: kind === 'symlink' ? 'other' : kind, size: stat.size, mtime: stat.mtime };
    } catch {
      return undefined;
    }
  }

  async readText(path: string): Promise<string | undefined> {
    const stat = await this.stat(path);
    if (stat?.kind !== 'file' || stat.size > MAX_IGNORE_FILE_BYTES) return undefined;
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uri(path)));
    } catch {
      return undefined;
    }
  }
}

function kindOf(type: vscode.FileType): EntryKind {
  if (type & vscode.FileType.SymbolicLink) return 'symlink';
  if (type === vscode.FileType.File) return 'file';
  if (type === vscode.FileType.Directory) return 'directory';
  // FileType.Unknown: a FIFO, socket or device. Never read.
  return 'other';
}

async function realLocalPath(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return vscode.Uri.file(await realpath(uri.fsPath)).path;
  } catch {
    return undefined;
  }
}
