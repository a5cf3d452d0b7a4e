/**
 * The MCP server of `tokenscope mcp`: the agent tools (src/core/agentTools) over the official
 * SDK's low-level `Server`, which takes the tools' own JSON schemas as they are (the high-level
 * `McpServer` wants zod schemas, a second copy of each). A call answers the tool's text, and its
 * facts as `structuredContent`; a refused call is a tool error (`isError`) whose text says why,
 * so the model can correct itself; a client's cancellation stops a folder count at its next
 * batch, and a client that asks for progress gets it per batch.
 *
 * The folders the tools may read: `--root` folders when given; otherwise the client's roots
 * (`roots/list`, file URIs only, updated when the client says they changed) when it has any;
 * otherwise the folder the server was started in.
 */
import { fileURLToPath } from 'node:url';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { runTool } from '../../core/agentTools/runTool';
import { TOOL_DEFINITIONS, TOOL_NAMES, toolInputSchema, type ToolName } from '../../core/agentTools/toolDefinitions';
import type { ToolHost } from '../../core/agentTools/toolHost';
import { CLI_VERSION } from '../version';
import { loadMcpSdk } from './loadMcpSdk';

export const MCP_INSTRUCTIONS =
  "Tokenscope counts tokens locally and exactly (or marked ≈ with its error) for 70+ LLMs: call count_tokens before reading a large file or folder into your context, will_it_fit to check a model's usable context window, compare_models for tokens and input cost across models, and biggest_files to read a folder's small files first. Paths are relative to the workspace root; nothing leaves the machine.";

export interface McpServerOptions {
  /** The tools' host for the roots in effect (`--root`, the client's roots or the start folder). */
  readonly host: (roots: readonly string[]) => ToolHost;
  /** `--root` folders: when given, the client's roots are not asked for. */
  readonly roots?: readonly string[];
  /** The folder used when neither `--root` nor the client names any. */
  readonly cwd: string;
  /** Where a failure that is not the tool's answer is logged (standard error: standard output is the protocol's). */
  readonly log: (line: string) => void;
}

/** The server, not yet connected: `connect` it to a transport (stdio, or an in-memory pair in tests). */
export function createMcpServer(options: McpServerOptions): Server {
  const { Server, CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, RootsListChangedNotificationSchema } = loadMcpSdk();
  const server = new Server({ name: 'tokenscope', title: 'Tokenscope', version: CLI_VERSION }, { capabilities: { tools: {} }, instructions: MCP_INSTRUCTIONS });
  let clientRoots: readonly string[] | undefined;
  const roots = () => (options.roots && options.roots.length > 0 ? options.roots : clientRoots && clientRoots.length > 0 ? clientRoots : [options.cwd]);

  const askRoots = async () => {
    try {
      const { roots: listed } = await server.listRoots();
      clientRoots = listed.flatMap((root) => (root.uri.startsWith('file://') ? [fileURLToPath(root.uri)] : []));
    } catch (err) {
      options.log(`tokenscope mcp: the client's roots could not be listed (${err instanceof Error ? err.message : String(err)}); using ${roots().join(', ')}`);
    }
  };
  // A call waits for the client's first answer about its roots, so none reads the start folder meanwhile.
  let rootsKnown: Promise<void> = Promise.resolve();
  server.oninitialized = () => {
    if (options.roots?.length || !server.getClientCapabilities()?.roots) return;
    rootsKnown = askRoots();
  };
  server.setNotificationHandler(RootsListChangedNotificationSchema, askRoots);

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOL_NAMES.map((name) => ({
      name,
      title: TOOL_DEFINITIONS[name].title,
      description: TOOL_DEFINITIONS[name].description,
      inputSchema: toolInputSchema(name, 'mcp') as { type: 'object'; [key: string]: unknown },
      // Reads only, the same answer for the same files, and nothing outside this machine.
      annotations: { title: TOOL_DEFINITIONS[name].title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const name = request.params.name as ToolName;
    if (!TOOL_NAMES.includes(name)) throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}"; the tools are ${TOOL_NAMES.join(', ')}.`);
    const token = {
      get isCancellationRequested() {
        return extra.signal.aborted;
      },
    };
    const progressToken = request.params._meta?.progressToken;
    const progress =
      progressToken === undefined
        ? undefined
        : ({ files, found }: { files: number; found: number }) =>
            void extra
              .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: files, total: found, message: `${files} of ${found} files counted` } })
              .catch(() => undefined);
    try {
      await rootsKnown;
      const result = await runTool(name, request.params.arguments ?? {}, options.host(roots()), token, progress);
      return { content: [{ type: 'text' as const, text: result.text }], structuredContent: { ...result.data }, isError: result.isError };
    } catch (err) {
      // Not a refusal of the input: a failure of Tokenscope's own, told to the model and logged.
      const message = err instanceof Error ? err.message : String(err);
      options.log(`tokenscope mcp: ${name} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
      return { content: [{ type: 'text' as const, text: `Tokenscope could not answer: ${message}` }], isError: true };
    }
  });
  return server;
}
