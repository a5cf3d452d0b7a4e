import * as vscode from 'vscode';
import type { Settings as SettingsSnapshot } from '../../core/catalog/settings';
import { SECTION, Settings } from '../platform/ids';
import { couldNotSave } from '../platform/l10n';

/** Saves one of the panel's settings in the user settings; says so if VS Code refuses. */
export async function saveInsightSetting(key: string, value: unknown): Promise<void> {
  try {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  } catch (err) {
    void vscode.window.showErrorMessage(couldNotSave(`${SECTION}.${key}`, err));
  }
}

/** A multi-select quick pick of every model, the panel's set checked; saves the set picked. */
export async function pickInsightModels(settings: SettingsSnapshot): Promise<void> {
  const chosen = new Set(settings.insightModels.map((m) => m.id));
  const items = settings.catalog.models.map((m) => ({ label: m.id, description: `${m.displayName} · ${m.provider}`, picked: chosen.has(m.id), model: m }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('Tokenscope: Models in the Insight Panel'), matchOnDescription: true });
  if (!picked) return;
  // Keep the user's order for models kept; add new ones at the end.
  const kept = settings.insightModels.filter((m) => picked.some((p) => p.model.id === m.id)).map((m) => m.id);
  const added = picked.map((p) => p.model.id).filter((id) => !kept.includes(id));
  await saveInsightSetting(Settings.insightModels, [...kept, ...added]);
}
