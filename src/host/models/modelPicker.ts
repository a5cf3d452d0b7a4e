import * as vscode from 'vscode';
import { modelSummary } from '../../core/present/countFormat';
import { newestFirst, type ModelInfo } from '../../core/catalog/models';
import type { Configuration } from '../platform/configuration';
import type { Log } from '../platform/log';
import { Commands, Settings } from '../platform/ids';
import { hostL10n } from '../platform/l10n';
import { saveSetting } from '../platform/settingsWriter';

interface ModelItem extends vscode.QuickPickItem {
  model: ModelInfo;
}

/** How many recently chosen models are listed first. */
const RECENT_LIMIT = 5;
const RECENT_KEY = 'tokenscope.recentModels';

/** Picker order of the makers: the most used first, then alphabetical; custom models last. */
const PROVIDER_ORDER = ['OpenAI', 'Anthropic', 'Google', 'Mistral', 'DeepSeek', 'Qwen', 'Meta', 'xAI', 'Cohere', 'Moonshot AI'];

/**
 * `Tokenscope: Select Model`: a quick pick of every catalog and custom model, grouped by
 * maker, recently used ones first; each shows its window, input price and whether its count
 * is exact or ≈, and the filter searches ids, names and makers. Accepting stores
 * `tokenscope.model` where the value in effect comes from (a language override, the
 * workspace, or the user settings); the item button stores it for the active editor's
 * language only (`"[markdown]": { "tokenscope.model": … }`).
 */
export class ModelPicker {
  constructor(
    private readonly configuration: Configuration,
    private readonly memento: vscode.Memento,
    private readonly log: Log,
  ) {}

  /** Shows the picker and stores the model chosen, if any. */
  async pick(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    // Look at the Hugging Face cache again: a tokenizer downloaded since makes a model exact.
    this.configuration.reload();
    const { model: current, catalog } = this.configuration.forDocument(document);
    const languageButton: vscode.QuickInputButton | undefined = document
      ? { iconPath: new vscode.ThemeIcon('symbol-file'), tooltip: vscode.l10n.t('Use for {0} files only', document.languageId) }
      : undefined;
    // Gemini and Gemma 3 without the Gemma 3 file: the button gets it (after its consent dialog).
    const downloadButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('cloud-download'), tooltip: vscode.l10n.t('Get the Gemma 3 tokenizer for exact counts…') };
    const item = (model: ModelInfo): ModelItem => ({
      label: model.id === current.id ? `$(check) ${model.id}` : model.id,
      description: [modelSummary(model, hostL10n), kindLabel(model)].filter(Boolean).join(' · '),
      // Gemini and Gemma without the Gemma 3 file: how to make the count exact.
      detail: model.counting.kind === 'approx' ? model.counting.exactWith : undefined,
      buttons: [...(model.counting.kind === 'approx' && model.counting.download ? [downloadButton] : []), ...(languageButton ? [languageButton] : [])],
      model,
    });

    const items: Array<ModelItem | vscode.QuickPickItem> = [];
    // The model in effect first, then the others recently chosen, then every model by maker.
    const recent = (this.memento.get<string[]>(RECENT_KEY) ?? [])
      .filter((id) => id !== current.id)
      .map((id) => catalog.find(id))
      .filter((m): m is ModelInfo => m !== undefined);
    items.push({ label: vscode.l10n.t('Current model'), kind: vscode.QuickPickItemKind.Separator }, item(current));
    if (recent.length > 0) {
      items.push({ label: vscode.l10n.t('Recently used'), kind: vscode.QuickPickItemKind.Separator });
      for (const model of recent) items.push(item(model));
    }
    for (const [provider, models] of groupByProvider(catalog.models)) {
      items.push({ label: provider, kind: vscode.QuickPickItemKind.Separator });
      for (const model of models) items.push(item(model));
    }

    const pick = vscode.window.createQuickPick<ModelItem | vscode.QuickPickItem>();
    pick.title = vscode.l10n.t('Tokenscope: Select Model');
    pick.placeholder = vscode.l10n.t('Model for token counts (now {0}) · ≈ marks approximate counts', current.id);
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = items;
    pick.activeItems = [items[1]];

    let download = false;
    const chosen = await new Promise<{ model: ModelInfo; languageOnly: boolean } | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0];
        resolve(item && 'model' in item ? { model: item.model, languageOnly: false } : undefined);
        pick.hide();
      });
      pick.onDidTriggerItemButton((e) => {
        if (e.button === downloadButton) download = true;
        else if ('model' in e.item) resolve({ model: (e.item as ModelItem).model, languageOnly: true });
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (download) {
      await vscode.commands.executeCommand(Commands.getGemmaTokenizer);
      return;
    }
    if (!chosen) return;
    // Saved where the value in effect comes from (a language override, the workspace, the user), or for the language only.
    await saveSetting(Settings.model, chosen.model.id, chosen.languageOnly ? 'language' : 'inEffect', document, this.log);
    const recentIds = [chosen.model.id, ...(this.memento.get<string[]>(RECENT_KEY) ?? []).filter((id) => id !== chosen.model.id)].slice(0, RECENT_LIMIT);
    await this.memento.update(RECENT_KEY, recentIds);
  }
}

function groupByProvider(models: readonly ModelInfo[]): Array<[string, ModelInfo[]]> {
  const groups = new Map<string, ModelInfo[]>();
  for (const model of models) {
    const group = model.origin === 'custom' ? customGroup(model.provider) : model.provider;
    groups.set(group, [...(groups.get(group) ?? []), model]);
  }
  for (const group of groups.values()) group.sort(newestFirst);
  const customGroups = new Set(models.filter((m) => m.origin === 'custom').map((m) => customGroup(m.provider)));
  const rank = (name: string) => {
    const i = PROVIDER_ORDER.indexOf(name);
    return i >= 0 ? i : customGroups.has(name) ? PROVIDER_ORDER.length + 1 : PROVIDER_ORDER.length;
  };
  return [...groups].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/** What a model that is not a chat model is, for its picker row (with ~300 models, audio and image ones stand out). */
function kindLabel(model: ModelInfo): string | undefined {
  switch (model.kind) {
    case 'embedding':
      return vscode.l10n.t('embeddings');
    case 'image':
      return vscode.l10n.t('image model');
    case 'audio':
      return vscode.l10n.t('audio model');
    case 'legacy':
      return vscode.l10n.t('legacy');
    case 'chat':
      return undefined;
  }
}

/** The picker's group of the user's own models of a maker: `Acme (custom)`. */
function customGroup(provider: string): string {
  return vscode.l10n.t('{0} (custom)', provider);
}
