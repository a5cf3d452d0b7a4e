/**
 * Messages between the tokenizer worker and its counting helpers (helperPool.ts ⇄
 * helperThread.ts). A helper is the same bundle (dist/worker.js) started with
 * `workerData.role = 'helper'`: it has no documents and no scheduler, it only counts the texts
 * it is handed, one job at a time, with the tokenizer the job names.
 */
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';

/** Counts `pieces` (one text, held in pieces) with `tokenizer`, optionally with its tokens by script class. */
export interface CountPiecesJob {
  kind: 'countPieces';
  job: number;
  tokenizer: TokenizerId;
  pieces: readonly string[];
  scriptMix: boolean;
  /**
   * One Int32 the pool sets to 1 to cancel: the helper counts synchronously and would read a
   * `cancel` message only after the job, so it reads this between two slices instead.
   */
  cancel: SharedArrayBuffer;
}

export type ToHelper = CountPiecesJob;

export type FromHelper =
  /** `done` UTF-16 units of the job's text are counted; a few times a second while it runs. */
  | { kind: 'progress'; job: number; done: number }
  | { kind: 'counted'; job: number; tokens: number; scriptMix?: number[] }
  | { kind: 'failed'; job: number; message: string }
  | { kind: 'cancelled'; job: number };

/** What a helper is started with. */
export interface HelperData {
  role: 'helper';
}

export function isHelperData(data: unknown): data is HelperData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'helper';
}
