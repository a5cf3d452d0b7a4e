import type { ModelRow } from './insightView';
import { ENGLISH, type Localizer } from '../l10n';
import { errorLabel, modelTokens, type ApproximateCounting, type ModelInfo } from '../catalog/models';
import { mixErrorPct } from '../catalog/approximations';
import type { ScriptMix } from '../text/scriptClasses';
import { usableWindowOf, windowSharePct } from '../catalog/contextWindow';
import { costOf, ratesFor } from '../catalog/prices';
import type { TokenizerId } from '../tokenizers/tokenizerIds';

/** The output reserve the user chose for one model (tokenscope.reservedOutputTokens applies to the current model). */
export interface ReserveOverride {
  readonly modelId: string;
  readonly reservedOutputTokens: number;
}

/**
 * The rows of the insight panel's side-by-side table: each model's count of the same text
 * (from the counts of the tokenizers that count for them, scaled for approximations), its
 * share of the model's usable window (`usableWindowOf`: window less the model's default output
 * reserve, or less the user's reserve for the model it is set for, as the status bar measures),
 * and what the text costs as input, as cached input, with `expectedOutputTokens` of output, and
 * in total (input + output), at the rates that apply to a request of that length (long-context
 * tiers). The error labels are in the language of `l10n`: the rows are shown as they are.
 */
export function modelRows(
  models: readonly ModelInfo[],
  counts: ReadonlyMap<TokenizerId, number>,
  expectedOutputTokens: number,
  l10n: Localizer = ENGLISH,
  reserve?: ReserveOverride,
  /** The counts' tokens by script, for the tokenizers of approximations calibrated per script. */
  mixes?: ReadonlyMap<TokenizerId, ScriptMix>,
): ModelRow[] {
  return models.flatMap((model): ModelRow[] => {
    const counted = counts.get(model.counting.tokenizer);
    if (counted === undefined) return [];
    const mix = mixes?.get(model.counting.tokenizer);
    const tokens = modelTokens(model, counted, mix);
    const usableWindow = reserve?.modelId === model.id ? usableWindowOf(model, reserve.reservedOutputTokens) : usableWindowOf(model);
    const prices = model.prices;
    const rates = prices ? ratesFor(prices, tokens) : undefined;
    const inputCost = rates ? costOf(tokens, rates.input) : undefined;
    const outputCost = rates?.output !== undefined ? costOf(expectedOutputTokens, rates.output) : undefined;
    const totalCost = inputCost === undefined ? undefined : outputCost !== undefined ? inputCost + outputCost : expectedOutputTokens === 0 ? inputCost : undefined;
    const counting = model.counting;
    return [
      {
        id: model.id,
        displayName: model.displayName,
        provider: model.provider,
        tokens,
        exact: counting.kind === 'exact',
        ...(counting.kind === 'approx' ? approxFields(counting, l10n, mix) : {}),
        usableWindow,
        windowSharePct: windowSharePct(tokens, usableWindow),
        ...(prices && inputCost !== undefined ? { inputCost, priceSource: prices.source, priceDate: prices.date } : {}),
        ...(rates?.cachedInput !== undefined ? { cachedInputCost: costOf(tokens, rates.cachedInput) } : {}),
        ...(outputCost !== undefined ? { outputCost } : {}),
        ...(totalCost !== undefined ? { totalCost } : {}),
      },
    ];
  });
}

/** A `≈` row's error: its label, and its bound for this text's scripts where one is known (the chart's band). */
function approxFields(counting: ApproximateCounting, l10n: Localizer, mix: ScriptMix | undefined): Pick<ModelRow, 'errorLabel' | 'errorPct'> {
  const { errorPct } = mixErrorPct(counting, mix);
  return { errorLabel: errorLabel(counting, l10n, mix), ...(errorPct !== undefined ? { errorPct } : {}) };
}
