/**
 * The Tokens view in the real workbench: the rows a user sees for a fixture folder with nested
 * .gitignore files, a file saved with new text, the exclude setting, and Stop during a count.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { compact, referenceCount } from './reference';
import { clickInPage, hasPage, queryPage, screenshot, waitFor } from './workbench';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { catalogModel } from '../../src/core/catalog/catalog';
import { usableWindowOf } from '../../src/core/catalog/contextWindow';
import type { TokenscopeApi } from '../../src/extension';

const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports.testing;
const workspace = () => vscode.workspace.workspaceFolders![0].uri;
const tree = (...path: string[]) => vscode.Uri.joinPath(workspace(), 'tokens-tree', ...path);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function write(uri: vscode.Uri, text: string | Uint8Array): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, typeof text === 'string' ? encoder.encode(text) : text);
}
async function read(...path: string[]): Promise<string> {
  return decoder.decode(await vscode.workspace.fs.readFile(tree(...path)));
}

/** The view's rows as a user reads them: name and description, in screen order. */
async function rows(): Promise<Array<{ name: string; description: string }>> {
  const pane = '.pane:has(.pane-header[aria-label^="Tokens"])';
  const names = await queryPage(`${pane} .monaco-list-row .label-name`);
  const descriptions = await queryPage(`${pane} .monaco-list-row .label-description`);
  return names.map((name, i) => ({ name: name.trim(), description: (descriptions[i] ?? '').trim() }));
}

/** The Explorer's folder section's header, expanded or collapsed (the section that is not the Tokens view). */
const FOLDERS_EXPANDED = '.pane:not(:has(.pane-header[aria-label^="Tokens"])) > .pane-header.expanded:has(.title:is(h2, h3))';
const FOLDERS_COLLAPSED = '.pane:not(:has(.pane-header[aria-label^="Tokens"])) > .pane-header:not(.expanded):has(.title:is(h2, h3))';

const window4o = usableWindowOf(catalogModel('gpt-4o')!);
const share = (n: number) => ((n / window4o) * 100 < 0.1 ? '<0.1%' : `${((n / window4o) * 100).toFixed(1)}%`);
const describe4o = (n: number) => `${compact(n)} · ${share(n)}`;
const count = (text: string) => referenceCount('o200k_base', text);

describe('Tokens view', function () {
  this.timeout(180_000);
  const created = [tree('x.log'), tree('build'), tree('sub', 'secret.md'), tree('data.bin'), tree('many')];
  let notesBefore = '';
  let foldersCollapsed = false;

  before(async () => {
    notesBefore = await read('sub', 'notes.md');
    // The view's title buttons (Stop among them) show without hovering the view first.
    await vscode.workspace.getConfiguration('workbench').update('view.alwaysShowHeaderActions', true, vscode.ConfigurationTarget.Global);
    // The view's rows are read off the page: the Tokens view gets the side bar (the Explorer's
    // folder section collapsed), and each test brings its rows into view (Show in Tokens View).
    await vscode.commands.executeCommand('tokenscope.countWorkspace');
    if (hasPage() && (await queryPage(FOLDERS_EXPANDED)).length > 0) {
      await clickInPage(FOLDERS_EXPANDED);
      foldersCollapsed = true;
    }
    // Files git ignores through the fixture's own .gitignore files (so they never show in git status),
    // and one binary file, removed again after the suite.
    await write(tree('x.log'), 'an ignored log line\n');
    await write(tree('build', 'out.md'), 'an ignored build output\n');
    await write(tree('sub', 'secret.md'), 'ignored by the nested .gitignore\n');
    await write(tree('data.bin'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]));
  });

  after(async () => {
    for (const uri of created) await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
    await write(tree('sub', 'notes.md'), notesBefore);
    await vscode.workspace.getConfiguration('tokenscope').update('workspace.exclude', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('workbench').update('view.alwaysShowHeaderActions', undefined, vscode.ConfigurationTarget.Global);
    if (foldersCollapsed) await clickInPage(FOLDERS_COLLAPSED);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists each folder and file with its tokens for the model, leaving out what the nested .gitignore files ignore', async () => {
    await vscode.commands.executeCommand('tokenscope.countWorkspace');
    await api().tokensViewSettled();
    const files = api()
      .tokensViewFiles()
      .filter((f) => f.path.startsWith('tokens-tree/'));
    const expected = new Map([
      ['tokens-tree/guide.md', count(await read('guide.md'))],
      ['tokens-tree/keep.log', count(await read('keep.log'))],
      ['tokens-tree/sub/notes.md', count(await read('sub', 'notes.md'))],
      ['tokens-tree/.gitignore', count(await read('.gitignore'))],
      ['tokens-tree/sub/.gitignore', count(await read('sub', '.gitignore'))],
    ]);
    assert.deepEqual(
      files.filter((f) => f.tokens !== undefined).map((f) => [f.path, f.tokens]),
      [...expected].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([path, tokens]) => [path, tokens]),
      'counted files, most tokens first, none of the ignored ones',
    );
    const binary = files.find((f) => f.path === 'tokens-tree/data.bin');
    assert.match(binary?.note ?? '', /binary/, 'the binary file is listed as not counted, with the reason');
    if (!hasPage()) return;
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    // Other suites leave big generated files in the workspace: its row may be far down.
    await vscode.commands.executeCommand('tokenscope.countFolder', tree());
    const shown = await waitFor(rows, (r) => r.some((row) => row.name === 'tokens-tree' && row.description.startsWith(describe4o(total))));
    assert.ok(
      shown.some((row) => row.name === 'tokens-tree' && row.description === `${describe4o(total)} · 1 not counted`),
      JSON.stringify(shown),
    );
    await vscode.commands.executeCommand('tokenscope.countFolder', tree('sub', 'notes.md'));
    const revealed = await waitFor(rows, (r) => r.some((row) => row.name === 'notes.md'));
    assert.ok(
      revealed.some((row) => row.name === 'notes.md' && row.description === describe4o(expected.get('tokens-tree/sub/notes.md')!)),
      JSON.stringify(revealed),
    );
    assert.ok(!revealed.some((row) => ['x.log', 'secret.md', 'build', 'out.md'].includes(row.name)), 'ignored files are not shown');
    await screenshot('tokens-view');
    await screenshot('tokens-view-sidebar', '[id="workbench.parts.sidebar"]');
  });

  it('counts a saved file again and updates its folders', async () => {
    const longer = `${notesBefore}${'Each chunk keeps its heading path so that retrieval can cite it. '.repeat(40)}\n`;
    const document = await vscode.workspace.openTextDocument(tree('sub', 'notes.md'));
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, document.lineCount, 0), longer));
    await document.save();
    const files = await waitFor(
      () => api().tokensViewFiles(),
      (f) => f.some((file) => file.path === 'tokens-tree/sub/notes.md' && file.tokens === count(longer)),
      20_000,
    );
    assert.equal(files[0].path === 'tokens-tree/sub/notes.md' || files.some((f) => f.path === 'tokens-tree/sub/notes.md'), true);
    if (!hasPage()) return;
    await vscode.commands.executeCommand('tokenscope.countFolder', tree('sub', 'notes.md'));
    await waitFor(rows, (r) => r.some((row) => row.name === 'notes.md' && row.description === describe4o(count(longer))));
    // The folder's row, brought into view as Show in Tokens View on it in the Explorer does.
    await vscode.commands.executeCommand('tokenscope.countFolder', tree('sub'));
    const sub = count(longer) + count(await read('sub', '.gitignore'));
    await waitFor(rows, (r) => r.some((row) => row.name === 'sub' && row.description === describe4o(sub)));
  });

  it('leaves out what tokenscope.workspace.exclude names', async () => {
    await vscode.workspace.getConfiguration('tokenscope').update('workspace.exclude', ['tokens-tree/keep.log', '*.bin'], vscode.ConfigurationTarget.Global);
    const files = await waitFor(
      () => api().tokensViewFiles(),
      (f) => !f.some((file) => file.path === 'tokens-tree/keep.log' || file.path === 'tokens-tree/data.bin'),
      20_000,
    );
    assert.ok(files.some((f) => f.path === 'tokens-tree/guide.md'));
    await vscode.workspace.getConfiguration('tokenscope').update('workspace.exclude', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(
      () => api().tokensViewFiles(),
      (f) => f.some((file) => file.path === 'tokens-tree/keep.log'),
      20_000,
    );
  });

  it('stops a count when the user presses Stop, keeping the totals so far', async function () {
    if (!hasPage()) this.skip();
    // ~24 MB in 600 files, counted first for gpt-4o; a model with another tokenizer then counts
    // them all again, for seconds, so Stop lands mid-way.
    const text = 'Tokenizers split text into pieces; this file is one of many. 1234567 '.repeat(600);
    for (let i = 0; i < 600; i++) await write(tree('many', `file-${String(i).padStart(3, '0')}.md`), text + i);
    await waitFor(
      async () => (await api().tokensViewSettled(), api().tokensViewFiles()),
      (f) => f.filter((file) => file.path.startsWith('tokens-tree/many/') && file.tokens !== undefined).length === 600,
      60_000,
    );
    const config = vscode.workspace.getConfiguration('tokenscope');
    await config.update('model', 'qwen3-32b', vscode.ConfigurationTarget.Global);
    try {
      const pane = '.pane:has(.pane-header[aria-label^="Tokens"])';
      await waitFor(
        () => queryPage(`${pane} .message`),
        (m) => m.some((line) => line.includes('Counting for qwen3-32b')),
        20_000,
      );
      await clickInPage(`${pane} .actions-container [aria-label^="Stop Counting the Workspace"]`);
      await api().tokensViewSettled();
      await waitFor(
        () => queryPage(`${pane} .message`),
        (m) => m.some((line) => line.includes('(stopped: partial totals)')),
        10_000,
      );
      const many = api()
        .tokensViewFiles()
        .filter((f) => f.path.startsWith('tokens-tree/many/'));
      assert.ok(
        many.some((f) => f.tokens === undefined),
        'some files were left without a count for the new model',
      );
      await screenshot('tokens-view-stopped');
    } finally {
      await config.update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
