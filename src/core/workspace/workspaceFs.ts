/**
 * The few file-system questions a folder walk asks, so the walk itself stays plain TypeScript:
 * the command line answers them with Node's `fs` (src/cli/nodeWorkspaceFs.ts), the extension
 * can answer them with `vscode.workspace.fs`. Paths are absolute and use `/` between names
 * (Node on Windows accepts them too); the walk only ever joins a folder's path with a name it
 * listed.
 */

/** What a path is, without following it when it is a symbolic link. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** One name in a folder listing. */
export interface DirEntry {
  readonly name: string;
  /** `symlink` for a link whatever it points at; `other` for FIFOs, sockets and devices. */
  readonly kind: EntryKind;
}

export interface WorkspaceFs {
  /** The names in a folder with their kind, links not followed. Throws when it cannot be listed. */
  readDirectory(path: string): Promise<readonly DirEntry[]>;
  /**
   * What `path` is (links followed), its size in bytes and, where the host knows it, its
   * modification time in ms (a cache of counts is keyed by it), or undefined when nothing is there.
   */
  stat(path: string): Promise<{ readonly kind: Exclude<EntryKind, 'symlink'>; readonly size: number; readonly mtime?: number } | undefined>;
  /** A small text file's content (a `.gitignore`), or undefined when there is none or it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /**
   * The canonical path of `path` with every link resolved, or undefined when a link is broken.
   * A host that cannot tell (VS Code's file system API has no realpath) leaves it out, and
   * then no link is followed at all: a link out of the root can never be read by mistake.
   */
  realPath?(path: string): Promise<string | undefined>;
}

/** `a/b` + `c` → `a/b/c`; `/` + `c` → `/c`. */
export function joinPath(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

/** Whether `path` is `root` or lies inside it (both canonical, `/`-separated). */
export function isInside(root: string, path: string): boolean {
  const base = root.endsWith('/') ? root : `${root}/`;
  return path === root || path.startsWith(base);
}

/** The folder of `path` (`/a/b` → `/a`, `/a` → `/`), or undefined at the top. */
export function parentPath(path: string): string | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0 || trimmed === '/' || /^[A-Za-z]:\/?$/.test(trimmed)) return undefined;
  // `C:/x` → `C:/`: a drive's root keeps its slash.
  return slash === 0 ? '/' : /^[A-Za-z]:$/.test(trimmed.slice(0, slash)) ? trimmed.slice(0, slash + 1) : trimmed.slice(0, slash);
}
