import * as vscode from 'vscode';
import { supportedLocale, type Localizer } from '../../core/l10n';

/**
 * The Localizer the host hands to core code: VS Code's own translation of our bundle
 * (l10n/bundle.l10n.<language>.json, loaded by VS Code for the display language) and
 * the display language for numbers. Host code itself calls `vscode.l10n.t` directly.
 * The display language cannot change without restarting the extension host, so one object
 * serves the whole session (the catalog cache relies on that).
 */
export const hostL10n: Localizer = {
  locale: supportedLocale(vscode.env.language),
  t: (message, ...args) => vscode.l10n.t(message, ...args),
};

/** The one message for a setting VS Code refused to write (a read-only settings file, say). */
export function couldNotSave(setting: string, err: unknown): string {
  return vscode.l10n.t('Tokenscope: could not save {0}: {1}', setting, err instanceof Error ? err.message : String(err));
}
