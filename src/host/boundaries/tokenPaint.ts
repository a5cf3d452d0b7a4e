import * as vscode from 'vscode';
import { formatInteger } from '../../core/present/countFormat';
import { lineScriptMix, tokensPerLine } from '../../core/incremental/lineTokenCounts';
import { approxMark, modelTokens, needsScriptMix, type ModelInfo } from '../../core/catalog/models';
import { segmentColorSlots } from '../../core/present/segmentColors';
import type { Settings } from '../../core/catalog/settings';
import type { TokenSpan } from '../../core/incremental/tokenSpan';
import { Colors } from '../platform/ids';
import { hostL10n } from '../platform/l10n';

/** Decorations of one editor, per decoration type, built from the worker's spans. */
export interface TokenPaint {
  /** Segment ranges per palette colour. */
  palette: vscode.Range[][];
  spaces: vscode.Range[];
  tabs: vscode.Range[];
  lineBreaks: vscode.DecorationOptions[];
  lineCounts: vscode.DecorationOptions[];
}

/** Built on first use, not at module load: translations are looked up once the extension runs. */
let lineCountHover: vscode.MarkdownString | undefined;
function lineCountHoverMessage(): vscode.MarkdownString {
  return (lineCountHover ??= new vscode.MarkdownString(
    vscode.l10n.t("Tokens that **start** on this line. A token that holds a line break belongs to the line the break ends, so the counts of all lines add up to the file's count."),
  ));
}

/**
 * Turns spans into decorations: segment backgrounds coloured by `segmentColorSlots`, glyphs
 * for the spaces, tabs and line breaks inside them, and per-line counts for the lines a span
 * covers whole. `spans` are for `document` as it is now (the caller dropped stale answers).
 * `providerTokens`: the spans are the model's own tokens from its provider (xAI's
 * tokenize-text), so a line's count is its number of tokens, exact, even for a model counted
 * `≈` locally; otherwise they are the model's counting tokenizer's, scaled as its count is.
 */
export function paintSpans(document: vscode.TextDocument, spans: readonly TokenSpan[], settings: Settings, providerTokens = false): TokenPaint {
  const paint: TokenPaint = { palette: Colors.tokenBackgrounds.map(() => []), spaces: [], tabs: [], lineBreaks: [], lineCounts: [] };
  const paletteSize = Colors.tokenBackgrounds.length;
  const { boundaries } = settings;
  for (const span of spans) {
    const count = span.segmentStarts.length - 1;
    if (count <= 0) continue;
    const slots = segmentColorSlots(span, paletteSize, boundaries.colorBy);
    const firstLine = document.positionAt(span.segmentStarts[0]).line;
    const lastLine = document.positionAt(span.segmentStarts[count]).line;
    if (boundaries.enabled) {
      let start = document.positionAt(span.segmentStarts[0]);
      for (let k = 0; k < count; k++) {
        const end = document.positionAt(span.segmentStarts[k + 1]);
        paint.palette[slots[k]].push(new vscode.Range(start, end));
        start = end;
      }
      if (boundaries.showWhitespace) addWhitespace(document, span, slots, firstLine, lastLine, paint);
    }
    if (settings.lineCountsEnabled) addLineCounts(document, span, paint, providerTokens ? undefined : settings.model);
  }
  return paint;
}

function addWhitespace(document: vscode.TextDocument, span: TokenSpan, slots: Uint8Array, firstLine: number, lastLine: number, paint: TokenPaint): void {
  const from = span.segmentStarts[0];
  const to = span.segmentStarts[span.segmentStarts.length - 1];
  let k = 0;
  for (let line = firstLine; line <= lastLine; line++) {
    const { text, range, rangeIncludingLineBreak } = document.lineAt(line);
    const lineStart = document.offsetAt(range.start);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09) continue;
      const offset = lineStart + i;
      if (offset < from || offset >= to) continue;
      (c === 0x20 ? paint.spaces : paint.tabs).push(new vscode.Range(line, i, line, i + 1));
    }
    // The line break, if this span holds it: ↵ in the colour of the segment holding it.
    if (rangeIncludingLineBreak.end.line === line) continue; // the last line has no break
    const breakOffset = lineStart + text.length;
    if (breakOffset < from || breakOffset >= to) continue;
    while (k + 1 < slots.length && span.segmentStarts[k + 1] <= breakOffset) k++;
    paint.lineBreaks.push({
      range: new vscode.Range(range.end, range.end),
      renderOptions: { after: { backgroundColor: new vscode.ThemeColor(Colors.tokenBackgrounds[slots[k]]) } },
    });
  }
}

/**
 * Counts for the lines the span's asked-for range covers from their start to their end. `model`:
 * what the tokens are scaled to; undefined when they are the model's own (a provider's), counted as they are.
 */
function addLineCounts(document: vscode.TextDocument, span: TokenSpan, paint: TokenPaint, model: ModelInfo | undefined): void {
  const first = document.positionAt(span.start);
  const firstLine = first.character === 0 ? first.line : first.line + 1;
  const end = document.positionAt(span.end);
  const atDocumentEnd = span.end >= document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  const lastLine = atDocumentEnd ? end.line : end.line - 1;
  if (lastLine < firstLine) return;
  const lineStarts: number[] = [];
  for (let line = firstLine; line <= lastLine; line++) lineStarts.push(document.offsetAt(new vscode.Position(line, 0)));
  lineStarts.push(lastLine + 1 < document.lineCount ? document.offsetAt(new vscode.Position(lastLine + 1, 0)) : Number.MAX_SAFE_INTEGER);
  const counts = tokensPerLine(span.tokenStarts, lineStarts);
  const calibrated = model !== undefined && needsScriptMix(model);
  for (let i = 0; i < counts.length; i++) {
    const lineEnd = document.lineAt(firstLine + i).range.end;
    // An empty line with no token of its own says nothing worth a "0".
    if (counts[i] === 0 && lineEnd.character === 0) continue;
    // A line of an approximation calibrated per script is scaled by its own scripts' factors.
    const mix = calibrated ? lineScriptMix(span.tokenStarts, lineStarts[i], document.lineAt(firstLine + i).text) : undefined;
    const text = model ? `${approxMark(model)}${formatInteger(modelTokens(model, counts[i], mix), hostL10n.locale)}` : formatInteger(counts[i], hostL10n.locale);
    paint.lineCounts.push({ range: new vscode.Range(lineEnd, lineEnd), hoverMessage: lineCountHoverMessage(), renderOptions: { after: { contentText: text } } });
  }
}
