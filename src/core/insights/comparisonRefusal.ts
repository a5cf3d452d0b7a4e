import { countingTokenizer, type ModelInfo } from '../catalog/models';
import type { Localizer } from '../l10n';
import { tokenizerLabel } from '../tokenizers/tokenizerIds';

/**
 * Why "where tokenizers disagree" shows nothing for this pair, or undefined when it can compare
 * them. A comparison needs each model's own tokens: a model counted by approximation has only
 * its base tokenizer's (Claude's are GPT-4o's o200k_base), so comparing it would report the
 * base's cuts as the model's, and against its own base "the same tokens" by construction; two
 * models that share a tokenizer cut every text alike, so there is nothing to find.
 */
export function comparisonRefusal(a: ModelInfo, b: ModelInfo, l10n: Localizer): string | undefined {
  const approximated = [a, b].find((m) => m.counting.kind === 'approx');
  if (approximated) {
    return l10n.t(
      '{0} is counted by approximation from {1}: its own tokenizer is not public, so where it cuts this text is not known. Choose two models that are counted exactly.',
      approximated.displayName,
      tokenizerLabel(countingTokenizer(approximated)),
    );
  }
  if (countingTokenizer(a) === countingTokenizer(b)) {
    return l10n.t('{0} and {1} use the same tokenizer, {2}: they cut every text alike.', a.displayName, b.displayName, tokenizerLabel(countingTokenizer(a)));
  }
  return undefined;
}
