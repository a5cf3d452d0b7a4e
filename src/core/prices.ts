import type { ModelPrice } from '@pydantic/genai-prices';

/**
 * Prices per million tokens, from the maintained data package `@pydantic/genai-prices`
 * (MIT), never from a table of our own: upgrading the package updates them. The package's
 * data is embedded; nothing is fetched (its `updatePrices` is never called).
 */
export interface ModelPrices {
  /** USD per 1M input tokens. */
  readonly input: number;
  /** USD per 1M output tokens; undefined for models that produce none (embeddings). */
  readonly output?: number;
  /** USD per 1M cached input tokens, where the provider has such a price. */
  readonly cachedInput?: number;
  readonly source: string;
  /** When the price data was published (the package's release date). */
  readonly date: string;
}

/**
 * The data package's version and its release date (the data carries no date of its own).
 * A unit test fails when the installed version differs, so an upgrade updates the date too.
 */
export const PRICE_DATA = { package: '@pydantic/genai-prices', version: '0.1.8', published: '2026-09-23' } as const;

const cache = new Map<string, ModelPrices | undefined>();

/** Prices of an OpenAI model id, or undefined when the data package does not price it. */
export function pricesFor(modelId: string, provider = 'openai', today = new Date()): ModelPrices | undefined {
  const key = `${provider}/${modelId}/${today.toISOString().slice(0, 10)}`;
  if (cache.has(key)) return cache.get(key);
  // Required on first use: the package is ~0.5 MB of data, which activation need not parse.
  const { findProvider } = require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
  const model = findProvider({ providerId: provider })?.models.find((m) => m.id === modelId);
  const price = model ? currentPrice(model.prices, today) : undefined;
  const prices =
    price && typeof price.input_mtok === 'number'
      ? {
          input: price.input_mtok,
          output: numberOrUndefined(price.output_mtok),
          cachedInput: numberOrUndefined(price.cache_read_mtok),
          source: `${PRICE_DATA.package} ${PRICE_DATA.version}`,
          date: PRICE_DATA.published,
        }
      : undefined;
  cache.set(key, prices);
  return prices;
}

type Conditional = { constraint?: { type: string; start_date?: string }; prices: ModelPrice };

/**
 * A model's price today: conditional prices (a price change from a start date) take the
 * latest one that has started; time-of-day discounts are not the list price and are skipped.
 */
function currentPrice(prices: ModelPrice | Conditional[], today: Date): ModelPrice | undefined {
  if (!Array.isArray(prices)) return prices;
  let best: { start: number; prices: ModelPrice } | undefined;
  for (const entry of prices) {
    const c = entry.constraint;
    let start: number;
    if (!c) start = -Infinity;
    else if (c.type === 'start_date' && c.start_date) start = Date.parse(c.start_date);
    else continue;
    if (start <= today.getTime() && (!best || start >= best.start)) best = { start, prices: entry.prices };
  }
  return best?.prices;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** `$0.0012`, `$0.50`, `$12.34`, `<$0.0001`: two significant digits below a cent. */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.0001) return '<$0.0001';
  if (amount < 0.01) return `$${Number(amount.toPrecision(2))}`;
  return `$${amount.toFixed(2)}`;
}
