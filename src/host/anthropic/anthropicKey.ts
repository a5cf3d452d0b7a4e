import * as vscode from 'vscode';
import { ANTHROPIC_DEFAULT_BASE_URL, parseAnthropicBaseUrl } from '../../core/anthropic/anthropicTokenCount';
import { userOnlyValue } from '../../core/catalog/settingsSchema';
import { SECTION, Settings } from '../platform/ids';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
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
  constructor(private readonly keys: AnthropicKeyStore) {}

  /** Says where the key will send text, asks for the key, stores it, offers to turn exact counts on. */
  enter(): Promise<void> {
    return setKey(this.keys);
  }

  /** Deletes the key, turns exact counts off if they were on, and says so. */
  clear(): Promise<void> {
    return clearKey(this.keys);
  }
}

async function setKey(keys: AnthropicKeyStore): Promise<void> {
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
      const key = value.trim();
      if (!key) return vscode.l10n.t('Enter a key, or press Escape to cancel.');
      if (/\s/.test(key)) return vscode.l10n.t('A key has no spaces or line breaks.');
      // A test server's key may look like anything: warn, do not refuse.
      if (!key.startsWith('sk-ant-')) return { message: vscode.l10n.t('Anthropic keys start with "{0}".', 'sk-ant-'), severity: vscode.InputBoxValidationSeverity.Warning };
      return undefined;
    },
  });
  const apiKey = entered?.trim();
  if (!apiKey) return;
  await keys.set(apiKey);

  if (settings.enabled) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Tokenscope: Anthropic API key saved. Exact Claude counts are on.'));
    return;
  }
  const turnOn = vscode.l10n.t('Turn On Exact Claude Counts');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Tokenscope: Anthropic API key saved. Exact Claude counts are still off; turning them on sends the text you count to {0}.', destination),
    turnOn,
  );
  if (choice === turnOn) await updateEnabled(true);
}

async function clearKey(keys: AnthropicKeyStore): Promise<void> {
  await keys.delete();
  const wasOn = readAnthropicSettings().enabled;
  // Without a key nothing can be sent; turning the switch off too keeps the status bar from
  // asking for a key the user just removed on purpose.
  if (wasOn) await updateEnabled(false);
  void vscode.window.showInformationMessage(
    wasOn
      ? vscode.l10n.t('Tokenscope: Anthropic API key removed; exact Claude counts are off. Nothing is sent to Anthropic.')
      : vscode.l10n.t('Tokenscope: Anthropic API key removed. Nothing is sent to Anthropic.'),
  );
}

/** The switch is application-scoped and user-only: the writer saves it in the user's settings. */
async function updateEnabled(enabled: boolean): Promise<void> {
  await saveSetting(Settings.anthropicExactCounts, enabled, 'user');
}
