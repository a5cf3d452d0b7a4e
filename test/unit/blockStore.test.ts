import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BlockStore } from '../../src/core/incremental/blockStore';
import { cutRuleFor } from '../../src/core/tokenizers/cutRules';
import { ENCODING_NAMES, type EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { directMeasure } from './support/directMeasure';
import { applyToString, editPlan, initialDocument, resolveEdit, type EditPlan } from './support/editPlans';
import { propertyRuns } from './support/propertyRuns';
import { loadTiktokenTokenizer } from './support/tokenizers';

function newStore(encoding: EncodingName, text: string, targetSize?: number): BlockStore {
  return new BlockStore(loadTiktokenTokenizer(encoding), cutRuleFor(encoding), text, targetSize);
}

/** The store holds `text`, and its characters and bytes are those of `text`. */
function assertMirrors(store: BlockStore, text: string): void {
  assert.equal(store.getText(), text);
  const totals = store.totalsSnapshot;
  const { chars, bytes } = directMeasure(text);
  assert.equal(totals.length, text.length, 'length');
  assert.equal(totals.chars, chars, 'chars');
  assert.equal(totals.bytes, bytes, 'bytes');
}

/** After counting, the store's total equals a full encode of `text`. */
function assertCountsExactly(store: BlockStore, text: string): void {
  assert.equal(store.countPending(), true);
  const totals = store.totalsSnapshot;
  assert.equal(totals.uncounted, 0, 'uncounted');
  // tiktoken's own encode is the truth; the store counts with the fast counter.
  assert.equal(totals.tokens, loadTiktokenTokenizer(store.tokenizer.id as EncodingName).encode(text).length, 'tokens');
}

/** Replays a random editing session on a store and on a plain string, checking as it goes. */
function replay(encoding: EncodingName, initial: string, targetSize: number, plans: EditPlan[], ranges: [number, number][]): void {
  const store = newStore(encoding, initial, targetSize);
  let text = initial;
  assertMirrors(store, text);
  for (const plan of plans) {
    if (plan.kind === 'count') {
      assertCountsExactly(store, text);
      continue;
    }
    if (plan.kind === 'count a little') {
      store.countPending(performance.now() - 1);
      continue;
    }
    const edit = resolveEdit(text, plan);
    if (!edit) continue;
    store.applyEdit(edit);
    text = applyToString(text, edit);
    assertMirrors(store, text);
  }
  // Ranges before the final count: countRange must count uncounted inner blocks itself.
  const [first, ...rest] = ranges;
  const tokenizer = loadTiktokenTokenizer(encoding);
  const check = ([a, b]: [number, number]): void => {
    const start = Math.min(a, b) % (text.length + 1);
    const end = Math.min(text.length, start + (Math.max(a, b) - Math.min(a, b)));
    assert.equal(store.countRange(start, end), tokenizer.encode(text.slice(start, end)).length, `countRange(${start}, ${end})`);
  };
  if (first) check(first);
  assertCountsExactly(store, text);
  rest.forEach(check);
}

describe('block store', function () {
  this.timeout(60_000);

  for (const encoding of ENCODING_NAMES) {
    it(`counts exactly like a full ${encoding} encode after any sequence of edits`, () => {
      fc.assert(
        fc.property(
          initialDocument,
          // Tiny blocks (a real store uses 2,048) so that edits meet many block edges; sizes
          // below 3 make the cut rules read context from the block before.
          fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 64 })),
          fc.array(editPlan, { minLength: 1, maxLength: 25, size: 'max' }),
          fc.array(fc.tuple(fc.nat(400), fc.nat(400)), { maxLength: 6 }),
          (initial, targetSize, plans, ranges) => replay(encoding, initial, targetSize, plans, ranges),
        ),
        { numRuns: propertyRuns(0.55 / ENCODING_NAMES.length) },
      );
    });
  }

  describe('examples', () => {
    // Without the 2 KB runs of one letter: tiktoken is quadratic in them, and 1 MB would hold
    // dozens, tripling the time of these tests without testing anything new.
    const corpusText = VARIED_CORPUS.filter((e) => !e.text.includes('a'.repeat(1000)))
      .map((e) => e.text)
      .join('\n');
    const oneMegabyte = corpusText.repeat(Math.ceil(1_000_000 / corpusText.length));

    for (const encoding of ENCODING_NAMES) {
      it(`counts a 1 MB document exactly like a full ${encoding} encode`, () => {
        const store = newStore(encoding, oneMegabyte);
        assertMirrors(store, oneMegabyte);
        assertCountsExactly(store, oneMegabyte);
        assert.ok(store.blockCount > 100, `only ${store.blockCount} blocks`);
      });
    }

    it('re-splits only the few blocks around a single edit in a big document', () => {
      const store = newStore('o200k_base', oneMegabyte);
      store.countPending();
      const blocks = store.blockCount;
      const offset = Math.floor(oneMegabyte.length / 2);
      store.applyEdit({ offset, deleteCount: 10, insert: 'an edit\nwith a new line ' });
      assert.ok(Math.abs(store.blockCount - blocks) <= 2, `${blocks} blocks became ${store.blockCount}`);
      assert.ok(store.totalsSnapshot.uncounted <= 4, `${store.totalsSnapshot.uncounted} blocks to recount`);
      assertCountsExactly(store, store.getText());
    });

    it('refuses edits outside the document with a RangeError', () => {
      const store = newStore('cl100k_base', 'hello world');
      assert.throws(() => store.applyEdit({ offset: -1, deleteCount: 0, insert: 'x' }), RangeError);
      assert.throws(() => store.applyEdit({ offset: 12, deleteCount: 0, insert: 'x' }), RangeError);
      assert.throws(() => store.applyEdit({ offset: 5, deleteCount: 7, insert: '' }), RangeError);
      assert.throws(() => store.applyEdit({ offset: 5, deleteCount: -1, insert: '' }), RangeError);
      assert.equal(store.getText(), 'hello world');
      store.applyEdit({ offset: 11, deleteCount: 0, insert: '!' });
      assert.equal(store.getText(), 'hello world!');
    });

    it('stops counting at a past deadline, then finishes on the next call', () => {
      const store = newStore('cl100k_base', corpusText, 64);
      assert.ok(store.blockCount > 10);
      assert.equal(store.countPending(performance.now() - 1), false);
      const partial = store.totalsSnapshot;
      assert.ok(partial.uncounted > 0 && partial.uncounted < store.blockCount);
      assertCountsExactly(store, corpusText);
    });

    it('counts an empty document as zero and follows it through inserts and deletes', () => {
      const store = newStore('o200k_base', '');
      assert.equal(store.countPending(), true);
      assert.deepEqual(store.totalsSnapshot, { tokens: 0, uncounted: 0, chars: 0, bytes: 0, length: 0 });
      store.applyEdit({ offset: 0, deleteCount: 0, insert: 'line one\nline two\n' });
      assertCountsExactly(store, 'line one\nline two\n');
      store.applyEdit({ offset: 0, deleteCount: 18, insert: '' });
      assert.equal(store.blockCount, 0);
      assertCountsExactly(store, '');
    });

    it('counts a selection on its own, not as part of the document', () => {
      const text = 'first line\n\n\nsecond line\n';
      const store = newStore('cl100k_base', text, 4);
      store.countPending();
      const tokenizer = loadTiktokenTokenizer('cl100k_base');
      for (const [start, end] of [
        [0, text.length],
        [11, 12],
        [5, 20],
        [12, 25],
        [0, 0],
        [-5, 100],
      ]) {
        const slice = text.slice(Math.max(0, start), Math.max(0, end));
        assert.equal(store.countRange(start, end), tokenizer.encode(slice).length, `[${start}, ${end})`);
      }
    });
  });
});
