/**
 * The MCP SDK, loaded on first use. In the CLI bundle `./mcpSdk` stays a run-time require of
 * dist/mcpSdk.js beside dist/cli.js (esbuild.mjs, `separateMcpSdk`); in the tests' bundles it is
 * bundled like any module.
 */
export type McpSdk = typeof import('./mcpSdk');

let sdk: McpSdk | undefined;

export function loadMcpSdk(): McpSdk {
  // A require the build keeps as it is (not an import it would bundle), so the SDK loads only for `mcp`.
  sdk ??= require('./mcpSdk') as McpSdk;
  return sdk;
}
