import { tokenEndsFromBytes } from './tokenOffsets';
import type { ProviderCount, ProviderErrorBody, ProviderId, ProviderSpec, ServedModel } from './providerSpec';

/**
 * The four token-counting APIs Tokenscope can ask, each as the documented request and answer
 * shapes (the links are the makers' API references):
 * - Anthropic `POST /v1/messages/count_tokens` (docs.anthropic.com, "Count message tokens"):
 *   the text as one user message; the answer's `input_tokens` includes the message framing.
 * - OpenAI `POST /v1/responses/input_tokens` (platform.openai.com, "Responses: input token
 *   counts"): the text as a request's `input`; `input_tokens` is that request's count, framing
 *   included: the billing figure, beside the exact local count of the text.
 * - Google `POST /v1beta/models/{model}:countTokens` (ai.google.dev, "models.countTokens"):
 *   the text as one part of one content; `totalTokens`.
 * - xAI `POST /v1/tokenize-text` (docs.x.ai, "Tokenize text"): the text itself, tokenized;
 *   the answer lists every token with its bytes, so Grok's boundaries are exact as well.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A whole number of tokens, as the APIs answer: anything else is not a count. */
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const strings = (...values: unknown[]): string[] => values.filter((v): v is string => typeof v === 'string' && v !== '');

/** `{ error: { type, code, message } }`: Anthropic's and OpenAI's error bodies. */
function nestedError(json: unknown): ProviderErrorBody {
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  return { codes: strings(error?.type, error?.code), message: strings(error?.message)[0] };
}

const bearer = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

export const ANTHROPIC: ProviderSpec = {
  id: 'anthropic',
  maker: 'Anthropic',
  family: 'Claude',
  keyName: 'Anthropic',
  // Anthropic's token-counting guide: free of charge, rate limited.
  freeOfCharge: true,
  defaultBaseUrl: 'https://api.anthropic.com',
  path: () => '/v1/messages/count_tokens',
  // The API version header every request carries (Anthropic's docs: required on every request).
  headers: (apiKey) => ({ 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' }),
  body: (model, text) => ({ model, messages: [{ role: 'user', content: text }] }),
  parse: (json) => (isRecord(json) && isCount(json.input_tokens) ? { inputTokens: json.input_tokens } : undefined),
  countField: 'input_tokens',
  errorOf: nestedError,
  authCodes: ['authentication_error', 'permission_error'],
  rateLimitCodes: ['rate_limit_error'],
  serves: (model) => model.provider === 'Anthropic',
  apiModel: (model) => model.id,
  framing: true,
  // Anthropic's documented limit for this endpoint: 32 MB (HTTP 413 above), read as decimal megabytes, the smaller reading.
  maxRequestBytes: 32_000_000,
  // `sk-ant-`, a kind and version (`api03-`), then about 95 letters, digits, `-` and `_` (108 in
  // all). 20 after the prefix is a floor far below that, so a key cut short by a bad paste is caught.
  keyPattern: /^sk-ant-[A-Za-z0-9_-]{20,}$/,
  keyPrefix: 'sk-ant-',
  checkModel: 'claude-sonnet-4-5',
};

export const OPENAI: ProviderSpec = {
  id: 'openai',
  maker: 'OpenAI',
  family: 'OpenAI',
  keyName: 'OpenAI',
  freeOfCharge: false,
  defaultBaseUrl: 'https://api.openai.com',
  path: () => '/v1/responses/input_tokens',
  headers: bearer,
  body: (model, text) => ({ model, input: text }),
  parse: (json) => {
    if (!isRecord(json) || !isCount(json.input_tokens)) return undefined;
    // The documented answer names its kind; another kind is not this count.
    if (json.object !== undefined && json.object !== 'response.input_tokens') return undefined;
    return { inputTokens: json.input_tokens };
  },
  countField: 'input_tokens',
  errorOf: nestedError,
  authCodes: ['invalid_api_key', 'authentication_error'],
  rateLimitCodes: ['rate_limit_exceeded', 'insufficient_quota'],
  // Chat models only: the Responses API does not serve embeddings or the legacy completions models.
  serves: (model) => model.provider === 'OpenAI' && model.kind === 'chat',
  apiModel: (model) => model.id,
  framing: true,
  // Project keys `sk-proj-…`, service accounts `sk-svcacct-…`, older user keys `sk-…`: all `sk-` and a long tail.
  keyPattern: /^sk-[A-Za-z0-9_-]{20,}$/,
  keyPrefix: 'sk-',
  checkModel: 'gpt-4o',
};

export const GEMINI: ProviderSpec = {
  id: 'gemini',
  maker: 'Google',
  family: 'Gemini',
  keyName: 'Gemini',
  // Google's token-counting guide: countTokens is not billed.
  freeOfCharge: true,
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  path: (model) => `/v1beta/models/${encodeURIComponent(model)}:countTokens`,
  headers: (apiKey) => ({ 'x-goog-api-key': apiKey }),
  body: (_model, text) => ({ contents: [{ parts: [{ text }] }] }),
  parse: (json) => (isRecord(json) && isCount(json.totalTokens) ? { inputTokens: json.totalTokens } : undefined),
  countField: 'totalTokens',
  // `{ error: { code: 400, status: 'INVALID_ARGUMENT', message, details: [{ reason: 'API_KEY_INVALID' }] } }` (google.rpc.Status).
  errorOf: (json) => {
    const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
    const reasons = Array.isArray(error?.details) ? error.details.map((d: unknown) => (isRecord(d) ? d.reason : undefined)) : [];
    return { codes: strings(error?.status, ...reasons), message: strings(error?.message)[0] };
  },
  // A wrong key is a 400 INVALID_ARGUMENT whose reason says so; a key without access a 403.
  authCodes: ['API_KEY_INVALID', 'PERMISSION_DENIED', 'UNAUTHENTICATED'],
  rateLimitCodes: ['RESOURCE_EXHAUSTED', 'RATE_LIMIT_EXCEEDED'],
  // The Gemini models; Gemma (also Google's) is an open model counted locally.
  serves: (model) => model.provider === 'Google' && model.id.startsWith('gemini-'),
  apiModel: (model) => model.id,
  framing: true,
  // Google API keys: `AIza` and 35 letters, digits, `-` and `_`.
  keyPattern: /^AIza[A-Za-z0-9_-]{35}$/,
  keyPrefix: 'AIza',
  checkModel: 'gemini-2.5-flash',
};

export const XAI: ProviderSpec = {
  id: 'xai',
  maker: 'xAI',
  family: 'Grok',
  keyName: 'xAI',
  freeOfCharge: false,
  defaultBaseUrl: 'https://api.x.ai',
  path: () => '/v1/tokenize-text',
  headers: bearer,
  body: (model, text) => ({ text, model }),
  parse: (json, text): ProviderCount | undefined => {
    if (!isRecord(json) || !Array.isArray(json.token_ids)) return undefined;
    const bytes: number[][] = [];
    const ids = new Uint32Array(json.token_ids.length);
    for (const token of json.token_ids) {
      if (!isRecord(token) || !isCount(token.token_id)) return undefined;
      ids[bytes.length] = Math.min(token.token_id, 0xffffffff);
      const b = token.token_bytes;
      bytes.push(Array.isArray(b) && b.every((x) => isCount(x) && x < 256) ? (b as number[]) : []);
    }
    const ends = tokenEndsFromBytes(text, bytes);
    if (!ends) return { inputTokens: bytes.length };
    return { inputTokens: bytes.length, tokenList: { ids, byteLengths: Uint32Array.from(bytes, (b) => b.length), ends } };
  },
  countField: 'token_ids',
  // `{ code: 'Client specified an invalid argument', error: 'Incorrect API key provided: …' }`:
  // a wrong key comes as a 400 whose only sign is its message, so that is read as a code.
  errorOf: (json) => {
    if (!isRecord(json)) return { codes: [] };
    const message = strings(json.error, isRecord(json.error) ? json.error.message : undefined)[0];
    return { codes: [...strings(json.code), ...(message && /\bAPI key\b/i.test(message) ? ['invalid_api_key'] : [])], message };
  },
  authCodes: ['invalid_api_key'],
  rateLimitCodes: [],
  serves: (model) => model.provider === 'xAI',
  apiModel: (model) => model.id,
  // tokenize-text tokenizes the text alone: no message around it.
  framing: false,
  // Every token comes back as an object with its id, string and bytes, ~60-100 bytes of JSON
  // each: the 4 MiB a request carries at most (~1M tokens) answers in well under 128 MiB.
  maxAnswerBytes: 128 * 1024 * 1024,
  keyPattern: /^xai-[A-Za-z0-9_-]{20,}$/,
  keyPrefix: 'xai-',
  checkModel: 'grok-4-0709',
};

/** Every provider, in the order the Settings editor and the docs list them. */
export const PROVIDERS: Readonly<Record<ProviderId, ProviderSpec>> = { anthropic: ANTHROPIC, openai: OPENAI, gemini: GEMINI, xai: XAI };
export const PROVIDER_IDS: readonly ProviderId[] = ['anthropic', 'openai', 'gemini', 'xai'];

/** The provider Tokenscope asks for `model`'s counts, if any. */
export function providerFor(model: ServedModel): ProviderSpec | undefined {
  return PROVIDER_IDS.map((id) => PROVIDERS[id]).find((spec) => spec.serves(model));
}
