import type { Localizer } from '../../l10n';
import { decimalText } from '../../text/numberText';
import type { TokenizerId } from '../../tokenizers/tokenizerIds';
import type { LanguageGuess, ScriptLanguage } from './languageDetection';
import type { PremiumTable } from './premiumCorpus';
import { premiumLanguage, type PremiumLanguage } from './premiumLanguages';
import { PREMIUM_TABLE } from './premiumTable.generated';

/**
 * The crosslingual premium of a language for a model (rule 6): how many tokens the same content
 * costs in that language relative to English, from the table measured on the UDHR
 * (premiumTable.generated.ts). A model counted exactly with a measured tokenizer has that
 * tokenizer's premium; an approximated model (or a tokenizer file, through the approximation it
 * falls back to) has the premium of the tokenizer it is approximated with, marked `≈`.
 */
export interface PremiumFigure {
  readonly language: PremiumLanguage;
  readonly premium: number;
  /** The premium is the base tokenizer's, not the model's own. */
  readonly approx: boolean;
}

/**
 * What of a catalog model (core/catalog/models.ts ModelInfo) the premium reads, spelled out here
 * because the catalog imports the lint (its settings), and the lint may not import it back.
 */
export interface ModelInfo {
  readonly id: string;
  readonly kind: string;
  readonly released?: string;
  readonly counting:
    | { readonly kind: 'exact'; readonly tokenizer: TokenizerId; readonly file?: { readonly fallback: { readonly tokenizer: TokenizerId } } }
    | { readonly kind: 'approx'; readonly tokenizer: TokenizerId };
}

/** A catalog model whose tokenizer has the lowest premium for a language. */
export interface LowestPremium {
  readonly model: ModelInfo;
  readonly premium: number;
}

/** The tokenizer whose premium stands for `model`'s, and whether it is the model's own. */
function premiumTokenizer(model: ModelInfo): { tokenizer: TokenizerId; approx: boolean } {
  const c = model.counting;
  if (c.kind === 'approx') return { tokenizer: c.tokenizer, approx: true };
  if (c.file) return { tokenizer: c.file.fallback.tokenizer, approx: true };
  return { tokenizer: c.tokenizer, approx: false };
}

/** The premium of language `code` for `model`; undefined for English, a language without figures, or a tokenizer not measured. */
export function premiumFor(code: string, model: ModelInfo, table: PremiumTable = PREMIUM_TABLE): PremiumFigure | undefined {
  const language = premiumLanguage(code);
  if (!language || code === 'en') return undefined;
  const { tokenizer, approx } = premiumTokenizer(model);
  const premium = table[code]?.[tokenizer];
  return premium === undefined ? undefined : { language, premium, approx };
}

/**
 * Of `models`, the chat model counted exactly whose tokenizer has the lowest premium for `code`
 * (by premium, not price: a price says what a token costs at one maker, the premium what the
 * language costs in tokens; approximated models are left out, their figure being another
 * tokenizer's). Among the models of that tokenizer, the newest (then the catalog's order).
 */
export function lowestPremium(code: string, models: readonly ModelInfo[], table: PremiumTable = PREMIUM_TABLE): LowestPremium | undefined {
  let best: LowestPremium | undefined;
  for (const model of models) {
    if (model.kind !== 'chat' || model.counting.kind !== 'exact' || model.counting.file) continue;
    const premium = table[code]?.[model.counting.tokenizer];
    if (premium === undefined) continue;
    if (!best || premium < best.premium || (premium === best.premium && (model.released ?? '') > (best.model.released ?? ''))) best = { model, premium };
  }
  return best;
}

/** `×3.1`, `≈×3.1`: a premium as the lens and the panel show it (one decimal). */
export function premiumText(premium: number, approx: boolean, locale: string): string {
  return `${approx ? '≈' : ''}×${decimalText(premium, 1, locale)}`;
}

/**
 * The lens over a paragraph: `Japanese · ×1.9 tokens vs English for gpt-4o · lowest: deepseek-v3.2 ×1.4`.
 * Undefined where nothing is shown: English, a paragraph too short or mixed to tell, a language
 * the table has no figure for.
 */
export function premiumLensText(guess: LanguageGuess, model: ModelInfo, models: readonly ModelInfo[], l10n: Localizer): string | undefined {
  if (guess.kind !== 'language') return undefined;
  const figure = premiumFor(guess.code, model);
  if (!figure) return undefined;
  const own = l10n.t('{0} · {1} tokens vs English for {2}', figure.language.name, premiumText(figure.premium, figure.approx, l10n.locale), model.id);
  const lowest = lowestPremium(guess.code, models);
  if (!lowest) return own;
  // The model's own tokenizer has the lowest premium: said only when that figure is the model's own.
  if (lowest.premium >= figure.premium) return figure.approx ? own : l10n.t('{0} · the lowest in the catalog', own);
  return l10n.t('{0} · lowest: {1} {2}', own, lowest.model.id, premiumText(lowest.premium, false, l10n.locale));
}

/** Why a paragraph has no premium, for the panel: the guess in words. */
export function guessText(guess: LanguageGuess, l10n: Localizer): string {
  switch (guess.kind) {
    case 'language':
      return premiumLanguage(guess.code)?.name ?? guess.code;
    case 'short':
      return l10n.t('too short to tell');
    case 'mixed':
      return l10n.t('mixed languages');
    case 'unknown':
      return l10n.t('language not told apart');
  }
}

/**
 * The By script column: per script, its paragraphs' language and that language's premium for
 * `model` (English: ×1.0 by definition), or the reason no language was told.
 */
export function scriptPremiums(languages: readonly ScriptLanguage[], model: ModelInfo, l10n: Localizer): Record<string, { language: string; premium?: string }> {
  const out: Record<string, { language: string; premium?: string }> = {};
  for (const { script, guess } of languages) {
    const language = guessText(guess, l10n);
    if (guess.kind !== 'language') {
      out[script] = { language };
      continue;
    }
    const figure = guess.code === 'en' ? { premium: 1, approx: false } : premiumFor(guess.code, model);
    out[script] = figure ? { language, premium: premiumText(figure.premium, figure.approx, l10n.locale) } : { language };
  }
  return out;
}
