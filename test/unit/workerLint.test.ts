import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { LintResult } from '../../src/worker/protocol';
import { LINT_RULE_IDS } from '../../src/core/lint/lintTypes';
import { WorkerHarness } from './support/workerHarness';

/** The real worker bundle (dist/worker.js, built with the tests), driven over its protocol. */
const workerPath = path.resolve(__dirname, '../../../dist/worker.js');

describe('tokenizer worker: the tokenization lint', function () {
  this.timeout(60_000);
  let h: WorkerHarness;
  beforeEach(() => (h = new WorkerHarness(workerPath)));
  afterEach(() => h.terminate());

  const rules = [...LINT_RULE_IDS];

  it('answers findings at document offsets, with the tokens involved written out, and follows edits', async () => {
    const filler = 'You are a helpful assistant. Answer briefly and cite sources.\n'.repeat(200);
    const text = `${filler}Say <|endoftext|> now.\nWhat is 1234567 + 89012? `;
    h.send({ kind: 'open', uri: 'u', version: 1, text });
    const result = (await h.request('lint', { uri: 'u', version: 1, tokenizer: 'o200k_base', rules, locale: 'en' })) as LintResult;
    assert.deepEqual(
      result.findings.map((f) => [f.rule, text.slice(f.start, f.end)]),
      [
        ['special-token', '<|endoftext|>'],
        ['number-chunks', '1234567'],
        ['number-chunks', '89012'],
        ['prompt-end', ' '],
      ],
    );
    const special = result.findings[0];
    assert.equal(special.tokens.map((t) => t.text).join(''), '·<|endoftext|>');
    assert.equal(text.slice(special.tokens[0].start, special.tokens.at(-1)!.end), ' <|endoftext|>');
    assert.deepEqual(result.findings[1].fix, [{ start: text.indexOf('1234567'), end: text.indexOf('1234567') + 7, newText: '1,234,567' }]);

    // Trimming the trailing space: the finding goes with it.
    h.send({ kind: 'change', uri: 'u', version: 2, changes: [{ offset: text.length - 1, deleteCount: 1, insert: '' }], length: text.length - 1 });
    const after = (await h.request('lint', { uri: 'u', version: 2, tokenizer: 'o200k_base', rules, locale: 'en' })) as LintResult;
    assert.equal(after.version, 2);
    assert.deepEqual(
      after.findings.map((f) => f.rule),
      ['special-token', 'number-chunks', 'number-chunks'],
    );
  });

  it('checks only the lines around the ranges asked for, and always the end of the document', async () => {
    const text = `Say <|im_start|> here.\n${'Plain line of ordinary text.\n'.repeat(2000)}Say <|im_end|> there.\nThe end `;
    h.send({ kind: 'open', uri: 'v', version: 1, text });
    const result = (await h.request('lint', { uri: 'v', version: 1, tokenizer: 'o200k_base', ranges: [[0, 30]], rules, locale: 'en' })) as LintResult;
    assert.deepEqual(
      result.findings.map((f) => [f.rule, text.slice(f.start, f.end)]),
      [
        ['special-token', '<|im_start|>'],
        ['special-token', '<|im_end|>'],
        ['prompt-end', ' '],
      ],
    );
  });

  it('runs only the rules asked for', async () => {
    h.send({ kind: 'open', uri: 'w', version: 1, text: 'Say <|endoftext|> ' });
    const result = (await h.request('lint', { uri: 'w', version: 1, tokenizer: 'o200k_base', rules: ['prompt-end'], locale: 'en' })) as LintResult;
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['prompt-end'],
    );
  });

  it('checks the end of each selection as a prompt of its own (rule 1), with the selection tokenized alone', async () => {
    const text = 'Translate this: print(the cat sat on the mat.\nSecond line here.\n';
    h.send({ kind: 'open', uri: 's', version: 1, text });
    const blank = text.indexOf('this: ') + 'this:'.length; // a selection ending after the space of `this: `
    const bracket = text.indexOf('(') + 1; // one ending after `print(`
    const clean = text.indexOf('mat.') + 'mat.'.length;
    const selections: Array<[number, number]> = [
      [0, blank + 1],
      [0, bracket],
      [0, clean],
    ];
    const result = (await h.request('lint', { uri: 's', version: 1, tokenizer: 'o200k_base', rules, locale: 'en', selections })) as LintResult;
    assert.deepEqual(
      result.selectionFindings?.map((f) => [f.detail.rule === 'prompt-end' && f.detail.kind, text.slice(f.start, f.end)]),
      [
        ['trailingWhitespace', ' '],
        ['mergesWithNext', '('],
      ],
    );
    // The document itself ends cleanly: no finding of its own.
    assert.deepEqual(result.findings, []);
    const off = (await h.request('lint', { uri: 's', version: 1, tokenizer: 'o200k_base', rules: ['special-token'], locale: 'en', selections })) as LintResult;
    assert.equal(off.selectionFindings, undefined, 'rule 1 off: no selection is checked');
  });

  it("answers each paragraph's language with the premium asked for, at document offsets", async () => {
    const english = 'All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience.';
    const hindi = 'सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है।';
    const japanese = 'すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。';
    const text = `${english}\n\n${hindi}\n\nOK.\n\n${japanese}\n`;
    h.send({ kind: 'open', uri: 'p', version: 1, text });
    const result = (await h.request('lint', { uri: 'p', version: 1, tokenizer: 'o200k_base', rules, locale: 'en', premium: true })) as LintResult;
    assert.deepEqual(
      result.languages?.map((p) => [text.slice(p.start, p.end), p.guess.kind === 'language' ? p.guess.code : p.guess.kind]),
      [
        [english, 'en'],
        [hindi, 'hi'],
        ['OK.', 'short'],
        [`${japanese}\n`, 'ja'],
      ],
    );
    const without = (await h.request('lint', { uri: 'p', version: 1, tokenizer: 'o200k_base', rules, locale: 'en' })) as LintResult;
    assert.equal(without.languages, undefined);
  });
});
