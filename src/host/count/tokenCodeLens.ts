import * as vscode from 'vscode';
import { countLine } from '../../core/present/countFormat';
import { STATUS_BAR_ICONS } from '../../core/present/statusBarText';
import { countedModel } from '../../core/catalog/models';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import type { TrackedDocuments } from '../documents/trackedDocuments';
import { modelCountInput, type CountQuery } from './countQuery';
import { Commands } from '../platform/ids';
import { hostL10n } from '../platform/l10n';

/**
 * The file's token count above its first line (`tokenscope.codeLens.enabled`), for every
 * visible editor, not just the active one. VS Code asks again after edits (with its own
 * debounce); a setting change or a new worker asks for fresh lenses. The count is the status
 * bar's (one shared request per document version and tokenizer, see countQuery.ts).
 */
export class TokenCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(
    private readonly tracked: TrackedDocuments,
    private readonly counts: CountQuery,
    private readonly configuration: Configuration,
  ) {
    super();
    this._register(configuration.onDidChange((e) => e.affects('model', 'count', 'fileSize') && this.changeEmitter.fire()));
    this._register(tracked.onDidRestart(() => this.changeEmitter.fire()));
    this._register(vscode.languages.registerCodeLensProvider('*', this));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const settings = this.configuration.forDocument(document);
    if (!settings.codeLensEnabled || !this.tracked.isTracked(document)) return [];
    const result = await this.counts.ask(modelCountInput(document, settings.model)).catch(() => undefined);
    if (!result || token.isCancellationRequested || result.version !== document.version) return [];
    // A tokenizer file that could not be used: the count is the model's ≈ approximation (the status bar says why).
    const title = countLine(
      {
        tokens: result.tokens,
        chars: result.chars,
        bytes: result.bytes,
        ...(result.scriptMix ? { mix: result.scriptMix } : {}),
        ...(result.request ? { request: result.request } : {}),
      },
      countedModel(settings.model, result.tokenizer),
      settings,
      hostL10n,
    );
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: `${result.request ? STATUS_BAR_ICONS.request : STATUS_BAR_ICONS.count} ${title}`,
        command: Commands.selectModel,
        tooltip: vscode.l10n.t('Tokenscope: token count of this file. Click to select a model.'),
      }),
    ];
  }
}
