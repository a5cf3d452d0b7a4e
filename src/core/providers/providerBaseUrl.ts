import { ENGLISH, type Localizer } from '../l10n';
import type { ProviderSpec } from './providerSpec';

export type BaseUrlCheck = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

/** Hosts that never leave the machine, where plain http is allowed (a local test server). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Validates a provider's `tokenscope.<provider>.baseUrl` setting. The key travels in a header of
 * every request, so the URL must be https; plain http is accepted only for this machine
 * (127.0.0.1, localhost, [::1]), so a test server works but a typo cannot send the key in the
 * clear over a network. Empty means the provider's default. The answer has no trailing slash; a
 * path (a gateway's prefix) is kept.
 */
export function parseProviderBaseUrl(spec: Pick<ProviderSpec, 'maker' | 'defaultBaseUrl'>, value: unknown, l10n: Localizer = ENGLISH): BaseUrlCheck {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return { ok: true, url: spec.defaultBaseUrl };
  const maker = spec.maker;
  if (typeof value !== 'string') return { ok: false, message: l10n.t('The {0} base URL must be a string, not {1}.', maker, JSON.stringify(value)) };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: l10n.t('The {0} base URL {1} is not a URL.', maker, JSON.stringify(value)) };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return {
      ok: false,
      message: l10n.t(
        'The {0} base URL must start with https:// (plain http only for 127.0.0.1 or localhost), so the API key is never sent unencrypted; got {1}.',
        maker,
        JSON.stringify(value),
      ),
    };
  }
  if (url.username || url.password) return { ok: false, message: l10n.t('The {0} base URL must not contain a user name or password; the API key is stored separately.', maker) };
  if (url.search || url.hash) return { ok: false, message: l10n.t('The {0} base URL must not have a query or fragment; got {1}.', maker, JSON.stringify(value)) };
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}
