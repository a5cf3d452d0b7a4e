import { ENGLISH, type Localizer } from '../l10n';
import { ANTHROPIC_DEFAULT_BASE_URL, AnthropicCountError, countWithAnthropic } from './anthropicTokenCount';

/**
 * Checks of an Anthropic API key before it is stored: its form (offline, always), then, only
 * where the user has allowed text to leave the machine (exact Claude counts on), one real count
 * of a two-letter text at the configured base URL. A key that fails either is not stored.
 */
export type KeyFormat = { readonly ok: true; readonly warning?: string } | { readonly ok: false; readonly message: string };

/**
 * Anthropic's keys: `sk-ant-`, a kind and version (`api03-`), then about 95 letters, digits,
 * `-` and `_` (108 characters in all). 20 after the prefix is a floor far below that, so a key
 * cut short by a bad paste is caught without guessing the exact length, which Anthropic does
 * not publish.
 */
const ANTHROPIC_KEY = /^sk-ant-[A-Za-z0-9_-]{20,}$/;

/**
 * Whether `key` can be an API key for `baseUrl`. Any key travels in an HTTP header, so it must
 * be visible ASCII without spaces. For Anthropic's own URL it must also look like an Anthropic
 * key; a gateway or a test server (another base URL) may issue keys of any form, so there a
 * key that does not look like Anthropic's is only a warning.
 */
export function checkKeyFormat(key: string, baseUrl: string, l10n: Localizer = ENGLISH): KeyFormat {
  if (!key) return { ok: false, message: l10n.t('Enter a key, or press Escape to cancel.') };
  if (/\s/.test(key)) return { ok: false, message: l10n.t('A key has no spaces or line breaks.') };
  if (!/^[\x21-\x7e]+$/.test(key)) return { ok: false, message: l10n.t('A key has only letters, digits and ASCII punctuation (it travels in an HTTP header).') };
  if (ANTHROPIC_KEY.test(key)) return { ok: true };
  if (baseUrl === ANTHROPIC_DEFAULT_BASE_URL) {
    return {
      ok: false,
      message: key.startsWith('sk-ant-')
        ? l10n.t('This key is too short or has characters Anthropic keys do not have (letters, digits, - and _ after "{0}"); was it pasted whole?', 'sk-ant-')
        : l10n.t('Anthropic keys start with "{0}".', 'sk-ant-'),
    };
  }
  return { ok: true, warning: l10n.t('Anthropic keys start with "{0}"; kept, as {1} may issue its own.', 'sk-ant-', baseUrl) };
}

/** What the server said of a key: accepted, refused (not to be stored), or not known (no answer about the key). */
export type KeyVerdict = { readonly verdict: 'accepted' } | { readonly verdict: 'refused'; readonly message: string } | { readonly verdict: 'unchecked'; readonly message: string };

export interface KeyCheckOptions {
  /** A base URL checked with parseAnthropicBaseUrl. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** A Claude model id the server knows (the count is for it). */
  readonly model: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly l10n?: Localizer;
}

/**
 * Asks the server to count `Hi` with the key: 200 means it is accepted; 401/403 (or an
 * authentication or permission error) that it is refused. Anything else (no network, a
 * timeout, a rate limit, an overloaded API, a path the server does not know) says nothing
 * about the key: `unchecked`, with the reason. Token counting is free of charge (Anthropic),
 * and two letters are all that leave the machine.
 */
export async function checkKeyWithServer(options: KeyCheckOptions): Promise<KeyVerdict> {
  const l10n = options.l10n ?? ENGLISH;
  try {
    await countWithAnthropic({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      model: options.model,
      text: 'Hi',
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      l10n,
    });
    return { verdict: 'accepted' };
  } catch (err) {
    if (err instanceof AnthropicCountError) return err.kind === 'auth' ? { verdict: 'refused', message: err.message } : { verdict: 'unchecked', message: err.message };
    throw err; // cancelled (the signal's reason), or a bug
  }
}
