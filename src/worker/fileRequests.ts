/**
 * The `countFiles` requests (the Tokens view's batches of files): handed to a counting helper,
 * so the worker stays free for keystrokes however big the files. A helper thread that dies under
 * a batch gets the batch once more on a fresh helper; a second failure fails the request with
 * the reason, and the view shows those files as not counted. A small batch (a saved file), and
 * any batch of a server without a pool (a test's), is counted by the worker itself.
 */
import { HelperJobError, PoolCancelledError, type PoolTask } from './helperPool';
import type { HelperWorkMap } from './helperProtocol';
import { countFiles } from './helperThread';
import type { CountFilesParams, CountFilesResult } from './protocol';
import { errorMessage, fail, type ServerContext } from './serverContext';

type FilesResult = HelperWorkMap['countFiles']['result'];

/**
 * A batch this small (a saved file, typically) is counted by the worker itself, at once: a few
 * ms, less than one of its slices, where a helper might first have to start and load its
 * tokenizer (~0.1-0.2 s) after idling.
 */
const INLINE_MAX_BYTES = 64 * 1024;

export class FileRequests {
  /** Batches in a helper, by request id. */
  private readonly running = new Map<number, PoolTask<FilesResult>>();

  constructor(private readonly context: ServerContext) {}

  start(id: number, params: CountFilesParams): void {
    const startedAt = performance.now();
    const answer = (result: FilesResult) => this.context.post({ kind: 'response', id, result: { ...result, workerMs: performance.now() - startedAt } satisfies CountFilesResult });
    const work = {
      kind: 'countFiles',
      tokenizer: params.tokenizer,
      ...(params.fallback ? { fallback: params.fallback } : {}),
      files: params.files,
      scriptMix: params.scripts === true,
    } as const;
    const { pool } = this.context;
    if (!pool || params.files.reduce((sum, f) => sum + f.length, 0) <= INLINE_MAX_BYTES) {
      try {
        return answer(countFiles(work, this.context.tokenizers));
      } catch (err) {
        return fail(this.context, id, 'failed', errorMessage(err));
      }
    }
    const attempt = (tries: number): void => {
      const task = pool.run(work);
      this.running.set(id, task);
      task.result.then(
        (result) => {
          this.running.delete(id);
          answer(result);
        },
        (err: unknown) => {
          if (this.running.get(id) !== task) return; // cancelled: answered already
          this.running.delete(id);
          if (err instanceof PoolCancelledError) return fail(this.context, id, 'cancelled', err.message);
          if (err instanceof HelperJobError || tries >= 2) return fail(this.context, id, 'failed', errorMessage(err));
          attempt(tries + 1);
        },
      );
    };
    attempt(1);
  }

  /** The host's `cancel`: the batch stops at its next file and the request ends `cancelled`; an unknown id is ignored. */
  cancel(id: number): void {
    const task = this.running.get(id);
    if (!task) return;
    this.running.delete(id);
    task.cancel();
    fail(this.context, id, 'cancelled', 'cancelled');
  }
}
