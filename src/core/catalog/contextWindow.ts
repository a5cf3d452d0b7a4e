import { defaultReservedOutput, type ModelInfo } from './models';

/**
 * How much of a model's context window a text fills, defined once: tokens over the *usable*
 * window, the context window less the output kept free (`tokenscope.reservedOutputTokens`, by
 * default the model's max output, at most half the window). The status bar, the insight
 * panel's rows and the CLI all measure with these two functions, so the same file shows the
 * same share everywhere; rounding is left to the one formatter (`percentText`).
 */

/** The usable window of `model`, in tokens: its context window less `reservedOutputTokens` (by default the model's own reserve). */
export function usableWindowOf(model: ModelInfo, reservedOutputTokens: number = defaultReservedOutput(model)): number {
  return model.contextWindow - reservedOutputTokens;
}

/** Percent of `usableWindow` that `tokens` fill (unrounded); an empty text is 0% of any window, even an (invalid) empty one. */
export function windowSharePct(tokens: number, usableWindow: number): number {
  return tokens === 0 ? 0 : (tokens / usableWindow) * 100;
}
