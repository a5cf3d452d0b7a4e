import * as vscode from 'vscode';
import { approxMark, isExact, modelTokens, type ModelInfo } from '../../core/catalog/models';
import { TRAINING_LIMIT_SOURCE } from '../../core/catalog/trainingLimits';
import { formatInteger } from '../../core/present/countFormat';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import { Colors } from '../platform/ids';
import { hostL10n } from '../platform/l10n';
import { isDataset, type DatasetSummaries } from './datasetSummaries';

/** Lines above and below the visible ones that get their count too, so a short scroll shows them at once. */
const MARGIN_LINES = 50;

/**
 * What a dataset's summary shows in its editor: each example's tokens at the end of its line
 * (visible lines only; `tokenscope.datasets.exampleCounts`), and a problem for each example over
 * the model's published training limit. The numbers are the summary's (DatasetSummaries): while
 * the user types, the last ones stay, moved with the text by VS Code, until the next summary.
 */
export class DatasetExampleCounts extends Disposable {
  private readonly decoration = this._register(
    vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor(Colors.lineCountForeground), margin: '0 0 0 2em', fontStyle: 'italic' },
    }),
  );
  private readonly problems = this._register(vscode.languages.createDiagnosticCollection('tokenscope.datasets'));

  constructor(
    private readonly summaries: DatasetSummaries,
    private readonly configuration: Configuration,
  ) {
    super();
    this._register(summaries.onDidChange((uri) => this.update(uri)));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges((e) => isDataset(e.textEditor.document) && this.paint(e.textEditor)));
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.filter((e) => isDataset(e.document)).forEach((e) => this.paint(e))));
    this._register(configuration.onDidChange((e) => e.affects('count') && vscode.window.visibleTextEditors.forEach((editor) => this.paint(editor))));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.problems.delete(d.uri)));
  }

  private update(uri: vscode.Uri): void {
    const key = uri.toString();
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) this.paint(editor);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!document) return;
    const state = this.summaries.stateOf(document);
    if (state?.kind !== 'done') return;
    const { summary } = state.result;
    const limit = summary.trainingLimit;
    if (limit === undefined) return this.problems.delete(uri);
    this.problems.set(
      uri,
      summary.overLimit
        .filter((e) => e.line <= document.lineCount)
        .map((e) => {
          const line = document.lineAt(e.line - 1);
          const diagnostic = new vscode.Diagnostic(
            line.range,
            vscode.l10n.t(
              'This example is {0} tokens, over the training limit of {1} tokens per example for {2} ({3}): the provider truncates or rejects it.',
              formatInteger(e.tokens, hostL10n.locale),
              formatInteger(limit, hostL10n.locale),
              state.model.id,
              TRAINING_LIMIT_SOURCE,
            ),
            vscode.DiagnosticSeverity.Warning,
          );
          diagnostic.source = 'Tokenscope';
          diagnostic.code = 'over-training-limit';
          return diagnostic;
        }),
    );
  }

  private paint(editor: vscode.TextEditor): void {
    const document = editor.document;
    const state = this.summaries.stateOf(document);
    const lines = state?.kind === 'done' ? state.result.lineTokens : undefined;
    if (state?.kind !== 'done' || !lines || !this.configuration.forDocument(document).datasetExampleCounts || !isDataset(document)) {
      editor.setDecorations(this.decoration, []);
      return;
    }
    const model = state.model;
    const options: vscode.DecorationOptions[] = [];
    const done = new Set<number>();
    const hoverMessage = new vscode.MarkdownString(
      vscode.l10n.t(
        "Tokenscope: this example's tokens for {0}, counted as the provider bills an example (chat examples by OpenAI's per-message formula, framing included).",
        model?.id ?? '',
      ),
    );
    for (const range of editor.visibleRanges) {
      const last = Math.min(document.lineCount - 1, lines.length - 1, range.end.line + MARGIN_LINES);
      for (let line = Math.max(0, range.start.line - MARGIN_LINES); line <= last; line++) {
        const tokens = lines[line];
        if (tokens < 0 || done.has(line)) continue;
        done.add(line);
        const end = document.lineAt(line).range.end;
        options.push({ range: new vscode.Range(end, end), hoverMessage, renderOptions: { after: { contentText: exampleText(tokens, model) } } });
      }
    }
    editor.setDecorations(this.decoration, options);
  }
}

/** `1,234 tokens` (`≈1,250 tokens` for an approximated model, at its Latin-script factor). */
function exampleText(tokens: number, model: ModelInfo | undefined): string {
  const shown = model && !isExact(model) ? modelTokens(model, tokens) : tokens;
  return vscode.l10n.t('{0} tokens', `${model ? approxMark(model) : ''}${formatInteger(shown, hostL10n.locale)}`);
}
