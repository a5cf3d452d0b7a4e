import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BlockStore } from '../../src/core/incremental/blockStore';
import type { CutRule } from '../../src/core/tokenizers/cutRules';
import { hfCutRuleFor, knownConfiguration, NEVER_CUT, sentencePieceCutRule } from '../../src/core/tokenizers/huggingface/hfCutRules';
import type { ComponentJson, TokenizerJson } from '../../src/core/tokenizers/huggingface/hfTokenizerJson';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { applyToString, editPlan, initialDocument, resolveEdit } from './support/editPlans';
import { bundledJson, referenceIdsOfAll, referenceTokenizer, testedId, type ReferenceTokenizer } from './support/hfReference';
import { mixedText } from './support/mixedText';
import { propertyRuns } from './support/propertyRuns';
import { trickyText } from './support/trickyText';
import { denseText } from './support/denseText';
import { loadHfTokenizer } from './support/tokenizers';

/** A byte-level pre-tokenizer of Split steps that isolate their matches. */
function splitsThenByteLevel(patterns: readonly string[]): ComponentJson {
  return {
    type: 'Sequence',
    pretokenizers: [
      ...patterns.map((Regex) => ({ type: 'Split', pattern: { Regex }, behavior: 'Isolated', invert: false })),
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  };
}

/**
 * The configurations proven here: each bundled one (Qwen3 shares Qwen2.5's) and Gemma 3 (not
 * bundled; the file of its dev dependency, as a user's). Gemma 3 has no pre-tokenizer regex: its
 * rule is read from its vocabulary (`known` undefined).
 */
const CONFIGURATIONS: ReadonlyArray<{ label: string; json: () => TokenizerJson; known: string | undefined }> = [
  { label: 'qwen2.5', json: () => bundledJson('qwen2.5'), known: 'Qwen2.5 / Qwen3' },
  { label: 'deepseek-v3', json: () => bundledJson('deepseek-v3'), known: 'DeepSeek-V3' },
  { label: 'deepseek-v4', json: () => bundledJson('deepseek-v4'), known: 'DeepSeek-V3' },
  { label: 'mistral-nemo', json: () => bundledJson('mistral-nemo'), known: 'Mistral Tekken' },
  { label: 'llama3.1', json: () => bundledJson('llama3.1'), known: 'Llama 3 (cl100k_base pattern)' },
  { label: 'gemma3', json: () => bundledJson('gemma3'), known: undefined },
];

/** Every position where the rule allows a cut. */
function safeCuts(rule: CutRule, text: string): number[] {
  const cuts: number[] = [];
  for (let p = 1; p < text.length; p++) if (rule.isSafeCut(text, p)) cuts.push(p);
  return cuts;
}

/** Fails unless, at every cut the rule allows, the reference's ids of the two parts are those of the whole. */
async function assertEveryCutExact(reference: ReferenceTokenizer, rule: CutRule, text: string): Promise<void> {
  const cuts = safeCuts(rule, text);
  if (cuts.length === 0) return;
  const [whole, ...parts] = await referenceIdsOfAll(reference, [text, ...cuts.flatMap((p) => [text.slice(0, p), text.slice(p)])]);
  cuts.forEach((p, i) => {
    const joined = [...parts[2 * i], ...parts[2 * i + 1]];
    if (JSON.stringify(joined) !== JSON.stringify(whole)) {
      assert.fail(`cutting ${JSON.stringify(text)} at ${p} changes its tokens: ${JSON.stringify(whole)} vs ${JSON.stringify(joined)}`);
    }
  });
}

describe('Hugging Face cut rules', function () {
  this.timeout(60_000);

  for (const { label, json, known } of CONFIGURATIONS) {
    describe(label, () => {
      let reference: ReferenceTokenizer;
      let rule: CutRule;
      before(() => {
        reference = referenceTokenizer(json());
        rule = hfCutRuleFor(json());
      });

      it(`is recognised as the ${known ?? 'SentencePiece'} configuration`, () => {
        assert.equal(knownConfiguration(json())?.name, known);
        if (!known) assert.ok(sentencePieceCutRule(json()));
        assert.notEqual(rule, NEVER_CUT);
      });

      it('cuts every corpus text only where the parts tokenize exactly like the whole (Rust reference)', async () => {
        for (const { text } of VARIED_CORPUS) await assertEveryCutExact(reference, rule, text);
      });

      it('never cuts next to an added token where the parts would tokenize differently (Rust reference)', async () => {
        // Found by the generated-text property: an added token ends a segment, so what follows
        // it starts a fresh piece (`'RE` after `<|fim_prefix|>` is one contraction).
        // Gemma 3: `>▁</` is one token, `▁▁` and `\n\n` are added tokens, `<table>` too.
        const gemma = ['<td> </td>', 'a>  </b', 'x\u2581 y', '\u2581\u2581 \u2581', '<table> <tr>\n\n <td>', '\n\n\nx \n y', 'a\n'.repeat(40) + 'b', ' \n \n  x'];
        for (const text of ["<|fim_prefix|>'RE", '<|fim_prefix|>', 'a<think>1,"key</think>"x:1', '{"a":1}<|im_end|>,"b"', ...gemma]) {
          await assertEveryCutExact(reference, rule, text);
        }
      });

      it('finds cuts in every multi-line corpus text', () => {
        // A rule that never cuts would pass the test above and make every edit a full recount.
        for (const { name, text } of VARIED_CORPUS) {
          if (text.split('\n').length > 3) assert.ok(safeCuts(rule, text).length > 0, name);
        }
      });

      it('cuts generated text only where the parts tokenize exactly like the whole (Rust reference)', async () => {
        await fc.assert(
          fc.asyncProperty(fc.oneof(trickyText(60), mixedText(30), denseText(60)), (text) => assertEveryCutExact(reference, rule, text)),
          { numRuns: propertyRuns(0.1 / CONFIGURATIONS.length) },
        );
      });
    });
  }

  const STORE_TOKENIZERS = ['qwen2.5', 'deepseek-v3', 'deepseek-v4', 'mistral-nemo', 'llama3.1', 'gemma3'] as const;
  for (const name of STORE_TOKENIZERS) {
    describe(`block store with ${name}`, () => {
      it('counts exactly like the whole text after any sequence of edits', () => {
        const { tokenizer, cutRule } = loadHfTokenizer(testedId(name));
        fc.assert(
          fc.property(
            initialDocument,
            // Tiny blocks, so that edits meet many block edges.
            fc.integer({ min: 1, max: 64 }),
            fc.array(editPlan, { minLength: 1, maxLength: 20, size: 'max' }),
            (initial, targetSize, plans) => {
              const store = new BlockStore(tokenizer, cutRule, initial, targetSize);
              let text = initial;
              for (const plan of plans) {
                const edit = resolveEdit(text, plan);
                if (edit) {
                  store.applyEdit(edit);
                  text = applyToString(text, edit);
                } else if (plan.kind === 'count') {
                  store.countPending();
                  assert.equal(store.totalsSnapshot.tokens, tokenizer.count(text));
                }
              }
              store.countPending();
              assert.equal(store.getText(), text);
              assert.equal(store.totalsSnapshot.tokens, tokenizer.count(text));
            },
          ),
          { numRuns: propertyRuns(0.06 / STORE_TOKENIZERS.length) },
        );
      });

      it('cuts a 1 MB document into blocks that add up to its count', () => {
        const { tokenizer, cutRule } = loadHfTokenizer(testedId(name));
        const corpus = VARIED_CORPUS.map((e) => e.text).join('\n');
        const document = corpus.repeat(Math.ceil(1_000_000 / corpus.length));
        const store = new BlockStore(tokenizer, cutRule, document);
        store.countPending();
        assert.equal(store.totalsSnapshot.tokens, tokenizer.count(document));
        assert.ok(store.blockCount > 500, `only ${store.blockCount} blocks`);
      });
    });
  }

  describe('configurations it does not know', () => {
    const qwen = (): TokenizerJson => bundledJson('qwen2.5');
    const gemma = (): TokenizerJson => bundledJson('gemma3');
    const added = (changes: object) => [...(qwen().added_tokens ?? []), { id: 999_999, content: '<x>', special: false, ...changes }];
    const unknown: ReadonlyArray<readonly [string, () => TokenizerJson]> = [
      ['another normalizer (NFKC)', () => ({ ...qwen(), normalizer: { type: 'NFKC' } })],
      ['a changed regex', () => ({ ...qwen(), pre_tokenizer: splitsThenByteLevel(['\\p{L}+|\\s+|.']) })],
      ["GPT-2's own regex (ByteLevel with use_regex)", () => ({ ...qwen(), pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, use_regex: true } })],
      ['no pre-tokenizer (SentencePiece style)', () => ({ ...qwen(), pre_tokenizer: null })],
      [
        "Gemma's SentencePiece configuration with an added token holding a space",
        () => ({ ...gemma(), added_tokens: [...(gemma().added_tokens ?? []), { id: 999_999, content: 'a b', special: false }] }),
      ],
      ["Gemma's SentencePiece configuration with merges on whole words first (ignore_merges)", () => ({ ...gemma(), model: { ...gemma().model, ignore_merges: true } })],
      [
        "Gemma's SentencePiece configuration with a space prepended (Llama 2 style)",
        () => ({ ...gemma(), normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '\u2581' }, gemma().normalizer] } }),
      ],
      ['an ordinary added token holding a space', () => ({ ...qwen(), added_tokens: added({ content: '<x y>' }) })],
      ['an added token that strips the blanks beside it', () => ({ ...qwen(), added_tokens: added({ lstrip: true }) })],
    ];
    for (const [what, json] of unknown) {
      it(`never cuts a tokenizer with ${what}`, () => {
        assert.equal(knownConfiguration(json()), undefined);
        assert.equal(hfCutRuleFor(json()), NEVER_CUT);
      });
    }

    it("cuts Gemma 3's text before a space and at a line start, and nowhere else", () => {
      const rule = hfCutRuleFor(gemma());
      const text = 'one two, <td> </td>\n\nthree';
      // before ` two`, before ` <td>`; not before ` </td>` (`>▁</` is one token), not inside `\n\n`.
      assert.deepEqual(safeCuts(rule, text), [3, 8, 21]);
    });

    it('still knows a configuration whose added tokens hold no blank and strip nothing', () => {
      assert.equal(knownConfiguration({ ...qwen(), added_tokens: added({ single_word: true }) })?.name, 'Qwen2.5 / Qwen3');
      assert.equal(NEVER_CUT.isSafeCut('one two\nthree', 8), false);
    });
  });
});
