/**
 * What a request or a dataset is counted for, in plain data the host sends to the worker: the
 * chosen model's maker decides the format of an ambiguous request and whose image formula
 * applies. The CLI and the worker both turn it into RequestCountOptions here, so a file counts
 * the same in the terminal and in the editor.
 */
import type { ModelInfo } from '../catalog/models';
import { GPT_4O_IMAGE_RATES, GPT_4O_MINI_IMAGE_RATES } from './imageTokens';
import type { RequestCountOptions } from './requestParts';
import type { CountText, ImageProvider } from './requestTypes';

export interface RequestAsk {
  /** Which format a request that fits both OpenAI's and Anthropic's shape is read as. */
  readonly hint: 'openai' | 'anthropic';
  readonly imageProvider: ImageProvider;
  /** OpenAI's image rates: GPT-4o mini bills an image at 33× GPT-4o's tokens (its lower token price evens it out). */
  readonly openAiImageRates: 'gpt-4o' | 'gpt-4o-mini';
}

export function requestAskFor(model: ModelInfo): RequestAsk {
  const maker = model.provider.toLowerCase();
  return {
    hint: maker === 'anthropic' ? 'anthropic' : 'openai',
    imageProvider: maker === 'openai' ? 'openai' : maker === 'anthropic' ? 'anthropic' : 'other',
    openAiImageRates: model.id.startsWith('gpt-4o-mini') ? 'gpt-4o-mini' : 'gpt-4o',
  };
}

/** The options the counters take, counting with `count`. */
export function requestOptionsOf(ask: RequestAsk, count: CountText): RequestCountOptions & { hint: RequestAsk['hint'] } {
  return {
    count,
    hint: ask.hint,
    imageProvider: ask.imageProvider,
    openAiImageRates: ask.openAiImageRates === 'gpt-4o-mini' ? GPT_4O_MINI_IMAGE_RATES : GPT_4O_IMAGE_RATES,
  };
}

/** A key for caches: two asks with the same key count alike. */
export function requestAskKey(ask: RequestAsk): string {
  return `${ask.hint}/${ask.imageProvider}/${ask.openAiImageRates}`;
}
