/**
 * Exact token counts for Claude models from Anthropic's token-counting endpoint
 * (`POST /v1/messages/count_tokens`). This is the only code in Tokenscope that sends text off
 * the machine, and it runs only when the user has turned exact Claude counts on and stored a
 * key (src/host/anthropic/anthropicKey.ts).
 *
 * What is counted: the text as the content of one `user` message. The API answers the number
 * of input tokens of that whole request, which includes the few tokens that frame a message
 * and, per Anthropic's token-counting guide, may include "tokens added automatically by
 * Anthropic for system optimizations" (not billed). The size of that framing is not published
 * and could not be measured here (no network), so the raw `input_tokens` is reported as is,
 * with nothing subtracted: it is what the same text costs as a prompt of its own.
 */
import { decimalText, integerText } from '../text/numberText';
import { ENGLISH, type Localizer } from '../l10n';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_COUNT_PATH = '/v1/messages/count_tokens';
/** The API version header every request carries (Anthropic's docs: required on every request). */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic's documented request size limit for the token-counting endpoint is 32 MB (HTTP 413
 * `request_too_large` above it). Read as decimal megabytes, the smaller reading.
 */
export const ANTHROPIC_MAX_REQUEST_BYTES = 32_000_000;

/**
 * What we send at most by default: 4 MiB of JSON body. Claude's largest context windows are
 * about 1M tokens, and ordinary text takes 3-4 bytes a token, so a larger text could not be a
 * prompt anyway; it also keeps one count from uploading tens of megabytes.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Token counts answer in well under a second; 15 s covers a slow link without hanging forever. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** A success or error body is a few hundred bytes; anything much larger is not the API. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** An API error message is shown to the user; longer than this is cut. */
const MAX_SHOWN_MESSAGE = 300;

/** How long a `retry-after` may make us wait at most, whatever a server says. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export type AnthropicCountErrorKind = 'auth' | 'rateLimited' | 'badRequest' | 'overloaded' | 'network' | 'timeout' | 'badResponse' | 'tooLarge';

/** A count that did not happen. `message` is for the user and never contains the API key. */
export class AnthropicCountError extends Error {
  override readonly name = 'AnthropicCountError';

  constructor(
    readonly kind: AnthropicCountErrorKind,
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
    /** From the `retry-after` header of a 429 or 529 (or another 5xx), when there was one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface AnthropicCountOptions {
  /** Checked with {@link parseAnthropicBaseUrl} first; an invalid one is refused before sending. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** An Anthropic model id, e.g. `claude-sonnet-4-5` or `claude-3-5-haiku-20241022`. */
  readonly model: string;
  readonly text: string;
  /** Aborting rejects with the signal's reason (an `AbortError`), not an AnthropicCountError. */
  readonly signal?: AbortSignal;
  /** Injected by tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Largest request body sent; never above {@link ANTHROPIC_MAX_REQUEST_BYTES}. */
  readonly maxRequestBytes?: number;
  /** The language of the error messages; English by default. */
  readonly l10n?: Localizer;
}

/** Counts `text` as one user message for `model`; see the module comment for what is counted. */
export async function countWithAnthropic(options: AnthropicCountOptions): Promise<{ inputTokens: number }> {
  const { apiKey, model, text, signal } = options;
  const l10n = options.l10n ?? ENGLISH;
  const base = parseAnthropicBaseUrl(options.baseUrl, l10n);
  if (!base.ok) throw new AnthropicCountError('badRequest', base.message);
  if (!apiKey) throw new AnthropicCountError('auth', l10n.t('No Anthropic API key is set.'));
  if (!model.trim()) throw new AnthropicCountError('badRequest', l10n.t('No Anthropic model id was given.'));
  // Empty text has no tokens, and the API refuses a message without content: nothing to send.
  if (text === '') return { inputTokens: 0 };

  const limit = Math.min(options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES, ANTHROPIC_MAX_REQUEST_BYTES);
  // Every UTF-16 unit takes at least one byte of JSON: a text that long is over without
  // building the body.
  if (text.length > limit) throw tooLarge(limit, l10n);
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: text }] });
  if (Buffer.byteLength(body, 'utf8') > limit) throw tooLarge(limit, l10n);

  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(base.url + ANTHROPIC_COUNT_PATH, {
        method: 'POST',
        headers: { 'x-api-key': apiKey, 'anthropic-version': ANTHROPIC_VERSION, 'content-type': 'application/json' },
        body,
        // A redirect would carry the x-api-key header to wherever it points: never follow one.
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (err) {
      throw failure(err, 'reach');
    }
    let answer: string;
    try {
      answer = await readCapped(response, MAX_RESPONSE_BYTES);
    } catch (err) {
      throw failure(err, 'read');
    }
    return interpret(response, answer, apiKey, base.url, l10n);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }

  function failure(err: unknown, doing: 'reach' | 'read'): Error {
    if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new DOMException('The count was cancelled.', 'AbortError');
    const server = base.ok ? base.url : l10n.t('the server');
    if (timedOut)
      return new AnthropicCountError('timeout', l10n.t('No answer from {0} within {1} s.', server, integerText((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000, l10n.locale)));
    if (err instanceof AnthropicCountError) return err;
    const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    const message = doing === 'reach' ? l10n.t('Could not reach {0}: {1}', server, cause) : l10n.t('Could not read the answer of {0}: {1}', server, cause);
    return new AnthropicCountError('network', withoutSecret(message, apiKey));
  }
}

function tooLarge(limit: number, l10n: Localizer): AnthropicCountError {
  return new AnthropicCountError('tooLarge', tooLargeMessage(l10n, limit));
}

export function tooLargeMessage(l10n: Localizer = ENGLISH, limitBytes = DEFAULT_MAX_REQUEST_BYTES): string {
  return l10n.t('The text is too large to send for an exact count (over {0} as a request); nothing was sent.', formatMiB(limitBytes, l10n.locale));
}

function formatMiB(bytes: number, locale: string): string {
  const mib = Math.round((bytes / (1024 * 1024)) * 10) / 10;
  return `${Number.isInteger(mib) ? integerText(mib, locale) : decimalText(mib, 1, locale)} MiB`;
}

/** The body as text, refusing one larger than `maxBytes` (a server that is not the API). */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AnthropicCountError('badResponse', `The server's answer is larger than ${maxBytes / 1024} KiB; it is not a token count.`, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function interpret(response: Response, answer: string, apiKey: string, origin: string, l10n: Localizer): { inputTokens: number } {
  const status = response.status;
  let json: unknown;
  try {
    json = answer ? JSON.parse(answer) : undefined;
  } catch {
    json = undefined;
  }
  if (status === 200) {
    const tokens = isRecord(json) ? json.input_tokens : undefined;
    if (typeof tokens === 'number' && Number.isSafeInteger(tokens) && tokens >= 0) return { inputTokens: tokens };
    throw new AnthropicCountError('badResponse', l10n.t('{0} answered without a valid "input_tokens" count.', origin), status);
  }
  if (status >= 300 && status < 400) {
    throw new AnthropicCountError(
      'badResponse',
      l10n.t('{0} answered with a redirect ({1}); Tokenscope does not follow redirects, so the key is only ever sent to the configured base URL.', origin, String(status)),
      status,
    );
  }

  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  const type = typeof error?.type === 'string' ? error.type : undefined;
  const detail = typeof error?.message === 'string' && error.message ? error.message : undefined;
  // The server's own words when it gave some (in English, from Anthropic), else ours.
  const said = (fallback: string) => withoutSecret(shorten(detail ?? fallback), apiKey);
  const code = String(status);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));

  if (status === 401 || status === 403 || type === 'authentication_error' || type === 'permission_error') {
    return fail('auth', l10n.t('Anthropic did not accept the API key ({0}): {1}', code, said(l10n.t('authentication failed'))));
  }
  if (status === 429 || type === 'rate_limit_error') {
    return fail('rateLimited', l10n.t("Anthropic's rate limit was reached ({0}): {1}", code, said(l10n.t('too many requests'))), retryAfterMs);
  }
  if (status === 413 || type === 'request_too_large') {
    return fail('tooLarge', l10n.t("The text is too large for Anthropic's token counting ({0}): {1}", code, said(l10n.t('request too large'))));
  }
  if (status === 529 || status >= 500 || type === 'overloaded_error' || type === 'api_error') {
    return fail('overloaded', l10n.t("Anthropic's API is unavailable right now ({0}): {1}", code, said(l10n.t('try again later'))), retryAfterMs);
  }
  if (status >= 400 && status < 500) {
    return fail('badRequest', l10n.t('Anthropic refused the request ({0}): {1}', code, said(l10n.t('invalid request'))));
  }
  return fail('badResponse', l10n.t('{0} answered with unexpected status {1}.', origin, code));

  function fail(kind: AnthropicCountErrorKind, message: string, retryAfter?: number): never {
    throw new AnthropicCountError(kind, message, status, retryAfter);
  }
}

/** `retry-after` as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || !value.trim()) return undefined;
  const seconds = Number(value.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}

function shorten(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SHOWN_MESSAGE ? `${oneLine.slice(0, MAX_SHOWN_MESSAGE - 1)}…` : oneLine;
}

/**
 * Removes the key from a message that will be shown or logged. Our own messages never contain
 * it; this guards against a server (a misconfigured proxy) echoing the header back.
 */
function withoutSecret(message: string, apiKey: string): string {
  return apiKey ? message.split(apiKey).join('[API key]') : message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type BaseUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

/** Hosts that never leave the machine, where plain http is allowed (a local test server). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Validates the `tokenscope.anthropic.baseUrl` setting. The key travels in a header of every
 * request, so the URL must be https; plain http is accepted only for this machine
 * (127.0.0.1, localhost, [::1]), so a test server works but a typo cannot send the key in the
 * clear over a network. Empty means the default. The answer has no trailing slash; a path
 * (a gateway's prefix) is kept.
 */
export function parseAnthropicBaseUrl(value: unknown, l10n: Localizer = ENGLISH): BaseUrlCheck {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return { ok: true, url: ANTHROPIC_DEFAULT_BASE_URL };
  if (typeof value !== 'string') return { ok: false, message: l10n.t('The Anthropic base URL must be a string, not {0}.', JSON.stringify(value)) };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: l10n.t('The Anthropic base URL {0} is not a URL.', JSON.stringify(value)) };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return {
      ok: false,
      message: l10n.t(
        'The Anthropic base URL must start with https:// (plain http only for 127.0.0.1 or localhost), so the API key is never sent unencrypted; got {0}.',
        JSON.stringify(value),
      ),
    };
  }
  if (url.username || url.password) return { ok: false, message: l10n.t('The Anthropic base URL must not contain a user name or password; the API key is stored separately.') };
  if (url.search || url.hash) return { ok: false, message: l10n.t('The Anthropic base URL must not have a query or fragment; got {0}.', JSON.stringify(value)) };
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}
