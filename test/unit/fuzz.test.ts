/**
 * The fuzz suite: random editing sessions replayed on the real worker (dist/worker.js) over its
 * protocol, exactly as the extension host drives it (open, incremental changes with versions and
 * lengths, count requests, token boundaries), for every exact tokenizer the extension bundles,
 * checked against the reference implementations: tiktoken's own WASM for the OpenAI encodings,
 * the Rust `tokenizers` library for the Hugging Face files (Qwen3 normalises to NFC). Sessions
 * include long runs of one character (where tiktoken-style merges turn quadratic) and text that
 * NFC changes.
 *
 * Bounded by time, not by a number of cases: TOKENSCOPE_FUZZ_SECONDS in all (default 120 s under
 * CI, 8 s locally), shared equally by the tokenizers. A failure prints fast-check's seed and
 * path; `TOKENSCOPE_FUZZ_SEED=<seed>` replays it.
 */
import * as assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { ENCODING_NAMES, isEncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import type { TextEdit } from '../../src/core/incremental/blockStore';
import type { TokenizerId } from '../../src/core/tokenizers/tokenizerIds';
import { applyToString, editPlan, initialDocument, resolveEdit, type EditPlan } from './support/editPlans';
import { bundledJson, referenceIds, referenceTokenizer, TESTED_TOKENIZERS, type ReferenceTokenizer } from './support/hfReference';
import { WorkerHarness } from './support/workerHarness';

const workerPath = path.resolve(__dirname, '../../../dist/worker.js');
/** Every tiktoken encoding and every tested tokenizer.json (the bundled ones and Gemma 3 as a user's file). */
const TOKENIZERS: readonly TokenizerId[] = [...ENCODING_NAMES, ...TESTED_TOKENIZERS.map((t) => t.id)];

const totalSeconds = ((): number => {
  const configured = Number(process.env.TOKENSCOPE_FUZZ_SECONDS);
  if (Number.isFinite(configured) && configured > 0) return configured;
  return process.env.CI ? 120 : 8;
})();
const seed = process.env.TOKENSCOPE_FUZZ_SEED === undefined ? undefined : Number(process.env.TOKENSCOPE_FUZZ_SEED);

/**
 * Long runs of one character, inserted whole: a megabyte would make tiktoken (the reference)
 * take minutes, so up to 3,000, which already puts every merge on the O(n log n) path.
 */
const longRun: fc.Arbitrary<EditPlan> = fc.record({
  kind: fc.constant('insert' as const),
  at: fc.record({ near: fc.constant('anywhere' as const), index: fc.nat(1_000), shift: fc.constant(0) }),
  text: fc
    .tuple(fc.constantFrom('a', ' ', '1', '日', 'é', 'e\u0301', '\u0301', '\n', '=', 'A/', '\u212B'), fc.integer({ min: 100, max: 3_000 }))
    .map(([c, n]) => c.repeat(Math.ceil(n / c.length))),
});
const session = fc.array(fc.oneof({ arbitrary: editPlan, weight: 12 }, { arbitrary: longRun, weight: 1 }), { minLength: 1, maxLength: 20, size: 'max' });

/** The reference's count of `text` for one tokenizer. */
type Reference = (text: string) => Promise<number>;

function referenceFor(id: TokenizerId): Reference {
  if (isEncodingName(id)) {
    const encoding = get_encoding(id);
    return async (text) => encoding.encode_ordinary(text).length;
  }
  const name = TESTED_TOKENIZERS.find((t) => t.id === id)!.name;
  let rust: ReferenceTokenizer | undefined;
  return async (text) => (await referenceIds((rust ??= referenceTokenizer(bundledJson(name))), text)).length;
}

describe('fuzz: random editing sessions on the real worker against the reference tokenizers', function () {
  this.timeout(totalSeconds * 1000 + 120_000);
  let h: WorkerHarness;
  before(() => (h = new WorkerHarness(workerPath)));
  after(() => h.terminate());

  for (const tokenizer of TOKENIZERS) {
    const label = tokenizer.startsWith('file:') ? `${TESTED_TOKENIZERS.find((t) => t.id === tokenizer)!.name} (a user's tokenizer.json)` : tokenizer;
    it(`keeps ${label} counts exact through any edits, for ${(totalSeconds / TOKENIZERS.length).toFixed(1)} s`, async () => {
      const reference = referenceFor(tokenizer);
      // Load both sides first: the time budget is for sessions, and loading Mistral NeMo's
      // vocabulary in the worker and in the Rust reference takes about a second on its own.
      const warmUp = `fuzz:${tokenizer}/warm-up`;
      h.send({ kind: 'open', uri: warmUp, version: 1, text: 'warm up' });
      await h.request('count', { uri: warmUp, version: 1, tokenizer, selections: [] });
      h.send({ kind: 'close', uri: warmUp });
      await reference('warm up');
      let sessions = 0;
      let edits = 0;
      let run = 0;
      await fc.assert(
        fc.asyncProperty(initialDocument, session, fc.tuple(fc.nat(4_000), fc.nat(400)), async (initial, plans, [rangeStart, rangeLength]) => {
          const uri = `fuzz:${tokenizer}/${run++}`;
          let text = initial;
          let version = 1;
          h.send({ kind: 'open', uri, version, text });
          const check = async (): Promise<void> => {
            const result = await h.request('count', { uri, version, tokenizer, selections: [] });
            assert.equal(result.version, version);
            assert.equal(result.tokens, await reference(text), `count of ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)}`);
          };
          try {
            for (const plan of plans) {
              const edit: TextEdit | undefined = resolveEdit(text, plan);
              if (!edit) {
                if (plan.kind === 'count') await check();
                continue;
              }
              text = applyToString(text, edit);
              h.send({ kind: 'change', uri, version: ++version, changes: [edit], length: text.length });
              edits++;
            }
            await check();
            // Boundaries of a range never fail and never leave the document.
            const start = Math.min(rangeStart, text.length);
            const end = Math.min(text.length, start + rangeLength);
            const { spans } = await h.request('tokensInRange', { uri, version, tokenizer, ranges: [[start, end]] });
            for (const s of spans[0].tokenStarts) assert.ok(s >= 0 && s <= text.length, `token start ${s} outside 0..${text.length}`);
            sessions++;
          } finally {
            h.send({ kind: 'close', uri });
          }
        }),
        { numRuns: 1_000_000, interruptAfterTimeLimit: (totalSeconds / TOKENIZERS.length) * 1000, ...(seed === undefined ? {} : { seed }) },
      );
      console.log(`      ${label}: ${sessions} sessions, ${edits} edits`);
      assert.ok(sessions > 0, 'no session ran');
    });
  }
});
