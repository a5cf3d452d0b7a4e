/**
 * A path an agent names, resolved inside the roots or refused. An agent's input is not the
 * user's: a prompt injected into a file it read could ask for `~/.ssh/id_rsa` or `../../etc`,
 * so only what lies inside a workspace folder (or an MCP root) is read, checked on the path as
 * written (`..` resolved) and again on the real path where links can be resolved (a link inside
 * the workspace pointing out of it is refused like the path it points to).
 */
import { isInside, joinPath } from '../workspace/workspaceFs';
import { ToolInputError, type ToolHost } from './toolHost';

/** A path inside a root: `path` absolute, `shown` as results name it (relative to its root, `.` for the root). */
export interface ResolvedPath {
  readonly path: string;
  readonly root: string;
  readonly shown: string;
  readonly kind: 'file' | 'directory';
  readonly size: number;
}

/** Resolves `given` (relative to the first root, or absolute) to a file or folder inside a root; throws ToolInputError. */
export async function resolveToolPath(given: string, host: Pick<ToolHost, 'roots' | 'fs'>): Promise<ResolvedPath> {
  if (host.roots.length === 0) throw new ToolInputError('No workspace folder is open, so there is no file to read: open a folder, or count a text instead.');
  const written = driveAsRoots(fromUri(given.trim()).replace(/\\/g, '/'), host.roots);
  const absolute = isAbsolute(written);
  const candidates = absolute ? [normalize(written)] : host.roots.map((root) => normalize(joinPath(root, written)));
  const inside = candidates.filter((path) => host.roots.some((root) => isInside(trimSlash(root), path)));
  if (inside.length === 0) throw outside(given, host.roots);
  // Relative: the first root where it exists (multi-root workspaces), else the first root's.
  let path = inside[0];
  let stat = await host.fs.stat(path);
  for (const other of inside.slice(1)) {
    if (stat) break;
    const found = await host.fs.stat(other);
    if (found) [path, stat] = [other, found];
  }
  if (!stat) throw new ToolInputError(`No file or folder "${given}" in the workspace.`);
  const root = host.roots.filter((r) => isInside(trimSlash(r), path)).sort((a, b) => b.length - a.length)[0];
  if (host.fs.realPath) {
    const real = await host.fs.realPath(path);
    const realRoots = await Promise.all(host.roots.map(async (r) => (await host.fs.realPath!(r)) ?? r));
    if (real === undefined || !realRoots.some((r) => isInside(trimSlash(r), real)))
      throw new ToolInputError(`"${given}" is a link to a path outside the workspace; Tokenscope does not follow it.`);
  }
  if (stat.kind !== 'file' && stat.kind !== 'directory') throw new ToolInputError(`"${given}" is not a regular file or a folder (a FIFO, socket or device), so it is not read.`);
  const relative = path === trimSlash(root) ? '.' : path.slice(trimSlash(root).length + 1);
  return { path, root, shown: relative, kind: stat.kind, size: stat.size };
}

function outside(given: string, roots: readonly string[]): ToolInputError {
  return new ToolInputError(`"${given}" is outside the workspace (${roots.join(', ')}); Tokenscope reads only files inside it. Give a path inside it, or count the text instead.`);
}

/** `file:///a/b` → `/a/b`; anything else as it is. */
function fromUri(path: string): string {
  if (!path.startsWith('file://')) return path;
  try {
    const decoded = decodeURIComponent(new URL(path).pathname);
    // `file:///C:/x` has the path `/C:/x`.
    return /^\/[A-Za-z]:\//.test(decoded) ? decoded.slice(1) : decoded;
  } catch {
    return path;
  }
}

/**
 * `C:/x` written as the roots write a drive: VS Code's folders are URI paths (`/c:/x`, the drive
 * letter in lower case), the command line's are Node's (`C:/x`).
 */
function driveAsRoots(path: string, roots: readonly string[]): string {
  if (!/^[A-Za-z]:\//.test(path) || !roots.some((root) => /^\/[A-Za-z]:\//.test(root))) return path;
  return `/${path[0].toLowerCase()}${path.slice(1)}`;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

/** `.` and `..` resolved, doubled slashes removed; `..` never climbs above the top (`/..` is `/`). */
export function normalize(path: string): string {
  const drive = /^[A-Za-z]:/.exec(path)?.[0] ?? '';
  const parts: string[] = [];
  for (const part of path.slice(drive.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `${drive}/${parts.join('/')}`;
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') && !/^[A-Za-z]:\/$/.test(path) ? path.slice(0, -1) : path;
}
