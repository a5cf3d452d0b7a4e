import * as vscode from 'vscode';
import type { Configuration } from '../platform/configuration';
import { Commands, Settings } from '../platform/ids';
import { saveSetting } from '../platform/settingsWriter';

/**
 * Toggle / Show / Hide Token Boundaries. The choice is stored in `tokenscope.boundaries.enabled`
 * where the value in effect comes from (workspace folder, workspace, or user settings), so the
 * command always changes what the user sees.
 */
export function registerBoundaryCommands(configuration: Configuration): vscode.Disposable {
  const set = async (enabled: boolean | 'toggle') => {
    const document = vscode.window.activeTextEditor?.document;
    const value = enabled === 'toggle' ? !configuration.forDocument(document).boundaries.enabled : enabled;
    // Where the value in effect comes from; in Restricted Mode a workspace value is not in effect (restrictedConfigurations), so the user's.
    await saveSetting(Settings.boundariesEnabled, value, 'inEffect', document);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(Commands.toggleBoundaries, () => set('toggle')),
    vscode.commands.registerCommand(Commands.showBoundaries, () => set(true)),
    vscode.commands.registerCommand(Commands.hideBoundaries, () => set(false)),
  );
}
