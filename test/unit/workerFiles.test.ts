import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { FileTokens } from '../../src/core/workspace/fileTokens';
import { WorkerHarness } from './support/workerHarness';
import { loadTiktokenTokenizer, loadTokenizer } from './support/tokenizers';

/** The real worker bundle (dist/worker.js, built with the tests), with its counting helpers. */
const workerPath = path.resolve(__dirname, '../../../dist/worker.js');

const o200k = loadTiktokenTokenizer('o200k_base');
const LINE = 'You are a helpful assistant. <|endoftext|> Привет мир! 你好，世界。 12345678 🦙\n';
/** Over 64 KB, so that with a pool the batch goes to a helper (smaller ones the worker counts itself). */
const TEXT = LINE.repeat(1000);
const utf8 = (text: string) => new TextEncoder().encode(text);

function counted(file: FileTokens | { error: string }): Extract<FileTokens, { tokens: number }> {
  assert.ok('tokens' in file, JSON.stringify(file));
  return file;
}

describe('tokenizer worker: countFiles (the Tokens view’s batches)', function () {
  this.timeout(60_000);
  for (const poolSize of [0, 1]) {
    describe(poolSize === 0 ? 'in the worker itself' : 'in a counting helper', () => {
      let h: WorkerHarness;
      beforeEach(() => (h = new WorkerHarness(workerPath, { poolSize })));
      afterEach(() => h.terminate());

      it('counts each file as VS Code opens it: UTF-8 with or without a BOM, UTF-16 by its BOM', async () => {
        assert.ok(utf8(TEXT).length > 64 * 1024);
        const utf16le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from('Hello, world', 'utf16le'))]);
        const r = await h.request('countFiles', { tokenizer: 'o200k_base', files: [utf8(TEXT), new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hi there')]), utf16le] });
        assert.equal(r.tokenizer, 'o200k_base');
        assert.deepEqual(
          r.files.map((f) => [counted(f).tokens, counted(f).encoding]),
          [
            [o200k.count(TEXT), 'utf-8'],
            [o200k.count('Hi there'), 'utf-8 with BOM'],
            [o200k.count('Hello, world'), 'utf-16le'],
          ],
        );
        assert.equal(counted(r.files[0]).bytes, utf8(TEXT).length);
      });

      it('says a binary file is not text to count, and counts the others of its batch', async () => {
        const r = await h.request('countFiles', { tokenizer: 'hf:qwen3', files: [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), utf8(TEXT)] });
        assert.ok('notCounted' in r.files[0] && r.files[0].skippable, JSON.stringify(r.files[0]));
        assert.equal(counted(r.files[1]).tokens, loadTokenizer('hf:qwen3').tokenizer.count(TEXT));
      });

      it('answers tokens by script when asked, adding up to the count', async () => {
        const r = await h.request('countFiles', { tokenizer: 'o200k_base', files: [utf8(TEXT)], scripts: true });
        const file = counted(r.files[0]);
        assert.equal(
          file.scriptMix?.reduce((a, b) => a + b, 0),
          file.tokens,
        );
      });

      it('counts with the fallback when a tokenizer file cannot be read, and says so', async () => {
        const r = await h.request('countFiles', { tokenizer: 'file:/nonexistent/tokenizer.json', fallback: 'o200k_base', files: [utf8(TEXT)] });
        assert.equal(r.tokenizer, 'o200k_base');
        assert.equal(r.fellBack?.from, 'file:/nonexistent/tokenizer.json');
        assert.equal(counted(r.files[0]).tokens, o200k.count(TEXT));
      });

      it('fails a batch whose tokenizer cannot be loaded without a fallback, with the reason', async () => {
        const m = await h.call('countFiles', { tokenizer: 'file:/nonexistent/tokenizer.json', files: [utf8(TEXT)] });
        assert.ok('error' in m && m.error.code === 'failed' && /nonexistent/.test(m.error.message), JSON.stringify(m));
      });
    });
  }

  it('stops a batch the host cancels, with a cancelled error, and keeps serving', async () => {
    const h = new WorkerHarness(workerPath, { poolSize: 1 });
    try {
      const big = Array.from({ length: 200 }, () => utf8(TEXT.repeat(20)));
      const pending = h.call('countFiles', { tokenizer: 'o200k_base', files: big });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const id = (h as unknown as { nextId: number }).nextId - 1;
      h.send({ kind: 'cancel', id });
      const m = await pending;
      assert.ok('error' in m && m.error.code === 'cancelled', JSON.stringify(m).slice(0, 200));
      const r = await h.request('countFiles', { tokenizer: 'o200k_base', files: [utf8('still here')] });
      assert.equal(counted(r.files[0]).tokens, o200k.count('still here'));
    } finally {
      await h.terminate();
    }
  });
});
