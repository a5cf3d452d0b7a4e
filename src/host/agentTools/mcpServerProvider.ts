/**
 * Tokenscope's MCP server (`tokenscope mcp`, the CLI bundle shipped in the extension) offered to
 * VS Code's MCP support, where the API exists (1.101+; package.json
 * `contributes.mcpServerDefinitionProviders`), so Copilot and any other MCP-aware chat in VS Code
 * can use it without setup. It is started with the extension host's own executable: Node under
 * the VS Code server (code-server, remote hosts), Electron on the desktop, which runs a script as
 * Node with ELECTRON_RUN_AS_NODE=1 (and Node ignores the variable). Its roots are the workspace's
 * folders on disk, its model and limits the user's settings.
 *
 * Restricted Mode: no server is offered until the workspace is trusted. The server is a process
 * VS Code starts on its own when a chat asks; the language-model tools cover the untrusted case.
 */
import * as vscode from 'vscode';
import { catalogModelIds } from '../../core/catalog/catalog';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import type { Log } from '../platform/log';
import { languageModelApi } from './languageModelApi';

/** The id in package.json's `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'tokenscope.mcpServer';

export class McpServerProvider extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());

  constructor(
    private readonly cliPath: string,
    private readonly version: string,
    private readonly configuration: Pick<Configuration, 'forDocument' | 'onDidChange'>,
    log: Log,
  ) {
    super();
    const { lm, classes } = languageModelApi();
    const Definition = classes.McpStdioServerDefinition;
    if (!lm.registerMcpServerDefinitionProvider || !Definition) {
      log.info('MCP server not offered: this VS Code has no vscode.lm.registerMcpServerDefinitionProvider');
      return;
    }
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
    this._register(configuration.onDidChange((e) => e.affects('model', 'workspace', 'fileSize') && this.changed.fire()));
    this._register(
      lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        onDidChangeMcpServerDefinitions: this.changed.event,
        provideMcpServerDefinitions: () => {
          const args = this.serverArgs();
          return args ? [new Definition('Tokenscope', process.execPath, args, { ELECTRON_RUN_AS_NODE: '1' }, this.version)] : [];
        },
      }),
    );
  }

  /** `dist/cli.js mcp --root … --model …`, or undefined when no server is offered (untrusted, or no folder on disk). */
  serverArgs(): string[] | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (roots.length === 0) return undefined;
    const settings = this.configuration.forDocument(undefined);
    // A custom model is not in the command line's catalog: the server then counts for its default.
    const model = catalogModelIds().includes(settings.model.id) ? ['--model', settings.model.id] : [];
    return [
      this.cliPath,
      'mcp',
      ...roots.flatMap((root) => ['--root', root]),
      ...model,
      ...settings.workspaceExclude.flatMap((pattern) => ['--exclude', pattern]),
      // The command line takes 1 to 500 MB (a V8 string holds at most ~500 MB of UTF-8).
      '--max-size',
      String(Math.min(Math.max(settings.maxFileSizeMB, 1), 500)),
    ];
  }
}
