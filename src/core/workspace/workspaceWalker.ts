import { IgnoreRules } from './ignoreRules';
import { isInside, joinPath, parentPath, type WorkspaceFs } from './workspaceFs';

/** Why a file found in the walk is listed without a count. The reader says it in its own words. */
export type SkipReason =
  | { readonly kind: 'tooLarge'; readonly bytes: number; readonly maxBytes: number }
  /** A link whose target is outside the walked folder: never read. */
  | { readonly kind: 'linkOutside' }
  /** A link to a folder inside the walked folder: not entered (the folder is counted where it is, and a loop cannot run forever). */
  | { readonly kind: 'linkFolder' }
  | { readonly kind: 'linkBroken' }
  /** A link on a host that cannot resolve links (WorkspaceFs without realPath). */
  | { readonly kind: 'linkUnresolved' }
  | { readonly kind: 'notRegular' }
  /** A folder that could not be listed (permissions); `code` is the system's. */
  | { readonly kind: 'unlisted'; readonly code: string };

/** One result of the walk: a file to count (no content read yet), or a path listed as skipped. */
export type WalkEntry =
  | { readonly kind: 'file'; readonly path: string; readonly relative: string; readonly size: number; readonly mtime?: number }
  | { readonly kind: 'skipped'; readonly path: string; readonly relative: string; readonly reason: SkipReason };

export interface WalkOptions {
  /** Files larger than this are listed as skipped (`tooLarge`), not read. */
  readonly maxBytes: number;
  /** `.gitignore`-style lines relative to the walked folder (`tokenscope.workspace.exclude`, `--exclude`). */
  readonly exclude?: readonly string[];
  /** Match names case-insensitively, as git does on macOS and Windows (core.ignorecase). */
  readonly ignoreCase?: boolean;
  /** Honour `.gitignore` files and `.git/info/exclude` (default true). */
  readonly gitignore?: boolean;
}

/** Never entered: git's own folder holds objects, not the project's text. */
const GIT_FOLDER = '.git';

/**
 * Every file under `root` that the ignore rules keep, depth-first in name order, as it is found:
 * nothing is read but folder listings, sizes and ignore files, so a caller can count each file
 * as it comes (or first total the sizes) and never holds more than one text. `.gitignore` files
 * of the folders above `root` up to the repository's top (the folder holding `.git`) apply as
 * well, as they would to `git status` there. Links: a link to a file inside `root` is a file; a
 * link out of `root`, a broken one and a link to a folder are listed as skipped and never
 * followed. `path` is the absolute path, `relative` the path from `root` (`/`-separated).
 */
export async function* walkWorkspace(fs: WorkspaceFs, root: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const canonicalRoot = (await fs.realPath?.(root)) ?? root;
  const gitignore = options.gitignore ?? true;
  let rules = IgnoreRules.create(options.exclude, options.ignoreCase);
  // The rule root: the repository's top when `root` is inside one, so `.gitignore` patterns read relative to the right folder.
  const top = gitignore ? await repositoryTop(fs, root) : undefined;
  const ruleRoot = top ?? root;
  const fromRuleRoot = relativeTo(ruleRoot, root);
  if (top !== undefined) {
    const exclude = await fs.readText(joinPath(joinPath(top, GIT_FOLDER), 'info/exclude'));
    if (exclude !== undefined) rules = rules.withFile('', exclude);
    // The .gitignore files of the folders from the top down to root's parent; root's own is read by the walk.
    let base = '';
    for (const name of fromRuleRoot === '' ? [] : fromRuleRoot.split('/')) {
      const text = await fs.readText(joinPath(base === '' ? ruleRoot : joinPath(ruleRoot, base), '.gitignore'));
      if (text !== undefined) rules = rules.withFile(base, text);
      base = base === '' ? name : `${base}/${name}`;
      // A folder the user names is walked even when git ignores it (`count node_modules/x`):
      // the rules above it would leave out everything, so only its own and the exclude list apply.
      if (rules.ignores(base, '', true)) {
        rules = IgnoreRules.create(options.exclude, options.ignoreCase);
        break;
      }
    }
  }
  yield* walkFolder(fs, { root, canonicalRoot, fromRuleRoot, gitignore, maxBytes: options.maxBytes }, root, '', rules);
}

interface WalkState {
  readonly root: string;
  readonly canonicalRoot: string;
  readonly fromRuleRoot: string;
  readonly gitignore: boolean;
  readonly maxBytes: number;
}

async function* walkFolder(fs: WorkspaceFs, state: WalkState, folder: string, relative: string, inherited: IgnoreRules): AsyncGenerator<WalkEntry> {
  let entries;
  try {
    entries = [...(await fs.readDirectory(folder))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    if (relative === '') throw err; // the folder the user named: the caller reports it as missing or unreadable
    yield { kind: 'skipped', path: folder, relative, reason: { kind: 'unlisted', code: errorCode(err) } };
    return;
  }
  let rules = inherited;
  const ruleBase = join(state.fromRuleRoot, relative);
  if (state.gitignore && entries.some((e) => e.name === '.gitignore' && e.kind === 'file')) {
    const text = await fs.readText(joinPath(folder, '.gitignore'));
    if (text !== undefined) rules = rules.withFile(ruleBase, text);
  }
  for (const entry of entries) {
    if (entry.kind === 'directory' && entry.name === GIT_FOLDER) continue;
    const path = joinPath(folder, entry.name);
    const rel = join(relative, entry.name);
    let kind = entry.kind;
    let size: number | undefined;
    if (kind === 'symlink') {
      const target = await linkTarget(fs, state, path);
      if (rules.ignores(join(ruleBase, entry.name), rel, target.kind === 'directory')) continue;
      if ('skip' in target) {
        yield { kind: 'skipped', path, relative: rel, reason: target.skip };
        continue;
      }
      kind = target.kind;
      size = target.size;
    } else if (rules.ignores(join(ruleBase, entry.name), rel, kind === 'directory')) continue;
    if (kind === 'directory') {
      yield* walkFolder(fs, state, path, rel, rules);
      continue;
    }
    if (kind !== 'file') {
      yield { kind: 'skipped', path, relative: rel, reason: { kind: 'notRegular' } };
      continue;
    }
    let mtime: number | undefined;
    if (size === undefined) {
      const stat = await fs.stat(path);
      if (stat === undefined) continue; // deleted while we walked
      size = stat.size;
      mtime = stat.mtime;
    }
    if (size > state.maxBytes) yield { kind: 'skipped', path, relative: rel, reason: { kind: 'tooLarge', bytes: size, maxBytes: state.maxBytes } };
    else yield { kind: 'file', path, relative: rel, size, ...(mtime !== undefined ? { mtime } : {}) };
  }
}

type LinkTarget = { readonly kind: 'file' | 'directory' | 'other'; readonly size: number } | { readonly kind?: 'directory'; readonly skip: SkipReason };

/** What a link inside the walk points at, and whether the walk may read it. */
async function linkTarget(fs: WorkspaceFs, state: WalkState, path: string): Promise<LinkTarget> {
  if (!fs.realPath) return { skip: { kind: 'linkUnresolved' } };
  const target = await fs.realPath(path);
  if (target === undefined) return { skip: { kind: 'linkBroken' } };
  if (!isInside(state.canonicalRoot, target)) return { skip: { kind: 'linkOutside' } };
  const stat = await fs.stat(target);
  if (!stat) return { skip: { kind: 'linkBroken' } };
  if (stat.kind === 'directory') return { kind: 'directory', skip: { kind: 'linkFolder' } };
  return stat;
}

/** The folder above `root` (or root) that holds `.git` (a folder, or a worktree's file), if any. */
async function repositoryTop(fs: WorkspaceFs, root: string): Promise<string | undefined> {
  for (let folder: string | undefined = root; folder !== undefined; folder = parentPath(folder)) {
    if ((await fs.stat(joinPath(folder, GIT_FOLDER))) !== undefined) return folder;
  }
  return undefined;
}

/** `path` relative to its ancestor `base` ('' when they are the same). */
function relativeTo(base: string, path: string): string {
  const trim = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
  const [b, p] = [trim(base), trim(path)];
  return p === b ? '' : p.slice(b === '/' ? 1 : b.length + 1);
}

function join(relative: string, name: string): string {
  return relative === '' ? name : `${relative}/${name}`;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}
