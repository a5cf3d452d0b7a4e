/**
 * Self-calibration: where a provider has counted a text and the model is approximated locally,
 * how far the local estimate was from the provider's count on that very text. Shown beside the
 * count (countFormat.ts); the per-script factors learn from the samples
 * (catalog/learnedCalibration.ts) when the user allows it, through {@link CalibrationSamples}.
 */
import type { ScriptMix } from '../text/scriptClasses';

/** The local estimate's error against the provider's count: `relative` is (estimate − count) / count. */
export interface EstimateError {
  readonly relative: number;
  /** `low` when the estimate is below the count, `high` above, `exact` when equal. */
  readonly direction: 'low' | 'high' | 'exact';
}

/** The estimate's error, or undefined when the count is 0 (no ratio to speak of). */
export function estimateError(localEstimate: number, providerCount: number): EstimateError | undefined {
  if (providerCount <= 0) return undefined;
  const relative = (localEstimate - providerCount) / providerCount;
  return { relative, direction: relative < 0 ? 'low' : relative > 0 ? 'high' : 'exact' };
}

/**
 * One comparison of a local estimate with a provider's count of the same text: what a
 * calibration listener receives. `providerCount` includes the request's framing where the
 * provider's does (`framing`), a few tokens that a calibration should allow for.
 */
export interface CalibrationSample {
  readonly localEstimate: number;
  readonly providerCount: number;
  /** The text's base tokens by script class; absent when the count had no script mix. */
  readonly mix: ScriptMix | undefined;
  readonly framing: boolean;
}

export type CalibrationListener<M> = (model: M, sample: CalibrationSample) => void;

/**
 * The hook calibration subscribes to: the host reports every provider count of an
 * approximated model here (once per counted text); the learner (host/providers) listens while
 * `tokenscope.providers.learnFromCounts` is on.
 */
export class CalibrationSamples<M> {
  private readonly listeners = new Set<CalibrationListener<M>>();

  /** Adds a listener; the returned function removes it. */
  subscribe(listener: CalibrationListener<M>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  report(model: M, sample: CalibrationSample): void {
    for (const listener of this.listeners) listener(model, sample);
  }
}
