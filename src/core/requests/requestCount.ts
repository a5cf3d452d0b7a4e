/**
 * A chat request file, counted part by part: the file's JSON is read with jsonc-parser (the
 * parser VS Code uses, which gives every value's offset, so the editor can reveal each part),
 * its format recognised by its shape (requestShape), and each format counted by its own rules.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { countAnthropicMessages } from './anthropicRequest';
import { countOpenAiChat, countOpenAiResponses } from './openAiRequest';
import { isObject, type Locate, type RequestCountOptions, type WalkContext } from './requestParts';
import type { FramingMethod, RequestBreakdown, RequestFormat, RequestImage, RequestItem } from './requestTypes';
import { assertNever } from '../assertNever';

export type { RequestCountOptions } from './requestParts';

/**
 * The format of a parsed request, by its fields, or undefined when it is not a chat request.
 * `hint` decides a request that fits both OpenAI's and Anthropic's shape (only `messages` of
 * user and assistant text, no field of either's own): the chosen model's maker.
 */
export function requestFormatOf(value: unknown, hint: 'openai' | 'anthropic' = 'openai'): RequestFormat | undefined {
  if (!isObject(value)) return undefined;
  const messages = Array.isArray(value.messages) ? value.messages : undefined;
  if (!messages) {
    const responses = typeof value.input === 'string' || Array.isArray(value.input) || typeof value.instructions === 'string';
    return responses ? 'openai-responses' : undefined;
  }
  if (!messages.every(isObject)) return undefined;
  const tools = Array.isArray(value.tools) ? value.tools.filter(isObject) : [];
  const roles = new Set(messages.map((m) => m.role));
  if (value.system !== undefined || value.anthropic_version !== undefined || tools.some((t) => t.input_schema !== undefined)) return 'anthropic-messages';
  if (['system', 'developer', 'tool', 'function'].some((r) => roles.has(r))) return 'openai-chat';
  if (value.functions !== undefined || value.response_format !== undefined || tools.some((t) => t.type === 'function' && isObject(t.function))) return 'openai-chat';
  const blockTypes = new Set(messages.flatMap((m) => (Array.isArray(m.content) ? m.content.filter(isObject).map((b) => b.type) : [])));
  if (['image', 'tool_use', 'tool_result', 'document', 'thinking'].some((t) => blockTypes.has(t))) return 'anthropic-messages';
  if (['image_url', 'input_audio', 'file'].some((t) => blockTypes.has(t))) return 'openai-chat';
  if (typeof value.model === 'string' && /^claude/i.test(value.model)) return 'anthropic-messages';
  if (typeof value.model === 'string' && /^(gpt|o\d|chatgpt)/i.test(value.model)) return 'openai-chat';
  return hint === 'anthropic' ? 'anthropic-messages' : 'openai-chat';
}

/** Why a file is not counted as a request: not JSON, or JSON of another shape. */
export interface NotARequest {
  readonly notARequest: string;
}

/** The breakdown of a request file's text, or why it is not one. */
export function countRequestText(text: string, options: RequestCountOptions & { hint?: 'openai' | 'anthropic' }): RequestBreakdown | NotARequest {
  // A request names one of these keys; any other JSON (a 100 MB data file) is not parsed into a
  // tree with offsets, which costs several times the text's size in memory.
  if (!/"(messages|input|instructions)"\s*:/.test(text)) return { notARequest: 'not a chat request (no messages, input or instructions)' };
  const errors: ParseError[] = [];
  // JSON with comments and trailing commas is read as VS Code reads a .jsonc file.
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length > 0) {
    const first = errors[0];
    return { notARequest: first ? `not valid JSON: ${printParseErrorCode(first.error)} at offset ${first.offset}` : 'not valid JSON' };
  }
  const value: unknown = getNodeValue(root);
  const format = requestFormatOf(value, options.hint);
  if (!format) return { notARequest: 'JSON, but not a chat request (no messages, input or instructions)' };
  return countRequestValue(value as Record<string, unknown>, format, options, locateIn(root));
}

/** The breakdown of a parsed request of a known format; `locate` gives each part's place in the file. */
export function countRequestValue(request: Record<string, unknown>, format: RequestFormat, options: RequestCountOptions, locate: Locate = () => undefined): RequestBreakdown {
  const images: RequestImage[] = [];
  const ctx: WalkContext = { ...options, locate, images };
  let items: RequestItem[];
  switch (format) {
    case 'openai-chat':
      items = countOpenAiChat(request, ctx);
      break;
    case 'openai-responses':
      items = countOpenAiResponses(request, ctx);
      break;
    case 'anthropic-messages':
      items = countAnthropicMessages(request, ctx);
      break;
    default:
      return assertNever(format);
  }
  return {
    format,
    items,
    images,
    total: items.reduce((sum, item) => sum + item.tokens, 0),
    framing: FRAMING[format],
    imagesNotCounted: images.filter((image) => image.tokens === undefined).length,
    requestModel: typeof request.model === 'string' ? request.model : undefined,
  };
}

export function isNotARequest(result: RequestBreakdown | NotARequest): result is NotARequest {
  return 'notARequest' in result;
}

const FRAMING: Record<RequestFormat, FramingMethod> = {
  'openai-chat': {
    kind: 'published',
    description:
      "OpenAI's per-message formula (3 tokens a message, 1 for a name, 3 priming the reply) and its function-definition rendering, as gpt-tokenizer and openai-chat-tokens verify them against the API",
  },
  'openai-responses': {
    kind: 'estimated',
    description: "≈ the Chat Completions formula applied to the Responses API's instructions, input items and function tools: OpenAI publishes none for the Responses API",
  },
  'anthropic-messages': {
    kind: 'estimated',
    description: "≈ message text, tool calls and tool definitions as JSON text, plus Anthropic's published tool-use system prompt; Anthropic does not publish its message framing",
  },
};

/** Offsets of a JSON path in the parsed tree. */
function locateIn(root: Node): Locate {
  return (path) => {
    const node = findNodeAtLocation(root, [...path]);
    return node ? { path, offset: node.offset, length: node.length } : undefined;
  };
}
