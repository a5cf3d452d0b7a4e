import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * The few git questions `tokenscope diff` asks, through `git` itself (execFile and spawn, never
 * a shell: a ref or a path is an argument, not a command line to parse).
 */

/** git failed: `code` ENOENT when git is not installed; `stderr` git's own message. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly code: string | number | undefined,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** git's standard output for `args` run in `cwd`. */
export function git(args: readonly string[], cwd: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // 256 MB: the listing of a large monorepo's changes; file contents come through CatFileBatch.
    childProcess().execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      reject(new GitError(`git ${args[0]} failed: ${stderr.toString('utf8').trim() || err.message}`, code, stderr.toString('utf8')));
    });
  });
}

/** How a file changed since the base: git's letters, spelled out. */
export type ChangeStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied' | 'type changed';

export interface Change {
  readonly status: ChangeStatus;
  /** The path now (for a deleted file: the path it had), from the repository's top. */
  readonly path: string;
  /** The path at the base, when it differs (renamed, copied). */
  readonly from?: string;
}

/**
 * The files changed between `base` and the working tree (what `git diff <base>` shows, renames
 * found with -M), plus the untracked files git does not ignore (added, as a pull request would
 * add them), limited to `pathspecs`. Paths are from the repository's top.
 */
export async function changesSince(base: string, pathspecs: readonly string[], cwd: string): Promise<Change[]> {
  const diff = await git(['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', base, '--', ...pathspecs], cwd);
  const fields = diff.toString('utf8').split('\0');
  const changes: Change[] = [];
  for (let i = 0; i + 1 < fields.length;) {
    const letter = fields[i++][0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++];
      changes.push({ status: letter === 'R' ? 'renamed' : 'copied', from, path: fields[i++] });
      continue;
    }
    const path = fields[i++];
    const status: ChangeStatus = letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : letter === 'T' ? 'type changed' : 'modified';
    changes.push({ status, path });
  }
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ...pathspecs], cwd);
  for (const path of untracked.toString('utf8').split('\0')) if (path !== '') changes.push({ status: 'added', path });
  return changes;
}

/**
 * `git cat-file --batch`: one git process answers every `<ref>:<path>` asked, one at a time, so
 * a diff of many files starts git once and holds one file's bytes at a time.
 */
export class CatFileBatch {
  private readonly git: ChildProcessWithoutNullStreams;
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(cwd: string) {
    this.git = childProcess().spawn('git', ['cat-file', '--batch'], { cwd, windowsHide: true });
    this.git.stdout.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.waiting?.();
    });
    const fail = (err: Error) => {
      this.failure = err;
      this.waiting?.();
    };
    this.git.on('error', fail);
    this.git.on('exit', (code) => fail(new Error(`git cat-file stopped (exit code ${code})`)));
    this.git.stdin.on('error', fail);
  }

  /**
   * The bytes of `spec` (`<ref>:<path>`), or undefined when there is no such blob. `maxBytes`:
   * a larger blob is answered with its size alone (its bytes are dropped).
   */
  read(spec: string, maxBytes: number): Promise<{ bytes?: Buffer; size: number } | undefined> {
    const result = this.queue.then(() => this.readNow(spec, maxBytes));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async readNow(spec: string, maxBytes: number): Promise<{ bytes?: Buffer; size: number } | undefined> {
    // The batch protocol is one name a line: a path with a newline cannot be asked this way.
    if (spec.includes('\n')) return undefined;
    this.git.stdin.write(`${spec}\n`);
    const header = (await this.take((b) => (b.indexOf(10) < 0 ? -1 : b.indexOf(10) + 1))).toString('utf8').trimEnd();
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) return undefined; // `<spec> missing`, `<spec> ambiguous`
    const size = Number(match[2]);
    const content = await this.take((b) => (b.length >= size + 1 ? size + 1 : -1));
    if (match[1] !== 'blob') return undefined;
    return size > maxBytes ? { size } : { bytes: content.subarray(0, size), size };
  }

  /** Waits until `end(buffered)` says how many bytes make the next answer, and takes them. */
  private async take(end: (buffered: Buffer) => number): Promise<Buffer> {
    for (;;) {
      const n = end(this.buffered);
      if (n >= 0) {
        const taken = this.buffered.subarray(0, n);
        this.buffered = this.buffered.subarray(n);
        return taken;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  close(): void {
    this.git.stdin.end();
  }
}

/**
 * node:child_process, required by `diff` when it first runs git: loading it (with node:net and
 * the streams) at start-up cost every `tokenscope count` 10-30 ms.
 */
function childProcess(): typeof import('node:child_process') {
  return require('node:child_process') as typeof import('node:child_process');
}
