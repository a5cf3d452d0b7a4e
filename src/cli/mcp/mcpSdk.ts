/**
 * The parts of the MCP SDK the server uses, in one module: the build makes it a bundle of its
 * own (dist/mcpSdk.js) that loadMcpSdk.ts requires when `tokenscope mcp` starts, so the SDK
 * (~280 KB minified with zod and ajv) is neither parsed nor run by `count` and the other commands.
 */
export { Server } from '@modelcontextprotocol/sdk/server/index.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
