/**
 * The agent tools' core (src/core/agentTools), on the command line's host (Node's fs, counting in
 * the process): each tool's input checks, its answer on fixture files checked against tiktoken,
 * paths outside the roots and links out of them refused, binary files, special-token literals,
 * lone surrogates, and the bounds (files, bytes, time, cancellation) that stop a folder count early.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import { runTool } from '../../src/core/agentTools/runTool';
import { TOOL_DEFINITIONS, TOOL_NAMES, toolInputSchema, type ToolName } from '../../src/core/agentTools/toolDefinitions';
import { DEFAULT_TOOL_BOUNDS, type ToolBounds, type ToolHost, type ToolResult } from '../../src/core/agentTools/toolHost';
import { catalogModel } from '../../src/core/catalog/catalog';
import { usableWindowOf } from '../../src/core/catalog/contextWindow';
import { defaultReservedOutput } from '../../src/core/catalog/models';
import { inputCost } from '../../src/core/catalog/prices';
import { nodeToolHost } from '../../src/cli/mcp/nodeToolHost';
import { resolveToolPath } from '../../src/core/agentTools/toolPaths';
import type { WorkspaceFs } from '../../src/core/workspace/workspaceFs';
import { tokenizers } from './support/tokenizers';

const gpt4o = catalogModel('gpt-4o')!;

describe('agent tools (core)', function () {
  this.timeout(60_000);
  const o200k = get_encoding('o200k_base');
  const cl100k = get_encoding('cl100k_base');
  const tokens = (text: string) => o200k.encode_ordinary(text).length;
  const base = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-tools-'));
  const root = path.join(base, 'workspace');
  const outside = path.join(base, 'elsewhere');
  const texts: Record<string, string> = {
    'README.md': '# Project\n\nHow to build it, and why.\n'.repeat(20),
    'src/app.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(40),
    'src/util.ts': 'export const answer = 42;\n',
    'src/generated/big.ts': '// generated\nexport const table = [1, 2, 3];\n'.repeat(200),
    'notes/ignored.log': 'git ignores this\n',
    '.gitignore': '*.log\n',
  };
  const write = (name: string, content: string | Buffer, at = root) => {
    mkdirSync(path.dirname(path.join(at, name)), { recursive: true });
    writeFileSync(path.join(at, name), content);
  };
  const host = (bounds: ToolBounds = DEFAULT_TOOL_BOUNDS, extra: Partial<ToolHost> = {}): ToolHost => ({
    ...nodeToolHost({ roots: [root], model: gpt4o, tokenizers, bounds }),
    ...extra,
  });
  const call = (tool: ToolName, input: unknown, h: ToolHost = host(), token = { isCancellationRequested: false }) => runTool(tool, input, h, token);
  const data = (result: ToolResult) => result.data as Record<string, any>;

  before(() => {
    for (const [name, text] of Object.entries(texts)) write(name, text);
    write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    write('secret.txt', 'a secret outside the workspace\n', outside);
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link-out.txt'));
    symlinkSync(outside, path.join(root, 'folder-out'));
  });
  after(() => {
    o200k.free();
    cl100k.free();
    rmSync(base, { recursive: true, force: true });
  });

  describe('definitions', () => {
    it('gives every tool a name, a VS Code name with the extension prefix, a # reference and a description for the model', () => {
      for (const name of TOOL_NAMES) {
        const tool = TOOL_DEFINITIONS[name];
        assert.equal(tool.name, name);
        assert.equal(tool.vscodeName, `tokenscope_${name}`);
        assert.match(tool.referenceName, /^[a-zA-Z]+$/);
        assert.ok(tool.description.length > 100 && /outside the workspace are refused/.test(tool.description), name);
      }
      assert.equal(TOOL_DEFINITIONS.count_tokens.referenceName, 'tokens');
    });

    it('offers the editor selection only in VS Code, and takes no other input than the schema lists', () => {
      assert.ok('selection' in (toolInputSchema('count_tokens', 'vscode').properties as object));
      assert.ok(!('selection' in (toolInputSchema('count_tokens', 'mcp').properties as object)));
      for (const name of TOOL_NAMES) assert.equal(toolInputSchema(name, 'mcp').additionalProperties, false);
    });
  });

  describe('input checks', () => {
    it('refuses an unknown field, naming the one meant', async () => {
      const result = await call('count_tokens', { paht: 'README.md' });
      assert.equal(result.isError, true);
      assert.match(result.text, /Unknown input "paht"; did you mean "path"\?/);
    });

    it('asks for exactly one source', async () => {
      assert.match((await call('count_tokens', {})).text, /Say what to count: give path or text/);
      assert.match((await call('count_tokens', { path: 'README.md', text: 'x' })).text, /Give only one of path or text; got path and text/);
      assert.match((await call('count_tokens', { selection: true })).text, /Unknown input "selection"/);
    });

    it('names the nearest model id for a typo, and refuses wrong types and ranges', async () => {
      assert.match((await call('count_tokens', { text: 'x', model: 'gpt-4oo' })).text, /Unknown model "gpt-4oo"; did you mean "gpt-4o"\?/);
      assert.match((await call('count_tokens', { text: 42 })).text, /"text" must be a string, got 42/);
      assert.match((await call('biggest_files', { limit: 0 })).text, /"limit" must be a whole number from 1 to 100, got 0/);
      assert.match((await call('compare_models', { text: 'x', models: [] })).text, /at least one model id/);
      assert.match((await call('compare_models', { text: 'x', models: Array(21).fill('gpt-4o') })).text, /at most 20 model ids, got 21/);
      assert.match((await call('will_it_fit', { text: 'x', reserveTokens: 128_000 })).text, /leaves nothing of gpt-4o's context window of 128000/);
      assert.match((await call('count_tokens', ['x'])).text, /must be a JSON object, got \["x"\]/);
    });
  });

  describe('count_tokens', () => {
    it('counts a text exactly, special-token literals as the text they are', async () => {
      const text = 'Stop here <|endoftext|> and <|im_start|>user\nhello<|im_end|> [INST] <s>';
      const result = await call('count_tokens', { text });
      assert.equal(result.isError, false);
      assert.equal(data(result).tokens, tokens(text));
      assert.equal(data(result).exact, true);
      assert.equal(data(result).usableWindow, usableWindowOf(gpt4o));
      assert.match(result.text, new RegExp(`^The text: ${tokens(text)} tokens for gpt-4o \\(exact, o200k_base\\), `));
    });

    it('counts lone surrogates as U+FFFD, as a UTF-8 file of the text holds them, and says so', async () => {
      const result = await call('count_tokens', { text: 'a\uD800b\uDFFFc' });
      assert.equal(data(result).tokens, tokens('a\uFFFDb\uFFFDc'));
      assert.match(result.text, /2 lone surrogate\(s\) in the text were counted as U\+FFFD/);
    });

    it('refuses a text with a NUL byte as binary, as a file of it would be', async () => {
      const result = await call('count_tokens', { text: 'abc\u0000def' });
      assert.equal(result.isError, true);
      assert.match(result.text, /The text was not counted: .*binary/);
    });

    it('counts a file by a relative path, an absolute path and a file URI alike', async () => {
      const expected = tokens(texts['src/app.ts']);
      for (const given of ['src/app.ts', path.join(root, 'src/app.ts'), `file://${path.join(root, 'src/app.ts')}`, './src/../src/app.ts']) {
        const result = await call('count_tokens', { path: given });
        assert.equal(result.isError, false, result.text);
        assert.equal(data(result).tokens, expected, given);
        assert.deepEqual(data(result).source, { kind: 'file', path: 'src/app.ts' });
      }
    });

    it("counts a folder with git's ignore rules, listing the binary file it skipped", async () => {
      const result = await call('count_tokens', { path: '.' });
      const counted = ['README.md', 'src/app.ts', 'src/util.ts', 'src/generated/big.ts', '.gitignore'];
      assert.equal(
        data(result).tokens,
        counted.reduce((sum, name) => sum + tokens(texts[name]), 0),
      );
      assert.equal(data(result).complete, true);
      assert.deepEqual(data(result).files, { counted: 5, skipped: 3, notCounted: 0 });
      const skipped = data(result)
        .skipped.map((s: { path: string }) => s.path)
        .sort();
      // The binary image, and the two links out of the workspace, never followed.
      assert.deepEqual(skipped, ['folder-out', 'image.png', 'link-out.txt']);
      assert.match(result.text, /5 files counted; 3 skipped \(.*image\.png: not counted: binary/);
      assert.doesNotMatch(result.text, /ignored\.log/);
    });

    it('marks an approximate count with ≈ and its error', async () => {
      const result = await call('count_tokens', { path: 'README.md', model: 'claude-sonnet-4-5' });
      const claude = catalogModel('claude-sonnet-4-5')!;
      assert.equal(data(result).exact, claude.counting.kind === 'exact');
      if (claude.counting.kind !== 'exact') {
        assert.match(result.text, /: ≈[0-9,]+ tokens for claude-sonnet-4-5 \(approximate, ±\d+%/);
        assert.match(data(result).approximation.error, /±\d+%/);
      }
    });

    it('refuses a named binary file with the reason', async () => {
      const result = await call('count_tokens', { path: 'image.png' });
      assert.equal(result.isError, true);
      assert.match(result.text, /"image\.png" was not counted: .*binary/);
    });
  });

  describe('paths outside the workspace', () => {
    for (const given of ['../elsewhere/secret.txt', '/etc/passwd', 'src/../../elsewhere', 'file:///etc/hostname', 'C:\\Windows\\win.ini']) {
      it(`refuses ${given} with a clear message, reading nothing`, async () => {
        let read = 0;
        const watched = host(DEFAULT_TOOL_BOUNDS, {
          readFile: async () => {
            read++;
            return new Uint8Array();
          },
        });
        const result = await call('count_tokens', { path: given }, watched);
        assert.equal(result.isError, true);
        assert.match(result.text, /is outside the workspace .*; Tokenscope reads only files inside it/);
        assert.equal(read, 0);
      });
    }

    it('refuses the path of a file an absolute path names in another folder', async () => {
      const result = await call('will_it_fit', { path: path.join(outside, 'secret.txt') });
      assert.match(result.text, /is outside the workspace/);
    });

    it('refuses a link inside the workspace that points out of it, file or folder', async () => {
      assert.match((await call('count_tokens', { path: 'link-out.txt' })).text, /"link-out\.txt" is a link to a path outside the workspace/);
      assert.match((await call('biggest_files', { path: 'folder-out' })).text, /"folder-out" is a link to a path outside the workspace/);
    });

    it("takes a Windows path to a VS Code folder's URI path (/c:/…), and refuses one on another folder", async () => {
      const fs: WorkspaceFs = {
        readDirectory: async () => [],
        readText: async () => undefined,
        stat: async (p) => (p === '/c:/work/proj/a.txt' ? { kind: 'file', size: 1 } : undefined),
      };
      const windows = { roots: ['/c:/work/proj'], fs };
      for (const given of ['C:\\work\\proj\\a.txt', 'file:///C:/work/proj/a.txt', 'a.txt']) {
        assert.deepEqual(await resolveToolPath(given, windows), { path: '/c:/work/proj/a.txt', root: '/c:/work/proj', shown: 'a.txt', kind: 'file', size: 1 }, given);
      }
      await assert.rejects(resolveToolPath('C:\\work\\other\\a.txt', windows), /is outside the workspace/);
      await assert.rejects(resolveToolPath('..\\other\\a.txt', windows), /is outside the workspace/);
    });

    it('says when there is no workspace to read from', async () => {
      const result = await call('count_tokens', { path: 'README.md' }, host(DEFAULT_TOOL_BOUNDS, { roots: [] }));
      assert.match(result.text, /No workspace folder is open/);
    });
  });

  describe('bounds', () => {
    const many = path.join(root, 'many');
    before(() => {
      for (let i = 0; i < 1200; i++) write(`many/f${String(i).padStart(4, '0')}.txt`, `file number ${i}\n`);
    });
    after(() => rmSync(many, { recursive: true, force: true }));

    it('stops a huge folder at the file bound and says so', async () => {
      const result = await call('count_tokens', { path: 'many' }, host({ ...DEFAULT_TOOL_BOUNDS, maxFiles: 500 }));
      assert.equal(data(result).complete, false);
      assert.equal(data(result).stoppedEarly.reason, 'files');
      assert.equal(data(result).files.counted, 500);
      assert.match(result.text, /Stopped early: the folder has more than 500 files to count/);
    });

    it('stops at the byte bound', async () => {
      const result = await call('count_tokens', { path: '.' }, host({ ...DEFAULT_TOOL_BOUNDS, maxBytes: 2048 }));
      assert.equal(data(result).stoppedEarly.reason, 'bytes');
      assert.match(result.text, /Stopped early: the folder's files hold more than 2,048 bytes/);
    });

    it('stops at the time bound, with what it counted by then', async () => {
      const slow = host({ ...DEFAULT_TOOL_BOUNDS, maxMs: 60 }, {});
      const counting = slow.countContents.bind(slow);
      slow.countContents = async (request, token) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return counting(request, token);
      };
      const result = await call('count_tokens', { path: 'many' }, slow);
      assert.equal(data(result).stoppedEarly.reason, 'time');
      assert.ok(data(result).files.counted < 1200, String(data(result).files.counted));
      assert.match(result.text, /Stopped early: counting took longer than 0 s/);
    });

    it('stops when the call is cancelled', async () => {
      const token = { isCancellationRequested: false };
      const cancelling = host();
      const counting = cancelling.countContents.bind(cancelling);
      cancelling.countContents = async (request, t) => {
        token.isCancellationRequested = true;
        return counting(request, t);
      };
      const result = await call('count_tokens', { path: 'many' }, cancelling, token);
      assert.equal(data(result).stoppedEarly.reason, 'cancelled');
      assert.ok(data(result).files.counted <= 64);
    });

    it('will_it_fit cannot tell from a partial count under the window', async () => {
      const result = await call('will_it_fit', { path: 'many' }, host({ ...DEFAULT_TOOL_BOUNDS, maxFiles: 10 }));
      assert.equal(data(result).verdict, 'uncertain');
      assert.equal(data(result).fits, null);
      assert.match(result.text, /^Cannot tell: the count stopped early/);
    });
  });

  describe('will_it_fit', () => {
    it("answers fits with the tokens left of the model's usable window", async () => {
      const result = await call('will_it_fit', { path: 'src/app.ts' });
      const usable = usableWindowOf(gpt4o, defaultReservedOutput(gpt4o));
      const n = tokens(texts['src/app.ts']);
      assert.equal(data(result).verdict, 'fits');
      assert.equal(data(result).tokensLeft, usable - n);
      assert.match(result.text, new RegExp(`^Fits: "src/app\\.ts" is ${n.toLocaleString('en')} tokens .*; ${(usable - n).toLocaleString('en')} tokens left\\.`));
    });

    it('answers does not fit with how many tokens too many when the reserve leaves too little', async () => {
      const n = tokens(texts['src/generated/big.ts']);
      const reserve = gpt4o.contextWindow - 100;
      const result = await call('will_it_fit', { path: 'src/generated/big.ts', reserveTokens: reserve });
      assert.equal(data(result).verdict, 'does not fit');
      assert.match(result.text, new RegExp(`^Does not fit: .*; ${(n - 100).toLocaleString('en')} tokens too many\\.`));
    });

    it('takes an approximation whose error is not measured as ±50%: a small text fits, one near the window cannot be told', async () => {
      const unmeasured = {
        ...gpt4o,
        id: 'unmeasured',
        counting: { kind: 'approx' as const, tokenizer: 'o200k_base' as const, factor: 1, errorPct: undefined, measured: false, method: 'a guess' },
      };
      const guessing = host(DEFAULT_TOOL_BOUNDS, { model: (id) => (id === 'unmeasured' ? unmeasured : catalogModel(id)) });
      const n = tokens(texts['src/app.ts']);
      assert.equal(data(await call('will_it_fit', { path: 'src/app.ts', model: 'unmeasured' }, guessing)).verdict, 'fits');
      const near = await call('will_it_fit', { path: 'src/app.ts', model: 'unmeasured', reserveTokens: gpt4o.contextWindow - Math.round(n * 1.2) }, guessing);
      assert.equal(data(near).verdict, 'uncertain');
    });

    it('says it is too close to tell when an approximation straddles the window', async () => {
      const claude = catalogModel('claude-sonnet-4-5')!;
      if (claude.counting.kind === 'exact') return;
      const first = data(await call('count_tokens', { path: 'src/generated/big.ts', model: 'claude-sonnet-4-5' })).tokens as number;
      // A window left just at the estimate: within the error either way.
      const result = await call('will_it_fit', { path: 'src/generated/big.ts', model: 'claude-sonnet-4-5', reserveTokens: claude.contextWindow - first });
      assert.equal(data(result).verdict, 'uncertain');
      assert.match(result.text, /^Too close to tell/);
    });
  });

  describe('compare_models', () => {
    it("gives each model's tokens, exactness and input cost, one count per tokenizer", async () => {
      let requests = 0;
      const counting = host();
      const count = counting.countContents.bind(counting);
      counting.countContents = (request, token) => {
        requests++;
        return count(request, token);
      };
      const text = 'Compare how each model splits this sentence, naïve café 東京.';
      const result = await call('compare_models', { text, models: ['gpt-4o', 'gpt-4o-mini', 'gpt-4'] }, counting);
      assert.equal(requests, 2, 'o200k_base once for both gpt-4o models, cl100k_base once');
      const rows = data(result).models as Array<Record<string, any>>;
      assert.deepEqual(
        rows.map((r) => [r.model, r.tokens, r.exact]),
        [
          ['gpt-4o', tokens(text), true],
          ['gpt-4o-mini', tokens(text), true],
          ['gpt-4', cl100k.encode_ordinary(text).length, true],
        ],
      );
      assert.equal(rows[0].inputCostUsd, inputCost(gpt4o.prices!, tokens(text)));
      assert.match(result.text, /^The text, by model/);
      assert.match(result.text, /- gpt-4: \d+ tokens \(exact, cl100k_base\)/);
    });

    it("compares the insight panel's default models when none are named", async () => {
      const result = await call('compare_models', { path: 'src/util.ts' });
      assert.ok((data(result).models as unknown[]).length >= 5);
    });
  });

  describe('biggest_files', () => {
    it('lists the files with the most tokens first, at most limit, with the total', async () => {
      const result = await call('biggest_files', { path: 'src', limit: 2 });
      const biggest = data(result).biggest as Array<{ path: string; tokens: number }>;
      assert.deepEqual(
        biggest.map((f) => [f.path, f.tokens]),
        [
          ['src/generated/big.ts', tokens(texts['src/generated/big.ts'])],
          ['src/app.ts', tokens(texts['src/app.ts'])],
        ],
      );
      assert.equal(data(result).tokens, tokens(texts['src/generated/big.ts']) + tokens(texts['src/app.ts']) + tokens(texts['src/util.ts']));
      assert.match(result.text, /^The 2 biggest of 3 files in the folder "src" for gpt-4o/);
    });

    it('refuses a file, pointing to count_tokens', async () => {
      assert.match((await call('biggest_files', { path: 'README.md' })).text, /is a file; biggest_files lists the files of a folder/);
    });
  });
});
