/**
 * One token count from a maker's API (providerTable.ts says which endpoint, headers, body and
 * answer): the only code in Tokenscope that sends text off the machine. It runs only when the
 * user has turned that provider's exact counts on and stored a key (src/host/providers/).
 *
 * What is counted is the provider's: the text as one user message (Anthropic), as a request's
 * input (OpenAI), as one content part (Gemini), or the text alone (xAI). Where the request
 * frames the text (`spec.framing`) the count includes those few tokens; nothing is subtracted,
 * as their number is not published: it is what the same text costs as a prompt of its own.
 */
import { decimalText, integerText } from '../text/numberText';
import { ENGLISH, type Localizer } from '../l10n';
import { parseProviderBaseUrl } from './providerBaseUrl';
import type { ProviderCount, ProviderSpec } from './providerSpec';

/**
 * What we send at most by default: 4 MiB of JSON body. The largest context windows are about
 * 1-2M tokens, and ordinary text takes 3-4 bytes a token, so a larger text could not be a
 * prompt anyway; it also keeps one count from uploading tens of megabytes.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Token counts answer in well under a second; 15 s covers a slow link without hanging forever. */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** A count's answer (or an error) is a few hundred bytes; anything much larger is not the API. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** An API error message is shown to the user; longer than this is cut. */
const MAX_SHOWN_MESSAGE = 300;

/** How long a `retry-after` may make us wait at most, whatever a server says. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export type ProviderCountErrorKind = 'auth' | 'rateLimited' | 'badRequest' | 'overloaded' | 'network' | 'timeout' | 'badResponse' | 'tooLarge';

/** A count that did not happen. `message` is for the user and never contains the API key. */
export class ProviderCountError extends Error {
  override readonly name = 'ProviderCountError';

  constructor(
    readonly kind: ProviderCountErrorKind,
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
    /** From the `retry-after` header of a 429 or 5xx, when there was one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface ProviderCountOptions {
  /** Checked with {@link parseProviderBaseUrl} first; an invalid one is refused before sending. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The provider's model id, e.g. `claude-sonnet-4-5`, `gemini-2.5-pro`. */
  readonly model: string;
  readonly text: string;
  /** Aborting rejects with the signal's reason (an `AbortError`), not a ProviderCountError. */
  readonly signal?: AbortSignal;
  /** Injected by tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Largest request body sent; never above the provider's documented limit. */
  readonly maxRequestBytes?: number;
  /** The language of the error messages; English by default. */
  readonly l10n?: Localizer;
}

/** Counts `text` for `model` with `spec`'s API; see the module comment for what is counted. */
export async function countWithProvider(spec: ProviderSpec, options: ProviderCountOptions): Promise<ProviderCount> {
  const { apiKey, model, text, signal } = options;
  const l10n = options.l10n ?? ENGLISH;
  const base = parseProviderBaseUrl(spec, options.baseUrl, l10n);
  if (!base.ok) throw new ProviderCountError('badRequest', base.message);
  if (!apiKey) throw new ProviderCountError('auth', l10n.t('No {0} API key is set.', spec.keyName));
  if (!model.trim()) throw new ProviderCountError('badRequest', l10n.t('No {0} model id was given.', spec.maker));
  // Empty text has no tokens, and some APIs refuse a message without content: nothing to send.
  if (text === '') return { inputTokens: 0 };

  const limit = Math.min(options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES, spec.maxRequestBytes ?? Number.MAX_SAFE_INTEGER);
  // Every UTF-16 unit takes at least one byte of JSON: a text that long is over without building the body.
  if (text.length > limit) throw tooLarge(limit, l10n);
  const body = JSON.stringify(spec.body(model, text));
  if (Buffer.byteLength(body, 'utf8') > limit) throw tooLarge(limit, l10n);

  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(base.url + spec.path(model), {
        method: 'POST',
        headers: { ...spec.headers(apiKey), 'content-type': 'application/json' },
        body,
        // A redirect would carry the key header to wherever it points: never follow one.
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (err) {
      throw failure(err, 'reach');
    }
    let answer: string;
    try {
      answer = await readCapped(response, spec.maxAnswerBytes ?? MAX_RESPONSE_BYTES);
    } catch (err) {
      throw failure(err, 'read');
    }
    return interpret(spec, response, answer, text, apiKey, base.url, l10n);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }

  function failure(err: unknown, doing: 'reach' | 'read'): Error {
    if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new DOMException('The count was cancelled.', 'AbortError');
    const server = base.ok ? base.url : l10n.t('the server');
    if (timedOut) return new ProviderCountError('timeout', l10n.t('No answer from {0} within {1} s.', server, integerText(timeoutMs / 1000, l10n.locale)));
    if (err instanceof ProviderCountError) return err;
    const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    const message = doing === 'reach' ? l10n.t('Could not reach {0}: {1}', server, cause) : l10n.t('Could not read the answer of {0}: {1}', server, cause);
    return new ProviderCountError('network', withoutSecret(message, apiKey));
  }
}

function tooLarge(limit: number, l10n: Localizer): ProviderCountError {
  return new ProviderCountError('tooLarge', tooLargeMessage(l10n, limit));
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
      throw new ProviderCountError('badResponse', `The server's answer is larger than ${maxBytes / 1024} KiB; it is not a token count.`, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function interpret(spec: ProviderSpec, response: Response, answer: string, text: string, apiKey: string, origin: string, l10n: Localizer): ProviderCount {
  const status = response.status;
  let json: unknown;
  try {
    json = answer ? JSON.parse(answer) : undefined;
  } catch {
    json = undefined;
  }
  if (status === 200) {
    const count = spec.parse(json, text);
    if (count) return count;
    throw new ProviderCountError('badResponse', l10n.t('{0} answered without a valid "{1}" count.', origin, spec.countField), status);
  }
  if (status >= 300 && status < 400) {
    throw new ProviderCountError(
      'badResponse',
      l10n.t('{0} answered with a redirect ({1}); Tokenscope does not follow redirects, so the key is only ever sent to the configured base URL.', origin, String(status)),
      status,
    );
  }

  const error = spec.errorOf(json);
  const has = (codes: readonly string[]) => error.codes.some((c) => codes.includes(c));
  // The server's own words when it gave some (in English, from the provider), else ours.
  const said = (fallback: string) => withoutSecret(shorten(error.message || fallback), apiKey);
  const code = String(status);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const maker = spec.maker;

  if (status === 401 || status === 403 || has(spec.authCodes)) {
    return fail('auth', l10n.t('{0} did not accept the API key ({1}): {2}', maker, code, said(l10n.t('authentication failed'))));
  }
  if (status === 429 || has(spec.rateLimitCodes)) {
    return fail('rateLimited', l10n.t("{0}'s rate limit was reached ({1}): {2}", maker, code, said(l10n.t('too many requests'))), retryAfterMs);
  }
  if (status === 413) {
    return fail('tooLarge', l10n.t("The text is too large for {0}'s token counting ({1}): {2}", maker, code, said(l10n.t('request too large'))));
  }
  if (status >= 500) {
    return fail('overloaded', l10n.t("{0}'s API is unavailable right now ({1}): {2}", maker, code, said(l10n.t('try again later'))), retryAfterMs);
  }
  if (status >= 400 && status < 500) {
    return fail('badRequest', l10n.t('{0} refused the request ({1}): {2}', maker, code, said(l10n.t('invalid request'))));
  }
  return fail('badResponse', l10n.t('{0} answered with unexpected status {1}.', origin, code));

  function fail(kind: ProviderCountErrorKind, message: string, retry?: number): never {
    throw new ProviderCountError(kind, message, status, retry);
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
