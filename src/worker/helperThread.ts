/**
 * A counting helper's side of the pool (helperPool.ts): does each job it is handed, in order,
 * posting progress a few times a second and stopping between two slices (or files) when the
 * job's cancel flag is set. worker.ts runs this instead of a server when started as a helper.
 */
import { countSlices } from '../core/insights/sliceCounting';
import { TextPieces } from '../core/insights/textSlices';
import { emptyMix } from '../core/text/scriptClasses';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { countContents } from '../core/workspace/fileTokens';
import { assertNever } from '../core/assertNever';
import type { FromHelper, HelperWorkMap, ToHelper } from './helperProtocol';
import { errorMessage, PROGRESS_INTERVAL_MS } from './serverContext';

/** Thrown between two steps of a job whose cancel flag is set. */
class Cancelled extends Error {}

/** A job's way to report progress and to learn it was cancelled. */
class JobControl {
  private reportedAt = performance.now();

  constructor(
    private readonly job: number,
    private readonly cancelled: Int32Array,
    private readonly post: (message: FromHelper) => void,
  ) {}

  /** Called between two steps: throws Cancelled when cancelled, posts `done` when it is time. */
  step(done: number): void {
    if (Atomics.load(this.cancelled, 0) !== 0) throw new Cancelled();
    const now = performance.now();
    if (now - this.reportedAt < PROGRESS_INTERVAL_MS) return;
    this.reportedAt = now;
    this.post({ kind: 'progress', job: this.job, done });
  }
}

/** What a helper keeps between two jobs: the text of its last countPieces job, if the pool said to keep it. */
export interface HeldText {
  pieces?: readonly string[];
}

export function handleHelperMessage({ job, work, cancel, keepText, textHeld }: ToHelper, tokenizers: TokenizerRegistry, post: (message: FromHelper) => void, held: HeldText): void {
  const control = new JobControl(job, new Int32Array(cancel), post);
  try {
    switch (work.kind) {
      case 'countPieces': {
        const pieces = textHeld ? held.pieces : work.pieces;
        // Kept (or let go) before counting: the pool's record of it does not depend on how the job ends.
        held.pieces = keepText ? pieces : undefined;
        if (!pieces) throw new Error('the counting thread was asked to count a text it does not hold');
        return post({ kind: 'done', job, result: countPieces({ ...work, pieces }, tokenizers, control) });
      }
      case 'countFiles':
        return post({ kind: 'done', job, result: countFiles(work, tokenizers, control) });
      default:
        assertNever(work);
    }
  } catch (err) {
    post(err instanceof Cancelled ? { kind: 'cancelled', job } : { kind: 'failed', job, message: errorMessage(err) });
  }
}

function countPieces(
  { tokenizer, pieces, scriptMix }: HelperWorkMap['countPieces']['work'],
  tokenizers: TokenizerRegistry,
  control: JobControl,
): HelperWorkMap['countPieces']['result'] {
  const mix = scriptMix ? emptyMix() : undefined;
  const work = countSlices(new TextPieces(pieces), tokenizers.load(tokenizer), mix);
  let done = 0;
  for (let step = work.next(); ; step = work.next()) {
    if (step.done) return { tokens: step.value, ...(mix ? { scriptMix: mix } : {}) };
    done += step.value;
    control.step(done);
  }
}

/** Exported for a server without helpers (a test's), which counts files itself. */
export function countFiles(
  work: HelperWorkMap['countFiles']['work'],
  tokenizers: TokenizerRegistry,
  control: Pick<JobControl, 'step'> = { step: () => {} },
): HelperWorkMap['countFiles']['result'] {
  return countContents(work, tokenizers, (i) => control.step(i));
}
