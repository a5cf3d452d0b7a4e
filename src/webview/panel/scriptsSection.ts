/**
 * Section 4, by script: how many tokens each writing system of the text takes and how many
 * characters a token carries in it (a tokenizer trained mostly on English packs Latin text far
 * tighter than Devanagari, say).
 */
import type { InsightView } from '../messages';
import { integerText, percentText, ratioText } from '../../core/insightFormat';
import { meter } from './charts';
import { h, replaceKeepingFocus, section, table } from './dom';

export function createScriptsSection(): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('scripts', 'By script', 'scripts');
  return {
    element,
    render(view) {
      const total = view.scripts.reduce((sum, s) => sum + s.tokens, 0);
      if (view.scripts.length === 0) {
        replaceKeepingFocus(body, h('p', { class: 'empty', 'data-testid': 'script-table' }, 'No text.'));
        return;
      }
      const rows = view.scripts.map((s) => {
        const share = total > 0 ? s.tokens / total : 0;
        return h(
          'tr',
          { 'data-script': s.script },
          h('th', { scope: 'row' }, s.script),
          h('td', { class: 'num' }, integerText(s.chars)),
          h('td', { class: 'num' }, integerText(s.tokens)),
          h('td', { class: 'num' }, ratioText(s.charsPerToken)),
          h('td', { class: 'num share' }, h('span', {}, percentText(share * 100)), meter(share, 'share-meter')),
        );
      });
      replaceKeepingFocus(
        body,
        h('p', { class: 'subtitle' }, `${view.model.tokenizerLabel}; Common is digits, punctuation and spaces.`),
        table('script-table', 'Tokens by writing system', [{ label: 'Script' }, { label: 'Characters', numeric: true }, { label: 'Tokens', numeric: true }, { label: 'Characters / token', numeric: true }, { label: 'Share of tokens', numeric: true }], rows),
      );
    },
  };
}
