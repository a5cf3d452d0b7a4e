import type { ModelRow } from './insightView';
import { ENGLISH, type Localizer } from '../l10n';
import { errorLabel, modelTokens, type ModelInfo } from '../catalog/models';
import { usableWindowOf, windowSharePct } from '../catalog/contextWindow';
import { costOf, ratesFor } from '../catalog/prices';
import type { TokenizerId } from '../tokenizers/tokenizerIds';

/**
 * The rows of the insight panel's side-by-side table: each model's count of the same text
 * (from the counts of the tokenizers that count for them, scaled for approximations), its
 * share of the model's usable window (`usableWindowOf`: window less the model's default output
 * reserve, as the status bar measures a model with no reserve of the user's), and
 * what the text costs as input, as cached input, and with `expectedOutputTokens` of output,
 * at the rates that apply to a request of that length (long-context tiers). The error labels
 * are in the language of `l10n`: the rows are shown as they are.
 */
export function modelRows(models: readonly ModelInfo[], counts: ReadonlyMap<TokenizerId, number>, expectedOutputTokens: number, l10n: Localizer = ENGLISH): ModelRow[] {
  return models.flatMap((model): ModelRow[] => {
    const counted = counts.get(model.counting.tokenizer);
    if (counted === undefined) return [];
    const tokens = modelTokens(model, counted);
    const usableWindow = usableWindowOf(model);
    const prices = model.prices;
    const rates = prices ? ratesFor(prices, tokens) : undefined;
    return [
      {
        id: model.id,
        displayName: model.displayName,
        provider: model.provider,
        tokens,
        exact: model.counting.kind === 'exact',
        ...(model.counting.kind === 'approx' ? { errorLabel: errorLabel(model.counting, l10n) } : {}),
        usableWindow,
        windowSharePct: windowSharePct(tokens, usableWindow),
        ...(prices && rates ? { inputCost: costOf(tokens, rates.input), priceSource: prices.source, priceDate: prices.date } : {}),
        ...(rates?.cachedInput !== undefined ? { cachedInputCost: costOf(tokens, rates.cachedInput) } : {}),
        ...(rates?.output !== undefined ? { outputCost: costOf(expectedOutputTokens, rates.output) } : {}),
      },
    ];
  });
}
