import type { EncodingName } from './encodings';

/**
 * The models Tokenscope knows. This module is the one place the list lives; the full
 * multi-provider catalog (prices, approximations) will replace it behind the same functions.
 * Encodings agree with tiktoken's own `model_to_encoding.json` (checked by a unit test);
 * windows and output limits are OpenAI's published model pages.
 */
export interface ModelInfo {
  readonly id: string;
  readonly displayName: string;
  readonly provider: string;
  readonly encoding: EncodingName;
  /** Context window in tokens (input + output). */
  readonly contextWindow: number;
  /** Largest output the model produces, in tokens (0 for embedding models). */
  readonly maxOutputTokens: number;
  readonly family: 'current' | 'embedding' | 'legacy';
}

const openai = (
  id: string,
  displayName: string,
  encoding: EncodingName,
  contextWindow: number,
  maxOutputTokens: number,
  family: ModelInfo['family'] = 'current',
): ModelInfo => ({ id, displayName, provider: 'OpenAI', encoding, contextWindow, maxOutputTokens, family });

export const MODELS: readonly ModelInfo[] = [
  openai('gpt-5', 'GPT-5', 'o200k_base', 400_000, 128_000),
  openai('gpt-5-mini', 'GPT-5 mini', 'o200k_base', 400_000, 128_000),
  openai('gpt-5-nano', 'GPT-5 nano', 'o200k_base', 400_000, 128_000),
  openai('gpt-4.1', 'GPT-4.1', 'o200k_base', 1_047_576, 32_768),
  openai('gpt-4.1-mini', 'GPT-4.1 mini', 'o200k_base', 1_047_576, 32_768),
  openai('gpt-4.1-nano', 'GPT-4.1 nano', 'o200k_base', 1_047_576, 32_768),
  openai('gpt-4o', 'GPT-4o', 'o200k_base', 128_000, 16_384),
  openai('gpt-4o-mini', 'GPT-4o mini', 'o200k_base', 128_000, 16_384),
  openai('o3', 'o3', 'o200k_base', 200_000, 100_000),
  openai('o4-mini', 'o4-mini', 'o200k_base', 200_000, 100_000),
  openai('o3-mini', 'o3-mini', 'o200k_base', 200_000, 100_000),
  openai('o1', 'o1', 'o200k_base', 200_000, 100_000),
  openai('gpt-4-turbo', 'GPT-4 Turbo', 'cl100k_base', 128_000, 4_096),
  openai('gpt-4', 'GPT-4', 'cl100k_base', 8_192, 8_192),
  openai('gpt-3.5-turbo', 'GPT-3.5 Turbo', 'cl100k_base', 16_385, 4_096),
  openai('text-embedding-3-large', 'text-embedding-3-large', 'cl100k_base', 8_191, 0, 'embedding'),
  openai('text-embedding-3-small', 'text-embedding-3-small', 'cl100k_base', 8_191, 0, 'embedding'),
  openai('text-embedding-ada-002', 'text-embedding-ada-002', 'cl100k_base', 8_191, 0, 'embedding'),
  openai('text-davinci-003', 'text-davinci-003', 'p50k_base', 4_097, 4_097, 'legacy'),
  openai('code-davinci-002', 'code-davinci-002 (Codex)', 'p50k_base', 8_001, 8_001, 'legacy'),
  openai('davinci', 'davinci (GPT-3)', 'r50k_base', 2_049, 2_049, 'legacy'),
];

export const DEFAULT_MODEL_ID = 'gpt-4o';

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

export function defaultModel(): ModelInfo {
  return findModel(DEFAULT_MODEL_ID)!;
}
