import * as vscode from 'vscode';
import { premiumLensText } from '../../core/lint/premium/languagePremium';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';
import type { LintDiagnostics } from './lintDiagnostics';

/**
 * The crosslingual premium (lint rule 6) as a CodeLens over each paragraph not in English:
 * `Hindi · ×3.1 tokens vs English for gpt-4o · lowest: qwen3-8b ×1.4`. Information, not a
 * problem, so a lens rather than a diagnostic. The paragraphs' languages come with the lint's
 * answer (detected in the worker, for the document's current version); a paragraph too short,
 * mixed or not told apart gets no lens.
 */
export class PremiumLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(
    private readonly lint: LintDiagnostics,
    private readonly configuration: Configuration,
  ) {
    super();
    this._register(lint.onDidChange(() => this.changeEmitter.fire()));
    this._register(configuration.onDidChange((e) => e.affects('model', 'lint') && this.changeEmitter.fire()));
    this._register(vscode.languages.registerCodeLensProvider({ scheme: '*' }, this));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const shown = this.lint.findingsOf(document);
    if (!shown || shown.languages.length === 0) return [];
    const settings = this.configuration.forDocument(document);
    if (!settings.lint.crosslingualPremium) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const paragraph of shown.languages) {
      const title = premiumLensText(paragraph.guess, settings.model, settings.catalog.models, hostL10n);
      if (title === undefined) continue;
      const at = document.positionAt(paragraph.start);
      lenses.push(
        new vscode.CodeLens(new vscode.Range(at, at), {
          title,
          // Information only: nothing to run.
          command: '',
          tooltip: vscode.l10n.t(
            'Tokenscope: tokens of the same content in this language relative to English, measured on the Universal Declaration of Human Rights. ≈: the premium of the tokenizer the model is approximated with.',
          ),
        }),
      );
    }
    return lenses;
  }
}
