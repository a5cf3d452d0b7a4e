import * as vscode from 'vscode';
import { checkKeyFormat, checkKeyWithServer } from '../../core/providers/providerKeyCheck';
import { parseProviderBaseUrl } from '../../core/providers/providerBaseUrl';
import type { ProviderSpec } from '../../core/providers/providerSpec';
import { Disposable } from '../platform/dispose';
import type { Configuration } from '../platform/configuration';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import { notifyFailure } from '../platform/notices';
import { saveSetting } from '../platform/settingsWriter';
import { PROVIDER_HOST, readProviderSettings } from './providerSettings';
import { Settings } from '../platform/ids';

/**
 * A provider's API key in VS Code's SecretStorage (the OS keychain), never in settings.
 * SecretStorage is already per extension; `<provider>.apiKey` names the one secret of each
 * provider in it (`anthropic.apiKey`, as before there were others).
 */
export class ProviderKeyStore extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the key is set, replaced or deleted (in this window or another). */
  readonly onDidChange = this.changeEmitter.event;
  private readonly secretKey: string;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly spec: ProviderSpec,
  ) {
    super();
    this.secretKey = `${spec.id}.apiKey`;
    this._register(
      secrets.onDidChange((e) => {
        if (e.key === this.secretKey) this.changeEmitter.fire();
      }),
    );
  }

  get(): Thenable<string | undefined> {
    return this.secrets.get(this.secretKey);
  }

  set(apiKey: string): Thenable<void> {
    return this.secrets.store(this.secretKey, apiKey);
  }

  delete(): Thenable<void> {
    return this.secrets.delete(this.secretKey);
  }
}

/** What `Tokenscope: Set <provider> API Key` and `Tokenscope: Clear <provider> API Key` do. */
export class ProviderKeyPrompts {
  constructor(
    private readonly keys: ProviderKeyStore,
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {}

  /**
   * Says where the key will send text, asks for the key, checks it (its form; with the server
   * too when the provider's counts are on), stores it only if it passed, offers to turn them on.
   */
  enter(): Promise<void> {
    return setKey(this.keys, this.log, () => this.modelForCheck());
  }

  /** Deletes the key, turns the provider's counts off if they were on, and says so. */
  clear(): Promise<void> {
    return clearKey(this.keys, this.log);
  }

  /** The model the check counts for: the active editor's if the provider serves it, else the catalog's first it serves. */
  private modelForCheck(): string {
    const spec = this.keys.spec;
    const { model, catalog } = this.configuration.forDocument(vscode.window.activeTextEditor?.document);
    if (spec.serves(model)) return spec.apiModel(model);
    const first = catalog.models.find((m) => spec.serves(m) && m.kind === 'chat' && m.origin === 'catalog');
    return first ? spec.apiModel(first) : spec.checkModel;
  }
}

async function setKey(keys: ProviderKeyStore, log: Log, modelForCheck: () => string): Promise<void> {
  const spec = keys.spec;
  const settings = readProviderSettings(spec);
  const base = parseProviderBaseUrl(spec, settings.baseUrl, hostL10n);
  const destination = base.ok ? base.url : spec.defaultBaseUrl;
  // Said before the key is typed: the user decides knowing what the key will be used for.
  const enter = vscode.l10n.t('Enter Key');
  const cost = spec.freeOfCharge
    ? vscode.l10n.t('{0} does not charge for token counting, but it is rate limited.', spec.maker)
    : vscode.l10n.t("Token counting counts against {0}'s rate limits; see {0}'s pricing for any charge.", spec.maker);
  const proceed = await vscode.window.showWarningMessage(
    vscode.l10n.t('Exact {0} counts send text off this machine.', spec.family),
    {
      modal: true,
      detail: [
        vscode.l10n.t(
          'While "Exact {0} counts" is on, the text of the active document (or of the selection) is sent to {1} with this key, about a second after you stop typing, whenever the model is one of the {0} models and the text changed since the last count. {2} Keep exact counts off for text that must not leave this machine.',
          spec.family,
          destination,
          cost,
        ),
        vscode.l10n.t("The key is kept in VS Code's secret storage (your system keychain), never in settings."),
      ].join('\n\n'),
    },
    enter,
  );
  if (proceed !== enter) return;

  const entered = await vscode.window.showInputBox({
    title: vscode.l10n.t('Tokenscope: {0} API Key', spec.keyName),
    prompt: vscode.l10n.t('Your {0} API key, used only for token counts sent to {1}.', spec.keyName, destination),
    placeHolder: `${spec.keyPrefix}…`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const format = checkKeyFormat(spec, value.trim(), destination, hostL10n);
      if (!format.ok) return format.message;
      return format.warning ? { message: format.warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  const apiKey = entered?.trim();
  if (entered === undefined) return;
  // The input box refuses such a key already; checked again so nothing else can store one.
  const format = checkKeyFormat(spec, apiKey ?? '', destination, hostL10n);
  if (!apiKey || !format.ok) {
    const why = format.ok ? vscode.l10n.t('Enter a key, or press Escape to cancel.') : format.message;
    await notifyFailure(log, 'error', {
      message: vscode.l10n.t('Tokenscope: the {0} API key was not saved: {1}', spec.keyName, why),
      log: { message: 'API key refused before saving: not the form of a key', detail: { provider: spec.id, baseUrl: destination, why } },
    });
    return;
  }

  // With exact counts on, the user has allowed requests to the server: ask it about the key.
  // Off, nothing leaves the machine, so only the form was checked, and the messages say so.
  let accepted = false;
  if (settings.enabled && base.ok) {
    const verdict = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tokenscope: checking the key with {0}…', destination), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return checkKeyWithServer(spec, { baseUrl: destination, apiKey, model: modelForCheck(), signal: abort.signal, l10n: hostL10n }).catch(() => undefined);
      },
    );
    if (!verdict) return; // cancelled: nothing saved
    if (verdict.verdict === 'refused') {
      await notifyFailure(log, 'error', {
        message: vscode.l10n.t('Tokenscope: {0} refused this key, so it was not saved. {1}', destination, verdict.message),
        log: { message: 'API key refused by the server; not saved', detail: { provider: spec.id, baseUrl: destination, why: verdict.message } },
        actions: [{ title: vscode.l10n.t('Enter Another Key'), run: () => setKey(keys, log, modelForCheck) }],
      });
      return;
    }
    if (verdict.verdict === 'unchecked') {
      log.warn('API key could not be checked with the server', { provider: spec.id, baseUrl: destination, why: verdict.message });
      const save = vscode.l10n.t('Save Unchecked');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Tokenscope: the key could not be checked with {0}.', destination),
        {
          modal: true,
          detail: vscode.l10n.t(
            '{0}\n\nThe key has the form of {1} API keys, but the server said nothing about it. Save it anyway? If {2} refuses it later, exact counts stop and say so.',
            verdict.message,
            spec.keyName,
            spec.maker,
          ),
        },
        save,
      );
      if (choice !== save) return;
    } else {
      accepted = true;
      log.info('API key accepted by the server', { provider: spec.id, baseUrl: destination });
    }
  }
  await keys.set(apiKey);

  if (settings.enabled) {
    void vscode.window.showInformationMessage(
      accepted
        ? vscode.l10n.t('Tokenscope: {0} API key checked with {1} and saved. Exact {2} counts are on.', spec.keyName, destination, spec.family)
        : base.ok
          ? vscode.l10n.t('Tokenscope: {0} API key saved without a check by {1}. Exact {2} counts are on.', spec.keyName, destination, spec.family)
          : // Nowhere valid to send it: checked for its form only, and counts wait for a valid URL.
            vscode.l10n.t('Tokenscope: {0} API key saved, checked for its form only: {1}', spec.keyName, base.message),
    );
    return;
  }
  const turnOn = vscode.l10n.t('Turn On Exact {0} Counts', spec.family);
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Tokenscope: {0} API key saved, checked for its form only: with exact {1} counts off, nothing is sent to check it. Turning them on sends the text you count to {2}.',
      spec.keyName,
      spec.family,
      destination,
    ),
    turnOn,
  );
  if (choice === turnOn) await updateEnabled(spec, true, log);
}

async function clearKey(keys: ProviderKeyStore, log: Log): Promise<void> {
  const spec = keys.spec;
  await keys.delete();
  const wasOn = readProviderSettings(spec).enabled;
  // Without a key nothing can be sent; turning the switch off too keeps the status bar from
  // asking for a key the user just removed on purpose.
  if (wasOn) await updateEnabled(spec, false, log);
  void vscode.window.showInformationMessage(
    wasOn
      ? vscode.l10n.t('Tokenscope: {0} API key removed; exact {1} counts are off. Nothing is sent to {2}.', spec.keyName, spec.family, spec.maker)
      : vscode.l10n.t('Tokenscope: {0} API key removed. Nothing is sent to {1}.', spec.keyName, spec.maker),
  );
}

/** The switch is application-scoped and user-only: the writer saves it in the user's settings. */
async function updateEnabled(spec: ProviderSpec, enabled: boolean, log: Log): Promise<void> {
  await saveSetting(Settings[PROVIDER_HOST[spec.id].exactCounts], enabled, 'user', undefined, log);
}
