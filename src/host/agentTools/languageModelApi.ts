/**
 * The parts of VS Code's language-model tool and MCP APIs Tokenscope uses, declared here: the
 * extension supports VS Code 1.90 (`engines`), whose API has neither (tools came in 1.95, MCP
 * server definitions in 1.101), so each is looked up at run time and used only where it exists.
 * The shapes are those of VS Code's own `vscode.d.ts` (1.101 and later).
 */
import * as vscode from 'vscode';

export interface LanguageModelToolInvocationOptions<T> {
  readonly input: T;
  readonly toolInvocationToken: unknown;
}

export interface PreparedToolInvocation {
  invocationMessage?: string | vscode.MarkdownString;
  confirmationMessages?: { title: string; message: string | vscode.MarkdownString };
}

export interface LanguageModelTool<T> {
  invoke(options: LanguageModelToolInvocationOptions<T>, token: vscode.CancellationToken): vscode.ProviderResult<LanguageModelToolResult>;
  prepareInvocation?(options: { readonly input: T }, token: vscode.CancellationToken): vscode.ProviderResult<PreparedToolInvocation>;
}

export interface LanguageModelToolResult {
  readonly content: unknown[];
}

export interface LanguageModelToolInformation {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: object | undefined;
  readonly tags: readonly string[];
}

export interface McpStdioServerDefinition {
  readonly label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
  cwd?: vscode.Uri;
}

export interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]>;
}

/** `vscode.lm` with the members newer than the engines. */
export interface LanguageModelNamespace {
  readonly tools?: readonly LanguageModelToolInformation[];
  registerTool?<T>(name: string, tool: LanguageModelTool<T>): vscode.Disposable;
  invokeTool?(name: string, options: LanguageModelToolInvocationOptions<object>, token?: vscode.CancellationToken): Thenable<LanguageModelToolResult>;
  registerMcpServerDefinitionProvider?(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
}

/** The classes of those APIs, on the `vscode` module where VS Code has them. */
export interface LanguageModelClasses {
  readonly LanguageModelToolResult?: new (content: unknown[]) => LanguageModelToolResult;
  readonly LanguageModelTextPart?: new (value: string) => { readonly value: string };
  /** 1.104 and later: `LanguageModelDataPart.json(value)`. */
  readonly LanguageModelDataPart?: { json(value: unknown, mime?: string): unknown };
  readonly McpStdioServerDefinition?: new (
    label: string,
    command: string,
    args?: string[],
    env?: Record<string, string | number | null>,
    version?: string,
  ) => McpStdioServerDefinition;
}

export function languageModelApi(): { lm: LanguageModelNamespace; classes: LanguageModelClasses } {
  return { lm: (vscode as unknown as { lm?: LanguageModelNamespace }).lm ?? {}, classes: vscode as unknown as LanguageModelClasses };
}
