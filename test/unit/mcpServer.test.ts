/**
 * `tokenscope mcp` through the MCP SDK's own client: in-process over the SDK's in-memory
 * transport (tools listed with their schemas, each tool called, refusals and protocol errors,
 * the client's roots), and the built command over stdio (`node dist/cli.js mcp`) with the SDK's
 * StdioClientTransport. Counts are checked against tiktoken.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { get_encoding } from 'tiktoken';
import { createMcpServer } from '../../src/cli/mcp/mcpServer';
import { nodeToolHost } from '../../src/cli/mcp/nodeToolHost';
import { TOOL_DEFINITIONS, TOOL_NAMES, toolInputSchema } from '../../src/core/agentTools/toolDefinitions';
import { catalogModel } from '../../src/core/catalog/catalog';
import { tokenizers } from './support/tokenizers';

type CallResult = { content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, any>; isError?: boolean };

const bin = path.resolve(__dirname, '../../../dist/cli.js');

describe('MCP server (tokenscope mcp)', function () {
  this.timeout(60_000);
  const enc = get_encoding('o200k_base');
  const tokens = (text: string) => enc.encode_ordinary(text).length;
  const base = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-mcp-'));
  const root = path.join(base, 'project');
  const other = path.join(base, 'other');
  const texts: Record<string, string> = {
    'docs/guide.md': 'Read the guide before you change the build.\n'.repeat(50),
    'docs/short.md': 'Short.\n',
    'src/main.ts': 'console.log("hello");\n'.repeat(30),
  };
  before(() => {
    for (const [name, text] of Object.entries(texts)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    mkdirSync(other);
    writeFileSync(path.join(other, 'notes.md'), 'notes in a second root\n');
  });
  after(() => {
    enc.free();
    rmSync(base, { recursive: true, force: true });
  });

  /** A client connected in-process to a server over `roots` (`--root`), or the client's own roots when none. */
  async function connect(roots: string[] | undefined, clientRoots?: string[]): Promise<{ client: Client; logged: string[] }> {
    const logged: string[] = [];
    const server = createMcpServer({
      host: (current) => nodeToolHost({ roots: current, model: catalogModel('gpt-4o')!, tokenizers }),
      ...(roots ? { roots } : {}),
      cwd: root,
      log: (line) => logged.push(line),
    });
    const client = new Client({ name: 'test', version: '1.0.0' }, { capabilities: clientRoots ? { roots: { listChanged: true } } : {} });
    if (clientRoots) client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: clientRoots.map((r) => ({ uri: pathToFileURL(r).href, name: path.basename(r) })) }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await client.connect(clientSide);
    return { client, logged };
  }

  describe('in-process', () => {
    let client: Client;
    before(async () => {
      ({ client } = await connect([root]));
    });
    after(() => client.close());

    it('names itself and lists the four tools with their descriptions, JSON schemas and read-only hints', async () => {
      assert.equal(client.getServerVersion()?.name, 'tokenscope');
      assert.match(client.getInstructions() ?? '', /count_tokens before reading a large file/);
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        [...TOOL_NAMES],
      );
      for (const tool of tools) {
        const name = tool.name as (typeof TOOL_NAMES)[number];
        assert.equal(tool.description, TOOL_DEFINITIONS[name].description);
        assert.deepEqual(tool.inputSchema, toolInputSchema(name, 'mcp'));
        assert.equal(tool.annotations?.readOnlyHint, true);
        assert.equal(tool.annotations?.openWorldHint, false);
      }
    });

    it('count_tokens answers the exact count as text and as structured content', async () => {
      const result = (await client.callTool({ name: 'count_tokens', arguments: { path: 'docs/guide.md' } })) as CallResult;
      assert.equal(result.isError, false);
      assert.equal(result.structuredContent?.tokens, tokens(texts['docs/guide.md']));
      assert.match(result.content[0].text!, /^"docs\/guide\.md": [0-9,]+ tokens for gpt-4o \(exact, o200k_base\)/);
    });

    it('will_it_fit answers for claude-sonnet-4-5 on a folder, with the tokens left', async () => {
      const result = (await client.callTool({ name: 'will_it_fit', arguments: { path: 'docs', model: 'claude-sonnet-4-5' } })) as CallResult;
      assert.equal(result.isError, false);
      assert.equal(result.structuredContent?.verdict, 'fits');
      assert.equal(result.structuredContent?.model, 'claude-sonnet-4-5');
      assert.equal(result.structuredContent?.tokensLeft, result.structuredContent?.usableWindow - result.structuredContent?.tokens);
      assert.match(result.content[0].text!, /^Fits: the folder "docs" is ≈?[0-9,]+ tokens for claude-sonnet-4-5/);
    });

    it('compare_models answers a row per model with its input cost', async () => {
      const result = (await client.callTool({ name: 'compare_models', arguments: { text: 'How many tokens is this?', models: ['gpt-4o', 'gpt-4'] } })) as CallResult;
      const rows = result.structuredContent?.models as Array<Record<string, unknown>>;
      assert.deepEqual(
        rows.map((r) => r.model),
        ['gpt-4o', 'gpt-4'],
      );
      assert.equal(rows[0].tokens, tokens('How many tokens is this?'));
      assert.equal(typeof rows[0].inputCostUsd, 'number');
    });

    it('biggest_files lists the biggest file first', async () => {
      const result = (await client.callTool({ name: 'biggest_files', arguments: { limit: 1 } })) as CallResult;
      assert.deepEqual(result.structuredContent?.biggest, [{ path: 'docs/guide.md', tokens: tokens(texts['docs/guide.md']), bytes: texts['docs/guide.md'].length }]);
    });

    it('answers a refused call as a tool error whose text says why', async () => {
      const outside = (await client.callTool({ name: 'count_tokens', arguments: { path: '../other/notes.md' } })) as CallResult;
      assert.equal(outside.isError, true);
      assert.match(outside.content[0].text!, /is outside the workspace/);
      const badModel = (await client.callTool({ name: 'count_tokens', arguments: { text: 'x', model: 'claude-sonet-4-5' } })) as CallResult;
      assert.equal(badModel.isError, true);
      assert.match(badModel.content[0].text!, /did you mean "claude-sonnet-4-5"/);
    });

    it('answers an unknown tool with a protocol error', async () => {
      await assert.rejects(client.callTool({ name: 'count_words', arguments: {} }), /Unknown tool "count_words"/);
    });

    it('sends progress for a folder count when the client asks for it', async () => {
      const seen: Array<{ progress: number; total?: number }> = [];
      await client.callTool({ name: 'count_tokens', arguments: { path: '.' } }, undefined, { onprogress: (p) => seen.push(p) });
      assert.ok(seen.length >= 1);
      assert.equal(seen.at(-1)?.progress, 3);
    });
  });

  it("reads inside the client's roots when no --root is given", async () => {
    const { client } = await connect(undefined, [other]);
    try {
      // The first call already waits for the client's roots: the start folder is never read.
      const result = (await client.callTool({ name: 'count_tokens', arguments: { path: 'notes.md' } })) as CallResult;
      assert.equal(result.isError, false, result.content[0].text);
      assert.equal(result.structuredContent?.tokens, tokens('notes in a second root\n'));
      const outside = (await client.callTool({ name: 'count_tokens', arguments: { path: path.join(root, 'docs/short.md') } })) as CallResult;
      assert.match(outside.content[0].text!, /is outside the workspace/);
    } finally {
      await client.close();
    }
  });

  it('runs as the built command over stdio, for the SDK client', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', '--root', root, '--model', 'gpt-4o'], stderr: 'pipe' });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(
        tools.map((t) => t.name),
        [...TOOL_NAMES],
      );
      const count = (await client.callTool({ name: 'count_tokens', arguments: { path: 'src/main.ts' } })) as CallResult;
      assert.equal(count.structuredContent?.tokens, tokens(texts['src/main.ts']));
      const folder = (await client.callTool({ name: 'will_it_fit', arguments: { path: '.' } })) as CallResult;
      assert.equal(
        folder.structuredContent?.tokens,
        Object.values(texts).reduce((sum, text) => sum + tokens(text), 0),
      );
      const refused = (await client.callTool({ name: 'biggest_files', arguments: { path: '/etc' } })) as CallResult;
      assert.equal(refused.isError, true);
      assert.match(refused.content[0].text!, /"\/etc" is outside the workspace/);
    } finally {
      await client.close();
    }
  });

  it('refuses a --root that is not a folder, before serving', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [bin, 'mcp', '--root', path.join(base, 'missing')], { encoding: 'utf8', input: '' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--root .*missing is not a folder/);
  });
});
