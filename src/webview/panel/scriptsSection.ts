/**
 * Section 4, by script: how many tokens each writing system of the text takes and how many
 * characters a token carries in it (a tokenizer trained mostly on English packs Latin text far
 * tighter than Devanagari, say).
 */
import type { InsightView } from '../../core/insights/insightView';
import { integerText, percentText, ratioText } from '../../core/text/numberText';
import { meter } from './charts';
import type { Localizer } from '../../core/l10n';
import { h, replaceKeepingFocus, section, table } from './dom';
import { tipped } from './tips';

export function createScriptsSection(l10n: Localizer): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('scripts', l10n.t('By script'), 'scripts');
  const locale = l10n.locale;
  return {
    element,
    render(view) {
      const total = view.scripts.reduce((sum, s) => sum + s.tokens, 0);
      if (view.scripts.length === 0) {
        replaceKeepingFocus(body, h('p', { class: 'empty', 'data-testid': 'script-table' }, l10n.t('No text.')));
        return;
      }
      const premiums = view.scriptPremiums;
      const rows = view.scripts.map((s) => {
        const share = total > 0 ? s.tokens / total : 0;
        return h(
          'tr',
          { 'data-script': s.script },
          h('th', { scope: 'row' }, s.script),
          h('td', { class: 'num' }, integerText(s.chars, locale)),
          h('td', { class: 'num' }, integerText(s.tokens, locale)),
          h('td', { class: 'num' }, ratioText(s.charsPerToken, locale)),
          h('td', { class: 'num share' }, h('span', {}, percentText(share * 100, locale)), meter(share, 'share-meter')),
          ...(premiums ? [premiumCell(premiums[s.script])] : []),
        );
      });
      replaceKeepingFocus(
        body,
        h('p', { class: 'subtitle' }, l10n.t('{0}; Common is digits, punctuation and spaces.', view.model.tokenizerLabel)),
        table(
          'script-table',
          l10n.t('Tokens by writing system'),
          [
            { label: tipped(l10n.t('Script'), l10n.t('The writing system (Unicode Script) of the characters; Common holds digits, punctuation, spaces and emoji.')) },
            { label: tipped(l10n.t('Characters'), l10n.t("Characters of this script's tokens.")), numeric: true },
            { label: tipped(l10n.t('Tokens'), l10n.t('Tokens of this script: a token counts for the script of the first letter it holds.')), numeric: true },
            {
              label: tipped(l10n.t('Characters / token'), l10n.t('How many characters a token carries in this script: lower means the tokenizer packs it less tightly.')),
              numeric: true,
            },
            { label: tipped(l10n.t('Share of tokens'), l10n.t("This script's share of all the text's tokens.")), numeric: true },
            ...(premiums
              ? [
                  {
                    label: tipped(
                      l10n.t('Language · premium'),
                      l10n.t(
                        "The language of this script's paragraphs, and how many tokens the same content costs in it relative to English for {0} (measured on the Universal Declaration of Human Rights; ≈: the premium of the tokenizer the model is approximated with).",
                        view.model.id,
                      ),
                    ),
                  },
                ]
              : []),
          ],
          rows,
        ),
      );
    },
  };
}

/** The language and premium of a script's row: `Hindi ×3.1`; empty for a script with no letters (Common). */
function premiumCell(entry: { readonly language: string; readonly premium?: string } | undefined): HTMLElement {
  if (!entry) return h('td', { class: 'premium' });
  return h('td', { class: 'premium' }, entry.premium ? `${entry.language} ${entry.premium}` : entry.language);
}
