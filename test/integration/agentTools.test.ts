/**
 * The agent tools in the real VS Code: `vscode.lm.tools` lists them with their schemas, and
 * `vscode.lm.invokeTool` answers the same counts as the status bar (a fixture file, the editor's
 * selection) and the Tokens view (a fixture folder); a path outside the workspace is refused.
 * Then the MCP server VS Code's MCP support would start: the extension host's executable with
 * the arguments the provider gives, spoken to with the MCP SDK's client, answers the same count.
 */
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import { TOOL_DEFINITIONS, TOOL_NAMES, toolInputSchema } from '../../src/core/agentTools/toolDefinitions';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import type { TokenscopeApi } from '../../src/extension';
import { waitFor } from './workbench';

const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports.testing;
const workspace = () => vscode.workspace.workspaceFolders![0].uri;

/** What `vscode.lm` has in VS Code 1.95+ (the types this repository builds with are 1.90's). */
interface LmTools {
  readonly tools: ReadonlyArray<{ name: string; description: string; inputSchema: object | undefined }>;
  invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }, token?: vscode.CancellationToken): Thenable<{ content: unknown[] }>;
}
const lm = () => vscode.lm as unknown as LmTools;

/** A tool's answer: its text part, and the data part's JSON. */
async function invoke(tool: string, input: object): Promise<{ text: string; data: Record<string, any> }> {
  const result = await lm().invokeTool(tool, { input, toolInvocationToken: undefined });
  const text = (result.content.find((part) => typeof (part as { value?: unknown }).value === 'string') as { value: string }).value;
  // LanguageModelDataPart.json's type: `text/x-json` in VS Code 1.139 (its documentation says application/json).
  const dataPart = result.content.find((part) => /json/.test((part as { mimeType?: string }).mimeType ?? '')) as { data: Uint8Array } | undefined;
  assert.ok(dataPart, 'the answer has a JSON data part');
  return { text, data: JSON.parse(new TextDecoder().decode(dataPart.data)) };
}

/** The full count of the status bar's tooltip: `**1,234 tokens** for GPT-4o …`. */
function statusBarTokens(): number | undefined {
  const match = /\*\*([\d,]+) tokens\*\*/.exec(api().statusBarTooltip() ?? '');
  return match ? Number(match[1].replace(/,/g, '')) : undefined;
}

describe('Agent tools (language-model tools and MCP)', function () {
  this.timeout(180_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists the four tools in vscode.lm.tools with their input schemas', () => {
    const listed = lm().tools.filter((t) => t.name.startsWith('tokenscope_'));
    assert.deepEqual(listed.map((t) => t.name).sort(), TOOL_NAMES.map((name) => TOOL_DEFINITIONS[name].vscodeName).sort());
    for (const name of TOOL_NAMES) {
      const tool = listed.find((t) => t.name === TOOL_DEFINITIONS[name].vscodeName)!;
      assert.equal(tool.description, TOOL_DEFINITIONS[name].description);
      assert.deepEqual(tool.inputSchema, toolInputSchema(name, 'vscode'));
    }
  });

  it("counts a file as the status bar does, and the editor's selection as its selection count", async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const shown = await waitFor(statusBarTokens, (n) => n !== undefined, 30_000);
    const { text, data } = await invoke(TOOL_DEFINITIONS.count_tokens.vscodeName, { path: 'prompt.md' });
    assert.equal(data.tokens, shown);
    assert.equal(data.model, 'gpt-4o');
    assert.match(text, new RegExp(`^"prompt\\.md": ${shown!.toLocaleString('en')} tokens for gpt-4o \\(exact, o200k_base\\)`));

    editor.selection = new vscode.Selection(0, 0, Math.min(3, document.lineCount - 1), 0);
    const selected = await waitFor(
      () => /Selection: ([\d,]+) tokens/.exec(api().statusBarTooltip() ?? '')?.[1],
      (n) => n !== undefined,
      30_000,
    );
    const selection = await invoke(TOOL_DEFINITIONS.count_tokens.vscodeName, { selection: true });
    assert.equal(selection.data.tokens, Number(selected!.replace(/,/g, '')));
    assert.match(selection.text, /^The selection in prompt\.md: /);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
  });

  it('counts a folder as the Tokens view does, and says whether it fits', async () => {
    await vscode.commands.executeCommand('tokenscope.countWorkspace');
    await api().tokensViewSettled();
    const files = api()
      .tokensViewFiles()
      .filter((f) => f.path.startsWith('tokens-tree/'));
    const viewTotal = files.reduce((sum, f) => sum + (f.tokens ?? 0), 0);
    assert.ok(viewTotal > 0);
    const { data } = await invoke(TOOL_DEFINITIONS.count_tokens.vscodeName, { path: 'tokens-tree' });
    assert.equal(data.tokens, viewTotal);
    assert.equal(data.files.counted, files.filter((f) => f.tokens !== undefined).length);
    const fit = await invoke(TOOL_DEFINITIONS.will_it_fit.vscodeName, { path: 'tokens-tree', model: 'gpt-4o' });
    assert.equal(fit.data.verdict, 'fits');
    assert.equal(fit.data.tokensLeft, fit.data.usableWindow - viewTotal);
    const biggest = await invoke(TOOL_DEFINITIONS.biggest_files.vscodeName, { path: 'tokens-tree', limit: 1 });
    const top = [...files].sort((a, b) => (b.tokens ?? 0) - (a.tokens ?? 0))[0];
    assert.deepEqual(
      biggest.data.biggest.map((f: { path: string; tokens: number }) => [f.path, f.tokens]),
      [[top.path, top.tokens]],
    );
  });

  it('refuses a path outside the workspace with a message the model can act on', async () => {
    await assert.rejects(Promise.resolve(invoke(TOOL_DEFINITIONS.count_tokens.vscodeName, { path: '../../etc/hostname' })), /is outside the workspace/);
  });

  it("offers the MCP server, which the extension host's executable runs and which answers the same count", async function () {
    const args = api().mcpServerArgs();
    if (!args) this.skip(); // an untrusted workspace or one not on disk: no server offered
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: args!,
      env: { ...(process.env as Record<string, string>), ELECTRON_RUN_AS_NODE: '1' },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'tokenscope-integration', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        [...TOOL_NAMES],
      );
      const local = await invoke(TOOL_DEFINITIONS.count_tokens.vscodeName, { path: 'tokens-tree' });
      const result = (await client.callTool({ name: 'count_tokens', arguments: { path: 'tokens-tree' } })) as { structuredContent?: { tokens?: number } };
      assert.equal(result.structuredContent?.tokens, local.data.tokens);
    } finally {
      await client.close();
    }
  });
});
