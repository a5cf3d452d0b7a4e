import * as vscode from 'vscode';
import { Disposable } from '../platform/dispose';
import { Colors } from '../platform/ids';

/**
 * The decoration types of token boundaries, made once for the extension's lifetime: every
 * style comes from a theme colour (`contributes.colors`), so no setting changes a type, and a
 * theme switch restyles them without remaking anything. Per-instance options carry only what
 * varies (the line-break glyph's segment colour, a line's count).
 */
export class TokenDecorationTypes extends Disposable {
  /** One background per palette colour, in `Colors.tokenBackgrounds` order. */
  readonly palette: readonly vscode.TextEditorDecorationType[];
  /** `·` drawn over a space, taking no width (the text does not move). */
  readonly space: vscode.TextEditorDecorationType;
  /** `→` drawn over the start of a tab, taking no width. */
  readonly tab: vscode.TextEditorDecorationType;
  /** `↵` after the end of a line whose break is highlighted; its background is the break's token colour. */
  readonly lineBreak: vscode.TextEditorDecorationType;
  /** The faint per-line count after the end of a line. */
  readonly lineCount: vscode.TextEditorDecorationType;

  constructor() {
    super();
    const create = (options: vscode.DecorationRenderOptions) => this._register(vscode.window.createTextEditorDecorationType(options));
    this.palette = Colors.tokenBackgrounds.map((color) =>
      create({
        backgroundColor: new vscode.ThemeColor(color),
        // `opacity: 1` changes nothing visible; it makes the editor also render each segment as
        // an inline span of its own (background-only decorations are drawn in a separate
        // layer), so the segments a user sees can be read back from the page by the tests.
        opacity: '1',
        // Typing at a segment's edge must not stretch the old segment over new text.
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }),
    );
    // A zero-width inline box lets the glyph overflow onto the character it marks.
    const overlay = (contentText: string): vscode.DecorationRenderOptions => ({
      before: { contentText, width: '0', color: new vscode.ThemeColor(Colors.whitespaceForeground) },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.space = create(overlay('·'));
    this.tab = create(overlay('→'));
    this.lineBreak = create({
      after: { contentText: '↵', color: new vscode.ThemeColor(Colors.whitespaceForeground) },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    this.lineCount = create({
      after: { color: new vscode.ThemeColor(Colors.lineCountForeground), margin: '0 0 0 1.5em', fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
  }

  /** Every type, for clearing an editor. */
  get all(): vscode.TextEditorDecorationType[] {
    return [...this.palette, this.space, this.tab, this.lineBreak, this.lineCount];
  }
}
