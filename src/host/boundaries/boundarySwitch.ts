import * as vscode from 'vscode';
import type { Configuration } from '../platform/configuration';
import { SECTION, Settings } from '../platform/ids';
import { couldNotSave } from '../platform/l10n';

/**
 * What Toggle / Show / Hide Token Boundaries do. The choice is stored in
 * `tokenscope.boundaries.enabled` where the value in effect comes from (workspace folder,
 * workspace, or user settings), so the command always changes what the user sees.
 */
export class BoundarySwitch {
  constructor(private readonly configuration: Configuration) {}

  /** Shows (true) or hides (false) token boundaries, or flips what the active editor shows. */
  async set(enabled: boolean | 'toggle'): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const value = enabled === 'toggle' ? !this.configuration.forDocument(document).boundaries.enabled : enabled;
    const config = vscode.workspace.getConfiguration(SECTION, document);
    // In Restricted Mode a workspace value is not in effect (restrictedConfigurations): change the user's.
    const inspected = vscode.workspace.isTrusted ? config.inspect<boolean>(Settings.boundariesEnabled) : undefined;
    let target = vscode.ConfigurationTarget.Global;
    if (inspected?.workspaceFolderValue !== undefined) target = vscode.ConfigurationTarget.WorkspaceFolder;
    else if (inspected?.workspaceValue !== undefined) target = vscode.ConfigurationTarget.Workspace;
    try {
      await config.update(Settings.boundariesEnabled, value, target);
    } catch (err) {
      void vscode.window.showErrorMessage(couldNotSave(`${SECTION}.${Settings.boundariesEnabled}`, err));
    }
  }
}
