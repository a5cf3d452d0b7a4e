import type { ModelPrice } from '@pydantic/genai-prices';

/**
 * Prices per million tokens and context windows, from the maintained data package
 * `@pydantic/genai-prices` (MIT), never from a table of our own: upgrading the package updates
 * them. The package's data is embedded; nothing is fetched (its `updatePrices` is never called).
 */
export interface ModelPrices {
  /** USD per 1M input tokens (the base rate, below any long-context tier). */
  readonly input: number;
  /** USD per 1M output tokens; undefined for models that produce none (embeddings). */
  readonly output?: number;
  /** USD per 1M cached input tokens, where the provider has such a price. */
  readonly cachedInput?: number;
  /**
   * Long-context rates (Gemini 2.5 Pro, Claude Sonnet 4.5 above 200k input tokens): when the
   * input is longer than `aboveInputTokens`, every token of the request costs these rates.
   */
  readonly tiers?: readonly PriceTier[];
  /** Who the prices are from: the data package and, for open models, the host whose list price it is. */
  readonly source: string;
  /** When the price data was published (the package's release date), or `settings` for an override. */
  readonly date: string;
}

export interface PriceTier {
  readonly aboveInputTokens: number;
  readonly input: number;
  readonly output?: number;
  readonly cachedInput?: number;
}

/**
 * The data package's version and its release date (the data carries no date of its own).
 * A unit test fails when the installed version differs, so an upgrade updates the date too.
 */
export const PRICE_DATA = { package: '@pydantic/genai-prices', version: '0.1.8', published: '2026-09-23' } as const;

/** What the data package says about one model. */
export interface PackageModel {
  readonly name: string | undefined;
  readonly contextWindow: number | undefined;
  readonly prices: ModelPrices | undefined;
  /** The package marks the model deprecated. */
  readonly deprecated: boolean;
}

type Provider = Pick<NonNullable<ReturnType<typeof import('@pydantic/genai-prices').findProvider>>, 'id' | 'name' | 'models'>;
let providers: Map<string, Provider | undefined> | undefined;

/**
 * In the extension and CLI bundles, the catalog's models' price data, extracted from the
 * package at build time (esbuild.mjs): a few KB instead of parsing the package's 480 KB.
 */
declare const TOKENSCOPE_PRICE_DATA: Provider[] | undefined;

function findPriceProvider(providerId: string): Provider | undefined {
  if (typeof TOKENSCOPE_PRICE_DATA !== 'undefined') return TOKENSCOPE_PRICE_DATA.find((p) => p.id === providerId);
  // Unbundled (tests, scripts): the package itself, required on first use.
  const { findProvider } = require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
  return findProvider({ providerId });
}

/**
 * A model of the data package, by the package's provider id and model id, with today's
 * prices; undefined when the package does not list it. `providerName` is shown as the price
 * source when it differs from the model's maker (open models priced at OpenRouter).
 */
export function packageModel(providerId: string, modelId: string, today = new Date()): PackageModel | undefined {
  providers ??= new Map();
  if (!providers.has(providerId)) providers.set(providerId, findPriceProvider(providerId));
  const provider = providers.get(providerId);
  const model = provider?.models.find((m) => m.id === modelId);
  if (!provider || !model) return undefined;
  const price = currentPrice(model.prices as ModelPrice | Conditional[], today);
  return {
    name: model.name,
    contextWindow: typeof model.context_window === 'number' ? model.context_window : undefined,
    deprecated: model.deprecated === true,
    prices: price ? toPrices(price, `${PRICE_DATA.package} ${PRICE_DATA.version} (${provider.name})`) : undefined,
  };
}

function toPrices(price: ModelPrice, source: string): ModelPrices | undefined {
  const input = rate(price.input_mtok);
  if (!input) return undefined;
  const output = rate(price.output_mtok);
  const cached = rate(price.cache_read_mtok);
  const starts = new Set([...input.tiers, ...(output?.tiers ?? []), ...(cached?.tiers ?? [])].map((t) => t.start));
  const tiers = [...starts]
    .sort((a, b) => a - b)
    .map((start) => ({ aboveInputTokens: start, input: rateAt(input, start)!, output: rateAt(output, start), cachedInput: rateAt(cached, start) }));
  return {
    input: input.base,
    output: output?.base,
    cachedInput: cached?.base,
    ...(tiers.length > 0 ? { tiers } : {}),
    source,
    date: PRICE_DATA.published,
  };
}

interface Rate {
  base: number;
  tiers: Array<{ start: number; price: number }>;
}

/** A price field: a number, or the package's tiered `{ base, tiers }`. */
function rate(value: unknown): Rate | undefined {
  if (typeof value === 'number') return { base: value, tiers: [] };
  if (value && typeof value === 'object' && typeof (value as Rate).base === 'number' && Array.isArray((value as Rate).tiers)) {
    return { base: (value as Rate).base, tiers: [...(value as Rate).tiers].sort((a, b) => a.start - b.start) };
  }
  return undefined;
}

/** The rate that applies once the input is longer than `start` (the package's rule: the last tier passed). */
function rateAt(r: Rate | undefined, start: number): number | undefined {
  if (!r) return undefined;
  let price = r.base;
  for (const tier of r.tiers) if (start >= tier.start) price = tier.price;
  return price;
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

/** The rates that apply to a request with `inputTokens` of input. */
export function ratesFor(prices: ModelPrices, inputTokens: number): { input: number; output?: number; cachedInput?: number } {
  let rates: { input: number; output?: number; cachedInput?: number } = prices;
  for (const tier of prices.tiers ?? []) if (inputTokens > tier.aboveInputTokens) rates = tier;
  return rates;
}

/** USD for `tokens` at `perMillion` USD per million tokens. */
export function costOf(tokens: number, perMillion: number): number {
  return (tokens * perMillion) / 1_000_000;
}

/** USD for `tokens` of input at list price (long-context tiers applied). */
export function inputCost(prices: ModelPrices, tokens: number): number {
  return costOf(tokens, ratesFor(prices, tokens).input);
}
