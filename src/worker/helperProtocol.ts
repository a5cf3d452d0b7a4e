/**
 * Messages between the tokenizer worker and its counting helpers (helperPool.ts ⇄
 * helperThread.ts). A helper is the same bundle (dist/worker.js) started with
 * `workerData.role = 'helper'`: it has no documents and no scheduler, it only counts what it is
 * handed, one job at a time, with the tokenizer the job names.
 */
import type { ThreadData } from './threadStart';
import type { FileTokens } from '../core/workspace/fileTokens';
import type { TokenizerFallback } from '../core/tokenizers/tokenizerFallback';
import type { TokenizerId } from '../core/tokenizers/tokenizerIds';

/** The kinds of work a helper does, each with what it is given and what it answers. */
export interface HelperWorkMap {
  /** One text held in pieces (the insight panel's side-by-side counts). */
  countPieces: {
    work: { kind: 'countPieces'; tokenizer: TokenizerId; pieces: readonly string[]; scriptMix: boolean };
    result: { tokens: number; scriptMix?: number[] };
  };
  /**
   * Files' bytes (the Tokens view), each decoded as VS Code opens it and counted with
   * `tokenizer`, or with `fallback` when that cannot be loaded (then `fellBack` says why).
   */
  countFiles: {
    work: { kind: 'countFiles'; tokenizer: TokenizerId; fallback?: TokenizerId; files: readonly Uint8Array[]; scriptMix: boolean };
    result: { tokenizer: TokenizerId; fellBack?: TokenizerFallback; files: Array<FileTokens | { error: string }> };
  };
}
export type HelperWorkKind = keyof HelperWorkMap;
export type HelperWork = HelperWorkMap[HelperWorkKind]['work'];
export type HelperResult = HelperWorkMap[HelperWorkKind]['result'];

export interface ToHelper {
  job: number;
  work: HelperWork;
  /**
   * countPieces only. The text goes to a helper once per request, not once per tokenizer (on
   * 50 MB each copy is ~100 MB): `keepText`, the helper keeps this job's text for its next job;
   * `textHeld`, this job's `pieces` are left out (empty) and the text kept is counted instead.
   */
  keepText?: true;
  textHeld?: true;
  /**
   * One Int32 the pool sets to 1 to cancel: the helper counts synchronously and would read a
   * `cancel` message only after the job, so it reads this between two slices or files instead.
   */
  cancel: SharedArrayBuffer;
}

export type FromHelper =
  /** `done` units of the job are counted (UTF-16 units of a text, files); a few times a second while it runs. */
  | { kind: 'progress'; job: number; done: number }
  | { kind: 'done'; job: number; result: HelperResult }
  | { kind: 'failed'; job: number; message: string }
  | { kind: 'cancelled'; job: number };

/** What a helper is started with. */
export interface HelperData extends ThreadData {
  role: 'helper';
}

export function isHelperData(data: unknown): data is HelperData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'helper';
}
