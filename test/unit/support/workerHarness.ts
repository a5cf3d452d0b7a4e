/**
 * The real worker bundle (dist/worker.js) driven over its protocol, outside VS Code: one
 * harness for the worker's unit tests and the benchmarks.
 */
import type { Worker } from 'node:worker_threads';
import { startBundleThread } from '../../../src/worker/threadStart';
import type { HostNotification, HostToWorker, RequestMap, RequestMethod, WorkerData, WorkerToHost } from '../../../src/worker/protocol';

export type Response = Extract<WorkerToHost, { kind: 'response' }>;

export class WorkerHarness {
  readonly worker: Worker;
  /** Every message the worker posted, in order. */
  readonly messages: WorkerToHost[] = [];
  private nextId = 1;
  private readonly waiters = new Map<number, (m: Response) => void>();

  /** `workerData` as the host would pass it (WorkerData), e.g. a pool size to measure. */
  constructor(workerPath: string, workerData?: Partial<WorkerData>) {
    // Started as the host starts it, so a compile cache folder in workerData is used as the host's is.
    this.worker = startBundleThread(workerPath, 'tokenscope-test-worker', workerData ?? {});
    this.worker.on('message', (m: WorkerToHost) => {
      this.messages.push(m);
      if (m.kind === 'response') this.waiters.get(m.id)?.(m);
    });
  }

  send(message: HostNotification): void {
    this.worker.postMessage(message satisfies HostToWorker);
  }

  /** The worker's response as it comes: a result or an error. */
  call<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<Response> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiters.set(id, resolve);
      this.worker.postMessage({ kind: 'request', id, method, params } as HostToWorker);
    });
  }

  /** The result of a request; an error response throws. */
  async request<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    const m = await this.call(method, params);
    if (!('result' in m)) throw new Error(`expected a result, got ${JSON.stringify(m)}`);
    return m.result as RequestMap[M]['result'];
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}
