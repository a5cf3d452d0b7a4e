/** The real worker bundle (dist/worker.js) driven over its protocol, as the benchmarks use it. */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EncodingName } from '../src/core/encodings';
import type { CountResult, HostToWorker, RequestMap, RequestMethod, WorkerToHost } from '../src/worker/protocol';

const workerPath = path.resolve(__dirname, '../../dist/worker.js');

export class WorkerConnection {
  private readonly worker = new Worker(workerPath);
  private nextId = 1;
  private readonly waiting = new Map<number, (m: WorkerToHost) => void>();

  constructor() {
    this.worker.on('message', (m: WorkerToHost) => {
      if (m.kind === 'response') this.waiting.get(m.id)?.(m);
    });
  }

  post(m: HostToWorker): void {
    this.worker.postMessage(m);
  }

  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (m) => (m.kind === 'response' && 'result' in m ? resolve(m.result as RequestMap[M]['result']) : reject(new Error(JSON.stringify(m)))));
      this.post({ kind: 'request', id, method, params } as HostToWorker);
    });
  }

  /** The document's count (no selections). */
  count(uri: string, version: number, encoding: EncodingName): Promise<CountResult> {
    return this.request('count', { uri, version, encoding, selections: [] }) as Promise<CountResult>;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
