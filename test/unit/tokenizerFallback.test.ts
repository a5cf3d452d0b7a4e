import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { get_encoding } from 'tiktoken';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { approxMark, countedModel, fallbackTokenizer, modelTokens, type ModelInfo } from '../../src/core/catalog/models';
import { MAX_TOKENIZER_FILE_BYTES } from '../../src/core/tokenizers/huggingface/hfTokenizerJson';
import { chooseTokenizer } from '../../src/core/tokenizers/tokenizerFallback';
import { TokenizerFileError } from '../../src/core/tokenizers/tokenizerFileError';
import type { TokenizerFileLoader } from '../../src/core/tokenizers/tokenizerFiles';
import type { TokenizerId } from '../../src/core/tokenizers/tokenizerIds';
import { TokenizerRegistry } from '../../src/core/tokenizers/tokenizerRegistry';
import type { CountResult, TokenDetailsResult, TokensInRangeResult, WorkerToHost } from '../../src/worker/protocol';
import { TokenizerServer } from '../../src/worker/tokenizerServer';
import { sourceFiles } from './support/tokenizers';

const noCache = { findInHfCache: () => undefined };

describe('tokenizer fallback: which tokenizer serves a count', () => {
  const loader = (broken: Record<string, Error>) => (id: TokenizerId) => {
    if (broken[id]) throw broken[id];
  };

  it('uses the tokenizer asked for when it loads, and says nothing of a fallback', () => {
    assert.deepEqual(chooseTokenizer(loader({}), 'file:/t/tokenizer.json', 'o200k_base'), { tokenizer: 'file:/t/tokenizer.json' });
  });

  it('falls back when the file cannot be used, naming the file and the reason apart', () => {
    const broken = { 'file:/t/tokenizer.json': new TokenizerFileError('/t/tokenizer.json', 'the file does not exist', 'tokenizer file not found: /t/tokenizer.json') };
    assert.deepEqual(chooseTokenizer(loader(broken), 'file:/t/tokenizer.json', 'o200k_base'), {
      tokenizer: 'o200k_base',
      fellBack: { from: 'file:/t/tokenizer.json', file: '/t/tokenizer.json', reason: 'the file does not exist' },
    });
  });

  it('keeps the failure when there is no fallback, or when the fallback fails too', () => {
    const error = new Error('cannot use tokenizer file /t/x.json: merges are broken');
    assert.throws(() => chooseTokenizer(loader({ 'file:/t/x.json': error }), 'file:/t/x.json', undefined), error);
    assert.throws(() => chooseTokenizer(loader({ 'file:/t/x.json': error, o200k_base: new Error('no ranks') }), 'file:/t/x.json', 'o200k_base'), error);
  });

  it('gives every model whose tokenizer is a file its approximation to fall back to', () => {
    const catalog = buildCatalog(
      {
        tokenizerFiles: { 'gemini-2.5-pro': '/m/gemma3.json', 'llama-3.3-70b-instruct': '/m/llama.json', 'gpt-4o': '/m/tuned.json' },
        customModels: [{ id: 'mine', tokenizer: '/m/mine.json', contextWindow: 8000 }],
      },
      noCache,
    );
    const file = (id: string) => {
      const c = catalog.find(id)!.counting;
      assert.equal(c.kind, 'exact');
      return c.kind === 'exact' ? c.file : undefined;
    };
    // Gemini: the catalog's measured approximation, the same the model has without the file.
    assert.deepEqual(file('gemini-2.5-pro')?.fallback, buildCatalog({}, noCache).find('gemini-2.5-pro')!.counting);
    assert.equal(file('gemini-2.5-pro')?.setting, 'tokenscope.tokenizerFiles');
    // gpt-4o and Llama (bundled): their own tokenizer, as ≈ with an unknown error (nothing says how far the file is from it).
    assert.deepEqual({ ...file('gpt-4o')!.fallback, method: '' }, { kind: 'approx', tokenizer: 'o200k_base', factor: 1, errorPct: undefined, measured: false, method: '' });
    assert.deepEqual(
      { ...file('llama-3.3-70b-instruct')!.fallback, method: '' },
      { kind: 'approx', tokenizer: 'hf:llama3.1', factor: 1, errorPct: undefined, measured: false, method: '' },
    );
    // A custom model: the approximation of an unknown tokenizer.
    assert.equal(file('mine')?.setting, 'tokenscope.customModels');
    assert.equal(file('mine')?.fallback.tokenizer, 'o200k_base');
    assert.equal(file('mine')?.fallback.errorPct, 30);
    // Bundled and tiktoken tokenizers cannot go missing: no fallback.
    for (const id of ['qwen3-235b-a22b', 'gpt-4.1']) assert.equal(fallbackTokenizer(catalog.find(id)!), undefined, id);
  });

  it('gives a tokenizer found in the Hugging Face cache the approximation the model has without it', () => {
    const withCache = buildCatalog({}, { findInHfCache: () => '/hf/gemma3/tokenizer.json' });
    const gemini = withCache.find('gemini-2.5-pro')!;
    assert.equal(gemini.counting.kind === 'exact' && gemini.counting.file?.setting, undefined);
    assert.equal(fallbackTokenizer(gemini), 'o200k_base');
  });

  it('shows a count made with the fallback as the model’s ≈ approximation, and one made with the file as exact', () => {
    const gemini = buildCatalog({ tokenizerFiles: { 'gemini-2.5-pro': '/m/gemma3.json' } }, noCache).find('gemini-2.5-pro')!;
    assert.equal(countedModel(gemini, 'file:/m/gemma3.json'), gemini);
    assert.equal(approxMark(gemini), '');
    const fell: ModelInfo = countedModel(gemini, 'o200k_base');
    assert.equal(fell.counting.kind, 'approx');
    assert.equal(approxMark(fell), '≈');
    assert.equal(modelTokens(fell, 1000), modelTokens(buildCatalog({}, noCache).find('gemini-2.5-pro')!, 1000));
    // A count for another tokenizer is not this model's fallback: the model stays as it is.
    assert.equal(countedModel(gemini, 'cl100k_base'), gemini);
  });
});

describe('tokenizer fallback in the worker: a broken tokenizer file still counts', function () {
  this.timeout(60_000);
  const o200k = get_encoding('o200k_base');
  let folder: string;
  before(() => (folder = mkdtempSync(path.join(os.tmpdir(), 'tks-fallback-'))));
  after(() => rmSync(folder, { recursive: true, force: true }));

  /** Counts `text` with `tokenizer`, falling back to o200k_base (none with `null`), in a server of its own. */
  async function count(tokenizer: TokenizerId, text: string, fallbackTo: TokenizerId | null = 'o200k_base', files: TokenizerFileLoader = sourceFiles) {
    const fallback = fallbackTo ?? undefined;
    const messages: WorkerToHost[] = [];
    const server = new TokenizerServer({ tokenizers: new TokenizerRegistry(files), post: (m) => messages.push(m) });
    server.handle({ kind: 'open', uri: 'a', version: 1, text });
    server.handle({ kind: 'request', id: 1, method: 'count', params: { uri: 'a', version: 1, tokenizer, fallback, selections: [[0, 5]] } });
    const response = messages.find((m) => m.kind === 'response');
    assert.ok(response && response.kind === 'response', JSON.stringify(messages));
    return response;
  }

  const text = 'Counting goes on while the file is broken.\n';
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(folder, name);
    writeFileSync(p, content);
    return p;
  };
  const cases: ReadonlyArray<readonly [string, () => string, RegExp]> = [
    ['a missing file', () => path.join(folder, 'nowhere.json'), /^the file does not exist$/],
    ['malformed JSON', () => file('bad.json', '{"model": '), /^it is not JSON/],
    ['an unsupported model type', () => file('wordlevel.json', '{"model": {"type": "WordLevel", "vocab": {}}}'), /^it has a "WordLevel" model, which Tokenscope cannot count with/],
    [
      'a file over the size cap',
      () => {
        const p = file('huge.json', '');
        truncateSync(p, MAX_TOKENIZER_FILE_BYTES + 1);
        return p;
      },
      /^it is 128\.0 MB, over the 128\.0 MB a tokenizer file may have$/,
    ],
    [
      'a FIFO',
      () => {
        const p = path.join(folder, 'fifo.json');
        execFileSync('mkfifo', [p]);
        return p;
      },
      /^it is a FIFO, not a regular file$/,
    ],
    ['a device', () => '/dev/zero', /^it is a device, not a regular file$/],
  ];
  for (const [what, make, reason] of cases) {
    it(`counts with the fallback for ${what}, and says which file and why`, async () => {
      const p = make();
      const response = await count(`file:${p}`, text);
      assert.ok('result' in response, JSON.stringify(response));
      const result = response.result as CountResult;
      assert.equal(result.tokenizer, 'o200k_base');
      assert.equal(result.tokens, o200k.encode_ordinary(text).length);
      assert.equal(result.selectionTokens, o200k.encode_ordinary(text.slice(0, 5)).length);
      assert.equal(result.fellBack?.from, `file:${p}`);
      assert.equal(result.fellBack?.file, p);
      assert.match(result.fellBack?.reason ?? '', reason);
    });
  }

  it('draws boundaries and hovers with the fallback too, saying which tokenizer the tokens are of', async () => {
    const messages: WorkerToHost[] = [];
    const server = new TokenizerServer({ tokenizers: new TokenizerRegistry(sourceFiles), post: (m) => messages.push(m) });
    const missing = `file:${path.join(folder, 'nowhere.json')}` as const;
    server.handle({ kind: 'open', uri: 'a', version: 1, text });
    server.handle({ kind: 'request', id: 1, method: 'tokensInRange', params: { uri: 'a', version: 1, tokenizer: missing, fallback: 'o200k_base', ranges: [[0, text.length]] } });
    server.handle({ kind: 'request', id: 2, method: 'tokenDetails', params: { uri: 'a', version: 1, tokenizer: missing, fallback: 'o200k_base', offset: 0 } });
    const responses = messages.filter((m) => m.kind === 'response');
    assert.equal(responses.length, 2, JSON.stringify(messages));
    const [spans, details] = responses.map((m) => (m.kind === 'response' && 'result' in m ? m.result : assert.fail(JSON.stringify(m))));
    assert.equal((spans as TokensInRangeResult).tokenizer, 'o200k_base');
    assert.deepEqual([...(spans as TokensInRangeResult).spans[0].ids], [...o200k.encode_ordinary(text)]);
    assert.equal((details as TokenDetailsResult).tokenizer, 'o200k_base');
    assert.equal((details as TokenDetailsResult).tokens[0].id, o200k.encode_ordinary(text)[0]);
  });

  it('fails as before, with the reason, when the request names no fallback', async () => {
    const response = await count(`file:${path.join(folder, 'nowhere.json')}`, text, null);
    assert.ok('error' in response);
    assert.equal(response.error.code, 'failed');
    assert.match(response.error.message, /tokenizer file not found: .*nowhere\.json/);
  });

  it('does not read a broken file again until it changes, and uses it once it is fixed', async () => {
    const p = file('fixable.json', 'not json');
    let reads = 0;
    const files: TokenizerFileLoader = { ...sourceFiles, tokenizerJson: (id) => (reads++, sourceFiles.tokenizerJson(id)), fingerprint: (id) => sourceFiles.fingerprint!(id) };
    const registry = new TokenizerRegistry(files);
    for (let i = 0; i < 3; i++) assert.throws(() => registry.load(`file:${p}`), /is not JSON/);
    assert.equal(reads, 1, 'read once while unchanged');
    // The bundled Qwen 2.5 tokenizer.json, written where the broken file was.
    const qwen = sourceFiles.tokenizerJson('hf:qwen2.5').json;
    writeFileSync(p, JSON.stringify(qwen));
    assert.equal(registry.load(`file:${p}`).tokenizer.count('hello world'), registry.load('hf:qwen2.5').tokenizer.count('hello world'));
    assert.equal(reads, 3, 'read again once changed (and the bundled file once)');
  });
});
