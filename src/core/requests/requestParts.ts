import { anthropicImageTokens, base64ImageSize, dataUrlImageSize, GPT_4O_IMAGE_RATES, openAiImageTokens, type OpenAiImageRates } from './imageTokens';
import type { CountText, ImageProvider, RequestImage, RequestItem, RequestItemKind, SourceSpan } from './requestTypes';

/** Where a JSON path is in the file; undefined where the request has no text (a JSONL line parsed whole). */
export type Locate = (path: readonly (string | number)[]) => SourceSpan | undefined;

/** How a request is counted: the tokenizer and the image formula of the chosen model. */
export interface RequestCountOptions {
  readonly count: CountText;
  /** Whose image formula applies (the chosen model's maker); `other`: images are not counted. */
  readonly imageProvider: ImageProvider;
  /** OpenAI's per-model image rates (GPT-4o's by default). */
  readonly openAiImageRates?: OpenAiImageRates;
}

/** What one counter shares while it walks a request. */
export interface WalkContext extends RequestCountOptions {
  readonly locate: Locate;
  readonly images: RequestImage[];
}

/** The tokens of one item's content while it is being added up. */
export interface Tally {
  content: number;
  framing: number;
  imageTokens: number;
  imagesNotCounted: number;
}

export function newTally(): Tally {
  return { content: 0, framing: 0, imageTokens: 0, imagesNotCounted: 0 };
}

/** A finished row. */
export function makeItem(
  kind: RequestItemKind,
  label: string,
  tally: Tally,
  extra: { path?: readonly (string | number)[]; role?: string; estimated: boolean; note?: string; toolParts?: RequestItem['toolParts'] },
  ctx: WalkContext,
): RequestItem {
  const { path, ...rest } = extra;
  return {
    kind,
    label,
    ...rest,
    content: tally.content,
    framing: tally.framing,
    imageTokens: tally.imageTokens,
    imagesNotCounted: tally.imagesNotCounted,
    tokens: tally.content + tally.framing + tally.imageTokens,
    span: path ? ctx.locate(path) : undefined,
  };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Objects as JSON text, strings as themselves: what a tool's input or output reads as. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

/**
 * Counts one image into `tally`: by the chosen provider's formula when its size is in the file
 * (a base64 data URL or Anthropic `source.data`), else as not counted with the reason.
 */
export function countImage(tally: Tally, ctx: WalkContext, item: string, path: readonly (string | number)[], image: { url?: string; base64?: string; detail?: string }): void {
  const size = image.url !== undefined ? dataUrlImageSize(image.url) : image.base64 !== undefined ? base64ImageSize(image.base64) : undefined;
  const span = ctx.locate(path);
  let reason: string | undefined;
  if (!size) reason = image.url !== undefined && !image.url.startsWith('data:') ? 'a remote image: its size is not in the file' : 'its size could not be read from the file';
  else if (ctx.imageProvider === 'other') reason = "the chosen model's maker publishes no image formula";
  if (reason || !size) {
    tally.imagesNotCounted++;
    ctx.images.push({ item, width: size?.width, height: size?.height, reason, span });
    return;
  }
  const tokens = ctx.imageProvider === 'openai' ? openAiImageTokens(size, image.detail, ctx.openAiImageRates ?? GPT_4O_IMAGE_RATES) : anthropicImageTokens(size);
  tally.imageTokens += tokens;
  ctx.images.push({ item, width: size.width, height: size.height, tokens, span });
}

/** A part the request holds that no formula counts (audio, a file, a document): listed, never silently 0. */
export function notCounted(tally: Tally, ctx: WalkContext, item: string, path: readonly (string | number)[], reason: string): void {
  tally.imagesNotCounted++;
  ctx.images.push({ item, reason, span: ctx.locate(path) });
}
