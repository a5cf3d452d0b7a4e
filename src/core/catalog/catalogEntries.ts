import type { ApproximationId } from './approximations';
import { deferred, type DeferredMessage } from '../l10n';
import type { TokenizerId } from '../tokenizers/tokenizerIds';
import type { TokenizerDownloadId } from '../download/tokenizerDownload';

/**
 * Our own small table: only what the price data package (@pydantic/genai-prices) does not
 * hold. Prices, names and most windows come from the package (catalog.ts); this table says
 * which models we list, where the package keeps each one, how its tokens are counted, its max
 * output, and a window only where the package has none. A unit test checks that every entry
 * still resolves in the installed package, so an upgrade that drops a model fails loudly.
 *
 * Sources for the facts kept here (max output, windows the package lacks, tokenizers): the
 * makers' model pages and model cards; tokenizer encodings of OpenAI models agree with
 * tiktoken's `model_to_encoding.json` (tested).
 */
export interface CatalogEntry {
  /** Tokenscope's id (what `tokenscope.model` holds). */
  readonly id: string;
  /** Who makes the model. */
  readonly maker: Maker;
  /** Where the price package keeps it: provider id and model id. */
  readonly priced: readonly [providerId: string, modelId: string];
  readonly tokenizer: EntryTokenizer;
  /** Max output tokens; undefined where the maker publishes none. */
  readonly maxOutput: number | undefined;
  /** Display name, only where the package's is missing or not one (`gpt 4o`, `text embedding 3`). */
  readonly name?: string;
  /** Window, only where the package has none (the package wins when it has one). */
  readonly window?: number;
  readonly kind?: 'embedding' | 'legacy';
  /** The window is an input limit; output has its own (Gemini). */
  readonly separateOutputLimit?: true;
  /**
   * The tokenizer generation the model uses: entries with the same generation count alike, and a
   * maker's new tokenizer (Claude Opus 4.7's) is a new generation, never a silent change.
   */
  readonly generation: TokenizerGeneration;
}

/** Tokenizer generations of the catalog's models (names, not messages: the same in every language). */
export type TokenizerGeneration =
  | 'o200k_base'
  | 'cl100k_base'
  | 'p50k_base'
  | 'r50k_base'
  | 'Claude 3–4.6'
  | 'Claude Opus 4.7'
  | 'Gemma 3'
  | 'Gemma 4'
  | 'Mistral Tekken'
  | 'Mistral (unpublished)'
  | 'DeepSeek-V3'
  | 'Grok (unpublished)'
  | 'Cohere (not bundled)'
  | 'Kimi K2 (not bundled)'
  | 'Qwen3'
  | 'Qwen2.5'
  | 'Llama 3';

export type Maker = 'OpenAI' | 'Anthropic' | 'Google' | 'Mistral' | 'DeepSeek' | 'xAI' | 'Cohere' | 'Moonshot AI' | 'Qwen' | 'Meta';

/**
 * How an entry is counted: an exact tokenizer; an approximation; or a tokenizer that is not
 * bundled (its licence's conditions, or no npm copy), used exactly when the user has it in the
 * Hugging Face cache (any of `repos`, all of which share the tokenizer) and approximated otherwise.
 */
export type EntryTokenizer =
  | { readonly exact: TokenizerId; readonly note?: DeferredMessage }
  | { readonly approx: ApproximationId }
  | { readonly sameAs: TokenizerId; readonly note: DeferredMessage }
  | {
      readonly hfCache: readonly string[];
      readonly label: string;
      readonly otherwise: ApproximationId;
      readonly note?: DeferredMessage;
      /** The file can also be downloaded on request (core/download/tokenizerDownload.ts), into Tokenscope's own storage. */
      readonly download?: TokenizerDownloadId;
    };

const O200K = { exact: 'o200k_base' } as const;
const CL100K = { exact: 'cl100k_base' } as const;
const HARMONY = { exact: 'o200k_base', note: deferred('o200k_harmony = o200k_base + special tokens') } as const;
/** Qwen3's tokenizer is Qwen2.5's plus four ordinary added tokens (`<think>`…), so each has its own file. */
const QWEN3 = { exact: 'hf:qwen3' } as const;
const QWEN25 = { exact: 'hf:qwen2.5' } as const;
const DEEPSEEK = { exact: 'hf:deepseek-v3', note: deferred('the DeepSeek-V3 tokenizer, shared by the V3.x models the API serves') } as const;
/** Mistral says these models use Tekken, the tokenizer bundled from Mistral NeMo; not checked against each model's own file. */
const TEKKEN = {
  sameAs: 'hf:mistral-nemo',
  note: deferred("Mistral NeMo's Tekken tokenizer, which Mistral states this model uses; not verified against the model's own tokenizer file"),
} as const;
/** Llama 3.1's tokenizer, bundled; Llama 3.3 ships the same vocabulary, merges and pre-tokenizer. */
const LLAMA31 = { exact: 'hf:llama3.1' } as const;
const LLAMA33 = { exact: 'hf:llama3.1', note: deferred("Llama 3.1's tokenizer, which Llama 3.3 ships unchanged") } as const;
/**
 * Gemma 3's tokenizer (262,144 tokens) is not bundled: the Gemma Terms of Use require passing on
 * a copy of the terms and making their use restrictions part of ours, which Tokenscope cannot do
 * yet (THIRD_PARTY_NOTICES.md). Exact when the user has it in the Hugging Face cache (any of these
 * repositories, which share it), downloaded it with "Get the Gemma 3 Tokenizer" (accepting the
 * terms themselves), or sets it in tokenscope.tokenizerFiles; ≈ otherwise.
 */
const GEMMA3_REPOS = ['google/gemma-3-27b-it', 'google/gemma-3-12b-it', 'google/gemma-3-4b-it', 'google/gemma-3-1b-it'] as const;
const GEMMA3 = { hfCache: GEMMA3_REPOS, label: 'Gemma 3', otherwise: 'gemma', download: 'gemma-3' } as const;
/**
 * Google's own google-genai SDK counts Gemini 2.x and the Gemini 3 Pro/Flash previews offline
 * with the Gemma 3 vocabulary (`_local_tokenizer_loader.py` maps each model to it), so with that
 * file the count is the one Google's local tokenizer gives; without it, the measured `gemini`
 * approximation.
 */
const GEMINI_GEMMA3 = {
  hfCache: GEMMA3_REPOS,
  label: 'Gemma 3',
  otherwise: 'gemini',
  download: 'gemma-3',
  note: deferred("the Gemma 3 tokenizer, which Google's google-genai SDK uses to count this model's tokens offline"),
} as const;
/**
 * Gemma 4's own tokenizer is on no npm package, so it is not bundled: exact when the user has
 * it in the Hugging Face cache (or sets it in tokenscope.tokenizerFiles), else ≈ like Gemma 3 without its file.
 */
const GEMMA4 = { hfCache: ['google/gemma-4-31b-it', 'google/gemma-4-26b-a4b-it'], label: 'Gemma 4', otherwise: 'gemma' } as const;

/** An OpenAI model's generation is its tiktoken encoding. */
function encodingGeneration(t: EntryTokenizer): TokenizerGeneration {
  const encoding = 'exact' in t ? t.exact : undefined;
  return encoding === 'cl100k_base' || encoding === 'p50k_base' || encoding === 'r50k_base' ? encoding : 'o200k_base';
}

const openai = (id: string, tokenizer: EntryTokenizer, maxOutput: number | undefined, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({
  id,
  maker: 'OpenAI',
  priced: ['openai', id],
  tokenizer,
  maxOutput,
  generation: encodingGeneration(tokenizer),
  ...extra,
});
const anthropic = (id: string, maxOutput: number | undefined): CatalogEntry => ({
  id,
  maker: 'Anthropic',
  priced: ['anthropic', id],
  tokenizer: { approx: 'claude' },
  maxOutput,
  generation: 'Claude 3–4.6',
});
/** Claude Opus 4.7 and later: Anthropic's new tokenizer (1.0–1.35× the tokens of the previous one, Anthropic says). */
const anthropic47 = (id: string, maxOutput: number | undefined): CatalogEntry => ({
  id,
  maker: 'Anthropic',
  priced: ['anthropic', id],
  tokenizer: { approx: 'claude-4.7' },
  maxOutput,
  generation: 'Claude Opus 4.7',
});
const gemini = (id: string, maxOutput: number, window?: number): CatalogEntry => ({
  id,
  maker: 'Google',
  priced: ['google', id],
  tokenizer: GEMINI_GEMMA3,
  generation: 'Gemma 3',
  maxOutput,
  separateOutputLimit: true,
  ...(window ? { window } : {}),
});

export const CATALOG_ENTRIES: readonly CatalogEntry[] = [
  // OpenAI: GPT-5.x and the o-series use o200k_base; gpt-oss uses o200k_harmony, which is
  // o200k_base plus special tokens, so ordinary text counts the same.
  openai('gpt-5.2', O200K, 128_000),
  openai('gpt-5.1', O200K, 128_000),
  openai('gpt-5', O200K, 128_000),
  openai('gpt-5-mini', O200K, 128_000),
  openai('gpt-5-nano', O200K, 128_000),
  openai('gpt-4.1', O200K, 32_768, { name: 'GPT-4.1' }),
  openai('gpt-4.1-mini', O200K, 32_768, { name: 'GPT-4.1 mini' }),
  openai('gpt-4.1-nano', O200K, 32_768, { name: 'GPT-4.1 nano' }),
  openai('gpt-4o', O200K, 16_384, { name: 'GPT-4o' }),
  openai('gpt-4o-mini', O200K, 16_384, { name: 'GPT-4o mini' }),
  openai('o3', O200K, 100_000),
  openai('o3-pro', O200K, 100_000),
  openai('o4-mini', O200K, 100_000, { name: 'o4-mini' }),
  openai('o3-mini', O200K, 100_000),
  openai('o1', O200K, 100_000),
  openai('gpt-oss-120b', HARMONY, 131_072),
  openai('gpt-oss-20b', HARMONY, 131_072),
  openai('gpt-4-turbo', CL100K, 4_096, { name: 'GPT-4 Turbo' }),
  openai('gpt-4', CL100K, 8_192, { name: 'GPT-4' }),
  openai('gpt-3.5-turbo', CL100K, 4_096, { name: 'GPT-3.5 Turbo' }),
  openai('text-embedding-3-large', CL100K, 0, { name: 'text-embedding-3-large', kind: 'embedding' }),
  openai('text-embedding-3-small', CL100K, 0, { name: 'text-embedding-3-small', kind: 'embedding' }),
  openai('text-embedding-ada-002', CL100K, 0, { name: 'text-embedding-ada-002', kind: 'embedding' }),
  openai('text-davinci-003', { exact: 'p50k_base' }, 4_097, { kind: 'legacy', window: 4_097 }),
  openai('davinci', { exact: 'r50k_base' }, 2_049, { kind: 'legacy', window: 2_049 }),

  // Anthropic: no public tokenizer since Claude 3 (approximations.ts). Opus 4.7 brought a new
  // one, approximated on its own; no maximum output is listed here for it.
  anthropic47('claude-opus-4-7', undefined),
  anthropic('claude-sonnet-4-5', 64_000),
  anthropic('claude-haiku-4-5', 64_000),
  anthropic('claude-opus-4-5', 64_000),
  anthropic('claude-opus-4-1', 32_000),
  anthropic('claude-opus-4-0', 32_000),
  anthropic('claude-sonnet-4-0', 64_000),
  anthropic('claude-3-7-sonnet-latest', 64_000),
  anthropic('claude-3-5-haiku-latest', 8_192),

  // Google: Gemini windows are input limits (1,048,576), output has its own limit. Gemini 2.x
  // and the 3.0 previews count with Gemma 3's vocabulary once the user has it (GEMINI_GEMMA3).
  gemini('gemini-3-pro-preview', 65_536, 1_048_576),
  gemini('gemini-3-flash-preview', 65_536),
  gemini('gemini-2.5-pro', 65_536, 1_048_576),
  gemini('gemini-2.5-flash', 65_536),
  gemini('gemini-2.5-flash-lite', 65_536),
  { ...gemini('gemini-2.0-flash', 8_192), name: 'Gemini 2.0 Flash' },
  { ...gemini('gemini-2.0-flash-lite', 8_192), name: 'Gemini 2.0 Flash Lite' },
  { id: 'gemma-3-27b-it', maker: 'Google', priced: ['openrouter', 'google/gemma-3-27b-it'], tokenizer: GEMMA3, generation: 'Gemma 3', maxOutput: 8_192, window: 131_072 },
  { id: 'gemma-3-12b-it', maker: 'Google', priced: ['openrouter', 'google/gemma-3-12b-it'], tokenizer: GEMMA3, generation: 'Gemma 3', maxOutput: 8_192 },
  { id: 'gemma-4-31b-it', maker: 'Google', priced: ['openrouter', 'google/gemma-4-31b-it'], tokenizer: GEMMA4, generation: 'Gemma 4', maxOutput: undefined },

  // Mistral: the API takes max_tokens up to the window; no separate output limit is published.
  {
    id: 'mistral-nemo',
    maker: 'Mistral',
    priced: ['mistral', 'mistral-nemo'],
    tokenizer: { exact: 'hf:mistral-nemo' },
    generation: 'Mistral Tekken',
    maxOutput: undefined,
    window: 131_072,
  },
  {
    id: 'mistral-small-latest',
    maker: 'Mistral',
    priced: ['mistral', 'mistral-small-latest'],
    tokenizer: TEKKEN,
    generation: 'Mistral Tekken',
    maxOutput: undefined,
    window: 131_072,
  },
  { id: 'ministral-8b', maker: 'Mistral', priced: ['mistral', 'ministral-8b'], tokenizer: TEKKEN, generation: 'Mistral Tekken', maxOutput: undefined, window: 131_072 },
  { id: 'pixtral-12b', maker: 'Mistral', priced: ['mistral', 'pixtral-12b'], tokenizer: TEKKEN, generation: 'Mistral Tekken', maxOutput: undefined, window: 131_072 },
  { id: 'devstral-small', maker: 'Mistral', priced: ['mistral', 'devstral-small'], tokenizer: TEKKEN, generation: 'Mistral Tekken', maxOutput: undefined, window: 131_072 },
  {
    id: 'mistral-large',
    maker: 'Mistral',
    priced: ['mistral', 'mistral-large'],
    tokenizer: { approx: 'other' },
    generation: 'Mistral (unpublished)',
    maxOutput: undefined,
    window: 131_072,
  },
  {
    id: 'mistral-medium-3-1',
    maker: 'Mistral',
    priced: ['mistral', 'mistral-medium-3-1'],
    tokenizer: { approx: 'other' },
    generation: 'Mistral (unpublished)',
    maxOutput: undefined,
    window: 131_072,
  },

  // DeepSeek: the API's deepseek-chat / deepseek-reasoner (8K / 64K max output).
  { id: 'deepseek-chat', maker: 'DeepSeek', priced: ['deepseek', 'deepseek-chat'], tokenizer: DEEPSEEK, generation: 'DeepSeek-V3', maxOutput: 8_192 },
  {
    id: 'deepseek-reasoner',
    name: 'DeepSeek Reasoner',
    maker: 'DeepSeek',
    priced: ['deepseek', 'deepseek-reasoner'],
    tokenizer: DEEPSEEK,
    generation: 'DeepSeek-V3',
    maxOutput: 65_536,
  },

  // xAI: no public tokenizer for Grok 3/4; no separate output limit published.
  { id: 'grok-4-0709', maker: 'xAI', priced: ['x-ai', 'grok-4-0709'], tokenizer: { approx: 'grok' }, generation: 'Grok (unpublished)', maxOutput: undefined },
  { id: 'grok-4-fast-reasoning', maker: 'xAI', priced: ['x-ai', 'grok-4-fast-reasoning'], tokenizer: { approx: 'grok' }, generation: 'Grok (unpublished)', maxOutput: undefined },
  { id: 'grok-code-fast-1', maker: 'xAI', priced: ['x-ai', 'grok-code-fast-1'], tokenizer: { approx: 'grok' }, generation: 'Grok (unpublished)', maxOutput: undefined },
  { id: 'grok-3', maker: 'xAI', priced: ['x-ai', 'grok-3'], tokenizer: { approx: 'grok' }, generation: 'Grok (unpublished)', maxOutput: undefined },
  { id: 'grok-3-mini', maker: 'xAI', priced: ['x-ai', 'grok-3-mini'], tokenizer: { approx: 'grok' }, generation: 'Grok (unpublished)', maxOutput: undefined },

  // Cohere (windows and max output from Cohere's model pages).
  { id: 'command-a', maker: 'Cohere', priced: ['cohere', 'command-a'], tokenizer: { approx: 'cohere' }, generation: 'Cohere (not bundled)', maxOutput: 8_000, window: 256_000 },
  {
    id: 'command-r-plus',
    maker: 'Cohere',
    priced: ['cohere', 'command-r-plus'],
    tokenizer: { approx: 'cohere' },
    generation: 'Cohere (not bundled)',
    maxOutput: 4_000,
    window: 128_000,
  },
  { id: 'command-r', maker: 'Cohere', priced: ['cohere', 'command-r'], tokenizer: { approx: 'cohere' }, generation: 'Cohere (not bundled)', maxOutput: 4_000, window: 128_000 },
  { id: 'command-r7b', maker: 'Cohere', priced: ['cohere', 'command-r7b'], tokenizer: { approx: 'cohere' }, generation: 'Cohere (not bundled)', maxOutput: 4_000, window: 128_000 },

  // Moonshot AI (Kimi K2).
  {
    id: 'kimi-k2-0905-preview',
    maker: 'Moonshot AI',
    priced: ['moonshotai', 'kimi-k2-0905-preview'],
    tokenizer: { approx: 'moonshot' },
    generation: 'Kimi K2 (not bundled)',
    maxOutput: undefined,
  },
  {
    id: 'kimi-k2-thinking',
    maker: 'Moonshot AI',
    priced: ['moonshotai', 'kimi-k2-thinking'],
    tokenizer: { approx: 'moonshot' },
    generation: 'Kimi K2 (not bundled)',
    maxOutput: undefined,
  },
  {
    id: 'kimi-k2',
    maker: 'Moonshot AI',
    priced: ['moonshotai', 'kimi-k2'],
    tokenizer: { approx: 'moonshot' },
    generation: 'Kimi K2 (not bundled)',
    maxOutput: undefined,
    window: 131_072,
  },

  // Qwen (open weights; list prices as sold on OpenRouter). Windows are the model cards' native ones.
  { id: 'qwen3-235b-a22b', maker: 'Qwen', priced: ['openrouter', 'qwen/qwen3-235b-a22b'], tokenizer: QWEN3, generation: 'Qwen3', maxOutput: 32_768 },
  { id: 'qwen3-coder', maker: 'Qwen', priced: ['openrouter', 'qwen/qwen3-coder'], tokenizer: QWEN3, generation: 'Qwen3', maxOutput: 65_536, window: 262_144 },
  { id: 'qwen3-32b', maker: 'Qwen', priced: ['openrouter', 'qwen/qwen3-32b'], tokenizer: QWEN3, generation: 'Qwen3', maxOutput: 32_768, window: 32_768 },
  { id: 'qwen3-30b-a3b', maker: 'Qwen', priced: ['openrouter', 'qwen/qwen3-30b-a3b'], tokenizer: QWEN3, generation: 'Qwen3', maxOutput: 32_768, window: 32_768 },
  { id: 'qwen-2.5-72b-instruct', maker: 'Qwen', priced: ['openrouter', 'qwen/qwen-2.5-72b-instruct'], tokenizer: QWEN25, generation: 'Qwen2.5', maxOutput: 8_192, window: 131_072 },
  { id: 'qwen-2.5-coder-32b-instruct', maker: 'Qwen', priced: ['openrouter', 'qwen/qwen-2.5-coder-32b-instruct'], tokenizer: QWEN25, generation: 'Qwen2.5', maxOutput: 8_192 },

  // Meta Llama 3.x (open weights; OpenRouter list prices), counted with the bundled Llama 3.1
  // tokenizer (Llama 3.1 Community License, THIRD_PARTY_NOTICES.md).
  {
    id: 'llama-3.3-70b-instruct',
    maker: 'Meta',
    priced: ['openrouter', 'meta-llama/llama-3.3-70b-instruct'],
    tokenizer: LLAMA33,
    generation: 'Llama 3',
    maxOutput: undefined,
    window: 131_072,
  },
  {
    id: 'llama-3.1-405b-instruct',
    name: 'Llama 3.1 405B Instruct',
    maker: 'Meta',
    priced: ['openrouter', 'meta-llama/llama-3.1-405b-instruct'],
    tokenizer: LLAMA31,
    generation: 'Llama 3',
    maxOutput: undefined,
    window: 131_072,
  },
  {
    id: 'llama-3.1-8b-instruct',
    name: 'Llama 3.1 8B Instruct',
    maker: 'Meta',
    priced: ['openrouter', 'meta-llama/llama-3.1-8b-instruct'],
    tokenizer: LLAMA31,
    generation: 'Llama 3',
    maxOutput: undefined,
    window: 131_072,
  },
];

export const DEFAULT_MODEL_ID = 'gpt-4o';
