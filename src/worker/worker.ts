/**
 * The tokenizer worker's entry (worker_threads): wires the thread's port to one TokenizerServer
 * (tokenizerServer.ts), which does all the work. All tokenizing happens here, never on the
 * extension host.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { nodeTokenizerFiles } from '../core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { ActivityMark } from './activity';
import type { HostToWorker, WorkerData, WorkerToHost } from './protocol';
import { TokenizerServer } from './tokenizerServer';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

const shared = (workerData as Partial<WorkerData> | undefined)?.activity;
const server = new TokenizerServer({
  // The bundle is dist/worker.js: the rank files and tokenizer.json files are beside it.
  tokenizers: new TokenizerRegistry(nodeTokenizerFiles(__dirname)),
  post: (message, transfer) => port.postMessage(message, transfer),
  activity: new ActivityMark(shared instanceof SharedArrayBuffer ? shared : undefined),
});
port.on('message', (message: HostToWorker) => server.handle(message));
port.postMessage({ kind: 'ready' } satisfies WorkerToHost);
