/**
 * The tools Tokenscope offers coding agents, defined once: the same names, descriptions and
 * JSON input schemas serve VS Code's language-model tools (package.json
 * `contributes.languageModelTools`, written from this table by scripts/manifest.mjs, and
 * `vscode.lm.registerTool`) and the MCP server (`tokenscope mcp`). Descriptions are for the
 * model, so they are English and say when to call the tool and what comes back.
 */

import { assertNever } from '../assertNever';

/** The tools, by their MCP name. */
export const TOOL_NAMES = ['count_tokens', 'will_it_fit', 'compare_models', 'biggest_files'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Where a tool runs: VS Code also has an editor, whose selection a tool may count. */
export type ToolHostKind = 'vscode' | 'mcp';

/** A JSON Schema object, as both VS Code and MCP take it. */
export type JsonSchema = { readonly [key: string]: unknown };

export interface ToolDefinition {
  readonly name: ToolName;
  /** The name in VS Code, where tool names are global: the extension's prefix, then the MCP name. */
  readonly vscodeName: string;
  /** What a user types after `#` in a VS Code chat prompt. */
  readonly referenceName: string;
  /** A short title (MCP `title`; VS Code's displayName is the manifest's translated one). */
  readonly title: string;
  readonly description: string;
}

/** Most models `compare_models` takes in one call: each is a count of the text with its tokenizer. */
export const MAX_COMPARED_MODELS = 20;
/** Most files `biggest_files` lists; the default is DEFAULT_BIGGEST. */
export const MAX_BIGGEST = 100;
export const DEFAULT_BIGGEST = 15;

const WHAT_IS_COUNTED =
  'Paths are relative to the workspace folder (or absolute inside it); paths outside the workspace are refused. A folder is counted with the same ignore rules as git (.gitignore files, .git/info/exclude) and Tokenscope\'s exclude setting; binary and very large files are skipped and listed. Counts are exact for models whose tokenizer Tokenscope has, otherwise marked "≈" with their measured error. Work is bounded (files, bytes, time): a result says when it stopped early. Nothing leaves the machine.';

export const TOOL_DEFINITIONS: Readonly<Record<ToolName, ToolDefinition>> = {
  count_tokens: {
    name: 'count_tokens',
    vscodeName: 'tokenscope_count_tokens',
    referenceName: 'tokens',
    title: 'Count tokens',
    description: `Counts the tokens of a file, a folder or a given text for an LLM (default: the user's current model), before you read it into your context. Use it to decide what to read whole, what to read in parts and what to skip, instead of guessing from characters. Returns the token count, whether it is exact, and the share of the model's usable context window. ${WHAT_IS_COUNTED}`,
  },
  will_it_fit: {
    name: 'will_it_fit',
    vscodeName: 'tokenscope_will_it_fit',
    referenceName: 'fits',
    title: 'Will it fit in the context window',
    description: `Tells whether a file, a folder or a given text fits in a model's usable context window (the window less the tokens kept free for the answer), and how many tokens are left or how many too many. Use it before reading a large file or folder, or before sending a long prompt. ${WHAT_IS_COUNTED}`,
  },
  compare_models: {
    name: 'compare_models',
    vscodeName: 'tokenscope_compare_models',
    referenceName: 'compareModels',
    title: 'Compare models',
    description: `Counts the same file, folder or text for several models and gives each one's tokens, share of its context window and input cost in USD at list price. Use it to choose a model for a long input or to compare tokenizers. ${WHAT_IS_COUNTED}`,
  },
  biggest_files: {
    name: 'biggest_files',
    vscodeName: 'tokenscope_biggest_files',
    referenceName: 'biggestFiles',
    title: 'Biggest files by tokens',
    description: `Lists the files of a folder with the most tokens for a model, with the folder's total, so you can read the small files first and the big ones in parts. ${WHAT_IS_COUNTED}`,
  },
};

const PATH = {
  type: 'string',
  description: 'A file or folder: relative to the workspace folder (first folder of a multi-root workspace) or absolute inside the workspace.',
};
const TEXT = { type: 'string', description: 'A text to count, as a UTF-8 file with this text would be counted.' };
const SELECTION = { type: 'boolean', description: "Count the active editor's selection (or its whole text when nothing is selected)." };
const MODEL = { type: 'string', description: "A model id such as gpt-4o, claude-sonnet-4-5 or gemini-2.5-pro. Default: the user's current model." };

/** What the source of a count may be: a path, a text, and in VS Code the editor's selection. */
function sourceProperties(host: ToolHostKind): Record<string, unknown> {
  return host === 'vscode' ? { path: PATH, text: TEXT, selection: SELECTION } : { path: PATH, text: TEXT };
}

const SOURCE_RULE = 'Give exactly one of path or text';

/** The JSON Schema of a tool's input on `host`. */
export function toolInputSchema(name: ToolName, host: ToolHostKind): JsonSchema {
  const oneOf = host === 'vscode' ? `${SOURCE_RULE} (or selection: true).` : `${SOURCE_RULE}.`;
  switch (name) {
    case 'count_tokens':
      return { type: 'object', description: oneOf, properties: { ...sourceProperties(host), model: MODEL }, additionalProperties: false };
    case 'will_it_fit':
      return {
        type: 'object',
        description: oneOf,
        properties: {
          ...sourceProperties(host),
          model: MODEL,
          reserveTokens: {
            type: 'integer',
            minimum: 0,
            description: "Tokens to keep free for the answer and anything else in the request. Default: the model's own reserve (its maximum output, at most half the window).",
          },
        },
        additionalProperties: false,
      };
    case 'compare_models':
      return {
        type: 'object',
        description: oneOf,
        properties: {
          ...sourceProperties(host),
          models: {
            type: 'array',
            items: { type: 'string' },
            minItems: 1,
            maxItems: MAX_COMPARED_MODELS,
            description: "Model ids to compare. Default: the models the user compares in Tokenscope's insight panel.",
          },
        },
        additionalProperties: false,
      };
    case 'biggest_files':
      return {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'The folder, relative to the workspace folder or absolute inside it. Default: the (first) workspace folder.' },
          model: MODEL,
          limit: { type: 'integer', minimum: 1, maximum: MAX_BIGGEST, description: `How many files to list (default ${DEFAULT_BIGGEST}).` },
        },
        additionalProperties: false,
      };
    default:
      return assertNever(name);
  }
}
