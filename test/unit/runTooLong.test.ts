import * as assert from 'node:assert/strict';
import { loadTokenizer } from './support/tokenizers';

describe('a run too long to tokenize', function () {
  this.timeout(60_000);
  // 8 million: the regex engine's stack overflowed from ~4-5 million CJK characters in one run here.
  const run = '日'.repeat(8_000_000);

  for (const id of ['o200k_base', 'hf:qwen3'] as const) {
    it(`is refused by ${id} with a message that says what and how long, not a bare stack overflow`, () => {
      const { tokenizer } = loadTokenizer(id);
      for (const attempt of [() => tokenizer.count(run), () => tokenizer.encode(run)]) {
        assert.throws(attempt, (err: Error) => {
          assert.doesNotMatch(err.message, /^Maximum call stack/);
          assert.match(err.message, /run of letters or symbols with no space or break too long to tokenize \(a stretch of [\d,]+ characters/);
          return true;
        });
      }
      // A run of a million still counts.
      assert.equal(tokenizer.count('日'.repeat(1_000_000)) > 0, true);
    });
  }
});
