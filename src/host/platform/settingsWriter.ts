import * as vscode from 'vscode';
import { settingByKey, type SettingKey } from '../../core/catalog/settingsSchema';
import { saveTarget, type SaveTarget, type SaveWhere } from '../../core/catalog/settingsTarget';
import { SECTION } from './ids';
import { couldNotSave } from './l10n';
import type { Log } from './log';
import { notifyFailure } from './notices';

const TARGETS: Record<SaveTarget, vscode.ConfigurationTarget> = {
  global: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
};

/**
 * The one way Tokenscope saves a setting: the target (workspace folder, workspace, user) and
 * the Restricted Mode rules come from `saveTarget` and the settings table, and a failure is
 * logged and shown to the user (`Tokenscope: could not save …`, with Show Log). `document`
 * scopes the lookup (its folder and language). Resolves to whether the value was saved.
 */
export async function saveSetting(key: SettingKey, value: unknown, where: SaveWhere, document: vscode.TextDocument | undefined, log: Log): Promise<boolean> {
  const spec = settingByKey(key);
  // The key type comes from the table, so this cannot happen; it keeps a bad cast loud.
  if (!spec) throw new Error(`not a Tokenscope setting: ${key}`);
  const config = vscode.workspace.getConfiguration(SECTION, document);
  const place = saveTarget(spec, config.inspect(key), where, { trusted: vscode.workspace.isTrusted, hasWorkspace: vscode.workspace.workspaceFolders !== undefined });
  try {
    await config.update(key, value, TARGETS[place.target], place.inLanguage);
    return true;
  } catch (err) {
    const setting = `${SECTION}.${key}`;
    void notifyFailure(log, 'error', {
      message: couldNotSave(setting, err),
      log: { message: 'could not save a setting', detail: { setting, target: place.target, value: JSON.stringify(value), why: err instanceof Error ? err.message : String(err) } },
    });
    return false;
  }
}
