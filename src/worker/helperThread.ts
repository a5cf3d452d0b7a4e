/**
 * A counting helper's side of the pool (helperPool.ts): counts each job it is handed, in
 * order, posting progress a few times a second and stopping between two slices when the job's
 * cancel flag is set. worker.ts runs this instead of a server when started as a helper.
 */
import { TextPieces } from '../core/insights/textSlices';
import { emptyMix } from '../core/text/scriptClasses';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { countSlices } from '../core/insights/sliceCounting';
import { errorMessage, PROGRESS_INTERVAL_MS } from './serverContext';
import type { CountPiecesJob, FromHelper, ToHelper } from './helperProtocol';

export function handleHelperMessage(message: ToHelper, tokenizers: TokenizerRegistry, post: (message: FromHelper) => void): void {
  // One kind of job today; a switch would say nothing more.
  countPieces(message, tokenizers, post);
}

function countPieces({ job, tokenizer, pieces, scriptMix, cancel }: CountPiecesJob, tokenizers: TokenizerRegistry, post: (message: FromHelper) => void): void {
  const cancelled = new Int32Array(cancel);
  try {
    const mix = scriptMix ? emptyMix() : undefined;
    const work = countSlices(new TextPieces(pieces), tokenizers.load(tokenizer), mix);
    let done = 0;
    let reportedAt = performance.now();
    for (let step = work.next(); ; step = work.next()) {
      if (step.done) return post({ kind: 'counted', job, tokens: step.value, ...(mix ? { scriptMix: mix } : {}) });
      if (Atomics.load(cancelled, 0) !== 0) return post({ kind: 'cancelled', job });
      done += step.value;
      const now = performance.now();
      if (now - reportedAt >= PROGRESS_INTERVAL_MS) {
        reportedAt = now;
        post({ kind: 'progress', job, done });
      }
    }
  } catch (err) {
    post({ kind: 'failed', job, message: errorMessage(err) });
  }
}
