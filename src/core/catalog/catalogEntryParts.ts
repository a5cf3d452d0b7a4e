import type { ApproximationId } from './approximations';
import { deferred, type DeferredMessage } from '../l10n';
import type { TokenizerId } from '../tokenizers/tokenizerIds';
import type { TokenizerDownloadId } from '../download/tokenizerDownload';

/*
 * The parts catalogEntries.ts's table is written with: what an entry holds, how each tokenizer
 * family is counted, and each maker's entry maker.
 */

/**
 * An entry of our own table (catalogEntries.ts): only what the price data package (@pydantic/genai-prices) does not hold.
 * Prices, names, most windows and deprecation come from the package (catalog.ts); this table says
 * where the package keeps each model, how its tokens are counted, when it came out, its max
 * output, and a window only where the package has none.
 *
 * It lists every model the package has for our ten makers (catalogScope.ts says where the package
 * keeps each maker's models), save those catalogScope.ts excludes with a reason; a unit test
 * (catalogCoverage.test.ts) names any package model that is neither, so an upgrade of the package
 * shows what to add. Another checks that every entry still resolves in the installed package.
 *
 * Sources for the facts kept here:
 * - tokenizers: tiktoken's model→encoding rules for OpenAI (tested); the makers' model cards and
 *   tokenizer files for open models; where a maker publishes nothing, an approximation that says so
 *   (`≈`), never a tokenizer guessed to make a count exact;
 * - `released`: the date in the model's snapshot id where the package lists one (`gpt-4.1-2025-04-14`,
 *   Mistral's and Qwen's `-2507`), else the maker's announcement; the picker lists each maker's
 *   models newest first by it;
 * - max output and windows the package lacks: the makers' model pages and model cards.
 */
export interface CatalogEntry {
  /** Tokenscope's id (what `tokenscope.model` holds). */
  readonly id: string;
  /** Who makes the model. */
  readonly maker: Maker;
  /** Where the price package keeps it: provider id and model id. */
  readonly priced: readonly [providerId: string, modelId: string];
  readonly tokenizer: EntryTokenizer;
  /** When the model came out, `YYYY-MM` (see above); the picker's order within a maker. */
  readonly released: string;
  /** Max output tokens; undefined where the maker publishes none. */
  readonly maxOutput?: number;
  /** Display name, only where the package's is missing or not one (`gpt 4o`, `text embedding 3`). */
  readonly name?: string;
  /** Window, only where the package has none (the package wins when it has one). */
  readonly window?: number;
  /**
   * What the model is for, where it is not a chat model; a model the package marks deprecated is
   * `legacy` without saying so here.
   */
  readonly kind?: 'embedding' | 'legacy' | 'image' | 'audio';
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
  | 'OpenAI (unpublished)'
  | 'Claude 1–2 (not bundled)'
  | 'Claude 3–4.6'
  | 'Claude Opus 4.7'
  | 'Gemini 1.x (unpublished)'
  | 'Gemini (unpublished)'
  | 'Gemma 2'
  | 'Gemma 3'
  | 'Gemma 3n (not bundled)'
  | 'Gemma 4'
  | 'Mistral Tekken'
  | 'Mistral (unpublished)'
  | 'DeepSeek-V3'
  | 'DeepSeek-V4'
  | 'Grok (unpublished)'
  | 'Cohere (not bundled)'
  | 'Kimi K2 (not bundled)'
  | 'Kimi (unpublished)'
  | 'Moonshot v1 (unpublished)'
  | 'Qwen3'
  | 'Qwen2.5'
  | 'Qwen API (unpublished)'
  | 'Qwen3.5+ (unpublished)'
  | 'Llama 2'
  | 'Llama 3'
  | 'Llama 4';

export type Maker = 'OpenAI' | 'Anthropic' | 'Google' | 'Mistral' | 'DeepSeek' | 'xAI' | 'Cohere' | 'Moonshot AI' | 'Qwen' | 'Meta';

/**
 * How an entry is counted: an exact tokenizer; an approximation; a tokenizer the model is said
 * (or likely) to share but which is not verified for it (`sameAs`, shown `≈` with its error
 * unmeasured); or a tokenizer that is not bundled (its licence's conditions, or no npm copy), used
 * exactly when the user has it in the Hugging Face cache (any of `repos`, all of which share the
 * tokenizer) and approximated otherwise.
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

export const O200K = { exact: 'o200k_base' } as const;
export const CL100K = { exact: 'cl100k_base' } as const;
export const P50K = { exact: 'p50k_base' } as const;
export const R50K = { exact: 'r50k_base' } as const;
export const HARMONY = { exact: 'o200k_base', note: deferred('o200k_harmony = o200k_base + special tokens') } as const;
/** OpenAI models tiktoken has no rule for: o200k_base, which every OpenAI model since GPT-4o uses, but unconfirmed. */
export const OPENAI_UNCONFIRMED = {
  sameAs: 'o200k_base',
  note: deferred("o200k_base, the encoding of OpenAI's models since GPT-4o; tiktoken names no encoding for this model, so it is not confirmed"),
} as const;
/** Qwen3's tokenizer is Qwen2.5's plus four ordinary added tokens (`<think>`…), so each has its own file. */
export const QWEN3 = { exact: 'hf:qwen3' } as const;
export const QWEN3_VL = { exact: 'hf:qwen3', note: deferred("Qwen3's tokenizer, which Qwen3-VL ships with vision tokens added") } as const;
export const QWEN25 = { exact: 'hf:qwen2.5' } as const;
export const QWEN25_VL = { exact: 'hf:qwen2.5', note: deferred("Qwen2.5's tokenizer, which Qwen2.5-VL ships with vision tokens added") } as const;
export const QWEN2 = {
  sameAs: 'hf:qwen2.5',
  note: deferred("Qwen2.5's tokenizer: Qwen2's has the same vocabulary and merges, fewer special tokens; not verified against Qwen2's file"),
} as const;
export const QWQ = {
  sameAs: 'hf:qwen3',
  note: deferred("Qwen3's tokenizer: QwQ has Qwen2.5's vocabulary with <think> tokens added, as Qwen3 does; not verified against QwQ's file"),
} as const;
/** Alibaba's API-only Qwen models: Alibaba publishes no tokenizer for them. */
export const QWEN_API3 = { sameAs: 'hf:qwen3', note: deferred('the open Qwen3 tokenizer; Alibaba does not publish the tokenizer of this API model') } as const;
export const DEEPSEEK = { exact: 'hf:deepseek-v3', note: deferred('the DeepSeek-V3 tokenizer, shared by the V3.x models the API serves') } as const;
export const DEEPSEEK_V4 = { exact: 'hf:deepseek-v4', note: deferred('the DeepSeek-V4 tokenizer, shared by V4 Pro and V4 Flash') } as const;
/** Mistral says these models use Tekken, the tokenizer bundled from Mistral NeMo; not checked against each model's own file. */
export const TEKKEN = {
  sameAs: 'hf:mistral-nemo',
  note: deferred("Mistral NeMo's Tekken tokenizer, which Mistral states this model uses; not verified against the model's own tokenizer file"),
} as const;
export const MISTRAL_OTHER = { approx: 'other' } as const;
/** Llama 3.1's tokenizer, bundled; Llama 3, 3.2 and 3.3 ship the same vocabulary, merges and pre-tokenizer. */
export const LLAMA31 = { exact: 'hf:llama3.1' } as const;
export const LLAMA3_SAME = {
  exact: 'hf:llama3.1',
  note: deferred("Llama 3.1's tokenizer, whose vocabulary, merges and pre-tokenizer this Llama 3.x model ships unchanged"),
} as const;
/** Llama 4's tokenizer (202k entries) is a new one, not bundled: exact from the Hugging Face cache, else ≈. */
export const LLAMA4 = {
  hfCache: ['meta-llama/Llama-4-Scout-17B-16E-Instruct', 'meta-llama/Llama-4-Maverick-17B-128E-Instruct'],
  label: 'Llama 4',
  otherwise: 'llama',
} as const;
export const LLAMA2 = {
  hfCache: ['meta-llama/Llama-2-70b-chat-hf', 'meta-llama/Llama-2-13b-chat-hf', 'meta-llama/Llama-2-7b-chat-hf'],
  label: 'Llama 2',
  otherwise: 'other',
} as const;
/**
 * Gemma 3's tokenizer (262,144 tokens) is not bundled: the Gemma Terms of Use require passing on
 * a copy of the terms and making their use restrictions part of ours, which Tokenscope cannot do
 * yet (THIRD_PARTY_NOTICES.md). Exact when the user has it in the Hugging Face cache (any of these
 * repositories, which share it), downloaded it with "Get the Gemma 3 Tokenizer" (accepting the
 * terms themselves), or sets it in tokenscope.tokenizerFiles; ≈ otherwise.
 */
export const GEMMA3_REPOS = ['google/gemma-3-27b-it', 'google/gemma-3-12b-it', 'google/gemma-3-4b-it', 'google/gemma-3-1b-it'] as const;
export const GEMMA3 = { hfCache: GEMMA3_REPOS, label: 'Gemma 3', otherwise: 'gemma', download: 'gemma-3' } as const;
/**
 * Google's own google-genai SDK counts Gemini 2.x and the Gemini 3 Pro/Flash previews offline
 * with the Gemma 3 vocabulary (`_local_tokenizer_loader.py` maps each model to it), so with that
 * file the count is the one Google's local tokenizer gives; without it, the measured `gemini`
 * approximation.
 */
export const GEMINI_GEMMA3 = {
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
export const GEMMA4_REPOS = ['google/gemma-4-31b-it', 'google/gemma-4-26b-a4b-it'] as const;
export const GEMMA4 = { hfCache: GEMMA4_REPOS, label: 'Gemma 4', otherwise: 'gemma' } as const;
/** Google's SDK counts Gemini 3.1 Pro preview, 3.1 Flash-Lite and 3.5 Flash with the Gemma 4 vocabulary. */
export const GEMINI_GEMMA4 = {
  hfCache: GEMMA4_REPOS,
  label: 'Gemma 4',
  otherwise: 'gemini',
  note: deferred("the Gemma 4 tokenizer, which Google's google-genai SDK uses to count this model's tokens offline"),
} as const;
/** Gemma 2's tokenizer (256k SentencePiece), not bundled (the Gemma Terms of Use, as Gemma 3's). */
export const GEMMA2 = { hfCache: ['google/gemma-2-27b-it', 'google/gemma-2-9b-it', 'google/gemma-2-2b-it'], label: 'Gemma 2', otherwise: 'gemma' } as const;

/** An OpenAI model's generation is its tiktoken encoding (or unpublished). */
function encodingGeneration(t: EntryTokenizer): TokenizerGeneration {
  if ('sameAs' in t) return 'OpenAI (unpublished)';
  const encoding = 'exact' in t ? t.exact : undefined;
  return encoding === 'cl100k_base' || encoding === 'p50k_base' || encoding === 'r50k_base' ? encoding : 'o200k_base';
}

/** What an entry adds to its maker's defaults; `id` where the package's id is not one a setting can hold (`gpt-4o:extended`). */
export type Extra = Partial<Pick<CatalogEntry, 'id' | 'maxOutput' | 'name' | 'window' | 'kind' | 'separateOutputLimit'>>;

export const openai = (id: string, released: string, tokenizer: EntryTokenizer, maxOutput: number | undefined, extra: Extra = {}): CatalogEntry => ({
  id,
  maker: 'OpenAI',
  priced: ['openai', id],
  tokenizer,
  released,
  maxOutput,
  generation: encodingGeneration(tokenizer),
  ...extra,
});
export const anthropic = (id: string, released: string, maxOutput: number | undefined): CatalogEntry => ({
  id,
  maker: 'Anthropic',
  priced: ['anthropic', id],
  tokenizer: { approx: 'claude' },
  released,
  maxOutput,
  generation: 'Claude 3–4.6',
});
/**
 * Claude Opus 4.7 and later: Anthropic's new tokenizer (1.0–1.35× the tokens of the previous one,
 * Anthropic says). Anthropic's pricing page says "Opus 4.7 and later" use it; its models overview
 * lists Opus 4.8 and Fable 5 with it.
 */
export const anthropic47 = (id: string, released: string, maxOutput: number | undefined): CatalogEntry => ({
  id,
  maker: 'Anthropic',
  priced: ['anthropic', id],
  tokenizer: { approx: 'claude-4.7' },
  released,
  maxOutput,
  generation: 'Claude Opus 4.7',
});
export const gemini = (id: string, released: string, maxOutput: number | undefined, extra: Extra = {}): CatalogEntry => ({
  id,
  maker: 'Google',
  priced: ['google', id],
  tokenizer: GEMINI_GEMMA3,
  generation: 'Gemma 3',
  released,
  maxOutput,
  separateOutputLimit: true,
  ...extra,
});
export const gemini4 = (id: string, released: string, maxOutput: number | undefined, extra: Extra = {}): CatalogEntry => ({
  ...gemini(id, released, maxOutput, extra),
  tokenizer: GEMINI_GEMMA4,
  generation: 'Gemma 4',
});
/** Gemini models Google's SDK maps to no local tokenizer (or the SDK predates): the measured `gemini` ≈. */
export const geminiOther = (id: string, released: string, generation: 'Gemini 1.x (unpublished)' | 'Gemini (unpublished)', extra: Extra = {}): CatalogEntry => ({
  ...gemini(id, released, undefined, extra),
  tokenizer: { approx: 'gemini' },
  generation,
});
/** Open models priced at OpenRouter: our id is OpenRouter's without the maker's prefix. */
export const openrouter = (maker: Maker, path: string, released: string, tokenizer: EntryTokenizer, generation: TokenizerGeneration, extra: Extra = {}): CatalogEntry => ({
  id: path.slice(path.indexOf('/') + 1),
  maker,
  priced: ['openrouter', path],
  tokenizer,
  generation,
  released,
  ...extra,
});
export const mistral = (id: string, released: string, tokenizer: EntryTokenizer, extra: Extra = {}): CatalogEntry => ({
  id,
  maker: 'Mistral',
  priced: ['mistral', id],
  tokenizer,
  generation: 'sameAs' in tokenizer || 'exact' in tokenizer ? 'Mistral Tekken' : 'Mistral (unpublished)',
  released,
  ...extra,
});
export const deepseek = (id: string, released: string, extra: Extra = {}): CatalogEntry => ({
  id,
  maker: 'DeepSeek',
  priced: ['deepseek', id],
  tokenizer: DEEPSEEK,
  generation: 'DeepSeek-V3',
  released,
  ...extra,
});
export const grok = (id: string, released: string, extra: Extra = {}): CatalogEntry => ({
  id,
  maker: 'xAI',
  priced: ['x-ai', id],
  tokenizer: { approx: 'grok' },
  generation: 'Grok (unpublished)',
  released,
  ...extra,
});
export const cohere = (id: string, released: string, extra: Extra = {}): CatalogEntry => ({
  id,
  maker: 'Cohere',
  priced: ['cohere', id],
  tokenizer: { approx: 'cohere' },
  generation: 'Cohere (not bundled)',
  released,
  ...extra,
});
export const moonshot = (
  id: string,
  released: string,
  generation: 'Kimi K2 (not bundled)' | 'Kimi (unpublished)' | 'Moonshot v1 (unpublished)',
  extra: Extra = {},
): CatalogEntry => ({
  id,
  maker: 'Moonshot AI',
  priced: ['moonshotai', id],
  tokenizer: { approx: 'moonshot' },
  generation,
  released,
  ...extra,
});
export const qwen = (path: string, released: string, tokenizer: EntryTokenizer, generation: TokenizerGeneration, extra: Extra = {}) =>
  openrouter('Qwen', `qwen/${path}`, released, tokenizer, generation, extra);
export const llama = (path: string, released: string, tokenizer: EntryTokenizer, generation: TokenizerGeneration, extra: Extra = {}) =>
  openrouter('Meta', `meta-llama/${path}`, released, tokenizer, generation, extra);
