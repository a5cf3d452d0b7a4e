/**
 * What the agent tools ask of where they run: VS Code (src/host/agentTools/, files through
 * `vscode.workspace.fs`, counts through the tokenizer worker) or the MCP server of the command
 * line (src/cli/mcp/, Node's fs, counts in the process). Everything else (inputs, paths,
 * bounds, the walk, the numbers and the text an agent reads) is the core's, in one copy.
 */
import type { ModelInfo } from '../catalog/models';
import type { ContentsCounted, ContentsToCount } from '../workspace/fileTokens';
import type { WorkspaceFs } from '../workspace/workspaceFs';
import type { ToolHostKind } from './toolDefinitions';

/** Limits on one tool call's work; a result says which stopped it early. */
export interface ToolBounds {
  /** Files a folder count reads at most. */
  readonly maxFiles: number;
  /** Bytes of files a folder count reads at most (each file also within the host's `maxFileBytes`). */
  readonly maxBytes: number;
  /** Time a call may take, in ms; a folder count stops at the next batch after it. */
  readonly maxMs: number;
}

/**
 * Defaults for a call an agent makes while the user waits: 10,000 files or 100 MB cover a large
 * repository's sources (this repository's src/ and test/ are ~500 files, ~8 MB), and 30 s is
 * about what an agent's turn tolerates; the Tokens view, which the user starts, has no bound.
 */
export const DEFAULT_TOOL_BOUNDS: ToolBounds = { maxFiles: 10_000, maxBytes: 100 * 1024 * 1024, maxMs: 30_000 };

/** Cancellation as VS Code's token has it (the host passes its own token through to `countContents`). */
export interface ToolCancellation {
  readonly isCancellationRequested: boolean;
}

/** A text the host names: the VS Code editor's selection. */
export interface HostText {
  /** How the result names it: `selection in src/app.ts`. */
  readonly name: string;
  readonly text: string;
}

export interface ToolHost<C extends ToolCancellation = ToolCancellation> {
  readonly kind: ToolHostKind;
  /**
   * The folders the tools may read (workspace folders, or the MCP server's roots): absolute,
   * `/`-separated. A relative path is taken from the first.
   */
  readonly roots: readonly string[];
  /** Listings, sizes and links of paths under the roots (`realPath` where links can be resolved). */
  readonly fs: WorkspaceFs;
  /** A file's bytes, whole; rejects with a one-line reason (missing, not a regular file, over `maxBytes`). */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  /** Counts contents with one tokenizer: the worker's `countFiles` in VS Code, the same code in the process for MCP. */
  countContents(request: ContentsToCount, token: C): Promise<ContentsCounted>;
  /** The user's current model (`tokenscope.model`; the MCP server's `--model`). */
  readonly currentModel: ModelInfo;
  /** A model of the catalog (with the user's custom models in VS Code). */
  model(id: string): ModelInfo | undefined;
  modelIds(): readonly string[];
  /** The models `compare_models` compares when the agent names none (`tokenscope.insight.models`). */
  readonly compareModels: readonly ModelInfo[];
  /** Output tokens kept free in `model`'s window (`tokenscope.reservedOutputTokens` for the current model). */
  reservedOutput(model: ModelInfo): number;
  /** Files larger than this are skipped (`tokenscope.maxFileSizeMB`). */
  readonly maxFileBytes: number;
  /** `.gitignore`-style lines left out of folder counts (`tokenscope.workspace.exclude`). */
  readonly exclude: readonly string[];
  /** Names compare without case (macOS, Windows), as git's core.ignorecase. */
  readonly ignoreCase?: boolean;
  readonly bounds: ToolBounds;
  /** The active editor's selection (or whole text), where there is an editor. */
  selection?(): HostText | undefined;
}

/** What a tool answers: short text for the model, the same facts as data, and whether it failed. */
export interface ToolResult {
  readonly text: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly isError: boolean;
}

/** A call the tool refuses (bad input, a path outside the roots): its message is the whole answer. */
export class ToolInputError extends Error {}

/** Progress of a long call: files read so far, of those found. */
export type ToolProgress = (done: { readonly files: number; readonly found: number }) => void;
