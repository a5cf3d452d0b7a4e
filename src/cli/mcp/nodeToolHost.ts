/**
 * The agent tools' host on the command line (`tokenscope mcp`): Node's file system, the catalog
 * without settings (the CLI's), and counting in this process with the bundle's tokenizer files.
 * The MCP server answers one call at a time on one thread; it yields between batches so a
 * cancellation from the client is read while a folder is counted.
 */
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEFAULT_TOOL_BOUNDS, type ToolBounds, type ToolHost } from '../../core/agentTools/toolHost';
import { catalogModel, catalogModelIds } from '../../core/catalog/catalog';
import { defaultReservedOutput, type ModelInfo } from '../../core/catalog/models';
import { megabytesToBytes, SETTING_DEFAULTS } from '../../core/catalog/settings';
import { describeRefusal, FileRefusedError, readRegularFile } from '../../core/files/regularFile';
import type { TokenizerRegistry } from '../../core/tokenizers/tokenizerRegistry';
import { countContents } from '../../core/workspace/fileTokens';
import { nodeWorkspaceFs, toSlashes } from '../nodeWorkspaceFs';

export interface NodeToolHostOptions {
  /** Folders the tools may read; relative ones from the current folder. */
  readonly roots: readonly string[];
  readonly model: ModelInfo;
  readonly tokenizers: TokenizerRegistry;
  readonly maxSizeMB?: number;
  readonly exclude?: readonly string[];
  readonly bounds?: ToolBounds;
  readonly platform?: NodeJS.Platform;
}

export function nodeToolHost(options: NodeToolHostOptions): ToolHost {
  const compareModels = SETTING_DEFAULTS['insight.models'].flatMap((id) => catalogModel(id) ?? []);
  const platform = options.platform ?? process.platform;
  return {
    kind: 'mcp',
    roots: options.roots.map((root) => toSlashes(path.resolve(root))),
    fs: nodeWorkspaceFs,
    async readFile(file, maxBytes) {
      try {
        return readRegularFile(file, maxBytes);
      } catch (err) {
        throw err instanceof FileRefusedError ? new Error(describeRefusal(err.refusal)) : err;
      }
    },
    async countContents(request) {
      const counted = countContents(request, options.tokenizers);
      await nextTurn();
      return counted;
    },
    currentModel: options.model,
    model: (id) => catalogModel(id),
    modelIds: () => catalogModelIds(),
    compareModels,
    reservedOutput: (model) => defaultReservedOutput(model),
    maxFileBytes: megabytesToBytes(options.maxSizeMB ?? SETTING_DEFAULTS.maxFileSizeMB),
    exclude: options.exclude ?? [],
    ignoreCase: platform === 'darwin' || platform === 'win32',
    bounds: options.bounds ?? DEFAULT_TOOL_BOUNDS,
  };
}
