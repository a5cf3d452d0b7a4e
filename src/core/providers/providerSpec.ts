/**
 * What differs between the makers' token-counting APIs, as data: each provider Tokenscope can
 * ask for a count (the opt-in "exact counts" of Anthropic, OpenAI, Google Gemini and xAI) is
 * one {@link ProviderSpec} in providerTable.ts. Everything else (the HTTP exchange, errors and
 * rate limits, base URL checks, the scheduler, the key's storage and prompts, the status bar's
 * presentation) is shared and knows nothing of any one provider.
 */
export type ProviderId = 'anthropic' | 'openai' | 'gemini' | 'xai';

/** The error a provider's answer carried, as far as it said: its own code or type, and its message. */
export interface ProviderErrorBody {
  /** `authentication_error`, `invalid_request_error`, `RESOURCE_EXHAUSTED`, `API_KEY_INVALID`…: compared with the spec's lists. */
  readonly codes: readonly string[];
  readonly message?: string;
}

/** A count the provider answered: its number of tokens, and where it returns them, each token's end in the text. */
export interface ProviderCount {
  readonly inputTokens: number;
  /**
   * The tokens themselves: only from a provider that returns them (xAI), and only when their
   * bytes are the counted text's bytes exactly, in order.
   */
  readonly tokenList?: ProviderTokens;
}

/** The tokens a provider cut a text into (xAI's tokenize-text), laid over that text. */
export interface ProviderTokens {
  /** The provider's id of each token. */
  readonly ids: Uint32Array;
  /** The UTF-8 length of each token (a token may stop inside a character). */
  readonly byteLengths: Uint32Array;
  /** The UTF-16 offset where each token ends (tokenEndsFromBytes); the last is the text's length. */
  readonly ends: Uint32Array;
}

/**
 * What a provider needs to know of a catalog model (ModelInfo has these; core/providers
 * imports nothing from the catalog, which imports it).
 */
export interface ServedModel {
  readonly id: string;
  /** The maker, as the catalog names it: `OpenAI`, `Anthropic`, `Google`, `xAI`. */
  readonly provider: string;
  readonly kind: 'chat' | 'embedding' | 'legacy' | 'image' | 'audio';
}

export interface ProviderSpec {
  readonly id: ProviderId;
  /** The company, as messages name it: `Anthropic`, `OpenAI`, `Google`, `xAI`. */
  readonly maker: string;
  /** The model family the counts are for, as messages name it: `Claude`, `OpenAI`, `Gemini`, `Grok`. */
  readonly family: string;
  /** What its keys are called: `Anthropic`, `OpenAI`, `Gemini`, `xAI` ("No Gemini API key is set"). */
  readonly keyName: string;
  /** Whether the provider says token counting is free of charge (Anthropic, Google); else the user is pointed to its pricing. */
  readonly freeOfCharge: boolean;
  readonly defaultBaseUrl: string;
  /** The endpoint below the base URL, for a model id. */
  path(model: string): string;
  /** The headers that carry the key (and any the API requires besides content-type). */
  headers(apiKey: string): Record<string, string>;
  /** The JSON body that asks for the count of `text` for `model`. */
  body(model: string, text: string): unknown;
  /** The count in a 200 answer, or undefined when the answer is not one. */
  parse(json: unknown, text: string): ProviderCount | undefined;
  /** The answer's field that holds the count, for the message when it is missing. */
  readonly countField: string;
  /** The error an answer other than 200 carried. */
  errorOf(json: unknown): ProviderErrorBody;
  /** Error codes that mean the key was refused, whatever the HTTP status (Gemini answers 400 `API_KEY_INVALID`). */
  readonly authCodes: readonly string[];
  /** Error codes that mean a rate limit. */
  readonly rateLimitCodes: readonly string[];
  /** Whether Tokenscope asks this provider for `model`'s counts (a model of its family the API knows). */
  serves(model: ServedModel): boolean;
  /** The model id the API takes for a catalog model (the catalog's ids are the makers' own). */
  apiModel(model: ServedModel): string;
  /** Whether the count includes tokens of the request around the text (a message's framing), not only the text's. */
  readonly framing: boolean;
  /** The largest answer read, for an API that answers more than a number (64 KiB otherwise). */
  readonly maxAnswerBytes?: number;
  /** The documented request size limit of the endpoint, when there is one; 4 MiB is sent at most anyway. */
  readonly maxRequestBytes?: number;
  /** What the provider's keys look like, checked before one is stored (its own URL only: a gateway may issue others). */
  readonly keyPattern: RegExp;
  /** How its keys start, for the messages: `sk-ant-`, `sk-`, `AIza`, `xai-`. */
  readonly keyPrefix: string;
  /** A model the key is checked with when the active editor's is not one of the provider's. */
  readonly checkModel: string;
}
