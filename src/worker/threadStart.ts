/**
 * Starting the worker bundle (dist/worker.js) in a thread, the tokenizer worker by the host as
 * well as a counting helper by the worker, with Node's compile cache when it is given a folder.
 *
 * Compiling the bundle is most of what a new thread costs before its first count (PERFORMANCE.md,
 * "How start-up stays fast"), and it is the same work each time: the worker starts at every
 * activation and restart, a helper at every insight request after an idle minute. Node 22.1+
 * (VS Code's) keeps the compiled code in `compileCacheDir` and checks it against the source and
 * its own version, so a stale entry is only compiled again; an older Node has no
 * `enableCompileCache` and the thread starts as it would without it. The cache can only be turned
 * on from inside the thread before the bundle is loaded, hence the few lines of code run first.
 */
import { Worker } from 'node:worker_threads';

/** What a thread started here is handed: its own data, and where the compile cache is, if anywhere. */
export interface ThreadData {
  compileCacheDir?: string;
}

/**
 * The code a cached thread runs first. The bundle's path and the folder come through workerData,
 * never into this text. A cache that cannot be written (a read-only folder) is Node's to ignore;
 * the try is for anything else, which must not stop the worker from starting.
 */
const START_WITH_CACHE = [
  "const { workerData } = require('node:worker_threads');",
  "try { require('node:module').enableCompileCache?.(workerData.compileCacheDir); } catch {}",
  'require(workerData.startBundle);',
].join('\n');

export function startBundleThread<D extends ThreadData>(bundle: string, name: string, workerData: D): Worker {
  if (!workerData.compileCacheDir) return new Worker(bundle, { name, workerData });
  return new Worker(START_WITH_CACHE, { eval: true, name, workerData: { ...workerData, startBundle: bundle } });
}
