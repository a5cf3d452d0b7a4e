/**
 * Section 2, compression: how densely the current model's tokenizer packs this text (tokens,
 * characters, bytes, words and their ratios), how varied its tokens are (entropy, distinct
 * share), how long they are (histogram) and which come most often. Every measure explains
 * itself in one line on hover or keyboard focus (./tips.ts).
 */
import type { InsightView } from '../../core/insights/insightView';
import { lengthBuckets } from '../../core/present/insightFormat';
import { integerText, percentText, ratioText } from '../../core/text/numberText';
import { columnChart } from './charts';
import type { Localizer } from '../../core/l10n';
import { h, replaceKeepingFocus, section, table } from './dom';
import { tipped } from './tips';

function metric(label: string, tip: string, value: string, testId: string, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'metric' },
    h('dt', {}, tipped(label, tip, `${testId}-label`)),
    h('dd', { 'data-testid': testId }, value),
    hint !== undefined && h('dd', { class: 'hint' }, hint),
  );
}

export function createCompressionSection(l10n: Localizer): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('compression', l10n.t('Compression'), 'compression');
  const locale = l10n.locale;
  const int = (n: number) => integerText(n, locale);
  const ratio = (n: number) => ratioText(n, locale);
  return {
    element,
    render(view) {
      const c = view.compression;
      const model = view.model;
      // The unigram entropy cannot exceed log2(distinct tokens): shown so the number has a scale.
      const entropyCeiling = c.distinctTokens > 1 ? l10n.t('at most {0} for {1} distinct tokens', ratio(Math.log2(c.distinctTokens)), int(c.distinctTokens)) : undefined;
      const buckets = lengthBuckets(c.lengthHistogram);
      const histogramSummary = l10n.t('Token lengths in characters: {0}', buckets.map((b) => `${b.label}: ${int(b.tokens)}`).join(', '));
      const topRows = c.topTokens.map((t) =>
        h(
          'tr',
          {},
          h('td', {}, h('code', { class: 'token' }, t.text)),
          h('td', { class: 'num' }, String(t.id)),
          h('td', { class: 'num' }, int(t.count)),
          h('td', { class: 'num' }, percentText(c.tokens > 0 ? (t.count / c.tokens) * 100 : 0, locale)),
        ),
      );
      const partial =
        c.partialTokens === 1
          ? l10n.t('({0} token holds only part of a character and is not shown)', int(c.partialTokens))
          : l10n.t('({0} tokens hold only part of a character and are not shown)', int(c.partialTokens));
      replaceKeepingFocus(
        body,
        h('p', { class: 'subtitle' }, `${model.displayName} · ${model.tokenizerLabel} · ${model.exact ? l10n.t('exact') : l10n.t('approximate')}`),
        model.note !== undefined && h('p', { class: 'note' }, model.note),
        h(
          'dl',
          { class: 'metrics' },
          metric(l10n.t('Tokens'), l10n.t('How many tokens {0} cuts this text into.', model.tokenizerLabel), int(c.tokens), 'compression-tokens'),
          metric(l10n.t('Characters'), l10n.t('Unicode characters (code points) in the text.'), int(c.chars), 'compression-chars'),
          metric(l10n.t('UTF-8 bytes'), l10n.t("The text's size in UTF-8, the bytes a byte-level tokenizer reads."), int(c.bytes), 'compression-bytes'),
          metric(l10n.t('Words'), l10n.t('Words as Unicode word segmentation finds them, Chinese and Japanese included.'), int(c.words), 'compression-words'),
          metric(
            l10n.t('Characters / token'),
            l10n.t('How many characters a token carries on average: higher is denser (English prose is about 4).'),
            ratio(c.charsPerToken),
            'compression-chars-per-token',
          ),
          metric(
            l10n.t('Bytes / token'),
            l10n.t('UTF-8 bytes per token: like characters per token, but fair across scripts whose characters take 2 to 4 bytes.'),
            ratio(c.bytesPerToken),
            'compression-bytes-per-token',
          ),
          metric(
            l10n.t('Tokens / word'),
            l10n.t('Fertility: tokens per word. 1 means every word is one token; more means words are cut into pieces (code, rare words, many non-Latin scripts).'),
            c.words > 0 ? ratio(c.tokensPerWord) : '—',
            'compression-fertility',
            l10n.t('fertility'),
          ),
          metric(
            l10n.t('Entropy'),
            l10n.t('Shannon entropy of the token frequencies: low when a few tokens repeat a lot, high when the tokens vary. At most log2 of the distinct tokens.'),
            l10n.t('{0} bits/token', ratio(c.entropyBitsPerToken)),
            'compression-entropy',
            entropyCeiling,
          ),
          metric(
            l10n.t('Distinct tokens'),
            l10n.t('Different tokens used, and their share of all tokens (distinct share): a low share means the text repeats itself.'),
            `${int(c.distinctTokens)} (${percentText(c.distinctShare * 100, locale)})`,
            'compression-distinct',
          ),
        ),
        h(
          'figure',
          { class: 'chart-figure', 'data-testid': 'compression-histogram' },
          columnChart(
            histogramSummary,
            buckets.map((b) => ({ label: b.label, value: b.tokens })),
            locale,
          ),
          h('figcaption', {}, l10n.t('Token length in characters'), c.partialTokens > 0 && ` ${partial}`),
        ),
        h('h3', {}, l10n.t('Most frequent tokens')),
        topRows.length > 0
          ? table(
              'compression-top-tokens',
              l10n.t('Most frequent tokens'),
              [{ label: l10n.t('Token') }, { label: l10n.t('Id'), numeric: true }, { label: l10n.t('Count'), numeric: true }, { label: l10n.t('Share'), numeric: true }],
              topRows,
            )
          : h('p', { class: 'empty', 'data-testid': 'compression-top-tokens' }, l10n.t('No tokens.')),
      );
    },
  };
}
