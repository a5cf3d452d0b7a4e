import * as vscode from 'vscode';
import type { InsightView } from '../../core/insights/insightView';
import { tokensText } from '../../core/present/insightFormat';
import { Disposable } from '../platform/dispose';
import { hostL10n } from '../platform/l10n';

/**
 * "Where tokenizers disagree" in the editor: each span two tokenizers cut differently, with a
 * dashed warning border and a hover giving both token counts. One decoration type, made once,
 * shared by every panel.
 */
export class DisagreementHighlighter extends Disposable {
  private readonly decoration = this._register(
    vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
      border: '1px dashed',
      borderColor: new vscode.ThemeColor('editorWarning.foreground'),
    }),
  );

  /**
   * Shows the spans of `compare` in `editor`, replacing what was shown there; `rangeStart` is
   * the document offset of the text the spans are of (their offsets are relative to it).
   */
  show(editor: vscode.TextEditor, compare: NonNullable<InsightView['compare']>, rangeStart: number): void {
    const document = editor.document;
    editor.setDecorations(
      this.decoration,
      compare.spans.map((s) => ({
        range: new vscode.Range(document.positionAt(rangeStart + s.start), document.positionAt(rangeStart + s.end)),
        hoverMessage: `${compare.a}: ${tokensText(s.tokensA, hostL10n)} · ${compare.b}: ${tokensText(s.tokensB, hostL10n)}`,
      })),
    );
  }

  /** Removes the spans from every visible editor. */
  clear(): void {
    for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(this.decoration, []);
  }
}
