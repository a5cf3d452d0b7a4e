import { ENGLISH, type Localizer } from '../l10n';
import { countWithProvider, ProviderCountError } from './providerCount';
import type { ProviderSpec } from './providerSpec';

/**
 * Checks of a provider's API key before it is stored: its form (offline, always), then, only
 * where the user has allowed text to leave the machine (the provider's exact counts on), one
 * real count of a two-letter text at the configured base URL. A key that fails either is not stored.
 */
export type KeyFormat = { readonly ok: true; readonly warning?: string } | { readonly ok: false; readonly message: string };

/**
 * Whether `key` can be an API key for `baseUrl`. Any key travels in an HTTP header, so it must
 * be visible ASCII without spaces. For the provider's own URL it must also look like one of its
 * keys; a gateway or a test server (another base URL) may issue keys of any form, so there a
 * key that does not look like the provider's is only a warning.
 */
export function checkKeyFormat(spec: ProviderSpec, key: string, baseUrl: string, l10n: Localizer = ENGLISH): KeyFormat {
  if (!key) return { ok: false, message: l10n.t('Enter a key, or press Escape to cancel.') };
  if (/\s/.test(key)) return { ok: false, message: l10n.t('A key has no spaces or line breaks.') };
  if (!/^[\x21-\x7e]+$/.test(key)) return { ok: false, message: l10n.t('A key has only letters, digits and ASCII punctuation (it travels in an HTTP header).') };
  if (spec.keyPattern.test(key)) return { ok: true };
  if (baseUrl === spec.defaultBaseUrl) {
    return {
      ok: false,
      message: key.startsWith(spec.keyPrefix)
        ? l10n.t('This key is too short or has characters {0} keys do not have (letters, digits, - and _ after "{1}"); was it pasted whole?', spec.maker, spec.keyPrefix)
        : l10n.t('{0} keys start with "{1}".', spec.maker, spec.keyPrefix),
    };
  }
  return { ok: true, warning: l10n.t('{0} keys start with "{1}"; kept, as {2} may issue its own.', spec.maker, spec.keyPrefix, baseUrl) };
}

/** What the server said of a key: accepted, refused (not to be stored), or not known (no answer about the key). */
export type KeyVerdict = { readonly verdict: 'accepted' } | { readonly verdict: 'refused'; readonly message: string } | { readonly verdict: 'unchecked'; readonly message: string };

export interface KeyCheckOptions {
  /** A base URL checked with parseProviderBaseUrl. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** A model id the provider knows (the count is for it). */
  readonly model: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly l10n?: Localizer;
}

/**
 * Asks the server to count `Hi` with the key: 200 means it is accepted; a refusal of the key
 * (401/403, or the provider's own code for it) that it is refused. Anything else (no network, a
 * timeout, a rate limit, an overloaded API, a path the server does not know) says nothing
 * about the key: `unchecked`, with the reason. Two letters are all that leave the machine.
 */
export async function checkKeyWithServer(spec: ProviderSpec, options: KeyCheckOptions): Promise<KeyVerdict> {
  const l10n = options.l10n ?? ENGLISH;
  try {
    await countWithProvider(spec, { ...options, text: 'Hi', l10n });
    return { verdict: 'accepted' };
  } catch (err) {
    if (err instanceof ProviderCountError) return err.kind === 'auth' ? { verdict: 'refused', message: err.message } : { verdict: 'unchecked', message: err.message };
    throw err; // cancelled (the signal's reason), or a bug
  }
}
