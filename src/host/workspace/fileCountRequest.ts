/**
 * The worker's `countFiles` for a model: the one way the host has texts it read (or made) counted
 * whole by the counting helpers, off the extension host thread. The Tokens view's batches, the
 * agent context files and a notebook's outputs all go through it.
 */
import type * as vscode from 'vscode';
import { countingTokenizer, fallbackTokenizer, needsScriptMix, type ModelInfo } from '../../core/catalog/models';
import type { CountFilesResult } from '../../worker/protocol';
import { WorkerGoneError, type WorkerClient } from '../platform/workerClient';

/**
 * Counts `files` (bytes as read: the worker decodes each as VS Code opens a file) for `model`'s
 * tokenizer, by script where its approximation needs it. A worker that went away under the
 * request (a crash, the watchdog) gets it once more from its successor; any other failure, a
 * cancellation included (WorkerRequestError `cancelled`), is thrown.
 */
export async function requestFileCounts(worker: Pick<WorkerClient, 'request'>, model: ModelInfo, files: Uint8Array[], token?: vscode.CancellationToken): Promise<CountFilesResult> {
  const fallback = fallbackTokenizer(model);
  const params = { tokenizer: countingTokenizer(model), ...(fallback ? { fallback } : {}), files, scripts: needsScriptMix(model) };
  try {
    return await worker.request('countFiles', params, token ? { token } : {});
  } catch (err) {
    if (!(err instanceof WorkerGoneError)) throw err;
    return worker.request('countFiles', params, token ? { token } : {});
  }
}
