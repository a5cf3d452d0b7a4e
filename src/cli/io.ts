/** What the command line reads and writes, passed in so tests run it in-process (cli.ts gives the real ones). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Standard input, whole; may stop (and throw) past `maxSizeMB`, which count() checks anyway. */
  readStdin(maxSizeMB: number): Promise<Buffer>;
  /** The bundle that runs counting workers (cli.ts: its own file); without it every file is counted in this thread. */
  readonly workerScript?: string;
  /** `process.platform`: names compare without case on macOS and Windows, as git does there. */
  readonly platform?: string;
  /** The folder git commands run in (`tokenscope diff`); the process's when absent. */
  readonly cwd?: string;
}
