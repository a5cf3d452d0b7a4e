/**
 * The tokenizer worker's entry (worker_threads): wires the thread's port to one TokenizerServer
 * (tokenizerServer.ts), which does all the work. All tokenizing happens here, never on the
 * extension host. The same bundle, started with `workerData.role = 'helper'` by the server's
 * pool (helperPool.ts), is a counting helper instead.
 */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { nodeTokenizerFiles } from '../core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { ActivityMark } from './activity';
import { handleHelperMessage } from './helperThread';
import { isHelperData, type FromHelper, type HelperData, type ToHelper } from './helperProtocol';
import { defaultPoolSize, HelperPool, type HelperThread } from './helperPool';
import type { HostToWorker, WorkerData, WorkerToHost } from './protocol';
import { TokenizerServer } from './tokenizerServer';
import { startBundleThread, type ThreadData } from './threadStart';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

// The bundle is dist/worker.js: the rank files and tokenizer.json files are beside it.
const tokenizers = new TokenizerRegistry(nodeTokenizerFiles(__dirname));

if (isHelperData(workerData)) {
  const held = {};
  port.on('message', (message: ToHelper) => handleHelperMessage(message, tokenizers, (answer) => port.postMessage(answer), held));
} else {
  const data = workerData as Partial<WorkerData> | undefined;
  const shared = data?.activity;
  // Size 0 (a benchmark's choice): no helpers, the worker counts everything itself.
  const poolSize = data?.poolSize ?? defaultPoolSize(availableParallelism());
  const pool = poolSize > 0 ? new HelperPool({ size: poolSize, start: startHelper }) : undefined;
  const server = new TokenizerServer({
    tokenizers,
    post: (message, transfer) => port.postMessage(message, transfer),
    activity: new ActivityMark(shared instanceof SharedArrayBuffer ? shared : undefined),
    ...(pool ? { pool } : {}),
  });
  port.on('message', (message: HostToWorker) => server.handle(message));
  port.postMessage({ kind: 'ready' } satisfies WorkerToHost);
}

/** A counting helper: this bundle again, as a helper, with the compile cache this thread was given. */
function startHelper(): HelperThread {
  const { compileCacheDir } = (workerData ?? {}) as ThreadData;
  const helper = startBundleThread(__filename, 'tokenscope-counting-helper', { role: 'helper', ...(compileCacheDir ? { compileCacheDir } : {}) } satisfies HelperData);
  return {
    postMessage: (message) => helper.postMessage(message),
    onMessage: (listener) => helper.on('message', (message: FromHelper) => listener(message)),
    onExit: (listener) => {
      helper.on('error', (err) => listener(`error: ${err.message}`));
      helper.on('exit', (code) => listener(`exit code ${code}`));
    },
    terminate: () => void helper.terminate(),
  };
}
