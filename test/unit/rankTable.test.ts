import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ENCODING_NAMES } from '../../src/core/tokenizers/tiktoken/encodings';
import { parseRanks, RANK_FILE_EXTENSION, RankTable } from '../../src/core/tokenizers/tiktoken/rankTable';
import { sourceFiles } from './support/tokenizers';
import { referenceVocabulary } from '../reference/referenceBpe';

const dist = path.resolve(__dirname, '../../../dist');

describe('rank tables', function () {
  this.timeout(60_000);

  for (const encoding of ENCODING_NAMES) {
    it(`${encoding}: the binary form the build ships finds every published token at its rank, and its bytes by rank`, () => {
      // The reference decodes tiktoken's published file on its own (test/reference/referenceBpe.ts).
      const published = referenceVocabulary(encoding);
      // What the build wrote (dist/encoders), and the same built from the sources: equal bytes.
      const shipped = readFileSync(path.join(dist, 'encoders', `${encoding}${RANK_FILE_EXTENSION}`));
      const fromSources = parseRanks(sourceFiles.rankData(encoding));
      assert.deepEqual(Buffer.from(fromSources.toBinary()), shipped);
      const table = parseRanks(shipped);
      assert.equal(table.size, [...published.values()].reduce((a, b) => Math.max(a, b), 0) + 1);
      for (const [bytes, rank] of published) {
        assert.equal(table.rank(bytes), rank);
        // By range, inside a longer string, as the merge asks.
        assert.equal(table.rank(`\u0000${bytes}\u0001`, 1, bytes.length + 1), rank);
        assert.equal(Buffer.from(table.tokenBytes(rank)!).toString('latin1'), bytes);
      }
      // Not tokens: bytes no token has, and a token with one byte more or less.
      for (const bytes of ['\u00ff\u00fe\u00fd\u00fc\u00fb', 'zzzzzzzzzzzzzzzzzzzzzzz']) assert.equal(table.rank(bytes), published.get(bytes) ?? -1);
      assert.equal(table.tokenBytes(-1), undefined);
      assert.equal(table.tokenBytes(table.size), undefined);
    });
  }

  it('ships rank tables only in the binary form', () => {
    assert.deepEqual(readdirSync(path.join(dist, 'encoders')).sort(), ENCODING_NAMES.map((name) => `${name}${RANK_FILE_EXTENSION}`).sort());
  });

  it('refuses a file that is not a rank table, or a truncated one, with a message', () => {
    assert.throws(() => RankTable.fromBinary(new Uint8Array([1, 2, 3])), /not a Tokenscope rank file/);
    const good = RankTable.fromCompact('! 0 YQ== Yg== YWI=').toBinary();
    assert.equal(RankTable.fromBinary(good).rank('ab'), 2);
    assert.throws(() => RankTable.fromBinary(good.subarray(0, good.length - 1)), /header says/);
    // A pooled buffer may start at an odd offset: the table still reads.
    const odd = new Uint8Array(good.length + 1);
    odd.set(good, 1);
    assert.equal(RankTable.fromBinary(odd.subarray(1)).rank('ab'), 2);
  });
});
