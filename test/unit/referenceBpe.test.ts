import * as assert from 'node:assert/strict';
import { ENCODING_NAMES } from '../../src/core/tokenizers/tiktoken/encodings';
import { translateRustPattern } from '../reference/referenceBpe';

describe('reference tokenizer', () => {
  it('reads Rust `\\s` as Unicode White_Space, so U+FEFF is not blank and U+0085 is', () => {
    const pattern = translateRustPattern('\\s+|\\S+|[^\\s]+');
    assert.equal(pattern.source, '\\p{White_Space}+|\\P{White_Space}+|[^\\p{White_Space}]+');
    assert.deepEqual('a\ufeff\u0085b'.match(pattern), ['a\ufeff', '\u0085', 'b']);
  });

  it('expands a case-insensitive group to every simple case folding of its letters', () => {
    const pattern = translateRustPattern("(?i:'s|'ll)x");
    assert.equal(pattern.source, "(?:'[sS\u017f]|'[lL][lL])x");
    // Cross-check with JavaScript's own case folding: exactly these code points match a letter.
    const folded: string[] = [];
    for (let c = 0x80; c < 0x110000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (/^[a-z]$/iu.test(String.fromCodePoint(c))) folded.push(String.fromCodePoint(c));
    }
    assert.deepEqual(folded, ['\u017f', '\u212a']);
  });

  it('translates the pattern of every encoding without any JavaScript `\\s` left', () => {
    for (const encoding of ENCODING_NAMES) {
      const file = require(`tiktoken/encoders/${encoding}.json`) as { pat_str: string };
      const source = translateRustPattern(file.pat_str).source;
      assert.ok(!/\\[sS]/.test(source), `${encoding}: ${source}`);
      assert.ok(!source.includes('(?i'), `${encoding}: ${source}`);
    }
  });
});
