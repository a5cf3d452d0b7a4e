import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { assertNever } from '../core/assertNever';
import { globMatcher } from '../core/workspace/ignoreRules';
import { walkWorkspace, type SkipReason } from '../core/workspace/workspaceWalker';
import { maxBytesOf, tooLargeText } from './countFiles';
import { nodeWorkspaceFs, toSlashes } from './nodeWorkspaceFs';

/** One file to count: `file` is the path to read (`-`: standard input), `name` how it is shown. */
export interface CountJob {
  readonly name: string;
  readonly file: string;
  /** Its size when it was found (0 when unknown): the pool deals the largest first. */
  readonly size: number;
  /** Found in a folder or by a glob, rather than named: a binary or too large file is then skipped, not a failure. */
  readonly walked: boolean;
}

/** A path listed without a count, and why: binary, too large, a link not followed, a folder not listed. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** An argument that gave nothing to count (a glob that matches no file, a folder that cannot be listed). */
export interface TargetError {
  readonly file: string;
  readonly error: string;
}

export interface CountTargets {
  /** In the order found: each argument in turn, a folder's files depth-first in name order. */
  readonly items: Array<CountJob | SkippedFile | TargetError>;
  /** A folder or a glob was among the arguments. */
  readonly walked: boolean;
}

export interface TargetOptions {
  readonly maxSizeMB: number;
  readonly exclude: readonly string[];
  /** git's core.ignorecase default: names compare without case on macOS and Windows. */
  readonly ignoreCase: boolean;
}

/** Characters that make an argument a glob when no file has that name: `*`, `?`, `[`. */
const GLOB = /[*?[]/;

/**
 * The files the arguments name: a file as it is (today's behaviour, every check at reading), `-`
 * for standard input, a folder walked with the ignore rules (core/workspace), and a glob the
 * shell did not expand (`'prompts/**\/*.md'`) walked from its folder part and matched like an
 * anchored `.gitignore` pattern. A file that two folders or globs reach is counted once; a file
 * named twice is counted twice, as before.
 */
export async function resolveTargets(args: readonly string[], options: TargetOptions): Promise<CountTargets> {
  const items: Array<CountJob | SkippedFile | TargetError> = [];
  const seen = new Set<string>();
  let walked = false;
  const once = (file: string) => {
    const key = path.resolve(file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const arg of args) {
    const stat = arg === '-' ? undefined : statOrUndefined(arg);
    const glob = !stat && arg !== '-' && GLOB.test(arg) ? splitGlob(toSlashes(arg)) : undefined;
    if (!stat?.isDirectory() && !glob) {
      // As before folders were walked: a file named twice is counted twice, in the order given.
      items.push({ name: arg === '-' ? '<stdin>' : arg, file: arg, size: stat?.size ?? 0, walked: false });
      continue;
    }
    walked = true;
    const folder = glob ? glob.base : toSlashes(arg);
    const matches = glob ? globMatcher(glob.pattern, options.ignoreCase) : () => true;
    const shown = (relative: string) => (folder === '.' ? relative : `${folder.replace(/\/+$/, '')}/${relative}`);
    let found = 0;
    try {
      for await (const entry of walkWorkspace(nodeWorkspaceFs, toSlashes(path.resolve(folder)), {
        maxBytes: maxBytesOf(options.maxSizeMB),
        exclude: options.exclude,
        ignoreCase: options.ignoreCase,
      })) {
        if (!matches(entry.relative)) continue;
        found++;
        if (!once(entry.path)) continue;
        if (entry.kind === 'file') items.push({ name: shown(entry.relative), file: entry.path, size: entry.size, walked: true });
        else items.push({ file: shown(entry.relative), reason: skipText(entry.reason, options.maxSizeMB) });
      }
    } catch (err) {
      items.push({ file: arg, error: glob ? `its folder ${folder} cannot be listed (${codeOf(err)})` : `the folder cannot be listed (${codeOf(err)})` });
      continue;
    }
    if (glob && found === 0) items.push({ file: arg, error: 'no file matches this pattern (after the ignore rules and --exclude)' });
  }
  return { items, walked };
}

/** `prompts/**\/*.md` → base `prompts`, pattern `**\/*.md`; `*.md` → base `.`. */
function splitGlob(arg: string): { base: string; pattern: string } {
  const parts = arg.split('/');
  const first = parts.findIndex((p) => GLOB.test(p));
  const base = parts.slice(0, first).join('/');
  return { base: base === '' ? (arg.startsWith('/') ? '/' : '.') : base, pattern: parts.slice(first).join('/') };
}

function statOrUndefined(file: string) {
  try {
    return existsSync(file) ? statSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}

/** A skip in words, for the row and `--json`'s `reason`. */
export function skipText(reason: SkipReason, maxSizeMB: number): string {
  switch (reason.kind) {
    case 'tooLarge':
      return tooLargeText(reason.bytes, maxSizeMB);
    case 'linkOutside':
      return 'a symbolic link out of the folder, not followed';
    case 'linkFolder':
      return 'a symbolic link to a folder, not followed (the folder is counted where it is)';
    case 'linkBroken':
      return 'a broken symbolic link';
    case 'linkUnresolved':
      return 'a symbolic link, not followed';
    case 'notRegular':
      return 'not a regular file (a FIFO, socket or device), not read';
    case 'unlisted':
      return `a folder that cannot be listed (${reason.code})`;
    default:
      return assertNever(reason);
  }
}
