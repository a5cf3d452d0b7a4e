import * as vscode from 'vscode';
import { formatWindow } from '../core/countFormat';
import { MODELS, type ModelInfo } from '../core/models';
import type { Configuration } from './configuration';
import { Commands, SECTION, Settings } from './ids';

interface ModelItem extends vscode.QuickPickItem {
  model: ModelInfo;
}

const FAMILY_LABELS: Record<ModelInfo['family'], string> = {
  current: 'OpenAI',
  embedding: 'OpenAI embeddings',
  legacy: 'OpenAI legacy',
};

/**
 * `Tokenscope: Select Model`: a quick pick of the models with their tokenizer and window.
 * Accepting stores `tokenscope.model` where the value in effect comes from (a language
 * override, the workspace, or the user settings); the item button stores it for the active
 * editor's language only (`"[markdown]": { "tokenscope.model": … }`).
 */
export function registerModelPicker(configuration: Configuration): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.selectModel, async () => {
    const document = vscode.window.activeTextEditor?.document;
    const current = configuration.forDocument(document).model;
    const languageButton: vscode.QuickInputButton | undefined = document
      ? { iconPath: new vscode.ThemeIcon('symbol-file'), tooltip: `Use for ${document.languageId} files only` }
      : undefined;

    const items: Array<ModelItem | vscode.QuickPickItem> = [];
    let family: ModelInfo['family'] | undefined;
    for (const model of MODELS) {
      if (model.family !== family) {
        family = model.family;
        items.push({ label: FAMILY_LABELS[family], kind: vscode.QuickPickItemKind.Separator });
      }
      items.push({
        label: model.id === current.id ? `$(check) ${model.id}` : model.id,
        description: `${model.displayName} · ${formatWindow(model.contextWindow)} context · ${model.encoding}`,
        buttons: languageButton ? [languageButton] : [],
        model,
      } satisfies ModelItem);
    }

    const pick = vscode.window.createQuickPick<ModelItem | vscode.QuickPickItem>();
    pick.title = 'Tokenscope: Select Model';
    pick.placeholder = `Model for token counts (now ${current.id})`;
    pick.matchOnDescription = true;
    pick.items = items;
    pick.activeItems = items.filter((i) => 'model' in i && i.model.id === current.id);

    const chosen = await new Promise<{ model: ModelInfo; languageOnly: boolean } | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0];
        resolve(item && 'model' in item ? { model: item.model, languageOnly: false } : undefined);
        pick.hide();
      });
      pick.onDidTriggerItemButton((e) => {
        if ('model' in e.item) resolve({ model: (e.item as ModelItem).model, languageOnly: true });
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (chosen) await storeModel(chosen.model, document, chosen.languageOnly);
  });
}

async function storeModel(model: ModelInfo, document: vscode.TextDocument | undefined, languageOnly: boolean): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION, document);
  const inspected = config.inspect<string>(Settings.model);
  const hasWorkspace = vscode.workspace.workspaceFolders !== undefined;
  let target = vscode.ConfigurationTarget.Global;
  let inLanguage = languageOnly;
  if (!languageOnly) {
    if (inspected?.workspaceFolderLanguageValue !== undefined) [target, inLanguage] = [vscode.ConfigurationTarget.WorkspaceFolder, true];
    else if (inspected?.workspaceLanguageValue !== undefined) [target, inLanguage] = [vscode.ConfigurationTarget.Workspace, true];
    else if (inspected?.globalLanguageValue !== undefined) inLanguage = true;
    else if (inspected?.workspaceFolderValue !== undefined) target = vscode.ConfigurationTarget.WorkspaceFolder;
    else if (inspected?.workspaceValue !== undefined && hasWorkspace) target = vscode.ConfigurationTarget.Workspace;
  }
  try {
    await config.update(Settings.model, model.id, target, inLanguage);
  } catch (err) {
    void vscode.window.showErrorMessage(`Tokenscope: could not save tokenscope.model: ${err instanceof Error ? err.message : String(err)}`);
  }
}
