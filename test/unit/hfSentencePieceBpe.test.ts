import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { sentencePieceBpeEngine } from '../../src/core/tokenizers/huggingface/hfSentencePieceBpe';
import { vocabularyOf, withoutSpecialTokens, type TokenizerJson } from '../../src/core/tokenizers/huggingface/hfTokenizerJson';
import type { Tokenizer } from '../../src/core/tokenizers/tokenizer';
import { bundledJson, referenceIdsOfAll, referenceTokenizer, testedId, type ReferenceTokenizer } from './support/hfReference';
import { sentencePieceFile } from './support/hfFiles';
import { propertyRuns } from './support/propertyRuns';
import { loadHfTokenizer } from './support/tokenizers';

/**
 * What the SentencePiece-style engine cuts words at, and what it must not cut at: spaces after
 * letters, after `>` (Gemma 3 has `>▁</`), after spaces and literal `▁`; added tokens next to
 * spaces (`<b>`, tab and newline runs, `▁▁`); characters that take byte fallback; long words.
 */
// Laid out by hand, many short items to a line.
// prettier-ignore
const FRAGMENTS: readonly string[] = [
  ' ', '  ', '   ', '\u2581', '\u2581\u2581', '>', '> ', '></', ' </', '<', '</b>', '<b>', '<td>', '<0x41>', 'a', 'word', 'Word',
  'the', '\n', '\n\n', '\t', '\t\t', '\r\n', 'é', 'e\u0301', '日本語', '中文', '😀', '👩‍💻', '\u{10ffff}', '\u{e0001}', '\ufffd',
  '123', '3.14', '-', '—', '.', ',', '!', '"', "'", '(', ')', '{', '}', '=', '==>', '/', '//', '#', '$',
];

describe('Hugging Face SentencePiece-style BPE (Gemma 3)', function () {
  this.timeout(120_000);
  let reference: ReferenceTokenizer;
  let tokenizer: Tokenizer;
  before(() => {
    reference = referenceTokenizer(bundledJson('gemma3'));
    tokenizer = loadHfTokenizer(testedId('gemma3')).tokenizer;
  });

  it('runs Gemma 3 and leaves other SentencePiece files to @huggingface/tokenizers', () => {
    const gemma = withoutSpecialTokens(bundledJson('gemma3'));
    assert.ok(sentencePieceBpeEngine(gemma, vocabularyOf(gemma)));
    // Llama 2 style: a Prepend normalizer before the Replace.
    const llama2 = withoutSpecialTokens(sentencePieceFile());
    assert.equal(sentencePieceBpeEngine(llama2, vocabularyOf(llama2)), undefined);
    // Without byte fallback an unknown character is <unk>, which this engine does not do.
    const noFallback: TokenizerJson = { ...gemma, model: { ...gemma.model, byte_fallback: false } };
    assert.equal(sentencePieceBpeEngine(noFallback, vocabularyOf(noFallback)), undefined);
  });

  it(`encodes ${propertyRuns(0.02).toLocaleString('en-US')} texts of word-cut traps exactly like the Rust reference`, async () => {
    const texts = fc.sample(
      fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join('')),
      { numRuns: propertyRuns(0.02) },
    );
    texts.push('a'.repeat(9000), `${'x '.repeat(3000)}>`, ' '.repeat(700), '\u2581'.repeat(300) + 'a', '日本語'.repeat(3000));
    const expected = await referenceIdsOfAll(reference, texts);
    texts.forEach((text, i) => {
      assert.deepEqual(Array.from(tokenizer.encode(text)), expected[i], JSON.stringify(text.slice(0, 200)));
      assert.equal(tokenizer.count(text), expected[i].length);
    });
    // Again, now from the cache.
    texts.forEach((text, i) => assert.equal(tokenizer.count(text), expected[i].length, JSON.stringify(text.slice(0, 200))));
  });
});
