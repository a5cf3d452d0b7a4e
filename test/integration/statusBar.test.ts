import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import nodeModule from 'node:module';
import * as vscode from 'vscode';
import { compact, grouped, referenceCount } from './reference';
import {
  hasPage,
  pressKeys,
  queryPage,
  readStatusBar,
  screenshot,
  statusBarChanges,
  typeInPage,
  waitFor,
  waitForNotification,
  waitForStatusBar,
  watchStatusBar,
  setViewport,
  statusBarLayout,
} from './workbench';
import { EXTENSION_ID, STATUS_BAR_ITEM_ID } from '../../src/host/platform/ids';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { newestFirst } from '../../src/core/catalog/models';
import type { TokenscopeApi } from '../../src/extension';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;
const fixture = (name: string) => vscode.Uri.joinPath(workspace(), name);

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

async function setSetting(key: string, value: unknown, languageId?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('tokenscope', languageId ? { languageId } : undefined);
  await config.update(key, value, vscode.ConfigurationTarget.Global, !!languageId);
}

/** Waits until the status bar shows exactly `expected` (the text a user reads). */
async function expectStatus(expected: string, timeoutMs = 20_000): Promise<void> {
  await waitForStatusBar((s) => s.visible && !s.spinning && s.text === expected, timeoutMs);
}

/** The item's default text as the page shows it (codicons are empty spans): `464 · 0.4% · gpt-4o`. */
function documentStatus(text: string, share: (n: number) => string, model: string, encoding: 'o200k_base' | 'cl100k_base'): string {
  const n = referenceCount(encoding, text);
  return `${compact(n)} · ${share(n)} · ${model}`;
}
const shareOf = (window: number) => (n: number) => (n === 0 ? '0%' : (n / window) * 100 < 0.1 ? '<0.1%' : `${((n / window) * 100).toFixed(1)}%`);

describe('Status bar token count', function () {
  this.timeout(120_000);

  afterEach(async () => {
    // VS Code keeps a file's selection for the next time it opens: no test leaves one behind.
    for (const editor of vscode.window.visibleTextEditors) editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('model', undefined);
    await setSetting('model', undefined, 'markdown');
    await setSetting('maxFileSizeMB', undefined);
    await setSetting('statusBar.enabled', undefined);
    await setSetting('statusBar.format', undefined);
  });

  it('shows the exact count, the share of the window and the model for the open prompt', async () => {
    const editor = await open('prompt.md');
    const expected = documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base');
    await expectStatus(expected);
    // The README's picture: the prompt with the status bar's tooltip open.
    const seen = await readStatusBar({ tooltip: hasPage(), screenshotWithTooltip: 'status-bar-tooltip' });
    if (hasPage()) {
      assert.match(seen.tooltip ?? '', /o200k_base/);
      assert.match(seen.tooltip ?? '', /exact/);
      assert.match(seen.tooltip ?? '', /As input: \$[\d.]+ \(input \$[\d.]+ \/ 1M tokens/);
      assert.match(seen.tooltip ?? '', /Prices: @pydantic\/genai-prices [\d.]+ \(OpenAI\), \d{4}-\d{2}-\d{2}/);
      assert.match(seen.tooltip ?? '', new RegExp(`Characters: ${grouped([...editor.document.getText()].length)}`));
      // The long form, in full, and the window the share is of.
      const n = referenceCount('o200k_base', editor.document.getText());
      assert.match(seen.tooltip ?? '', new RegExp(`${grouped(n)} tokens for GPT-4o \\(OpenAI\\) · exact`));
      assert.match(seen.tooltip ?? '', new RegExp(`${shareOf(111_616)(n).replace('.', '\\.')} of 112k usable: 128k − 16k kept for output`));
    }
  });

  it('follows typing, key by key, and stays exact', async () => {
    const editor = await open('prompt.md');
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    await typeInPage('\nAlways answer in JSON: {"ok": true, "n": 12345}.');
    await waitForStatusBar(() => editor.document.getText().includes('12345'), 10_000);
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
    await vscode.commands.executeCommand('type', { text: ' <|endoftext|> 😀' });
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
  });

  it('puts the selection count first, summing several selections', async () => {
    const editor = await open('prompt.md');
    const doc = editor.document;
    const total = documentStatus(doc.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base');
    const first = new vscode.Selection(1, 0, 4, 10);
    editor.selection = first;
    await expectStatus(`${compact(referenceCount('o200k_base', doc.getText(first)))} / ${total}`);
    await screenshot('workbench');
    const second = new vscode.Selection(8, 2, 12, 0);
    editor.selections = [first, second];
    const both = referenceCount('o200k_base', doc.getText(first)) + referenceCount('o200k_base', doc.getText(second));
    await expectStatus(`${compact(both)} / ${total}`);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await expectStatus(total);
  });

  it('shows the count once on Select All, and one token as "1 token"', async () => {
    const editor = await open('prompt.md');
    const total = documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base');
    await expectStatus(total);
    await vscode.commands.executeCommand('editor.action.selectAll');
    await expectStatus(total);
    const seen = await readStatusBar({ tooltip: hasPage() });
    // The selection icon says a selection is counted, though its number is not repeated.
    if (hasPage()) {
      assert.ok((await queryPage(`[id$=".${STATUS_BAR_ITEM_ID}"] .codicon-selection`)).length === 1, 'the selection icon');
      assert.match(seen.tooltip ?? '', /Selection: [\d,]+ tokens, as many as the whole text/);
    }
    editor.selection = new vscode.Selection(0, 2, 0, 8); // "System": one token
    assert.equal(referenceCount('o200k_base', editor.document.getText(editor.selection)), 1);
    await expectStatus(`1 / ${total}`);
    if (hasPage()) await waitForStatusBar((s) => /^Selection: 1 token$/m.test(s.tooltip ?? ''), 10_000, { tooltip: true });
  });

  it("is short and leaves VS Code's own Ln/Col item on the bar in a 1,024 px window", async function () {
    if (!hasPage()) this.skip();
    const before = await setViewport(1024, 768);
    try {
      const editor = await open('prompt.md');
      await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
      const plain = (await statusBarLayout()).items.find((i) => i.id.endsWith(`.${STATUS_BAR_ITEM_ID}`))!;
      console.log(`[status bar at 1024 px] the default text: ${Math.round(plain.width)} px "${plain.text}"`);
      // The widest default text: a selection, an approximate model with a long id.
      await setSetting('model', 'claude-sonnet-4-5');
      editor.selection = new vscode.Selection(1, 0, 4, 10);
      await waitForStatusBar((s) => s.visible && !s.spinning && /^≈\d+ \/ ≈\d+ · \d+\.\d% · claude-sonnet-4-5$/.test(s.text), 20_000);
      const layout = await waitFor(
        () => statusBarLayout(),
        (l) => l.items.some((i) => i.id.endsWith('status.editor.selection') && i.text.startsWith('Ln')),
        10_000,
      );
      await screenshot('status-bar-1024');
      const ours = layout.items.find((i) => i.id.endsWith(`.${STATUS_BAR_ITEM_ID}`))!;
      const lnCol = layout.items.find((i) => i.id.endsWith('status.editor.selection'))!;
      console.log(
        `[status bar at 1024 px] ours ${Math.round(ours.width)} px "${ours.text}"; bar: ${layout.items.map((i) => `${i.text || i.id}${i.shown ? '' : ' (hidden)'}`).join(' | ')}`,
      );
      assert.ok(ours.shown, `our item is on the bar: ${JSON.stringify(ours)}`);
      assert.ok(lnCol.shown, `VS Code's Ln/Col is on the bar: ${JSON.stringify(layout.items)}`);
      // The old long form took ~395 px; this widest default text (a selection, ≈ twice, a long id) ~260.
      assert.ok(ours.width <= 280, `the item is ${ours.width} px wide`);
      assert.ok(ours.left + ours.width <= lnCol.left + 1, 'the item sits left of Ln/Col');

      // Narrower still, it gives way before VS Code's own items do.
      await setViewport(800, 768);
      const narrow = await waitFor(
        () => statusBarLayout(),
        (l) => !l.items.find((i) => i.id.endsWith(`.${STATUS_BAR_ITEM_ID}`))?.shown,
        10_000,
      );
      await screenshot('status-bar-800');
      assert.ok(narrow.items.find((i) => i.id.endsWith('status.editor.selection'))?.shown, `Ln/Col at 800 px: ${JSON.stringify(narrow.items)}`);
    } finally {
      await setViewport(before.width, before.height);
    }
  });

  it('counts a CRLF file with its CRLF line endings', async () => {
    const editor = await open('crlf.txt');
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    assert.ok(editor.document.getText().includes('\r\n'));
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
  });

  it('counts multilingual text and emoji exactly', async () => {
    const editor = await open('multilingual.txt');
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
  });

  it('switches tokenizer and window when the model changes, and honours a per-language model', async () => {
    const editor = await open('prompt.md');
    const text = editor.document.getText();
    await setSetting('model', 'gpt-4');
    await expectStatus(documentStatus(text, shareOf(4_096), 'gpt-4', 'cl100k_base'));
    await setSetting('model', 'gpt-3.5-turbo', 'markdown');
    await expectStatus(documentStatus(text, shareOf(12_289), 'gpt-3.5-turbo', 'cl100k_base'));
    const code = await open('code.ts');
    await expectStatus(documentStatus(code.document.getText(), shareOf(4_096), 'gpt-4', 'cl100k_base'));
  });

  it('picks a model from the quick pick and stores it in the settings', async function () {
    if (!hasPage()) this.skip();
    const editor = await open('prompt.md');
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
    void vscode.commands.executeCommand('tokenscope.selectModel');
    await waitFor(
      () => queryPage('.quick-input-widget .quick-input-list .monaco-list-row'),
      (rows) => rows.length > 5,
      10_000,
    );
    // Keys typed before the quick pick's input has focus go to the editor: wait for it.
    await waitFor(
      () => queryPage('.quick-input-widget input:focus'),
      (inputs) => inputs.length === 1,
      10_000,
    );
    await typeInPage('gpt-4.1-mini');
    await waitFor(
      () => queryPage('.quick-input-widget .monaco-list-row.focused'),
      (rows) => rows.some((t) => t.includes('gpt-4.1-mini')),
      // A bound, not a timing claim: filtering ~300 models while the integration suite loads a
      // 2-core machine took over 5 s once in CI.
      15_000,
    );
    await pressKeys('Enter');
    await expectStatus(documentStatus(editor.document.getText(), shareOf(967_232), 'gpt-4.1-mini', 'o200k_base'));
    assert.equal(vscode.workspace.getConfiguration('tokenscope').get('model'), 'gpt-4.1-mini');

    // Reopened: the model just chosen is listed first, as the current model, and the makers
    // follow as groups, each newest first, each model with its window, price and exact/≈.
    void vscode.commands.executeCommand('tokenscope.selectModel');
    await waitFor(
      () => queryPage('.quick-input-widget .quick-input-list .monaco-list-row'),
      (rows) => rows.length > 5,
      10_000,
    );
    const rows = await queryPage('.quick-input-widget .quick-input-list .monaco-list-row');
    assert.match(rows[0], /gpt-4\.1-mini/, `first row: ${rows[0]}`);
    assert.match(rows[0], /Current model/);
    // OpenAI's group opens with its newest model (the catalog's release months), not alphabetically.
    const newestOpenAi = buildCatalog({}, { findInHfCache: () => undefined })
      .models.filter((m) => m.provider === 'OpenAI')
      .sort(newestFirst)[0].id;
    assert.ok(rows[1].includes(newestOpenAi) && rows[1].includes('OpenAI'), `second row: ${rows[1]}, expected ${newestOpenAi}`);
    await waitFor(
      () => queryPage('.quick-input-widget input:focus'),
      (inputs) => inputs.length === 1,
      10_000,
    );
    await typeInPage('claude sonnet 4.5');
    await waitFor(
      () => queryPage('.quick-input-widget .monaco-list-row.focused'),
      (rows) => rows.some((t) => /claude-sonnet-4-5.*Anthropic.*200k.*\$3\/1M in.*≈ ±\d+%/.test(t)),
      5_000,
    );
    await screenshot('model-picker');
    await pressKeys('Escape');
    assert.equal(vscode.workspace.getConfiguration('tokenscope').get('model'), 'gpt-4.1-mini');
  });

  it('explains an unknown model setting and keeps counting with the default', async function () {
    const editor = await open('prompt.md');
    await setSetting('model', 'gpt-nonexistent');
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
    if (hasPage()) {
      await waitForNotification('Unknown model "gpt-nonexistent"');
    }
  });

  it('recovers after the tokenizer worker dies, with the right count', async () => {
    const editor = await open('prompt.md');
    const expected = documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base');
    await expectStatus(expected);
    const api = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports;
    const generation = api.testing.workerGeneration();
    await api.testing.crashWorker();
    await vscode.commands.executeCommand('type', { text: 'x' });
    await expectStatus(documentStatus(editor.document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
    assert.ok(api.testing.workerGeneration() > generation, 'a new worker was started');
    // The ended worker left its compiled bundle in the extension's storage for the next start,
    // where the host's Node has a compile cache (22.1+; code-server's and VS Code's do).
    const cacheDir = api.testing.workerCompileCacheDir() ?? '';
    assert.ok(cacheDir.includes('compile-cache'), `compile cache folder: ${cacheDir}`);
    if (typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function') {
      const cached = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir, { recursive: true, encoding: 'utf8' }).filter((name) => /[0-9a-f]{8}$/.test(name)) : []);
      await waitFor(
        async () => cached(),
        (files) => files.length > 0,
        10_000,
      );
    }
  });

  it('counts awkward text exactly: special-token literals, NUL bytes, lone surrogates, BOM, a 1 MB line', async () => {
    const line = 'lorem ipsum dolor sit amet '.repeat(40_000); // ~1 MB with no newline
    // The NUL after the first 8 KB: one within them would make the text binary (next tests).
    const content = `<|endoftext|><|im_start|>system\u0001 binary-ish \uD800 lone \uDC00 \uFEFF bom\r\n${line}\u0000\n<|fim_prefix|>`;
    const document = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    await expectStatus(documentStatus(document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'), 60_000);
  });

  it('shows a spinner, not a stale number, while a big file is counted', async () => {
    const big = 'Paragraph of a long retrieval document, with numbers 1234567 and words.\n'.repeat(110_000); // ~8 MB
    const expected = documentStatus(big, shareOf(111_616), 'gpt-4o', 'o200k_base');
    // A counted file first, so a stale number would have something to be stale from.
    await expectStatus(documentStatus((await open('prompt.md')).document.getText(), shareOf(111_616), 'gpt-4o', 'o200k_base'));
    // The page records every rendered change of the item, so a spinner shown for a few
    // hundred milliseconds is seen however fast the count is.
    if (hasPage()) await watchStatusBar();
    const since = Date.now();
    const document = await vscode.workspace.openTextDocument({ content: big, language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    await expectStatus(expected, 90_000);
    if (hasPage()) {
      const shown = (await statusBarChanges(since)).filter((c) => c.id.endsWith('tokenscope.count')).map((c) => c.text);
      const before = shown.slice(0, shown.indexOf(expected));
      assert.ok(
        before.some((t) => t.startsWith('Counting tokens')),
        `no spinner before the count: ${JSON.stringify(shown)}`,
      );
      assert.ok(!before.some((t) => /^≈?[\d,.]+[kMB]? · /.test(t)), `a stale number was shown: ${JSON.stringify(shown)}`);
    }
  });

  it('keeps a number on the bar while a keystroke in a 2 MB one-line file is counted, then shows the new one', async function () {
    // The full number, so a one-token change shows; the format setting is part of what is tested.
    await setSetting('statusBar.format', '{icon} {tokensFull} · {model}');
    const record = (i: number) => `{"id":${i},"name":"item ${i}","tags":["a","b"],"price":${(i * 0.37).toFixed(2)},"ok":${i % 2 === 0}}`;
    const items: string[] = [];
    for (let i = 0, size = 0; size < 2 * 1024 * 1024; i++) size += (items[i] = record(i)).length + 1;
    const json = `[${items.join(',')}]`; // minified: one line, ~2 MB
    const document = await vscode.workspace.openTextDocument({ content: json, language: 'json' });
    const editor = await vscode.window.showTextDocument(document);
    const full = (text: string) => `${grouped(referenceCount('o200k_base', text))} · gpt-4o`;
    await expectStatus(full(json), 60_000);
    if (hasPage()) await watchStatusBar();
    const since = Date.now();
    const end = document.lineAt(0).range.end;
    editor.selection = new vscode.Selection(end.translate(0, -1), end.translate(0, -1));
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await typeInPage(',7');
    await waitForStatusBar(() => document.getText().endsWith(',7]'), 10_000);
    await expectStatus(full(document.getText()), 60_000);
    if (hasPage()) {
      const changes = (await statusBarChanges(since)).filter((c) => c.id.endsWith('tokenscope.count'));
      const shown = changes.map((c) => c.text);
      console.log(
        `[2 MB line] keystroke → new count: ${changes.at(-1)!.time - since} ms; shown: ${JSON.stringify(changes.map((c) => `${c.spinning ? '(stale) ' : ''}${c.text}`))}`,
      );
      assert.ok(!changes.at(-1)!.spinning, 'the last number is current');
      assert.ok(
        shown.every((t) => /^[\d,]+ · gpt-4o$/.test(t)),
        `the number left the bar: ${JSON.stringify(shown)}`,
      );
    }
  });

  it('says plainly that a binary file is not counted, as the CLI does', async () => {
    // The bytes of a PNG as the editor holds them once forced open as text: NULs in its first bytes.
    const png = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'media', 'icon.png'));
    const target = fixture('image-as-text.png');
    await vscode.workspace.fs.writeFile(target, png);
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(target);
    } catch {
      // This VS Code refuses binary files through the API; the same text in an untitled editor.
      document = await vscode.workspace.openTextDocument({ content: new TextDecoder().decode(png), language: 'plaintext' });
    }
    await vscode.window.showTextDocument(document);
    const seen = await waitForStatusBar((s) => s.visible && s.text === 'Binary file, not counted', 15_000, { tooltip: hasPage() });
    if (hasPage()) assert.match(seen.tooltip ?? '', /NUL byte in its first 8 KB marks it as binary, as for the tokenscope command line/);
    // Once the NULs are gone it is text again, and counted.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, document.lineCount, 0), 'now plain text'));
    await expectStatus(documentStatus('now plain text', shareOf(111_616), 'gpt-4o', 'o200k_base'));
  });

  it('says why a file over the size limit is not counted', async () => {
    await setSetting('maxFileSizeMB', 1);
    const document = await vscode.workspace.openTextDocument({ content: 'x '.repeat(1_100_000), language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    await waitForStatusBar((s) => s.visible && s.text === 'Tokens not counted · 2.1 MB', 15_000);
  });

  it('hides when no text editor is active or when turned off', async () => {
    await open('prompt.md');
    await waitForStatusBar((s) => s.visible, 15_000);
    await setSetting('statusBar.enabled', false);
    await waitForStatusBar((s) => !s.visible, 10_000);
    await setSetting('statusBar.enabled', undefined);
    await waitForStatusBar((s) => s.visible, 10_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitForStatusBar((s) => !s.visible, 10_000);
  });
});
