import * as vscode from 'vscode';
import { forgetCatalog } from '../../core/catalog/catalog';
import { valueWithoutWorkspace } from '../../core/catalog/restrictedMode';
import { parseSettings, type RawSettings, type Settings as SettingsSnapshot } from '../../core/catalog/settings';
import { Disposable } from './dispose';
import { Commands, SECTION, Settings } from './ids';
import { hostL10n } from './l10n';
import { readableInTrust } from './workspaceTrust';

/**
 * Reads `tokenscope.*` into a typed snapshot for a document (so `[markdown]`-style language
 * overrides apply), and tells the user once per distinct bad value what was wrong and what is
 * used instead. Snapshots are kept per document and language until any setting changes: the
 * status bar, decorations, CodeLens and hovers all ask for them on every keystroke.
 */
export class Configuration extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when any `tokenscope.*` setting changes, in any scope. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly reported = new Set<string>();
  /** Snapshots by document uri and language id ('' without a document). */
  private readonly snapshots = new Map<string, SettingsSnapshot>();

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Any change may be a language override or a scope the snapshots were read from.
        this.snapshots.clear();
        if (e.affectsConfiguration(SECTION)) this.changeEmitter.fire();
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.snapshots.clear()));
    // Trusting the workspace brings back its values of the restricted settings (Restricted
    // Mode left them out): read everything again now rather than wait for a settings change.
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.snapshots.clear();
        this.changeEmitter.fire();
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        for (const key of this.snapshots.keys()) if (key.startsWith(`${d.uri.toString()}\u0000`)) this.snapshots.delete(key);
      }),
    );
  }

  /**
   * Reads everything again on the next call, e.g. after the model picker forgot the catalog
   * so that a tokenizer newly in the Hugging Face cache is found.
   */
  reload(): void {
    forgetCatalog();
    this.snapshots.clear();
  }

  /** The settings that apply to `document` (its language's overrides included). */
  forDocument(document: vscode.TextDocument | undefined): SettingsSnapshot {
    const key = document ? `${document.uri.toString()}\u0000${document.languageId}` : '';
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      snapshot = this.read(document);
      this.snapshots.set(key, snapshot);
    }
    return snapshot;
  }

  private read(document: vscode.TextDocument | undefined): SettingsSnapshot {
    const section = vscode.workspace.getConfiguration(SECTION, document);
    const config = readableInTrust(section);
    const customModels = config.get(Settings.customModels);
    const raw: RawSettings = {
      model: config.get(Settings.model),
      customModels,
      // Whether the list in effect is the user's own: only then may its entries name tokenizer
      // files (a trusted workspace still must not make Tokenscope read a path on this machine).
      customModelsFromUser: JSON.stringify(customModels) === JSON.stringify(valueWithoutWorkspace(section.inspect(Settings.customModels))),
      priceOverrides: config.get(Settings.priceOverrides),
      tokenizerFiles: config.get(Settings.tokenizerFiles),
      reservedOutputTokens: config.get(Settings.reservedOutputTokens),
      'context.warningThreshold': config.get(Settings.contextWarningThreshold),
      'context.errorThreshold': config.get(Settings.contextErrorThreshold),
      'statusBar.enabled': config.get(Settings.statusBarEnabled),
      maxFileSizeMB: config.get(Settings.maxFileSizeMB),
      'worker.timeoutSeconds': config.get(Settings.workerTimeoutSeconds),
      'boundaries.enabled': config.get(Settings.boundariesEnabled),
      'boundaries.colorBy': config.get(Settings.boundariesColorBy),
      'boundaries.showWhitespace': config.get(Settings.boundariesShowWhitespace),
      'lineCounts.enabled': config.get(Settings.lineCountsEnabled),
      'codeLens.enabled': config.get(Settings.codeLensEnabled),
      'insight.models': config.get(Settings.insightModels),
      'insight.expectedOutputTokens': config.get(Settings.insightExpectedOutputTokens),
    };
    const { settings, problems } = parseSettings(raw, hostL10n);
    for (const problem of problems) this.report(problem.setting, problem.message);
    return settings;
  }

  private report(setting: string, message: string): void {
    const key = `${setting}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const selectModel = setting === `${SECTION}.${Settings.model}`;
    const action = selectModel ? vscode.l10n.t('Select Model') : vscode.l10n.t('Open Settings');
    void vscode.window.showWarningMessage(vscode.l10n.t('Tokenscope: {0}: {1}', setting, message), action).then((choice) => {
      if (choice !== action) return;
      if (selectModel) void vscode.commands.executeCommand(Commands.selectModel);
      else void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  }
}
