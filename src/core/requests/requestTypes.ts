/**
 * What a chat request file costs, part by part: the types every request counter in this folder
 * returns (requestCount.ts builds them), and the CLI and host show.
 */

/** Counts the tokens of a text with the chosen model's tokenizer (scaled where the model is ≈). */
export type CountText = (text: string) => number;

/** The request formats recognised by their shape (requestShape.ts), never by the file's name. */
export type RequestFormat = 'openai-chat' | 'openai-responses' | 'anthropic-messages';

/** A part of the file: its JSON path and its offsets, so an editor can reveal it. */
export interface SourceSpan {
  /** JSON path of the item (`['messages', 2]`). */
  readonly path: readonly (string | number)[];
  /** Offset of the item's first character in the file's text (UTF-16 code units). */
  readonly offset: number;
  readonly length: number;
}

export type RequestItemKind = 'system' | 'message' | 'tool' | 'toolChoice' | 'responseFormat' | 'framing' | 'priming';

/** One row of the breakdown. */
export interface RequestItem {
  readonly kind: RequestItemKind;
  /** What a user reads: `system`, `user #3`, `tool get_weather`, `reply priming`. */
  readonly label: string;
  /** The message's role, for messages and system prompts. */
  readonly role?: string;
  /** Tokens of the item's own text (message content, a tool's rendering), framing excluded. */
  readonly content: number;
  /** Framing tokens attributed to the item (message start and end tokens, role, name). */
  readonly framing: number;
  /** Image tokens in the item, by the provider's published formula (see images). */
  readonly imageTokens: number;
  /** content + framing + imageTokens. */
  readonly tokens: number;
  /** A tool's parts: its name, description and parameters counted on their own (they need not sum to `content`). */
  readonly toolParts?: { readonly name: number; readonly description: number; readonly parameters: number };
  /** Images in the item that could not be counted (a URL whose size is not in the file): never silently 0. */
  readonly imagesNotCounted: number;
  /** True where the item's count is ≈ (a rendering or framing the provider does not publish). */
  readonly estimated: boolean;
  /** What a user should know about the count: what is left out, and why. */
  readonly note?: string;
  readonly span?: SourceSpan;
}

/** An image of the request and how it was counted. */
export interface RequestImage {
  /** The item (its label) the image belongs to. */
  readonly item: string;
  readonly width?: number;
  readonly height?: number;
  /** Undefined: not counted (its size is unknown), with `reason`. */
  readonly tokens?: number;
  readonly reason?: string;
  readonly span?: SourceSpan;
}

/** How exact the framing is for this format, and the method (one sentence a user reads). */
export interface FramingMethod {
  /** `published`: OpenAI's formula as the maintained libraries verify it; `estimated`: ≈. */
  readonly kind: 'published' | 'estimated';
  readonly description: string;
}

export interface RequestBreakdown {
  readonly format: RequestFormat;
  readonly items: readonly RequestItem[];
  readonly images: readonly RequestImage[];
  /** Sum of the items' tokens: what the request's input is billed as, by this method. */
  readonly total: number;
  readonly framing: FramingMethod;
  /** Images whose tokens are not in `total` (their size is unknown). */
  readonly imagesNotCounted: number;
  /** The `model` field of the request, if it names one. */
  readonly requestModel?: string;
}

/** Which image formula applies: the provider of the chosen model. */
export type ImageProvider = 'openai' | 'anthropic' | 'other';

/** What the status bar needs of a request file: its total and how exact it is. */
export interface RequestTotal {
  readonly format: RequestFormat;
  readonly total: number;
  /** The framing is `≈` for this format (framing.kind `estimated`). */
  readonly estimated: boolean;
  readonly items: number;
  readonly imagesNotCounted: number;
}

export function requestTotalOf(breakdown: RequestBreakdown): RequestTotal {
  return {
    format: breakdown.format,
    total: breakdown.total,
    estimated: breakdown.framing.kind === 'estimated',
    items: breakdown.items.length,
    imagesNotCounted: breakdown.imagesNotCounted,
  };
}
