import * as vscode from 'vscode';
import type { Configuration } from '../platform/configuration';
import type { Log } from '../platform/log';
import { Settings } from '../platform/ids';
import { saveSetting } from '../platform/settingsWriter';

/**
 * What Toggle / Show / Hide Token Boundaries do. The choice is stored in
 * `tokenscope.boundaries.enabled` where the value in effect comes from (workspace folder,
 * workspace, or user settings), so the command always changes what the user sees.
 */
export class BoundarySwitch {
  constructor(
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {}

  /** Shows (true) or hides (false) token boundaries, or flips what the active editor shows. */
  async set(enabled: boolean | 'toggle'): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const value = enabled === 'toggle' ? !this.configuration.forDocument(document).boundaries.enabled : enabled;
    // Where the value in effect comes from; in Restricted Mode a workspace value is not in effect (restrictedConfigurations), so the user's.
    await saveSetting(Settings.boundariesEnabled, value, 'inEffect', document, this.log);
  }
}
