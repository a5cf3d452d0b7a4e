import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_EXPECTED_OUTPUT_TOKENS, MAX_MODELS, validateWebviewMessage } from '../../src/host/insight/validateMessage';
import { propertyRuns } from './support/propertyRuns';

const known = new Set(['gpt-4o', 'claude-sonnet-4-5', 'qwen3-235b-a22b']);
const check = (raw: unknown) => validateWebviewMessage(raw, (id) => known.has(id));

describe('insight panel: messages from the webview', () => {
  it('passes every well-formed message through unchanged', () => {
    const good = [
      { type: 'ready' },
      { type: 'editModels' },
      { type: 'cancel' },
      { type: 'countAgain' },
      { type: 'setModels', ids: ['gpt-4o', 'qwen3-235b-a22b'] },
      { type: 'setExpectedOutput', tokens: 0 },
      { type: 'setExpectedOutput', tokens: 4096 },
      { type: 'setCompare', a: 'gpt-4o', b: 'claude-sonnet-4-5' },
      { type: 'highlightDisagreements', on: true },
      { type: 'reveal', start: 3, end: 9 },
      { type: 'revealCell', index: 0 },
      { type: 'revealCell', index: 12 },
      { type: 'export', format: 'csv' },
      { type: 'export', format: 'markdown', sort: { column: 'total', descending: true } },
    ];
    for (const message of good) assert.deepEqual(check(message), message);
  });

  const hostile: ReadonlyArray<readonly [string, unknown]> = [
    ['nothing', undefined],
    ['a string', 'setModels'],
    ['an unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }],
    ['a model list that is an object', { type: 'setModels', ids: { evil: true } }],
    ['a model list longer than any real one', { type: 'setModels', ids: Array.from({ length: MAX_MODELS + 1 }, () => 'gpt-4o') }],
    ['1e300 output tokens', { type: 'setExpectedOutput', tokens: 1e300 }],
    ['negative output tokens', { type: 'setExpectedOutput', tokens: -1 }],
    ['fractional output tokens', { type: 'setExpectedOutput', tokens: 1.5 }],
    ['output tokens as text', { type: 'setExpectedOutput', tokens: '4096' }],
    ['output tokens past the bound', { type: 'setExpectedOutput', tokens: MAX_EXPECTED_OUTPUT_TOKENS + 1 }],
    ['a comparison with an unknown model', { type: 'setCompare', a: 'gpt-4o', b: '../../etc/passwd' }],
    ['a comparison with a non-string', { type: 'setCompare', a: 'gpt-4o', b: { toString: 'x' } }],
    ['a highlight flag that is not a boolean', { type: 'highlightDisagreements', on: 'yes' }],
    ['a reveal backwards', { type: 'reveal', start: 9, end: 3 }],
    ['a reveal at NaN', { type: 'reveal', start: Number.NaN, end: 3 }],
    ['a cell before the first', { type: 'revealCell', index: -1 }],
    ['a cell index that is not an integer', { type: 'revealCell', index: 1.5 }],
    ['a cell index as text', { type: 'revealCell', index: '2' }],
    ['an unknown export format', { type: 'export', format: 'html' }],
  ];
  for (const [what, raw] of hostile) {
    it(`drops ${what}`, () => assert.equal(check(raw), undefined));
  }

  it("keeps an export's sort order only when it names a column of the table", () => {
    assert.deepEqual(check({ type: 'export', format: 'json', sort: { column: 'drop table', descending: true } }), { type: 'export', format: 'json' });
    assert.deepEqual(check({ type: 'export', format: 'json', sort: { column: 'tokens', descending: 'yes' } }), { type: 'export', format: 'json' });
    assert.deepEqual(check({ type: 'export', format: 'json', sort: { column: 'tokens', descending: false, extra: 1 } }), {
      type: 'export',
      format: 'json',
      sort: { column: 'tokens', descending: false },
    });
  });

  it('keeps only known model ids, once each, and nothing but the ids', () => {
    const result = check({ type: 'setModels', ids: ['gpt-4o', 'not-a-model', 42, { id: 'gpt-4o' }, 'gpt-4o', 'x'.repeat(10_000)], extra: { a: 1 } });
    assert.deepEqual(result, { type: 'setModels', ids: ['gpt-4o'] });
  });

  it('never lets anything but its own fields through, whatever is sent', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.constantFrom('ready', 'setModels', 'setExpectedOutput', 'setCompare', 'highlightDisagreements', 'reveal', 'revealCell', 'export', 'cancel', 'countAgain', 'editModels'),
        fc.dictionary(fc.string(), fc.anything()),
        (anything, type, fields) => {
          for (const raw of [anything, { ...fields, type }]) {
            const message = check(raw);
            if (message === undefined) continue;
            const allowed: Record<string, string[]> = {
              setModels: ['ids'],
              setExpectedOutput: ['tokens'],
              setCompare: ['a', 'b'],
              highlightDisagreements: ['on'],
              reveal: ['start', 'end'],
              revealCell: ['index'],
              export: ['format'],
            };
            assert.deepEqual(Object.keys(message).sort(), ['type', ...(allowed[message.type] ?? [])].sort());
            if (message.type === 'setModels') assert.ok(message.ids.every((id) => known.has(id)));
            if (message.type === 'setExpectedOutput') assert.ok(message.tokens <= MAX_EXPECTED_OUTPUT_TOKENS);
          }
        },
      ),
      { numRuns: propertyRuns(0.01) },
    );
  });
});
