import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dist = path.resolve(__dirname, '../../../dist');

describe('bundles', () => {
  it('the extension host bundle carries no tokenizer: the host never tokenizes', () => {
    const host = readFileSync(path.join(dist, 'extension.js'), 'utf8');
    assert.doesNotMatch(host, /encode_ordinary|get_encoding|tiktoken_bg/);
  });

  it('the worker bundle has the tokenizer and its WASM beside it', () => {
    const worker = readFileSync(path.join(dist, 'worker.js'), 'utf8');
    assert.match(worker, /encode_ordinary/);
    assert.ok(existsSync(path.join(dist, 'tiktoken_bg.wasm')));
  });

  it('the extension host bundle carries the price data of the catalog, not the whole price package', () => {
    const host = readFileSync(path.join(dist, 'extension.js'), 'utf8');
    assert.match(host, /claude-sonnet-4-5/);
    // Models the package prices but the catalog does not list are left out of the bundle.
    assert.doesNotMatch(host, /whisper-1|gpt-image-1|amazon\.nova-pro/);
    // The whole package would add ~480 KB; the host's own code is ~400 KB unminified (402 KB with the JSONL problems of issue 16).
    assert.ok(host.length < 420_000, `${host.length} bytes`);
  });
});
