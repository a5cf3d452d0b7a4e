import * as vscode from 'vscode';
import { areasAffected } from '../../core/catalog/settingsSchema';
import type { ModelInfo } from '../../core/catalog/models';
import { countWithProvider, DEFAULT_MAX_REQUEST_BYTES, ProviderCountError, tooLargeMessage } from '../../core/providers/providerCount';
import { parseProviderBaseUrl, type BaseUrlCheck } from '../../core/providers/providerBaseUrl';
import { ExactCountScheduler, type ExactCountKey, type ExactCountProblem } from '../../core/providers/exactCountScheduler';
import type { ProviderSpec, ProviderTokens } from '../../core/providers/providerSpec';
import { Disposable } from '../platform/dispose';
import { SECTION } from '../platform/ids';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import { notifyFailure } from '../platform/notices';
import type { ProviderKeyStore } from './providerKey';
import { exactCountsSetting, PROVIDER_HOST, readProviderSettings, setKeyCommandTitle } from './providerSettings';

/** Why there is no exact count: the API's reasons, and three of our own. */
export type ExactCountUnavailable = ExactCountProblem | { readonly kind: 'disabled' | 'noKey' | 'badBaseUrl'; readonly message: string; readonly retryAt?: undefined };

export type ExactCountEvent<K extends ExactCountKey = ExactCountKey> =
  { readonly key: K; readonly tokens: number; readonly cached: boolean; readonly tokenList?: ProviderTokens } | { readonly key: K; readonly error: ExactCountUnavailable };

/** `No Gemini API key is set. Run "Tokenscope: Set Gemini API Key".` */
export function noKeyMessage(spec: ProviderSpec): string {
  return vscode.l10n.t('No {0} API key is set. Run "{1}".', spec.keyName, setKeyCommandTitle(spec));
}

/**
 * One provider's exact counts for the count controller: `request()` on every change of the
 * counted text (cheap: nothing is sent until the text has been still for a second, and
 * unchanged text is answered from memory); answers come on `onDidCount` with the key they were
 * asked with. Reads `tokenscope.<provider>.*` itself (user settings only) and stops everything
 * the moment the provider's counts are turned off. The API key is read from SecretStorage for
 * each send and never kept; a refused key is reported once, with a way to set another.
 */
export class ProviderExactCounter<K extends ExactCountKey = ExactCountKey> extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<ExactCountEvent<K>>());
  readonly onDidCount = this.emitter.event;
  private readonly sendsEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when {@link sends} may have changed (the counts turned on or off, the key set or deleted, another URL). */
  readonly onDidChangeSends = this.sendsEmitter.event;
  readonly spec: ProviderSpec;
  private readonly scheduler: ExactCountScheduler<K>;
  private enabledSetting = false;
  private base: BaseUrlCheck = { ok: false, message: '' };
  /** Undefined until SecretStorage answered. */
  private hasKey: boolean | undefined;
  /** Requests made without a key (or before we knew), per document: sent once a key is set. */
  private readonly waitingForKey = new Map<string, { key: K; text: string }>();
  private refusalShown = false;

  constructor(
    private readonly keys: ProviderKeyStore,
    private readonly log: Log,
    options: { delayMs?: number; fetch?: typeof fetch } = {},
  ) {
    super();
    const spec = (this.spec = keys.spec);
    this.scheduler = new ExactCountScheduler<K>({
      delayMs: options.delayMs,
      l10n: hostL10n,
      count: async ({ model, text, signal }) => {
        const apiKey = await this.keys.get();
        if (!apiKey) throw new ProviderCountError('auth', noKeyMessage(spec));
        // Turning the counts off (or breaking the URL) clears the scheduler, so a send only
        // happens while they are on with a valid URL; the check is for the type.
        if (!this.base.ok) throw new ProviderCountError('badRequest', this.base.message);
        return countWithProvider(spec, { baseUrl: this.base.url, apiKey, model, text, signal, fetch: options.fetch, l10n: hostL10n });
      },
      onOutcome: (outcome) => {
        if ('error' in outcome) {
          const { kind, message, retryAt } = outcome.error;
          this.log.warn('exact count from a provider failed', {
            provider: spec.id,
            model: outcome.key.model,
            document: outcome.key.uri,
            kind,
            why: message,
            server: this.base.ok ? this.base.url : undefined,
            retryAt: retryAt ? new Date(retryAt).toISOString() : undefined,
          });
        }
        if ('error' in outcome && outcome.error.kind === 'auth') {
          // The key was deleted while a count waited: that is "no key", not a refusal.
          if (!this.hasKey) return this.emitter.fire({ key: outcome.key, error: { kind: 'noKey', message: noKeyMessage(spec) } });
          this.showRefusal(outcome.error.message);
        }
        this.emitter.fire(outcome);
      },
    });
    this._register(this.scheduler);
    this.readSettings();
    this._register(keys.onDidChange(() => void this.reloadKey()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (areasAffected((key) => e.affectsConfiguration(key), SECTION).has('providers')) this.readSettings();
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString())));
    void this.reloadKey();
  }

  /** Whether this provider's counts are switched on (a key may still be missing). */
  get enabled(): boolean {
    return this.enabledSetting;
  }

  /**
   * Whether a request would send text to the provider now: its counts on, a usable base URL and
   * an API key in SecretStorage (false while SecretStorage has not answered yet).
   */
  get sends(): boolean {
    return this.enabledSetting && this.base.ok && this.hasKey === true;
  }

  /** Asks for the provider's count of `text` (the document's, or the selection's) for the model `key.model` (the API's id). */
  request(key: K, text: string): void {
    if (!this.enabledSetting)
      return this.answerNow(key, { kind: 'disabled', message: vscode.l10n.t('Exact {0} counts are off ({1}).', this.spec.family, exactCountsSetting(this.spec)) });
    if (!this.base.ok) return this.answerNow(key, { kind: 'badBaseUrl', message: this.base.message });
    // Checked before the scheduler hashes the text: a huge document is refused at once.
    if (text.length > DEFAULT_MAX_REQUEST_BYTES) return this.answerNow(key, { kind: 'tooLarge', message: tooLargeMessage(hostL10n) });
    if (this.hasKey !== true) {
      this.waitingForKey.set(key.uri, { key, text });
      if (this.hasKey === false) this.answerNow(key, { kind: 'noKey', message: noKeyMessage(this.spec) });
      return;
    }
    this.scheduler.request(key, text);
  }

  /** Drops what is known about a document (closed). */
  forget(uri: string): void {
    this.waitingForKey.delete(uri);
    this.scheduler.forget(uri);
  }

  private readSettings(): void {
    const settings = readProviderSettings(this.spec);
    const base = parseProviderBaseUrl(this.spec, settings.baseUrl, hostL10n);
    const serverChanged = !(base.ok && this.base.ok && base.url === this.base.url);
    this.enabledSetting = settings.enabled;
    this.base = base;
    if (!settings.enabled || !base.ok) {
      // Off (or nowhere safe to send): stop at once, forget the text we were holding.
      this.scheduler.clear();
      this.waitingForKey.clear();
    } else if (serverChanged) {
      // Another server: its counts and its verdict on the key are its own.
      this.refusalShown = false;
      this.scheduler.restart(true);
    }
    this.sendsEmitter.fire();
  }

  private answerNow(key: K, error: ExactCountUnavailable): void {
    // After the caller's request() returned, like every other answer.
    queueMicrotask(() => this.emitter.fire({ key, error }));
  }

  private async reloadKey(): Promise<void> {
    const had = this.hasKey;
    this.hasKey = Boolean(await this.keys.get());
    if (this.hasKey && had !== undefined) {
      // A new key: whatever the old one was refused no longer holds.
      this.refusalShown = false;
      this.scheduler.restart();
    }
    if (this.hasKey !== had) this.sendsEmitter.fire();
    const waiting = [...this.waitingForKey.values()];
    this.waitingForKey.clear();
    for (const { key, text } of waiting) this.request(key, text);
  }

  private showRefusal(message: string): void {
    if (this.refusalShown) return;
    this.refusalShown = true;
    void notifyFailure(this.log, 'warning', {
      message: vscode.l10n.t('Tokenscope: exact {0} counts stopped. {1}', this.spec.family, message),
      log: {
        message: 'exact counts from a provider stopped: the API key was refused',
        detail: { provider: this.spec.id, server: this.base.ok ? this.base.url : undefined, why: message },
      },
      actions: [{ title: vscode.l10n.t('Set API Key'), run: () => vscode.commands.executeCommand(PROVIDER_HOST[this.spec.id].setKey) }],
    });
  }
}

/** The four providers' counters; a model is served by at most one. */
export class ProviderCounters<K extends ExactCountKey = ExactCountKey> {
  constructor(readonly all: readonly ProviderExactCounter<K>[]) {}

  /** The counter of the provider that counts `model`, if any. */
  for(model: ModelInfo): ProviderExactCounter<K> | undefined {
    return this.all.find((c) => c.spec.serves(model));
  }
}
