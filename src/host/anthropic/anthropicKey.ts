import * as vscode from 'vscode';
import { checkKeyFormat, checkKeyWithServer } from '../../core/anthropic/anthropicKeyCheck';
import { ANTHROPIC_DEFAULT_BASE_URL, parseAnthropicBaseUrl } from '../../core/anthropic/anthropicTokenCount';
import { userOnlyValue } from '../../core/catalog/settingsSchema';
import { SECTION, Settings } from '../platform/ids';
import { Disposable } from '../platform/dispose';
import type { Configuration } from '../platform/configuration';
import { hostL10n } from '../platform/l10n';
import type { Log } from '../platform/log';
import { notifyFailure } from '../platform/notices';
import { saveSetting } from '../platform/settingsWriter';

/** SecretStorage is already per extension; this names the one secret in it. */
const SECRET_KEY = 'anthropic.apiKey';

/** The user's Anthropic API key in VS Code's SecretStorage (the OS keychain), never in settings. */
export class AnthropicKeyStore extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the key is set, replaced or deleted (in this window or another). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        if (e.key === SECRET_KEY) this.changeEmitter.fire();
      }),
    );
  }

  get(): Thenable<string | undefined> {
    return this.secrets.get(SECRET_KEY);
  }

  set(apiKey: string): Thenable<void> {
    return this.secrets.store(SECRET_KEY, apiKey);
  }

  delete(): Thenable<void> {
    return this.secrets.delete(SECRET_KEY);
  }
}

export interface AnthropicSettings {
  readonly enabled: boolean;
  /** The setting as written; check it with parseAnthropicBaseUrl. */
  readonly baseUrl: string;
}

/**
 * The two settings from the user's own settings only. A workspace's `.vscode/settings.json`
 * comes with whatever repository was cloned: were it read, a repository could turn uploads on
 * or point the key at its own server. (package.json declares both `application`-scoped, so
 * the Settings editor agrees; reading only the global value holds even if that changes.)
 */
export function readAnthropicSettings(): AnthropicSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    enabled: userOnlyValue('anthropicExactCounts', config.inspect(Settings.anthropicExactCounts)?.globalValue),
    baseUrl: userOnlyValue('anthropicBaseUrl', config.inspect(Settings.anthropicBaseUrl)?.globalValue),
  };
}

/** What `Tokenscope: Set Anthropic API Key` and `Tokenscope: Clear Anthropic API Key` do. */
export class AnthropicKeyPrompts {
  constructor(
    private readonly keys: AnthropicKeyStore,
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {}

  /**
   * Says where the key will send text, asks for the key, checks it (its form; with the server
   * too when exact counts are on), stores it only if it passed, offers to turn exact counts on.
   */
  enter(): Promise<void> {
    return setKey(this.keys, this.log, () => this.modelForCheck());
  }

  /** Deletes the key, turns exact counts off if they were on, and says so. */
  clear(): Promise<void> {
    return clearKey(this.keys, this.log);
  }

  /** The Claude model the check counts for: the active editor's if it is one, else the catalog's first. */
  private modelForCheck(): string {
    const { model, catalog } = this.configuration.forDocument(vscode.window.activeTextEditor?.document);
    if (model.provider === 'Anthropic') return model.id;
    return catalog.models.find((m) => m.provider === 'Anthropic' && m.kind === 'chat' && m.origin === 'catalog')?.id ?? model.id;
  }
}

async function setKey(keys: AnthropicKeyStore, log: Log, modelForCheck: () => string): Promise<void> {
  const settings = readAnthropicSettings();
  const base = parseAnthropicBaseUrl(settings.baseUrl, hostL10n);
  const destination = base.ok ? base.url : ANTHROPIC_DEFAULT_BASE_URL;
  // Said before the key is typed: the user decides knowing what the key will be used for.
  const enter = vscode.l10n.t('Enter Key');
  const proceed = await vscode.window.showWarningMessage(
    vscode.l10n.t('Exact Claude counts send text off this machine.'),
    {
      modal: true,
      detail: [
        vscode.l10n.t(
          'While "Exact Claude counts" is on, the text of the active document (or of the selection) is sent to {0} with this key, about a second after you stop typing, whenever the model is a Claude model and the text changed since the last count. Anthropic does not charge for token counting, but it is rate limited. Keep exact counts off for text that must not leave this machine.',
          destination,
        ),
        vscode.l10n.t("The key is kept in VS Code's secret storage (your system keychain), never in settings."),
      ].join('\n\n'),
    },
    enter,
  );
  if (proceed !== enter) return;

  const entered = await vscode.window.showInputBox({
    title: vscode.l10n.t('Tokenscope: Anthropic API Key'),
    prompt: vscode.l10n.t('Your Anthropic API key, used only for token counts sent to {0}.', destination),
    placeHolder: 'sk-ant-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const format = checkKeyFormat(value.trim(), destination, hostL10n);
      if (!format.ok) return format.message;
      return format.warning ? { message: format.warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  const apiKey = entered?.trim();
  if (entered === undefined) return;
  // The input box refuses such a key already; checked again so nothing else can store one.
  const format = checkKeyFormat(apiKey ?? '', destination, hostL10n);
  if (!apiKey || !format.ok) {
    const why = format.ok ? vscode.l10n.t('Enter a key, or press Escape to cancel.') : format.message;
    await notifyFailure(log, 'error', {
      message: vscode.l10n.t('Tokenscope: the Anthropic API key was not saved: {0}', why),
      log: { message: 'Anthropic API key refused before saving: not the form of a key', detail: { baseUrl: destination, why } },
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
        return checkKeyWithServer({ baseUrl: destination, apiKey, model: modelForCheck(), signal: abort.signal, l10n: hostL10n }).catch(() => undefined);
      },
    );
    if (!verdict) return; // cancelled: nothing saved
    if (verdict.verdict === 'refused') {
      await notifyFailure(log, 'error', {
        message: vscode.l10n.t('Tokenscope: {0} refused this key, so it was not saved. {1}', destination, verdict.message),
        log: { message: 'Anthropic API key refused by the server; not saved', detail: { baseUrl: destination, why: verdict.message } },
        actions: [{ title: vscode.l10n.t('Enter Another Key'), run: () => setKey(keys, log, modelForCheck) }],
      });
      return;
    }
    if (verdict.verdict === 'unchecked') {
      log.warn('Anthropic API key could not be checked with the server', { baseUrl: destination, why: verdict.message });
      const save = vscode.l10n.t('Save Unchecked');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Tokenscope: the key could not be checked with {0}.', destination),
        {
          modal: true,
          detail: vscode.l10n.t(
            '{0}\n\nThe key has the form of an Anthropic key, but the server said nothing about it. Save it anyway? If Anthropic refuses it later, exact counts stop and say so.',
            verdict.message,
          ),
        },
        save,
      );
      if (choice !== save) return;
    } else {
      accepted = true;
      log.info('Anthropic API key accepted by the server', { baseUrl: destination });
    }
  }
  await keys.set(apiKey);

  if (settings.enabled) {
    void vscode.window.showInformationMessage(
      accepted
        ? vscode.l10n.t('Tokenscope: Anthropic API key checked with {0} and saved. Exact Claude counts are on.', destination)
        : base.ok
          ? vscode.l10n.t('Tokenscope: Anthropic API key saved without a check by {0}. Exact Claude counts are on.', destination)
          : // Nowhere valid to send it: checked for its form only, and counts wait for a valid URL.
            vscode.l10n.t('Tokenscope: Anthropic API key saved, checked for its form only: {0}', base.message),
    );
    return;
  }
  const turnOn = vscode.l10n.t('Turn On Exact Claude Counts');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Tokenscope: Anthropic API key saved, checked for its form only: with exact Claude counts off, nothing is sent to check it. Turning them on sends the text you count to {0}.',
      destination,
    ),
    turnOn,
  );
  if (choice === turnOn) await updateEnabled(true, log);
}

async function clearKey(keys: AnthropicKeyStore, log: Log): Promise<void> {
  await keys.delete();
  const wasOn = readAnthropicSettings().enabled;
  // Without a key nothing can be sent; turning the switch off too keeps the status bar from
  // asking for a key the user just removed on purpose.
  if (wasOn) await updateEnabled(false, log);
  void vscode.window.showInformationMessage(
    wasOn
      ? vscode.l10n.t('Tokenscope: Anthropic API key removed; exact Claude counts are off. Nothing is sent to Anthropic.')
      : vscode.l10n.t('Tokenscope: Anthropic API key removed. Nothing is sent to Anthropic.'),
  );
}

/** The switch is application-scoped and user-only: the writer saves it in the user's settings. */
async function updateEnabled(enabled: boolean, log: Log): Promise<void> {
  await saveSetting(Settings.anthropicExactCounts, enabled, 'user', undefined, log);
}
