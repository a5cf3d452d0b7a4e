/**
 * Section 1, compression: how densely the current model's tokenizer packs this text (tokens,
 * characters, bytes, words and their ratios), how varied its tokens are (entropy, distinct
 * share), how long they are (histogram) and which come most often.
 */
import type { InsightView } from '../messages';
import { integerText, lengthBuckets, percentText, ratioText } from '../../core/insightFormat';
import { columnChart } from './charts';
import { h, replaceKeepingFocus, section, table } from './dom';

function metric(label: string, value: string, testId: string, hint?: string): HTMLElement {
  return h('div', { class: 'metric' }, h('dt', {}, label), h('dd', { 'data-testid': testId }, value), hint !== undefined && h('dd', { class: 'hint' }, hint));
}

export function createCompressionSection(): { element: HTMLElement; render(view: InsightView): void } {
  const { element, body } = section('compression', 'Compression', 'compression');
  return {
    element,
    render(view) {
      const c = view.compression;
      const model = view.model;
      // The unigram entropy cannot exceed log2(distinct tokens): shown so the number has a scale.
      const entropyCeiling = c.distinctTokens > 1 ? `at most ${ratioText(Math.log2(c.distinctTokens))} for ${integerText(c.distinctTokens)} distinct tokens` : undefined;
      const buckets = lengthBuckets(c.lengthHistogram);
      const histogramSummary = `Token lengths in characters: ${buckets.map((b) => `${b.label}: ${integerText(b.tokens)}`).join(', ')}`;
      const topRows = c.topTokens.map((t) =>
        h('tr', {}, h('td', {}, h('code', { class: 'token' }, t.text)), h('td', { class: 'num' }, String(t.id)), h('td', { class: 'num' }, integerText(t.count)), h('td', { class: 'num' }, percentText(c.tokens > 0 ? (t.count / c.tokens) * 100 : 0))),
      );
      replaceKeepingFocus(
        body,
        h('p', { class: 'subtitle' }, `${model.displayName} · ${model.tokenizerLabel} · ${model.exact ? 'exact' : 'approximate'}`),
        model.note !== undefined && h('p', { class: 'note' }, model.note),
        h(
          'dl',
          { class: 'metrics' },
          metric('Tokens', integerText(c.tokens), 'compression-tokens'),
          metric('Characters', integerText(c.chars), 'compression-chars'),
          metric('UTF-8 bytes', integerText(c.bytes), 'compression-bytes'),
          metric('Words', integerText(c.words), 'compression-words'),
          metric('Characters / token', ratioText(c.charsPerToken), 'compression-chars-per-token'),
          metric('Bytes / token', ratioText(c.bytesPerToken), 'compression-bytes-per-token'),
          metric('Tokens / word', c.words > 0 ? ratioText(c.tokensPerWord) : '—', 'compression-fertility', 'fertility'),
          metric('Entropy', `${ratioText(c.entropyBitsPerToken)} bits/token`, 'compression-entropy', entropyCeiling),
          metric('Distinct tokens', `${integerText(c.distinctTokens)} (${percentText(c.distinctShare * 100)})`, 'compression-distinct'),
        ),
        h(
          'figure',
          { class: 'chart-figure', 'data-testid': 'compression-histogram' },
          columnChart(histogramSummary, buckets.map((b) => ({ label: b.label, value: b.tokens }))),
          h('figcaption', {}, 'Token length in characters', c.partialTokens > 0 && ` (${integerText(c.partialTokens)} ${c.partialTokens === 1 ? 'token holds' : 'tokens hold'} only part of a character and ${c.partialTokens === 1 ? 'is' : 'are'} not shown)`),
        ),
        h('h3', {}, 'Most frequent tokens'),
        topRows.length > 0
          ? table('compression-top-tokens', 'Most frequent tokens', [{ label: 'Token' }, { label: 'Id', numeric: true }, { label: 'Count', numeric: true }, { label: 'Share', numeric: true }], topRows)
          : h('p', { class: 'empty', 'data-testid': 'compression-top-tokens' }, 'No tokens.'),
      );
    },
  };
}
