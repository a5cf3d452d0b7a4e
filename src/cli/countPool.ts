import os from 'node:os';
import { catalogModel } from '../core/catalog/catalog';
import { nodeTokenizerFiles } from '../core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { countFile, type FileOutcome } from './countFiles';

/**
 * Counting many files on every core: `worker_threads` running this same bundle (cli.ts starts
 * `runCountWorker` when it is not the main thread), each with its own tokenizer. Workers get
 * paths, never texts, and answer with counts, so each holds at most the file it is counting and
 * the main thread holds none. Files are dealt largest first in small batches, two batches in
 * flight per worker so none waits for the next: a big file at the end cannot leave the others idle.
 */

/**
 * The argument a counting worker is started with: cli.ts asks isCountWorker at every start, and
 * reading it from argv spares the main thread loading node:worker_threads (~5-10 ms of a small
 * `count`) unless it starts workers.
 */
const COUNT_WORKER_ARG = '--tokenscope-count-worker';

/** What a worker is started with (its `workerData`). */
export interface CountWorkerData {
  readonly tokenscopeCountWorker: true;
  readonly modelId: string;
  readonly maxSizeMB: number;
}

interface Request {
  readonly index: number;
  readonly file: string;
  readonly name: string;
}
type Reply = { readonly index: number; readonly outcome: FileOutcome };

/**
 * At most 8 workers: each loads its own rank table or tokenizer.json (~30-80 MB of heap for the
 * Hugging Face ones), and past 8 the main thread's dealing and the disk, not counting, set the pace.
 */
export const MAX_WORKERS = 8;

/** Workers for this machine: one per core the process may use, at most MAX_WORKERS. */
export function defaultWorkers(): number {
  return Math.min(MAX_WORKERS, Math.max(1, os.availableParallelism()));
}

/**
 * Below this many bytes of files, counting in the main thread is faster than starting workers:
 * a worker's start (thread, bundle, rank table) costs ~60-100 ms on the 2-core benchmark machine,
 * in which the main thread counts ~1.5-3 MB of source text (PERFORMANCE.md, section folder).
 */
export const POOL_MIN_BYTES = 4 * 1024 * 1024;

/** A batch holds at most this many files or bytes: few messages for many small files, and no worker left with a long queue. */
const BATCH_FILES = 32;
const BATCH_BYTES = 1024 * 1024;

export interface PoolJob extends Request {
  readonly size: number;
}

/** Counts `jobs` on `workers` threads of `script`; `onOutcome` gets each file's outcome as it comes. */
export async function countInPool(
  jobs: readonly PoolJob[],
  script: string,
  workers: number,
  data: Omit<CountWorkerData, 'tokenscopeCountWorker'>,
  onOutcome: (index: number, outcome: FileOutcome) => void,
): Promise<void> {
  const queue = [...jobs].sort((a, b) => b.size - a.size);
  let next = 0;
  const take = (): Request[] => {
    const batch: Request[] = [];
    let bytes = 0;
    while (next < queue.length && batch.length < BATCH_FILES && (batch.length === 0 || bytes + queue[next].size <= BATCH_BYTES)) {
      const { index, file, name, size } = queue[next++];
      batch.push({ index, file, name });
      bytes += size;
    }
    return batch;
  };
  const threads = Math.max(1, Math.min(workers, queue.length));
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new (workerThreads().Worker)(script, { argv: [COUNT_WORKER_ARG], workerData: { tokenscopeCountWorker: true, ...data } satisfies CountWorkerData });
          let inFlight = 0;
          const send = () => {
            const batch = take();
            if (batch.length === 0) return false;
            inFlight++;
            worker.postMessage(batch);
            return true;
          };
          worker.on('message', (replies: Reply[]) => {
            for (const { index, outcome } of replies) onOutcome(index, outcome);
            inFlight--;
            send();
            if (inFlight === 0) void worker.terminate().then(() => resolve());
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (inFlight > 0) reject(new Error(`a counting worker stopped (exit code ${code}) with files still to count`));
          });
          if (!send()) void worker.terminate().then(() => resolve());
          else send();
        }),
    ),
  );
}

/** Whether this thread is a counting worker of countInPool. */
export function isCountWorker(): boolean {
  if (!process.argv.includes(COUNT_WORKER_ARG)) return false;
  const { parentPort, workerData } = workerThreads();
  return parentPort !== null && (workerData as Partial<CountWorkerData> | undefined)?.tokenscopeCountWorker === true;
}

/** The worker's side: counts each batch of files it is sent with the bundle's tokenizer files (beside `bundleDir`). */
export function runCountWorker(bundleDir: string): void {
  const { parentPort, workerData } = workerThreads();
  const data = workerData as CountWorkerData;
  const model = catalogModel(data.modelId);
  if (!model) throw new Error(`unknown model ${data.modelId}`);
  const tokenizers = new TokenizerRegistry(nodeTokenizerFiles(bundleDir));
  parentPort!.on('message', (batch: Request[]) => {
    parentPort!.postMessage(batch.map(({ index, file, name }): Reply => ({ index, outcome: countFile(file, name, data.maxSizeMB, model, tokenizers) })));
  });
}

function workerThreads(): typeof import('node:worker_threads') {
  return require('node:worker_threads') as typeof import('node:worker_threads');
}
