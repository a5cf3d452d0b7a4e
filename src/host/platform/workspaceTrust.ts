import * as vscode from 'vscode';
import { valueWithoutWorkspace } from '../../core/catalog/restrictedMode';
import { RestrictedSettings } from './ids';

const restricted = new Set<string>(RestrictedSettings);

/** The one method of a configuration section that Configuration reads settings with. */
export interface SettingsReader {
  get<T>(key: string): T | undefined;
}

/**
 * `config` as Restricted Mode wants it read: in an untrusted workspace the workspace's values
 * of the restricted settings (ids.ts) are left out, so a cloned repository cannot make
 * Tokenscope open a file it names or start work in every editor. VS Code already drops those
 * values itself because package.json lists them in `restrictedConfigurations`; this holds even
 * in a host that implements workspace trust but not that list, and costs nothing when trusted.
 */
export function readableInTrust(config: vscode.WorkspaceConfiguration): SettingsReader {
  if (vscode.workspace.isTrusted) return config;
  return {
    get: <T>(key: string) => (restricted.has(key) ? valueWithoutWorkspace(config.inspect<T>(key)) : config.get<T>(key)),
  };
}
