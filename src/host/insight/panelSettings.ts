import * as vscode from 'vscode';
import type { Settings as SettingsSnapshot } from '../../core/catalog/settings';
import { Settings } from '../platform/ids';
import type { Log } from '../platform/log';
import { saveSetting } from '../platform/settingsWriter';

/** The panel's model set and expected output are the user's own: saved in user settings (the one writer says so if VS Code refuses). */
export async function saveInsightSetting(key: typeof Settings.insightModels | typeof Settings.insightExpectedOutputTokens, value: unknown, log: Log): Promise<void> {
  await saveSetting(key, value, 'user', undefined, log);
}

/** A multi-select quick pick of every model, the panel's set checked; saves the set picked. */
export async function pickInsightModels(settings: SettingsSnapshot, log: Log): Promise<void> {
  const chosen = new Set(settings.insightModels.map((m) => m.id));
  const items = settings.catalog.models.map((m) => ({ label: m.id, description: `${m.displayName} · ${m.provider}`, picked: chosen.has(m.id), model: m }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('Tokenscope: Models in the Insight Panel'), matchOnDescription: true });
  if (!picked) return;
  // Keep the user's order for models kept; add new ones at the end.
  const kept = settings.insightModels.filter((m) => picked.some((p) => p.model.id === m.id)).map((m) => m.id);
  const added = picked.map((p) => p.model.id).filter((id) => !kept.includes(id));
  await saveInsightSetting(Settings.insightModels, [...kept, ...added], log);
}
