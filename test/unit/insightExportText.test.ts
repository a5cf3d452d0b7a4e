import * as assert from 'node:assert/strict';
import { exportInsight } from '../../src/core/present/insightExport';
import { tokenExportText } from '../../src/core/present/insightFormat';
import { compressionStats } from '../../src/core/insights/compression';
import type { InsightView } from '../../src/core/insights/insightView';
import { sampleInsightView } from '../fixtures/insightView';
import { parseCsv } from './support/insightExportFixture';
import { loadTiktokenTokenizer } from './support/tokenizers';

const o200k = loadTiktokenTokenizer('o200k_base');
const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

/** The sample view with the top tokens of a real text, as the worker computes them. */
function viewOfText(text: string): InsightView {
  return { ...sampleInsightView, compression: compressionStats(o200k, text, 10) };
}

describe('insight exports: the real token text', () => {
  const text = 'the cat and the dog and the bird\n\n\tthe end · \\ done 🦙';
  const view = viewOfText(text);

  it('keeps the text of each token (spaces as spaces, no · or ↵) and says which tokens are only part of a character', () => {
    const tokens = view.compression.topTokens;
    assert.ok(
      tokens.some((t) => t.raw === ' the'),
      JSON.stringify(tokens),
    );
    for (const t of tokens) {
      let whole: string | undefined;
      try {
        whole = fatalDecoder.decode(o200k.decodeToken(t.id));
      } catch {
        whole = undefined; // a piece of a character: no text
      }
      assert.equal(t.raw, whole, `token ${t.id}`);
    }
    assert.ok(
      tokens.some((t) => t.raw === undefined),
      'the llama emoji is cut into pieces of a character',
    );
  });

  it('JSON holds the exact token text', () => {
    const data = JSON.parse(exportInsight(view, 'json'));
    const texts: Array<string | null> = data.compression.topTokens.map((t: { text: string | null }) => t.text);
    assert.ok(texts.includes(' the'), JSON.stringify(texts));
    assert.ok(texts.every((t) => t === null || !t.includes('·') || text.includes('·')));
    assert.deepEqual(
      data.compression.topTokens.map((t: { id: number }) => t.id),
      view.compression.topTokens.map((t) => t.id),
    );
  });

  it('CSV holds the exact token text, quoted where a blank starts or ends it', () => {
    const csv = exportInsight(view, 'csv');
    assert.match(csv, /\r\ntop_token,\d+,text," the"\r\n/);
    const rows = parseCsv(csv).filter((r) => r[0] === 'top_token' && r[2] === 'text');
    assert.deepEqual(
      rows.map((r) => r[3]),
      view.compression.topTokens.map((t) => t.raw ?? tokenExportText(t)),
    );
  });

  it('Markdown writes each token in a code span as it is, only line breaks, tabs and backslashes escaped', () => {
    const md = exportInsight(
      {
        ...sampleInsightView,
        compression: {
          ...sampleInsightView.compression,
          topTokens: [
            { id: 1, text: '·the', raw: ' the', count: 3 },
            { id: 2, text: '\\n\\n', raw: '\n\n', count: 2 },
            { id: 3, text: '·a·', raw: ' a ', count: 2 },
            { id: 4, text: '\\u00b7\\\\', raw: '·\\', count: 1 },
            { id: 5, text: '·\\xF0\\x9F', count: 1 },
          ],
        },
      },
      'markdown',
    );
    assert.match(md, /^\| ` the` \| 1 \| 3 \|$/m);
    assert.match(md, /^\| `\\n\\n` \| 2 \| 2 \|$/m);
    // A code span that starts and ends with a blank loses one on each side in CommonMark: padded.
    assert.match(md, /^\| `  a  ` \| 3 \| 2 \|$/m);
    assert.match(md, /^\| `·\\\\` \| 4 \| 1 \|$/m, 'a real middle dot stays one, a backslash is doubled');
    assert.match(md, /^\| ` \\xF0\\x9F` \| 5 \| 1 \|$/m, 'a piece of a character: its bytes, the space a space');
    assert.doesNotMatch(md, /`·the`/);
  });

  it("Markdown writes a disagreement's span as its text, not with display glyphs", () => {
    const md = exportInsight(sampleInsightView, 'markdown');
    assert.match(md, /^\| `Tokenscope ` \| 3 \| 4 \|/m);
    assert.match(md, /^\| `context\\n\\nwindow` \|/m);
  });
});

describe('insight exports: the order of the models', () => {
  const order = (text: string, format: 'markdown' | 'csv' | 'json') => {
    if (format === 'json') return (JSON.parse(text) as { models: Array<{ id: string }> }).models.map((m) => m.id);
    if (format === 'csv')
      return [
        ...new Set(
          parseCsv(text)
            .filter((r) => r[0] === 'model')
            .map((r) => r[1]),
        ),
      ];
    const names = new Map(sampleInsightView.models.map((m) => [m.displayName, m.id]));
    return text
      .split('\n')
      .map((line) => /^\| ([^|]+?) \| [^|]+ \| [≈\d]/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && names.has(name))
      .map((name) => names.get(name)!);
  };

  it("follows the panel's sort in every format, and the set's order without one", () => {
    for (const format of ['markdown', 'csv', 'json'] as const) {
      assert.deepEqual(
        order(exportInsight(sampleInsightView, format), format),
        sampleInsightView.models.map((m) => m.id),
        format,
      );
      assert.deepEqual(order(exportInsight(sampleInsightView, format, undefined, { sort: { column: 'total', descending: false } }), format), [
        'qwen3-235b-a22b',
        'gemini-2.5-pro',
        'gpt-4o',
        'claude-sonnet-4-5',
        'my-local-model',
      ]);
      assert.deepEqual(order(exportInsight(sampleInsightView, format, undefined, { sort: { column: 'tokens', descending: true } }), format), [
        'claude-sonnet-4-5',
        'gpt-4o',
        'my-local-model',
        'qwen3-235b-a22b',
        'gemini-2.5-pro',
      ]);
    }
  });
});
