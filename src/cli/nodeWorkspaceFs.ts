import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { DirEntry, EntryKind, WorkspaceFs } from '../core/workspace/workspaceFs';

/** Node's answers to the folder walk's questions (core/workspace/workspaceFs.ts); paths come back with `/`. */
export const nodeWorkspaceFs: WorkspaceFs = {
  async readDirectory(path) {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((e): DirEntry => ({ name: e.name, kind: e.isSymbolicLink() ? 'symlink' : e.isDirectory() ? 'directory' : e.isFile() ? 'file' : 'other' }));
  },
  async stat(path) {
    try {
      const s = await stat(path);
      const kind: Exclude<EntryKind, 'symlink'> = s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
      return { kind, size: s.size };
    } catch {
      return undefined;
    }
  },
  async readText(path) {
    try {
      // Only regular files: a `.gitignore` that is a FIFO must not hang the walk.
      if (!(await lstat(path)).isFile()) return undefined;
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  async realPath(path) {
    try {
      return toSlashes(await realpath(path));
    } catch {
      return undefined;
    }
  },
};

/** Windows paths with `/`, which Node accepts and the walk joins with. */
export function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}
