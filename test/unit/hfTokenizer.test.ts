import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { BUNDLED_TOKENIZERS } from '../../src/core/tokenizers/huggingface/bundledTokenizers';
import { MAX_TOKENIZER_FILE_BYTES, type TokenizerJson } from '../../src/core/tokenizers/huggingface/hfTokenizerJson';
import { nfcAsRust } from '../../src/core/text/hfUnicodeGaps';
import type { Tokenizer } from '../../src/core/tokenizers/tokenizer';
import { BlockTokenCache } from '../../src/core/incremental/tokenSpan';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { bundledJson, referenceIds, referenceIdsOfAll, referenceTokenizer, TESTED_TOKENIZERS, testedId, type ReferenceTokenizer } from './support/hfReference';
import { mixedText } from './support/mixedText';
import { propertyRuns } from './support/propertyRuns';
import { loadHfTokenizer } from './support/tokenizers';
import { byteLevelFile, sentencePieceFile } from './support/hfFiles';

const repoRoot = path.resolve(__dirname, '../../..');

/** What the tokens of `text` must decode to: its UTF-8, after the tokenizer's normalizer. */
function expectedBytes(name: string, text: string): Buffer {
  const wellFormed = text.toWellFormed();
  return Buffer.from(name.startsWith('qwen') ? nfcAsRust(wellFormed) : wellFormed, 'utf8');
}

/** Runs of one kind of character: long pieces take the heap merge, long blanks the lookahead. */
const LONG_RUNS = [
  'a'.repeat(3000),
  '7'.repeat(1000),
  ' '.repeat(500) + 'x',
  '\n'.repeat(300) + 'y',
  '\t \t'.repeat(200),
  '日本語'.repeat(400),
  '😀'.repeat(300),
  '.'.repeat(700) + '\n//',
  'ab'.repeat(1500),
];

describe('Hugging Face tokenizers', function () {
  // Loading a tokenizer takes ~0.5 s here, its Rust reference ~0.7 s.
  this.timeout(60_000);

  // Gemma 3 too, not bundled: read as a user's file from its dev dependency.
  for (const entry of TESTED_TOKENIZERS) {
    describe(entry.name, () => {
      let json: TokenizerJson;
      let reference: ReferenceTokenizer;
      let tokenizer: Tokenizer;
      before(() => {
        json = bundledJson(entry.name);
        reference = referenceTokenizer(json);
        tokenizer = loadHfTokenizer(entry.id).tokenizer;
      });

      it('has as many token ids as the list of bundled tokenizers says', () => {
        let highest = Math.max(...(json.added_tokens ?? []).map((t) => t.id));
        for (const id of Object.values(json.model.vocab as Record<string, number>)) highest = Math.max(highest, id);
        assert.equal(highest + 1, entry.vocabSize);
        assert.equal(tokenizer.id, entry.id);
      });

      it('encodes every corpus text exactly like the Rust reference', async () => {
        const expected = await referenceIdsOfAll(
          reference,
          VARIED_CORPUS.map((e) => e.text),
        );
        VARIED_CORPUS.forEach(({ name, text }, i) => assert.deepEqual(Array.from(tokenizer.encode(text)), expected[i], name));
      });

      it('counts as many tokens as it encodes', () => {
        for (const { name, text } of VARIED_CORPUS) assert.equal(tokenizer.count(text), tokenizer.encode(text).length, name);
        assert.equal(tokenizer.count(''), 0);
        assert.equal(tokenizer.encode('').length, 0);
      });

      it('encodes long runs of one character exactly like the Rust reference', async () => {
        const expected = await referenceIdsOfAll(reference, LONG_RUNS);
        LONG_RUNS.forEach((text, i) => assert.deepEqual(Array.from(tokenizer.encode(text)), expected[i], text.slice(0, 8)));
      });

      it('counts special-token literals as the text they are, and adds no BOS or EOS', async () => {
        const specials = (json.added_tokens ?? []).filter((t) => t.special);
        assert.ok(specials.length > 0);
        const specialIds = new Set(specials.map((t) => t.id));
        const texts = specials.map((t) => `a ${t.content}b${t.content}`);
        const expected = await referenceIdsOfAll(reference, texts);
        texts.forEach((text, i) => {
          const ids = Array.from(tokenizer.encode(text));
          assert.deepEqual(ids, expected[i], text);
          assert.ok(!ids.some((id) => specialIds.has(id)), `${text} produced a special token`);
        });
      });

      const ordinary = bundledJson(entry.name).added_tokens?.filter((t) => !t.special) ?? [];
      if (ordinary.length > 0) {
        it('keeps each ordinary added token whole, as the model sees it', async () => {
          for (const token of ordinary) {
            const text = `x${token.content} y`;
            const ids = Array.from(tokenizer.encode(text));
            assert.ok(ids.includes(token.id), `${token.content} is not token ${token.id}: ${JSON.stringify(ids)}`);
            assert.deepEqual(ids, await referenceIds(reference, text));
          }
        });
      }

      it('decodes the tokens of every corpus text back to its UTF-8 bytes', () => {
        for (const { name, text } of VARIED_CORPUS) {
          const bytes = Buffer.concat(Array.from(tokenizer.encode(text), (id) => tokenizer.decodeToken(id)));
          assert.ok(bytes.equals(expectedBytes(entry.name, text)), name);
        }
        assert.throws(() => tokenizer.decodeToken(entry.vocabSize + 10), RangeError);
      });

      // In one batch: under CI 2,000 texts per tokenizer (propertyRuns(0.1)), without the
      // per-case round trips of the property below, which shrinks a failure to its core.
      it(`encodes ${propertyRuns(0.1).toLocaleString('en-US')} generated texts exactly like the Rust reference, in one batch`, async () => {
        const texts = fc.sample(mixedText(40), { numRuns: propertyRuns(0.1) });
        const expected = await referenceIdsOfAll(reference, texts);
        texts.forEach((text, i) => assert.deepEqual(Array.from(tokenizer.encode(text)), expected[i], JSON.stringify(text)));
      });

      it('encodes generated text exactly like the Rust reference', async () => {
        await fc.assert(
          fc.asyncProperty(mixedText(40), async (text) => {
            assert.deepEqual(Array.from(tokenizer.encode(text)), await referenceIds(reference, text));
            assert.equal(tokenizer.count(text), tokenizer.encode(text).length);
          }),
          { numRuns: propertyRuns(0.12 / TESTED_TOKENIZERS.length) },
        );
      });
    });
  }

  describe('examples', () => {
    it('counts <|im_start|> as the text it is, but Qwen3 keeps <think> whole', () => {
      const qwen3 = loadHfTokenizer('hf:qwen3').tokenizer;
      const qwen25 = loadHfTokenizer('hf:qwen2.5').tokenizer;
      assert.deepEqual(Array.from(qwen3.encode('<think>')), [151667]);
      assert.ok(qwen25.count('<think>') > 1);
      // Special in both files, so ordinary text: `<|`, `im`, `_start`, `|>`.
      assert.deepEqual(Array.from(qwen3.encode('<|im_start|>')), Array.from(qwen25.encode('<|im_start|>')));
      assert.ok(qwen3.count('<|im_start|>') > 1);
    });

    it("counts DeepSeek-V4 with V3's vocabulary, merges and pre-tokenizer, but keeps V4's added tokens such as <think> whole", () => {
      const [v3, v4] = [bundledJson('deepseek-v3'), bundledJson('deepseek-v4')];
      assert.deepEqual(v4.model, v3.model);
      assert.deepEqual(v4.pre_tokenizer, v3.pre_tokenizer);
      assert.deepEqual(v4.normalizer, v3.normalizer);
      const [deepseek3, deepseek4] = [loadHfTokenizer('hf:deepseek-v3').tokenizer, loadHfTokenizer('hf:deepseek-v4').tokenizer];
      assert.deepEqual(Array.from(deepseek4.encode('<think>')), [128821]);
      assert.deepEqual(Array.from(deepseek4.encode('a<｜begin▁sys｜>b')), [...deepseek4.encode('a'), 128826, ...deepseek4.encode('b')]);
      assert.ok(deepseek3.count('<think>') > 1);
      // Text without V4's added tokens is cut the same way by both.
      for (const { name, text } of VARIED_CORPUS) assert.deepEqual(deepseek4.encode(text), deepseek3.encode(text), name);
    });

    it('counts a lone surrogate as U+FFFD', () => {
      for (const name of ['qwen2.5', 'deepseek-v3', 'deepseek-v4', 'mistral-nemo', 'llama3.1', 'gemma3']) {
        const tokenizer = loadHfTokenizer(testedId(name)).tokenizer;
        assert.deepEqual(Array.from(tokenizer.encode('a \ud800 b\udc00')), Array.from(tokenizer.encode('a \ufffd b\ufffd')), name);
      }
    });

    it('decodes byte-level tokens through the byte alphabet (Ġ is a space, Ċ a newline)', () => {
      const tokenizer = loadHfTokenizer('hf:qwen2.5').tokenizer;
      const [space, newline] = [' ', '\n'].map((c) => Array.from(tokenizer.encode(c)));
      assert.equal(space.length, 1);
      assert.deepEqual(Array.from(tokenizer.decodeToken(space[0])), [0x20]);
      assert.deepEqual(Array.from(tokenizer.decodeToken(newline[0])), [0x0a]);
      // An emoji is split into byte tokens that are not whole characters.
      const emoji = Array.from(tokenizer.encode('🫠'));
      assert.ok(emoji.length > 1);
      assert.ok(Buffer.concat(emoji.map((id) => tokenizer.decodeToken(id))).equals(Buffer.from('🫠')));
    });

    it('caches one tokenizer per id', () => {
      assert.equal(loadHfTokenizer('hf:qwen2.5'), loadHfTokenizer('hf:qwen2.5'));
      assert.notEqual(loadHfTokenizer('hf:qwen2.5').tokenizer, loadHfTokenizer('hf:qwen3').tokenizer);
    });
  });

  describe('the bundled files', () => {
    for (const entry of BUNDLED_TOKENIZERS) {
      it(`ships ${entry.name} verbatim, gzipped at the highest level, in dist/tokenizers`, () => {
        const gz = readFileSync(path.join(repoRoot, 'dist', 'tokenizers', `${entry.name}.json.gz`));
        // The gzip header's XFL byte is 2 when the compressor used its maximum compression.
        assert.equal(gz[8], 2);
        const upstream = readFileSync(require.resolve(`${entry.npmPackage}/models/tokenizer.json`));
        assert.ok(gunzipSync(gz).equals(upstream));
      });
    }

    it('reads a gzipped file as file: and counts exactly as the bundled tokenizer', () => {
      const file = path.join(repoRoot, 'dist', 'tokenizers', 'deepseek-v3.json.gz');
      const fromFile = loadHfTokenizer(`file:${file}`).tokenizer;
      const fromBundle = loadHfTokenizer('hf:deepseek-v3').tokenizer;
      assert.equal(fromFile.id, `file:${file}`);
      for (const { name, text } of VARIED_CORPUS) assert.deepEqual(fromFile.encode(text), fromBundle.encode(text), name);
    });

    it('has the licence text each bundled file must travel with, Llama 3.1 as Meta publishes it', () => {
      const texts = BUNDLED_TOKENIZERS.flatMap(({ licenceText }) => (licenceText ? [licenceText] : []));
      assert.deepEqual(texts, ['LICENSES/llama3.1-LICENSE.txt']);
      // meta-llama/llama-models, models/llama3_1/LICENSE at 47401a87273be9e4bc7612f4f8c25acaee9a2968
      // (7,590 characters): no byte of it may change, trailing blanks included.
      const llama = readFileSync(path.join(repoRoot, 'LICENSES/llama3.1-LICENSE.txt'));
      assert.equal(llama.toString('utf8').length, 7590);
      assert.equal(createHash('sha256').update(llama).digest('hex'), '55edddd1c58847fcae1e1707fb29d0da6b235f2a0949d3779332eb2f37995420');
      const notice = readFileSync(path.join(repoRoot, 'NOTICE'), 'utf8');
      assert.ok(notice.includes('Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.'));
      for (const fact of ['Built with Llama', 'LICENSES/llama3.1-LICENSE.txt', 'https://llama.meta.com/llama3_1/use-policy']) assert.ok(notice.includes(fact), fact);
    });

    it('names every bundled tokenizer, its source and its licence in THIRD_PARTY_NOTICES.md', () => {
      const notices = readFileSync(path.join(repoRoot, 'THIRD_PARTY_NOTICES.md'), 'utf8');
      for (const entry of BUNDLED_TOKENIZERS) {
        for (const fact of [`dist/tokenizers/${entry.name}.json.gz`, entry.upstreamRepo, entry.npmPackage, entry.licence.url]) {
          assert.ok(notices.includes(fact), `${entry.name}: ${fact} is not in the notices`);
        }
      }
    });
  });

  describe('files on disk', () => {
    let folder: string;
    before(() => (folder = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-hf-'))));
    after(() => rmSync(folder, { recursive: true, force: true }));

    /** A named pipe with no writer: opening it for reading the usual way blocks forever. */
    const fifo = (): `file:${string}` => {
      const file = path.join(folder, `pipe-${written++}`);
      execFileSync('mkfifo', [file]);
      return `file:${file}`;
    };
    /** A file of `size` bytes that takes no disk (a hole). */
    const sparse = (size: number): `file:${string}` => {
      const file = path.join(folder, `huge-${written++}.json`);
      writeFileSync(file, '');
      truncateSync(file, size);
      return `file:${file}`;
    };
    /** Writes `content` to a new file in the folder; returns its `file:` id. */
    let written = 0;
    const write = (content: string | Buffer, name = `tokenizer-${written++}.json`): `file:${string}` => {
      const file = path.join(folder, name);
      writeFileSync(file, content);
      return `file:${file}`;
    };

    const failures: ReadonlyArray<readonly [string, () => `file:${string}` | `hf:${string}`, RegExp]> = [
      ['a missing file', () => `file:${path.join(folder, 'nowhere', 'tokenizer.json')}`, /^tokenizer file not found: .*nowhere/],
      ['a folder', () => `file:${folder}`, /^cannot read tokenizer file .*: it is a folder, not a regular file$/],
      ['a FIFO (it would block the worker forever)', () => fifo(), /^cannot read tokenizer file .*: it is a FIFO, not a regular file$/],
      ['/dev/zero (it never ends)', () => 'file:/dev/zero', /^cannot read tokenizer file \/dev\/zero: it is a device, not a regular file$/],
      ['/dev/null', () => 'file:/dev/null', /^cannot read tokenizer file \/dev\/null: it is a device, not a regular file$/],
      ['a file over the size cap', () => sparse(MAX_TOKENIZER_FILE_BYTES + 1), /^cannot read tokenizer file .*: it is 128\.0 MB, over the 128\.0 MB a tokenizer file may have$/],
      ['a gzip bomb', () => write(gzipSync(Buffer.alloc(MAX_TOKENIZER_FILE_BYTES + 1024, 0x20))), /^cannot read tokenizer file .*: it unpacks to over 128\.0 MB$/],
      ['a damaged gzip file', () => write(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])), /^cannot read tokenizer file .*damaged gzip/],
      ['a file that is not JSON', () => write('vocab: not json'), /is not JSON: a Hugging Face tokenizer\.json is expected$/],
      ['JSON without a model', () => write('{"model_max_length": 4096, "bos_token": "<s>"}'), /has no "model": it is not a Hugging Face tokenizer\.json/],
      [
        'an unsupported model type',
        () => write('{"model": {"type": "WordLevel", "vocab": {}}}'),
        /has a "WordLevel" model, which Tokenscope cannot count with \(supported: BPE, WordPiece, Unigram\)/,
      ],
      ['a relative path', () => 'file:models/tokenizer.json', /^tokenizer file path must be absolute: "models\/tokenizer\.json"$/],
      ['an unknown bundled name', () => 'hf:llama-3', /^no bundled tokenizer named "llama-3" \(bundled: qwen2\.5, /],
      [
        'merges of tokens missing from the vocabulary',
        () => write(JSON.stringify(byteLevelFile(['a x']))),
        /^cannot use tokenizer file .*"a x" names a token that is not in the vocabulary/,
      ],
    ];
    for (const [what, id, message] of failures) {
      it(`refuses ${what} with a message that says what is wrong`, () => {
        assert.throws(
          () => loadHfTokenizer(id()),
          (err: Error) => err instanceof Error && message.test(err.message),
        );
      });
    }

    it("never quotes a file's content in its messages (a path to a private file is a mistake, not a leak)", () => {
      const secrets = ['root:x:0:0:root:/root:/bin/bash\n', 'SHELL=/bin/bash\u0000HOME=/root', '{"model": {"type": "SECRET-TOKEN-abc123\\n"}}'];
      for (const content of secrets) {
        const id = write(content);
        assert.throws(
          () => loadHfTokenizer(id),
          (err: Error) => !/root:x|SHELL|SECRET/.test(err.message) || assert.fail(`message quotes the file: ${err.message}`),
        );
      }
      for (const file of ['/etc/passwd', '/proc/self/environ']) {
        assert.throws(
          () => loadHfTokenizer(`file:${file}`),
          (err: Error) => !/root:|=\//.test(err.message.replace(file, '')) || assert.fail(err.message),
        );
      }
    });

    it('does not remember a failure: a file fixed later loads', () => {
      const id = write('not yet', 'fixed-later.json');
      assert.throws(() => loadHfTokenizer(id), /is not JSON/);
      writeFileSync(id.slice('file:'.length), JSON.stringify(byteLevelFile(['a b'])));
      assert.equal(loadHfTokenizer(id).tokenizer.count('abab'), 2);
    });

    it('counts SentencePiece-style files (byte fallback, ▁ for spaces) like the Rust reference, through @huggingface/tokenizers', async () => {
      const json = sentencePieceFile();
      const { tokenizer, cutRule } = loadHfTokenizer(write(JSON.stringify(json)));
      const reference = referenceTokenizer(json);
      for (const text of ['ab ab', 'abc', 'é ab', 'x', 'ab  c', ' a', '<s>a</s>', 'aé😀', '\ud800', '']) {
        const ids = Array.from(tokenizer.encode(text));
        assert.deepEqual(ids, await referenceIds(reference, text), text);
        assert.equal(tokenizer.count(text), ids.length);
      }
      // `▁` decodes as a space, `<0xF0>` as that byte, `<s>` (special) as its text.
      const decoded = (text: string): string => Buffer.concat(Array.from(tokenizer.encode(text), (id) => tokenizer.decodeToken(id))).toString();
      assert.equal(decoded('ab 😀'), ' ab 😀');
      assert.equal(Buffer.from(tokenizer.decodeToken(1)).toString(), '<s>');
      // An unrecognised configuration is never cut.
      assert.equal(cutRule.isSafeCut('one two\nthree', 8), false);
    });

    it('ranks a merge listed twice by its last place, as the Rust library does', async () => {
      const json = byteLevelFile(['a b', 'b c', 'a b']);
      const tokenizer = loadHfTokenizer(write(JSON.stringify(json))).tokenizer;
      const reference = referenceTokenizer(json);
      for (const text of ['abc', 'abcab', 'ab bc']) assert.deepEqual(Array.from(tokenizer.encode(text)), await referenceIds(reference, text), text);
      assert.deepEqual(Array.from(tokenizer.encode('abc')), [Array.from(tokenizer.encode('a'))[0], 257]);
    });

    it('finds ordinary added tokens leftmost-longest, as the Rust library does, whatever they hold', async () => {
      const ordinary = (id: number, content: string, normalized = false) => ({ id, content, special: false, normalized, single_word: false, lstrip: false, rstrip: false });
      // Ids right after the vocabulary's, as in every real file (the Rust loader numbers them so).
      const json = { ...byteLevelFile(['a b']), added_tokens: [ordinary(258, '<x-y>'), ordinary(259, '<x-y>z'), ordinary(260, 'a(b)|c', true), ordinary(261, 'q r')] };
      const tokenizer = loadHfTokenizer(write(JSON.stringify(json))).tokenizer;
      const reference = referenceTokenizer(json);
      for (const text of ['<x-y>z', '<x-y>', '1<x-y>zz<x-y>', 'a(b)|c', 'q r q  r', 'ab<x-y']) {
        assert.deepEqual(Array.from(tokenizer.encode(text)), await referenceIds(reference, text), text);
      }
      assert.deepEqual(Array.from(tokenizer.encode('<x-y>z<x-y>')), [259, 258]);
    });

    it('normalizes only the text between added tokens, and lays its tokens over the original text so', async () => {
      // `cafe` is found before NFC, so the accent after it stays a token of its own instead of making `é`.
      const ordinary = (id: number, content: string) => ({ id, content, special: false, normalized: false, single_word: false, lstrip: false, rstrip: false });
      const json: TokenizerJson = { ...byteLevelFile(['a b']), normalizer: { type: 'NFC' }, added_tokens: [ordinary(258, 'cafe')] };
      const tokenizer = loadHfTokenizer(write(JSON.stringify(json))).tokenizer;
      const text = 'cafe\u0301 e\u0301';
      assert.deepEqual(Array.from(tokenizer.encode(text)), await referenceIds(referenceTokenizer(json), text));
      assert.equal(tokenizer.normalized?.(text)?.text, 'cafe\u0301 é');
      const { ids, segmentation } = new BlockTokenCache().segment(text, tokenizer);
      assert.equal(ids[0], 258);
      // `cafe` + U+0301 is one grapheme cluster, ` é` one segment of original `e` + U+0301.
      assert.deepEqual([...segmentation.segmentStarts], [0, 5, 6, 8]);
    });

    it('reads a gzipped file whatever its name', () => {
      const plain = JSON.stringify(sentencePieceFile());
      const tokenizer = loadHfTokenizer(write(gzipSync(plain), 'tokenizer.json')).tokenizer;
      assert.equal(tokenizer.count('ab ab'), 2);
    });
  });
});
