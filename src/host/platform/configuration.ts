import * as vscode from 'vscode';
import { forgetCatalog } from '../../core/catalog/catalog';
import { valueWithoutWorkspace } from '../../core/catalog/restrictedMode';
import { parseSettings, type Settings as SettingsSnapshot } from '../../core/catalog/settings';
import { areasAffected, SETTING_AREAS, SETTINGS_TABLE, type RawSettings, type SettingArea } from '../../core/catalog/settingsSchema';
import { Disposable } from './dispose';
import { Commands, SECTION, Settings } from './ids';
import { hostL10n } from './l10n';
import type { Log } from './log';
import { notifyFailure, openSettingAction } from './notices';
import { readableInTrust } from './workspaceTrust';

/** A change of Tokenscope's settings: which areas (settingsSchema.ts) it touches. */
export interface SettingsChange {
  /** Whether any of `areas` changed; consumers refresh only for their own (e.g. `e.affects('model', 'boundaries')`). */
  affects(...areas: SettingArea[]): boolean;
}

/** A change that touches every area: workspace trust granted brings back a workspace's values of any of them. */
const EVERY_AREA: SettingsChange = changeOf(new Set(SETTING_AREAS));

function changeOf(areas: ReadonlySet<SettingArea>): SettingsChange {
  return { affects: (...wanted) => wanted.some((area) => areas.has(area)) };
}

/**
 * Reads `tokenscope.*` into a typed snapshot for a document (so `[markdown]`-style language
 * overrides apply), and tells the user once per distinct bad value what was wrong and what is
 * used instead. Snapshots are kept per document and language until any setting changes: the
 * status bar, decorations, CodeLens and hovers all ask for them on every keystroke.
 */
export class Configuration extends Disposable {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<SettingsChange>());
  /**
   * Fires when any `tokenscope.*` setting changes, in any scope, saying which areas changed.
   * A listener that ignores the argument refreshes on every change, as before areas existed.
   */
  readonly onDidChange = this.changeEmitter.event;
  private readonly reported = new Set<string>();
  /** Snapshots by document uri and language id ('' without a document). */
  private readonly snapshots = new Map<string, SettingsSnapshot>();
  /** Factors learned from a provider's counts (host/providers/calibrationLearner.ts), or none. */
  private learnedCalibration: () => unknown = () => undefined;

  constructor(
    private readonly log: Log,
    /** Where tokenizers downloaded on the user's request are kept (the extension's global storage). */
    private readonly tokenizerDownloadFolder?: string,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Any change may be a language override or a scope the snapshots were read from.
        this.snapshots.clear();
        if (e.affectsConfiguration(SECTION)) this.changeEmitter.fire(changeOf(areasAffected((key) => e.affectsConfiguration(key), SECTION)));
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.snapshots.clear()));
    // Trusting the workspace brings back its values of the restricted settings (Restricted
    // Mode left them out): read everything again now rather than wait for a settings change.
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.snapshots.clear();
        this.changeEmitter.fire(EVERY_AREA);
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

  /**
   * A tokenizer file was downloaded or removed: the catalog is built again and every model's
   * count follows at once (a `model` change, as if the setting had changed), without a reload.
   */
  tokenizersChanged(): void {
    this.reload();
    this.changeEmitter.fire(changeOf(new Set(['model'])));
  }

  /** Where the catalog gets learned per-script factors from (set once, by the composition root). */
  useLearnedCalibration(source: () => unknown): void {
    this.learnedCalibration = source;
    // Set before any view listens: snapshots read so far are read again, no change to announce.
    this.reload();
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
    // Every row but the user-only ones, which their features read from the user's settings alone.
    const raw: RawSettings = {};
    for (const spec of Object.values(SETTINGS_TABLE)) if (!spec.userOnly) raw[spec.key] = config.get(spec.key);
    // Whether the list in effect is the user's own: only then may its entries name tokenizer
    // files (a trusted workspace still must not make Tokenscope read a path on this machine).
    raw.customModelsFromUser = JSON.stringify(raw[Settings.customModels]) === JSON.stringify(valueWithoutWorkspace(section.inspect(Settings.customModels)));
    raw.tokenizerDownloadFolder = this.tokenizerDownloadFolder;
    raw.learnedCalibration = this.learnedCalibration();
    const { settings, problems } = parseSettings(raw, hostL10n);
    for (const problem of problems) this.report(problem.setting, problem.message);
    return settings;
  }

  private report(setting: string, message: string): void {
    const key = `${setting}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const selectModel = setting === `${SECTION}.${Settings.model}`;
    const action = selectModel ? { title: vscode.l10n.t('Select Model'), run: () => vscode.commands.executeCommand(Commands.selectModel) } : openSettingAction(setting);
    void notifyFailure(this.log, 'warning', {
      message: vscode.l10n.t('Tokenscope: {0}: {1}', setting, message),
      log: { message: 'a setting could not be used as written', detail: { setting, problem: message } },
      actions: [action],
    });
  }
}
