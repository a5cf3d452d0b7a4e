import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { findCycles, folderGraph, importGraph, relativeImports } from '../../scripts/importGraph.mjs';

const repoRoot = path.resolve(__dirname, '../../..');

// The layering rules of eslint.config.mjs, run through ESLint's Node API on small snippets placed
// (in memory) in each layer, so that a rule that stops matching fails here rather than letting
// violations in quietly. The type-aware rules are switched off for these snippets: they need
// the file in a tsconfig program, and the layering rules need no types.
describe('layering rules (eslint.config.mjs)', function () {
  // Loading ESLint with typescript-eslint takes a few seconds on a busy machine.
  this.timeout(60_000);
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: repoRoot, overrideConfig: tseslint.configs.disableTypeChecked });
  });

  /** The layering errors ESLint reports for `code` as the file `file` (relative to the repository). */
  async function layeringErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
    assert.ok(result, `ESLint linted ${file}`);
    const fatal = result.messages.filter((message) => message.fatal);
    assert.deepEqual(fatal, [], `ESLint parsed ${file}`);
    return result.messages.filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => message.message);
  }

  async function assertForbidden(file: string, code: string, reason: RegExp): Promise<void> {
    const errors = await layeringErrors(file, code);
    assert.equal(errors.length, 1, `${file}: ${code} should be one layering error, got ${JSON.stringify(errors)}`);
    assert.match(errors[0]!, reason);
  }

  async function assertAllowed(file: string, code: string): Promise<void> {
    assert.deepEqual(await layeringErrors(file, code), [], `${file}: ${code} should be allowed`);
  }

  it('keeps the VS Code API out of core, the worker, the webview and the command line', async () => {
    for (const file of ['src/core/catalog/probe.ts', 'src/worker/probe.ts', 'src/webview/probe.ts', 'src/webview/panel/probe.ts', 'src/cli/probe.ts']) {
      await assertForbidden(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n", /VS Code API/);
    }
    await assertAllowed('src/host/count/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n");
  });

  it('lets core import no other layer, however deep the importing file is', async () => {
    await assertForbidden('src/core/catalog/probe.ts', "export { CountController } from '../../host/count/countController';\n", /src\/core/);
    await assertForbidden('src/core/tokenizers/tiktoken/probe.ts', "import { x } from '../../../worker/protocol';\nexport const y = x;\n", /src\/core/);
    await assertForbidden('src/core/present/probe.ts', "import type { ToWebview } from '../../webview/messages';\nexport type T = ToWebview;\n", /src\/core/);
    await assertForbidden('src/core/files/probe.ts', "import { main } from '../../cli/main';\nexport const m = main;\n", /src\/core/);
    await assertAllowed('src/core/catalog/probe.ts', "import { formatInteger } from '../text/numberText';\nexport const f = formatInteger;\n");
  });

  it('keeps Node built-ins, the host and the worker out of the browser code', async () => {
    await assertForbidden('src/webview/panel/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /Node built-ins/);
    await assertForbidden('src/webview/panel/probe.ts', "import * as fs from 'fs';\nexport const r = fs;\n", /Node built-ins/);
    await assertForbidden('src/webview/panel/probe.ts', "import { InsightPanel } from '../../host/insight/insightPanel';\nexport const p = InsightPanel;\n", /src\/webview/);
    await assertForbidden('src/webview/probe.ts', "import type { Request } from '../worker/protocol';\nexport type R = Request;\n", /src\/webview/);
    await assertAllowed(
      'src/webview/panel/probe.ts',
      "import { ENGLISH } from '../../core/l10n';\nimport type { ToWebview } from '../messages';\nexport const e: ToWebview | typeof ENGLISH = ENGLISH;\n",
    );
  });

  it('keeps the host out of the worker thread', async () => {
    await assertForbidden('src/worker/probe.ts', "import { Commands } from '../host/platform/ids';\nexport const c = Commands;\n", /worker thread/);
  });

  it('lets the host name tokenizers and use their types but never load tokenizer code', async () => {
    const host = 'src/host/count/probe.ts';
    await assertForbidden(
      host,
      "import { loadTiktokenTokenizer } from '../../core/tokenizers/tiktoken/tiktokenTokenizer';\nexport const l = loadTiktokenTokenizer;\n",
      /never tokenizes/,
    );
    await assertForbidden(host, "import { getTokenizer } from '../../core/tokenizers/tokenizerRegistry';\nexport const g = getTokenizer;\n", /never tokenizes/);
    await assertForbidden(host, "import { get_encoding } from 'tiktoken';\nexport const g = get_encoding;\n", /never tokenizes/);
    await assertForbidden(host, "import type { Tokenizer } from '@huggingface/tokenizers';\nexport type T = Tokenizer;\n", /never tokenizes/);
    await assertForbidden('src/extension.ts', "import { getTokenizer } from './core/tokenizers/tokenizerRegistry';\nexport const g = getTokenizer;\n", /never tokenizes/);
    await assertAllowed(host, "import type { Tokenizer } from '../../core/tokenizers/tokenizer';\nexport type T = Tokenizer;\n");
    await assertAllowed(host, "import { tokenizerLabel } from '../../core/tokenizers/tokenizerIds';\nexport const t = tokenizerLabel;\n");
    await assertForbidden(host, "import { isEncodingName } from '../../core/tokenizers/tiktoken/encodings';\nexport const e = isEncodingName;\n", /never tokenizes/);
  });

  it('keeps the tokenizer module the host may import free of run-time imports', async () => {
    await assertForbidden(
      'src/core/tokenizers/tokenizerIds.ts',
      "import { loadHfTokenizer } from './huggingface/hfTokenizer';\nexport const l = loadHfTokenizer;\n",
      /names and ids/,
    );
    await assertAllowed('src/core/tokenizers/tokenizerIds.ts', "import type { EncodingName } from './tiktoken/encodings';\nexport type E = EncodingName;\n");
  });
});

describe('import-cycle check (scripts/importGraph.mjs)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'tokenscope-cycles-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
  }
  const relative = (cycles: string[][]): string[][] => cycles.map((cycle) => cycle.map((node) => path.relative(root, node)));

  it('reads every kind of relative import and leaves packages out', () => {
    const text = [
      "import type { A } from './a';",
      "import './b';",
      "export * from '../c';",
      "export { d } from './d';",
      "import e = require('./e');",
      "const f = require('./f');",
      "const g = import('./g');",
      "type H = import('./h').H;",
      "import * as vscode from 'vscode';",
    ].join('\n');
    assert.deepEqual(relativeImports('x.ts', text), ['./a', './b', '../c', './d', './e', './f', './g', './h']);
  });

  it('finds a circle between modules and walks it from its first module back to it', () => {
    write({
      'a.ts': "import { b } from './b';\nexport const a = b;\n",
      'b.ts': "import type { C } from './c';\nexport const b = 1;\n",
      'c.ts': "export { a as C } from './a';\n",
      'd.ts': "import './a';\n",
    });
    assert.deepEqual(relative(findCycles(importGraph(root))), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('finds a circle between folders that no single module closes', () => {
    write({
      'x/a.ts': "import { b } from '../y/b';\nexport const a = b;\n",
      'y/b.ts': 'export const b = 1;\n',
      'y/c.ts': "import { d } from '../x/d';\nexport const c = d;\n",
      'x/d.ts': 'export const d = 1;\n',
    });
    const graph = importGraph(root);
    assert.deepEqual(findCycles(graph), []);
    assert.deepEqual(relative(findCycles(folderGraph(graph, root))), [['x', 'y', 'x']]);
  });

  it('counts a subfolder as part of its folder, but not of a sibling that imports it', () => {
    // p/ and p/q/ import each other (one unit); r/ imports p/q/ and p/ imports r/: a circle.
    write({ 'p/a.ts': "import { b } from './q/b';\nexport const a = b;\n", 'p/q/b.ts': "import type { T } from '../t';\nexport const b = 1;\n", 'p/t.ts': 'export type T = 1;\n' });
    assert.deepEqual(findCycles(folderGraph(importGraph(root), root)), []);
    write({ 'r/s.ts': "import { b } from '../p/q/b';\nexport const s = b;\n", 'p/u.ts': "import { s } from '../r/s';\nexport const u = s;\n" });
    assert.deepEqual(relative(findCycles(folderGraph(importGraph(root), root))), [['p', 'r', 'p']]);
  });
});
