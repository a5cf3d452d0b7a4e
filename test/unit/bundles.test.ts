import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

  it('the language detector (eld) is a bundle of its own beside the worker, which imports it on first use', () => {
    const host = readFileSync(path.join(dist, 'extension.js'), 'utf8');
    const worker = readFileSync(path.join(dist, 'worker.js'), 'utf8');
    const detector = readFileSync(path.join(dist, 'languageDetector.js'), 'utf8');
    assert.doesNotMatch(host, /XS60|ngramsData/);
    // Every new worker parses its bundle: without the n-grams it is about a quarter of the size.
    assert.doesNotMatch(worker, /XS60|ngramsData/);
    assert.ok(worker.length < 800_000, `${worker.length} bytes`);
    assert.match(worker, /import\("\.\/languageDetector\.js"\)/);
    assert.match(detector, /XS60/);
  });

  it('the language detector bundle detects a language when imported as the worker imports it', async () => {
    const { eld } = (await import(path.join(dist, 'languageDetector.js'))) as { eld: { detect(text: string): { language: string } } };
    assert.equal(eld.detect('Der schnelle braune Fuchs springt über den faulen Hund und läuft weiter durch den Wald.').language, 'de');
  });

  it('the extension host bundle carries the price data of the catalog, not the whole price package', () => {
    const host = readFileSync(path.join(dist, 'extension.js'), 'utf8');
    assert.match(host, /claude-sonnet-4-5/);
    // Models the package prices but the catalog does not list are left out of the bundle.
    assert.doesNotMatch(host, /whisper-1|gpt-image-1|amazon\.nova-pro/);
    // ~650 KB with the Tokens view, the ignore package, jsonc-parser, the request, dataset,
    // notebook and agent views, the agent tools and the lint rules; the whole price package alone
    // would add ~540 KB, so this bound still catches it.
    assert.ok(host.length < 720_000, `${host.length} bytes`);
  });

  it('a count of a small file loads no built-in module that only other commands and tokenizers need', () => {
    // What a process loaded, as Node lists it at exit: these cost the start of every small count
    // when required at the top (PERFORMANCE.md, "How start-up stays fast").
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-start-'));
    try {
      const file = path.join(dir, 'small.md');
      writeFileSync(file, 'A small file of prose, counted for gpt-4o.\n');
      const report = path.join(dir, 'modules.json');
      const hook = path.join(dir, 'hook.js');
      writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`);
      const run = spawnSync(process.execPath, ['-r', hook, path.join(dist, 'cli.js'), 'count', file, '--model', 'gpt-4o'], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const loaded = (JSON.parse(readFileSync(report, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule '));
      for (const unused of ['zlib', 'child_process', 'worker_threads']) assert.ok(!loaded.includes(`NativeModule ${unused}`), `${unused} was loaded`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
