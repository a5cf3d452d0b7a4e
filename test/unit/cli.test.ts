import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import { ENCODING_NAMES } from '../../src/core/tokenizers/tiktoken/encodings';
import { BUNDLED_TOKENIZERS } from '../../src/core/tokenizers/huggingface/bundledTokenizers';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { bundledJson, GEMMA3_FILE, referenceIdsOfAll, referenceTokenizer } from './support/hfReference';
import { runCli } from '../../src/cli/main';
import { tokenizers } from './support/tokenizers';
import { VARIED_CORPUS } from '../corpus/variedCorpus';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], stdin = ''): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => Buffer.from(stdin) }, tokenizers);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-cli-'));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('command line', () => {
  it('counts every corpus text exactly for every encoding, as tiktoken does', async () => {
    for (const encoding of ENCODING_NAMES) {
      const model = buildCatalog().models.find((m) => m.counting.tokenizer === encoding && m.counting.kind === 'exact')!;
      const enc = get_encoding(encoding);
      const files = VARIED_CORPUS.map((entry, i) => file(`${encoding}-${i}.txt`, entry.text));
      const { code, out } = await cli(['count', '--json', '--model', model.id, ...files]);
      assert.equal(code, 0);
      const report = JSON.parse(out);
      VARIED_CORPUS.forEach((entry, i) => {
        // Files hold UTF-8: lone surrogates are stored (and read back) as U+FFFD; a leading
        // U+FEFF is a byte order mark, which editors (and the CLI) do not count as text.
        const expected = enc.encode_ordinary(entry.text.toWellFormed().replace(/^\uFEFF/, '')).length;
        assert.equal(report.files[i].tokens, expected, `${encoding} ${entry.name}`);
      });
      enc.free();
    }
  });

  it('counts every corpus text for every bundled tokenizer exactly as the Rust tokenizers library does', async function () {
    this.timeout(120_000);
    const models: Record<string, string> = {
      qwen3: 'qwen3-32b',
      'qwen2.5': 'qwen-2.5-72b-instruct',
      'deepseek-v3': 'deepseek-chat',
      'deepseek-v4': 'deepseek-v4-flash',
      'mistral-nemo': 'mistral-nemo',
      'llama3.1': 'llama-3.3-70b-instruct',
    };
    assert.deepEqual(Object.keys(models).sort(), BUNDLED_TOKENIZERS.map((t) => t.name).sort(), 'a CLI check for every bundled tokenizer');
    const texts = VARIED_CORPUS.map((entry) => entry.text.toWellFormed().replace(/^\uFEFF/, ''));
    for (const [name, modelId] of Object.entries(models)) {
      const files = VARIED_CORPUS.map((entry, i) => file(`${name}-${i}.txt`, entry.text));
      const { code, out } = await cli(['count', '--json', '--model', modelId, ...files]);
      assert.equal(code, 0);
      const report = JSON.parse(out);
      assert.equal(report.tokenizer, `hf:${name}`);
      assert.equal(report.exact, true);
      const expected = await referenceIdsOfAll(referenceTokenizer(bundledJson(name)), texts);
      VARIED_CORPUS.forEach((entry, i) => assert.equal(report.files[i].tokens, expected[i].length, `${name} ${entry.name}`));
    }
  });

  it('counts Gemini exactly with the Gemma 3 tokenizer from the Hugging Face cache, ≈ without it', async function () {
    this.timeout(120_000);
    const texts = VARIED_CORPUS.slice(0, 6).map((entry) => entry.text.toWellFormed().replace(/^\uFEFF/, ''));
    const files = VARIED_CORPUS.slice(0, 6).map((entry, i) => file(`gemini-${i}.txt`, entry.text));
    // A cache as huggingface_hub lays it out, holding a copy of the dev dependency's Gemma 3 file.
    const hub = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-hub-'));
    const snapshot = path.join(hub, 'models--google--gemma-3-4b-it', 'snapshots', 'abc123');
    mkdirSync(snapshot, { recursive: true });
    copyFileSync(GEMMA3_FILE, path.join(snapshot, 'tokenizer.json'));
    const saved = { HF_HUB_CACHE: process.env.HF_HUB_CACHE, HF_HOME: process.env.HF_HOME, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, HOME: process.env.HOME };
    const setEnv = (values: Record<string, string | undefined>) => {
      for (const [key, value] of Object.entries(values)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    try {
      setEnv({ HF_HUB_CACHE: hub, HF_HOME: undefined, XDG_CACHE_HOME: undefined });
      const exact = JSON.parse((await cli(['count', '--json', '--model', 'gemini-2.5-pro', ...files])).out);
      assert.equal(exact.exact, true);
      assert.equal(exact.tokenizer, `file:${path.join(snapshot, 'tokenizer.json')}`);
      const expected = await referenceIdsOfAll(referenceTokenizer(bundledJson('gemma3')), texts);
      texts.forEach((_, i) => assert.equal(exact.files[i].tokens, expected[i].length, VARIED_CORPUS[i].name));

      const empty = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-nohub-'));
      setEnv({ HF_HUB_CACHE: empty, HOME: empty });
      const approx = JSON.parse((await cli(['count', '--json', '--model', 'gemini-2.5-pro', ...files])).out);
      assert.equal(approx.exact, false);
      assert.match(approx.approximation.method, /Exact once a Gemma 3 tokenizer is in the Hugging Face cache or set in tokenscope\.tokenizerFiles\./);
    } finally {
      setEnv(saved);
    }
  });

  it('marks an approximate count with ≈ and its error', async () => {
    const prompt = file('claude.md', 'You are a careful assistant. Answer in one paragraph.\n');
    const { code, out } = await cli(['count', '--model', 'claude-sonnet-4-5', prompt]);
    assert.equal(code, 0);
    assert.match(out, /^\s*≈\d+\s/m);
    assert.match(out, /\(claude-sonnet-4-5, o200k_base, approximate, ±\d+% \(estimated\);/);
  });

  it('exits 1 and names the file when a file is over --budget, 0 when all fit', async () => {
    const small = file('small.md', 'You are a helpful assistant.');
    const big = file('big.md', 'word '.repeat(500));
    const over = await cli(['count', '--budget', '100', small, big]);
    assert.equal(over.code, 1);
    assert.match(over.out, /big\.md\s+OVER BUDGET/);
    assert.doesNotMatch(over.out, /small\.md\s+OVER/);
    assert.match(over.err, /1 file\(s\) over the budget of 100 tokens/);
    assert.equal((await cli(['count', '--budget', '1000', small, big])).code, 0);
  });

  it('reads standard input for -', async () => {
    const run = await cli(['count', '-', '--json', '--model', 'gpt-4'], 'hello world');
    assert.equal(JSON.parse(run.out).files[0].tokens, 2);
  });

  it('reports a binary file or a missing one in its row instead of counting it, counts the others, with exit code 1', async () => {
    const binary = file('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const good = file('fine.md', 'hello world');
    const run = await cli(['count', binary, path.join(dir, 'missing.txt'), good]);
    assert.equal(run.code, 1);
    assert.match(run.out, /^\s+-\s+-\s+.*image\.bin  NOT COUNTED: binary \(NUL byte found\)$/m);
    assert.match(run.out, /^\s+-\s+-\s+.*missing\.txt  NOT COUNTED: no such file$/m);
    assert.match(run.out, /^\s+2\s+<0\.1%\s+.*fine\.md$/m);
    assert.match(run.out, /^\s+2\s+<0\.1%\s+total \(2 not counted\)$/m);
    assert.match(run.err, /2 of 3 file\(s\) not counted/);
  });

  for (const [name, args, message] of [
    ['no command', [], /^tokenscope: no command given: count, diff, models or mcp\nRun `tokenscope --help` for the usage\.$/],
    ['an unknown command', ['cout', 'x'], /^tokenscope: unknown command "cout"; did you mean count\? .*\nRun `tokenscope --help`/],
    ['count without files', ['count'], /^tokenscope: count needs at least one file .*\nRun `tokenscope count --help`/],
    [
      'an unknown model',
      ['count', '--model', 'gpt-9', 'x'],
      /^tokenscope: unknown model "gpt-9"; did you mean gpt-5\? \(`tokenscope models` lists them\)\nRun `tokenscope count --help`/,
    ],
    ['a budget that is not a number', ['count', '--budget', 'lots', 'x'], /^tokenscope: --budget needs a whole number of tokens \(digits only\), got "lots"\n/],
    [
      'an unknown option',
      ['count', '--frobnicate', 'x'],
      /^tokenscope: unknown option --frobnicate for count \(count takes --model, --format, --json, --budget, --total-budget, --top, --exclude, --max-size, --jobs\)\n/,
    ],
  ] as const) {
    it(`says what is wrong in one line, points to --help and exits 2 for ${name}`, async () => {
      const run = await cli([...args]);
      assert.equal(run.code, 2);
      assert.match(run.err, message);
      assert.equal(run.out, '', 'nothing on standard output');
    });
  }

  // Number() would read '' as 0 and '1e300' as a number, parseInt '12abc' as 12: each is refused.
  for (const [option, value, message] of [
    ['--budget', '', /--budget needs a whole number of tokens \(digits only\), got ""/],
    ['--budget', 'abc', /--budget needs a whole number/],
    ['--budget', '1e300', /--budget needs a whole number.*"1e300"/],
    ['--budget', '-5', /--budget needs a whole number.*"-5"/],
    ['--budget', '12abc', /--budget needs a whole number.*"12abc"/],
    ['--budget', '1.5', /--budget needs a whole number.*"1\.5"/],
    ['--budget', ' 12', /--budget needs a whole number/],
    ['--budget', '0x10', /--budget needs a whole number/],
    ['--budget', '99999999999999999999', /--budget 99999999999999999999 is too large/],
    ['--max-size', '', /--max-size needs a number of megabytes such as 100 or 0\.5, got ""/],
    ['--max-size', 'abc', /--max-size needs a number of megabytes/],
    ['--max-size', '1e2', /--max-size needs a number of megabytes.*"1e2"/],
    ['--max-size', '-1', /--max-size needs a number of megabytes.*"-1"/],
    ['--max-size', '12abc', /--max-size needs a number of megabytes.*"12abc"/],
    ['--max-size', 'Infinity', /--max-size needs a number of megabytes/],
    ['--max-size', '0', /--max-size must be at least one byte and at most 500 MB, got 0$/m],
    ['--max-size', '501', /--max-size must be at least one byte and at most 500 MB, got 501$/m],
  ] as const) {
    it(`refuses ${option} ${JSON.stringify(value)} as bad usage (exit 2) before reading any file`, async () => {
      let read = false;
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(
        ['count', `${option}=${value}`, '-'],
        {
          out: (l) => out.push(l),
          err: (l) => err.push(l),
          readStdin: async () => ((read = true), Buffer.from('hello')),
        },
        tokenizers,
      );
      assert.equal(code, 2, out.join('\n'));
      assert.match(err.join('\n'), message);
      assert.match(err.join('\n'), /\nRun `tokenscope count --help` for the usage\.$/);
      assert.equal(read, false, 'no file is read after a usage error');
    });
  }

  it('accepts a --max-size in decimal megabytes and a --budget of 0', async () => {
    const small = file('small-ok.md', 'word '.repeat(100));
    assert.equal((await cli(['count', '--max-size', '0.001', small])).code, 0);
    const over = await cli(['count', '--max-size', '0.0001', small]);
    assert.equal(over.code, 1);
    assert.match(over.out, /small-ok\.md  NOT COUNTED: it is 500 bytes, over the --max-size of 0\.0001 MB$/m);
    assert.equal((await cli(['count', '--budget', '0', small])).code, 1);
    assert.equal((await cli(['count', '--budget', '0', file('empty.md', '')])).code, 0);
  });

  it('caps standard input at --max-size, whatever the Io hands over', async () => {
    const run = await cli(['count', '--max-size', '0.001', '--json', '-'], 'x'.repeat(2000));
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.out).files, [{ file: '<stdin>', error: 'it is over the --max-size of 0.001 MB (reading stopped there)', tokens: null }]);
  });

  it('lists the models with tokenizer and window, as a table and as JSON', async () => {
    const table = await cli(['models']);
    assert.equal(table.code, 0);
    assert.match(table.out, /gpt-4o\s+OpenAI\s+o200k_base\s+exact\s+128,000\s+\$[\d.]+\s+\$[\d.]+/);
    assert.match(table.out, /qwen3-32b\s+Qwen\s+qwen3\s+exact\s/);
    assert.match(table.out, /claude-sonnet-4-5\s+Anthropic\s+o200k_base\s+≈ ±\d+% \(estimated\)\s+200,000/);
    assert.match(table.out, /Prices: @pydantic\/genai-prices/);
    const json = JSON.parse((await cli(['models', '--json'])).out);
    assert.equal(json.length, buildCatalog().models.length);
    assert.deepEqual(Object.keys(json[0]).sort(), ['approximation', 'contextWindow', 'exact', 'id', 'maxOutputTokens', 'name', 'pricesPerMillionTokens', 'provider', 'tokenizer']);
    const claude = json.find((m: { id: string }) => m.id === 'claude-sonnet-4-5');
    assert.equal(claude.exact, false);
    assert.match(claude.approximation.method, /o200k_base × /);
    assert.ok(new Set(json.map((m: { provider: string }) => m.provider)).size >= 6);
    // The built CLI (dist/cli.js) carries the price data extracted at build time: it must equal the package's.
    const bin = path.resolve(__dirname, '../../../dist/cli.js');
    const built = JSON.parse(spawnSync(process.execPath, [bin, 'models', '--json'], { encoding: 'utf8' }).stdout);
    assert.equal(built.length, json.length);
    const fromPackage = buildCatalog({}, { findInHfCache: () => undefined });
    for (const row of built as Array<{ id: string; pricesPerMillionTokens: unknown; contextWindow: number }>) {
      // Compared as JSON, which is what the CLI printed (no undefined fields).
      assert.deepEqual(row.pricesPerMillionTokens, JSON.parse(JSON.stringify(fromPackage.find(row.id)!.prices ?? null)), row.id);
      assert.equal(row.contextWindow, fromPackage.find(row.id)!.contextWindow, row.id);
    }
    assert.ok(json.find((m: { id: string }) => m.id === 'gpt-4o').pricesPerMillionTokens.input > 0);
  });

  it('runs as the built `tokenscope` binary with the exit code of the result', () => {
    const bin = path.resolve(__dirname, '../../../dist/cli.js');
    const prompt = file('prompt.md', 'Answer briefly.\n');
    const ok = spawnSync(process.execPath, [bin, 'count', prompt], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    const expected = get_encoding('o200k_base').encode_ordinary('Answer briefly.\n').length;
    assert.match(ok.stdout, new RegExp(`^\\s*${expected}\\s+<0\\.1%\\s+.*prompt\\.md$`, 'm'));
    const usage = spawnSync(process.execPath, [bin, 'bogus'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
  });
});
