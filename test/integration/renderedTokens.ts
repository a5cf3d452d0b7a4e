// What the page renders for token boundaries, read back and checked against tiktoken's own
// tokens: shared by the boundary tests (test/integration/tokenBoundaries.test.ts) and the
// installed-VSIX suite (test/vsix/), so both judge a painted editor the same way.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import { Colors, EXTENSION_ID } from '../../src/host/platform/ids';
import { referenceTokens } from './reference';
import { readEditors, type RenderedEditor } from './workbench';

/** Colours of the palette for a theme kind, from package.json, as [r, g, b, alpha]. */
export function paletteColors(kind: 'dark' | 'light'): number[][] {
  const manifest = JSON.parse(readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'package.json'), 'utf8'));
  return (Colors.tokenBackgrounds as readonly string[]).map((id) => {
    const hex: string = manifest.contributes.colors.find((c: { id: string }) => c.id === id).defaults[kind];
    return [0, 2, 4, 6].map((i) => parseInt(hex.slice(1 + i, 3 + i), 16)).map((v, i) => (i === 3 ? v / 255 : v));
  });
}

export function parseRgba(css: string): number[] | undefined {
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) return undefined;
  const parts = m[1].split(',').map((p) => Number(p.trim()));
  return parts.length === 3 ? [...parts, 1] : parts;
}

export const sameColor = (a: number[], b: number[]) => a.slice(0, 3).every((v, i) => v === b[i]) && Math.abs(a[3] - b[3]) < 0.01;

/** One rendered line: its text, and its runs of one palette colour (a run = one segment). */
export interface RenderedLine {
  text: string;
  runs: Array<{ text: string; color?: number[]; box: { x: number; y: number; width: number; height: number } }>;
  spaceGlyphs: number;
  lineBreakGlyphs: number;
  afterTexts: string[];
}

const decorationKey = (className: string) => /TextEditorDecorationType\d+/.exec(className)?.[0];

/** The lines of the editor showing `document`, as rendered, with the segment runs and their colours. */
export async function renderedLines(document: vscode.TextDocument): Promise<RenderedLine[]> {
  const editors = await readEditors();
  const editor = editors.find((e: RenderedEditor) => e.uri?.endsWith(document.uri.path) || e.uri === document.uri.toString());
  assert.ok(editor, `no rendered editor for ${document.uri.toString()} among ${editors.map((e) => e.uri).join(', ')}`);
  // Background-only decorations are drawn in the overlay layer: their colour by decoration type.
  const colors = new Map<string, number[]>();
  for (const o of editor.overlays) {
    const key = decorationKey(o.className);
    const color = parseRgba(o.background);
    if (key && color && color[3] > 0) colors.set(key, color);
  }
  return editor.lines.map((line) => {
    const runs: RenderedLine['runs'] = [];
    let lastKey: string | undefined;
    for (const span of line.spans) {
      if (span.text === '') continue; // glyph-only spans (before/after content)
      const key = span.className
        .split(/\s+/)
        .map(decorationKey)
        .find((k) => k && colors.has(k));
      const text = span.text.replace(/\u00a0/g, ' ');
      if (runs.length > 0 && key === lastKey) {
        const run = runs[runs.length - 1];
        run.text += text;
        run.box = { ...run.box, width: span.box.x + span.box.width - run.box.x };
      } else runs.push({ text, color: key ? colors.get(key) : undefined, box: span.box });
      lastKey = key;
    }
    return {
      text: runs.map((r) => r.text).join(''),
      runs,
      spaceGlyphs: line.spans.filter((s) => s.before === '"·"').length,
      lineBreakGlyphs: line.spans.filter((s) => s.after === '"↵"').length,
      afterTexts: line.spans.filter((s) => s.after && s.after !== '"↵"').map((s) => s.after!.replace(/^"|"$/g, '')),
    };
  });
}

/** A document line as the editor renders its text: tabs expanded to the next tab stop with spaces. */
export function renderedText(text: string, tabSize: number): string {
  let out = '';
  for (const ch of text) out += ch === '\t' ? ' '.repeat(tabSize - (out.length % tabSize)) : ch;
  return out;
}

/**
 * Checks what the page shows for the visible lines of `editor` against tiktoken's own encode:
 * each line's runs of one colour are exactly the reference segments on that line, neighbours
 * differ in colour, colours come from the palette, and spaces and line breaks carry glyphs.
 * Returns the number of lines checked.
 */
export async function assertRenderedSegments(editor: vscode.TextEditor, encoding: EncodingName, theme: 'dark' | 'light', options: { whitespace?: boolean } = {}): Promise<number> {
  // The page renders decorations a frame or more after the extension set them, and on a loaded
  // machine that was seen to take over 300 ms: check again for a few seconds before failing.
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await checkRenderedSegments(editor, encoding, theme, options);
    } catch (err) {
      if (!(err instanceof assert.AssertionError) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function checkRenderedSegments(editor: vscode.TextEditor, encoding: EncodingName, theme: 'dark' | 'light', options: { whitespace?: boolean }): Promise<number> {
  const document = editor.document;
  const text = document.getText();
  const reference = referenceTokens(encoding, text);
  const palette = paletteColors(theme);
  const tabSize = Number(editor.options.tabSize ?? 4);
  const lines = await renderedLines(document);
  const first = editor.visibleRanges[0].start.line;
  // The page may render a line or two beyond the visible range: align by text.
  const docLine = (i: number) => (i >= 0 && i < document.lineCount ? renderedText(document.lineAt(i).text, tabSize) : undefined);
  const offset = [0, -1, 1, -2, 2, -3, 3].find((d) => lines.every((l, i) => l.text === docLine(first + d + i) || (l.text === '' && docLine(first + d + i) === undefined)));
  assert.ok(offset !== undefined, `rendered lines do not match the document near line ${first}: ${JSON.stringify(lines.slice(0, 3).map((l) => l.text))}`);
  let checked = 0;
  for (const [i, line] of lines.entries()) {
    const lineNumber: number = first + offset + i;
    if (lineNumber >= document.lineCount) continue;
    const { range, text: lineText } = document.lineAt(lineNumber);
    const lineStart = document.offsetAt(range.start);
    const lineEnd = lineStart + lineText.length;
    const expected: string[] = [];
    for (let k = 0; k + 1 < reference.segmentEdges.length; k++) {
      const a = Math.max(lineStart, reference.segmentEdges[k]);
      const b = Math.min(lineEnd, reference.segmentEdges[k + 1]);
      if (a < b) expected.push(text.slice(a, b));
    }
    // Compare in rendered columns: expand tabs across the whole line, then cut where the pieces do.
    const expandedPieces: string[] = [];
    let done = '';
    for (const piece of expected) {
      const next = renderedText(done + piece, tabSize);
      expandedPieces.push(next.slice(renderedText(done, tabSize).length));
      done += piece;
    }
    assert.deepEqual(
      line.runs.map((r) => r.text),
      expandedPieces,
      `line ${lineNumber + 1} ${JSON.stringify(lineText)}`,
    );
    for (const [k, run] of line.runs.entries()) {
      assert.ok(run.color, `line ${lineNumber + 1}: segment ${JSON.stringify(run.text)} has no colour`);
      assert.ok(
        palette.some((p) => sameColor(p, run.color!)),
        `line ${lineNumber + 1}: ${JSON.stringify(run.color)} is not a ${theme} palette colour`,
      );
      if (k > 0)
        assert.ok(
          !sameColor(run.color!, line.runs[k - 1].color!),
          `line ${lineNumber + 1}: neighbours ${JSON.stringify(line.runs[k - 1].text)} and ${JSON.stringify(run.text)} share a colour`,
        );
    }
    if (options.whitespace !== false) {
      assert.equal(line.spaceGlyphs, (lineText.match(/ /g) ?? []).length, `line ${lineNumber + 1}: a · on every space`);
      assert.equal(line.lineBreakGlyphs, lineNumber + 1 < document.lineCount ? 1 : 0, `line ${lineNumber + 1}: ↵ at the line break`);
    }
    checked++;
  }
  return checked;
}
