/**
 * Fine-tuning facts the price data package does not hold: the longest training example a model
 * takes, where OpenAI's fine-tuning guide lists one ("Token limits": the training examples
 * context length). Every other model's limit is unknown, and is shown as unknown rather than
 * guessed from its context window. Training prices: @pydantic/genai-prices (0.1.8) has none for
 * any model, so no training cost is computed (TRAINING_PRICE_NOTE says so where a cost would be).
 */

/** Tokens per training example, by catalog model id, from OpenAI's fine-tuning guide. */
const TRAINING_EXAMPLE_LIMITS: Readonly<Record<string, number>> = {
  'gpt-4o': 65_536,
  'gpt-4o-mini': 65_536,
  'gpt-3.5-turbo': 16_385,
  'gpt-3.5-turbo-1106': 16_385,
  'gpt-3.5-turbo-0613': 4_096,
};

/** Where the limits come from, for output that cites them. */
export const TRAINING_LIMIT_SOURCE = "OpenAI's fine-tuning guide, training examples context length";

/** The longest training example `modelId` takes, in tokens; undefined when no limit is published here. */
export function trainingExampleLimit(modelId: string): number | undefined {
  return Object.hasOwn(TRAINING_EXAMPLE_LIMITS, modelId) ? TRAINING_EXAMPLE_LIMITS[modelId] : undefined;
}

/** Why no training cost is given: the price data has no training prices. */
export const TRAINING_PRICE_NOTE = 'no training price: the price data (@pydantic/genai-prices 0.1.8) has no training rates for any model';
