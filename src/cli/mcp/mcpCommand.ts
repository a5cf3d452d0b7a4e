/**
 * `tokenscope mcp`: the agent tools as an MCP server on standard input and output, for Claude
 * Code, Cursor, Codex, VS Code or any MCP client. The MCP SDK loads only when the command runs
 * (loadMcpSdk.ts), so it costs `count` nothing at start-up.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_ID } from '../../core/catalog/catalog';
import { SETTING_DEFAULTS } from '../../core/catalog/settings';
import type { TokenizerRegistry } from '../../core/tokenizers/tokenizerRegistry';
import { parseOptions, UsageError, type OptionSpec } from '../args';
import type { Io } from '../io';
import { megabytes, resolveModel } from '../options';
import { loadMcpSdk } from './loadMcpSdk';
import { createMcpServer } from './mcpServer';
import { nodeToolHost } from './nodeToolHost';

export const MCP_OPTIONS = {
  root: { kind: 'list', value: 'a folder the tools may read' },
  model: { kind: 'value', value: 'a model id; `tokenscope models` lists them' },
  exclude: { kind: 'list', value: 'a .gitignore-style pattern, such as *.min.js or dist/' },
  'max-size': { kind: 'value', value: 'a number of megabytes' },
} as const satisfies Record<string, OptionSpec>;

export const MCP_USAGE = `  tokenscope mcp [--root DIR…] [--model ID] [--exclude PATTERN…] [--max-size MB]
      An MCP server on standard input and output (for Claude Code, Cursor, Codex, VS Code…)
      with four tools: count_tokens, will_it_fit, compare_models and biggest_files. They read
      only inside the roots: the --root folders, else the folders the client names as its
      roots, else the current folder. Each call is bounded (10,000 files, 100 MB, 30 s) and
      says when it stopped early.
      --root DIR         a folder the tools may read (may be given again)
      --model ID         the model counted for when a call names none (default ${DEFAULT_MODEL_ID})
      --exclude PATTERN  leave out of folder counts what matches (a .gitignore line); may be given again
      --max-size MB      skip files over MB megabytes (default ${SETTING_DEFAULTS.maxFileSizeMB})`;

export async function mcp(args: string[], io: Io, tokenizers: TokenizerRegistry, usage: () => string): Promise<number> {
  const { values, positionals, help } = parseOptions('mcp', args, MCP_OPTIONS);
  if (help) {
    io.out(usage());
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`mcp takes no arguments, got ${JSON.stringify(positionals[0])}; a folder to read goes after --root`, 'mcp');
  const model = resolveModel(values.model ?? DEFAULT_MODEL_ID, 'mcp');
  const maxSizeMB = values['max-size'] === undefined ? SETTING_DEFAULTS.maxFileSizeMB : megabytes('--max-size', values['max-size'], 'mcp');
  const roots = (values.root ?? []).map((root) => path.resolve(root));
  for (const root of roots) {
    if (!isFolder(root)) throw new UsageError(`--root ${root} is not a folder`, 'mcp');
  }
  const server = createMcpServer({
    host: (current) => nodeToolHost({ roots: current, model, tokenizers, maxSizeMB, exclude: values.exclude ?? [], platform: io.platform as NodeJS.Platform | undefined }),
    roots,
    cwd: io.cwd ?? process.cwd(),
    log: io.err,
  });
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  await server.connect(new (loadMcpSdk().StdioServerTransport)());
  await closed;
  return 0;
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
