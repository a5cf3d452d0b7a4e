/**
 * The MCP server the extension offers VS Code's MCP support (src/host/agentTools/mcpServerProvider.ts),
 * on the fake `vscode`: none in Restricted Mode until the workspace is trusted; then the bundled
 * CLI run by the extension host's executable with the workspace's folders on disk as roots and
 * the user's model, exclude list and size limit.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter, fakeLm, fakeTrust, McpStdioServerDefinition } from './support/fakeVscode';
import { McpServerProvider, MCP_PROVIDER_ID } from '../../src/host/agentTools/mcpServerProvider';
import { parseSettings, type RawSettings } from '../../src/core/catalog/settings';
import type { SettingsChange } from '../../src/host/platform/configuration';
import type { Log } from '../../src/host/platform/log';

type Provider = { provideMcpServerDefinitions(): McpStdioServerDefinition[]; onDidChangeMcpServerDefinitions: (listener: () => void) => unknown };

describe('MCP server offered to VS Code', () => {
  let raw: RawSettings = {};
  const changes = new EventEmitter<SettingsChange>();
  const configuration = { forDocument: () => parseSettings(raw).settings, onDidChange: changes.event };
  const log = { info: () => undefined } as unknown as Log;
  let provider: McpServerProvider;
  const definitions = () => (fakeLm.mcpProviders.get(MCP_PROVIDER_ID) as Provider).provideMcpServerDefinitions();

  beforeEach(() => {
    raw = {};
    fakeTrust.isTrusted = true;
    fakeTrust.folders = [{ uri: { scheme: 'file', fsPath: '/work/project' } }, { uri: { scheme: 'vscode-vfs', fsPath: '/remote/repo' } }];
    provider = new McpServerProvider('/ext/dist/cli.js', '0.1.0', configuration as never, log);
  });
  afterEach(() => provider.dispose());

  it("runs the bundled CLI with the extension host's executable, the folders on disk as roots and the user's settings", () => {
    raw = { model: 'claude-sonnet-4-5', 'workspace.exclude': ['dist/', '*.min.js'], maxFileSizeMB: 2000 };
    const [definition] = definitions();
    assert.equal(definition.label, 'Tokenscope');
    assert.equal(definition.command, process.execPath);
    assert.deepEqual(definition.env, { ELECTRON_RUN_AS_NODE: '1' });
    assert.equal(definition.version, '0.1.0');
    // A virtual folder (no path on disk) is not a root; the size limit is within what the CLI takes.
    assert.deepEqual(definition.args, [
      '/ext/dist/cli.js',
      'mcp',
      '--root',
      '/work/project',
      '--model',
      'claude-sonnet-4-5',
      '--exclude',
      'dist/',
      '--exclude',
      '*.min.js',
      '--max-size',
      '500',
    ]);
  });

  it("leaves out a custom model the command line's catalog does not have", () => {
    raw = { customModels: [{ id: 'my-model', tokenizer: 'o200k_base', contextWindow: 32000 }], model: 'my-model' };
    assert.ok(!definitions()[0].args.includes('--model'));
  });

  it('offers no server in Restricted Mode, and offers it once the workspace is trusted', () => {
    fakeTrust.isTrusted = false;
    assert.deepEqual(definitions(), []);
    let fired = 0;
    (fakeLm.mcpProviders.get(MCP_PROVIDER_ID) as Provider).onDidChangeMcpServerDefinitions(() => fired++);
    fakeTrust.grant();
    assert.equal(fired, 1);
    assert.equal(definitions().length, 1);
  });

  it('offers no server without a folder on disk', () => {
    fakeTrust.folders = undefined;
    assert.deepEqual(definitions(), []);
  });
});
