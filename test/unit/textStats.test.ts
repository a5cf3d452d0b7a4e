import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { measureText } from '../../src/core/text/textStats';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { directMeasure } from './support/directMeasure';
import { trickyText } from './support/trickyText';

describe('text stats', () => {
  it('measures the empty text as nothing', () => {
    assert.deepEqual(measureText(''), { chars: 0, bytes: 0 });
  });

  it('counts one byte per ASCII character', () => {
    assert.deepEqual(measureText('hello, world\n\t~'), { chars: 15, bytes: 15 });
    assert.deepEqual(measureText('\u0000\u007f'), { chars: 2, bytes: 2 });
  });

  it('counts two bytes for characters from U+0080 to U+07FF', () => {
    assert.deepEqual(measureText('\u0080é\u0085Жא\u07ff'), { chars: 6, bytes: 12 });
  });

  it('counts three bytes for the rest of the Basic Multilingual Plane', () => {
    assert.deepEqual(measureText('\u0800日本\u3000\ufeff\uffff'), { chars: 6, bytes: 18 });
  });

  it('counts a surrogate pair as one character of four bytes', () => {
    assert.deepEqual(measureText('😀'), { chars: 1, bytes: 4 });
    assert.deepEqual(measureText('a😀b\u{10ffff}'), { chars: 4, bytes: 10 });
    // 👍🏽 is two code points, each a surrogate pair.
    assert.deepEqual(measureText('👍🏽'), { chars: 2, bytes: 8 });
  });

  it('counts a lone surrogate as one character of three bytes, like the U+FFFD it becomes', () => {
    assert.deepEqual(measureText('\ud800'), { chars: 1, bytes: 3 });
    assert.deepEqual(measureText('\udc00'), { chars: 1, bytes: 3 });
    assert.deepEqual(measureText('\udc00\ud800'), { chars: 2, bytes: 6 }, 'a reversed pair is two lone surrogates');
    assert.deepEqual(measureText('a\ud83d'), { chars: 2, bytes: 4 }, 'a high surrogate at the end');
    assert.deepEqual(measureText('\ud83d\ud83d\ude00'), { chars: 2, bytes: 7 }, 'a lone high surrogate before a pair');
  });

  it('agrees with a direct measurement on the corpus and on generated text', () => {
    for (const { name, text } of VARIED_CORPUS) assert.deepEqual(measureText(text), directMeasure(text), name);
    fc.assert(fc.property(trickyText(40), (text) => assert.deepEqual(measureText(text), directMeasure(text))));
    // Any UTF-16 code units at all, so lone and reversed surrogates come up often.
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit: codeUnit, maxLength: 40 }), (text) => assert.deepEqual(measureText(text), directMeasure(text))));
  });
});
