/**
 * A benchmark, not a test: skipped unless TOKENSCOPE_BENCH_TOKENS_VIEW is set
 * (bench/vscodeTokensView.mjs sets it). In the real VS Code, on a tree of real source files
 * copied from node_modules into the workspace: the Tokens view's first full count (command to
 * every file counted), and a saved 10 KB file's update (save to its new count in the view's
 * tree), however big the tree.
 */
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TokenscopeApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { hasPage } from './workbench';
import { sourceTreeFiles } from '../../bench/sourceTree';

const enabled = !!process.env.TOKENSCOPE_BENCH_TOKENS_VIEW && hasPage();
const FILES = Number(process.env.TOKENSCOPE_BENCH_FILES ?? 5000);
const SOURCE = path.resolve(__dirname, '../../../node_modules');
(enabled ? describe : describe.skip)('Benchmark: the Tokens view in the real VS Code', function () {
  this.timeout(30 * 60_000);
  const root = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'bench-tree');
  after(async () => rm(root(), { recursive: true, force: true }));

  it('times the first full count and a saved file’s update', async () => {
    const api = (await vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.activate()).testing;
    const files = await sourceTreeFiles(SOURCE, FILES);
    let bytes = 0;
    for (const file of files) {
      await mkdir(path.dirname(path.join(root(), file)), { recursive: true });
      await cp(path.join(SOURCE, file), path.join(root(), file));
      bytes += (await stat(path.join(SOURCE, file))).size;
    }
    const edited = vscode.Uri.file(path.join(root(), 'edited.md'));
    await vscode.workspace.fs.writeFile(edited, new TextEncoder().encode('Each chunk keeps its heading path so retrieval can cite it. '.repeat(170)));

    const started = performance.now();
    await vscode.commands.executeCommand('tokenscope.countWorkspace');
    await api.tokensViewSettled();
    const firstCountMs = performance.now() - started;
    const counted = api.tokensViewFiles().filter((f) => f.path.startsWith('bench-tree/') && f.tokens !== undefined);
    const totalTokens = counted.reduce((sum, f) => sum + (f.tokens ?? 0), 0);

    const document = await vscode.workspace.openTextDocument(edited);
    const editor = await vscode.window.showTextDocument(document);
    // From the save's start, and from VS Code's save event (what Tokenscope hears), to the new count.
    const updates: number[] = [];
    const afterEvent: number[] = [];
    let savedEventAt = 0;
    const listener = vscode.workspace.onDidSaveTextDocument(() => (savedEventAt = performance.now()));
    for (let i = 0; i < 11; i++) {
      const before = api.tokensViewFileTokens('bench-tree/edited.md');
      await editor.edit((e) => e.insert(document.positionAt(document.getText().length), ` edit ${i} adds a few tokens.`));
      const savedAt = performance.now();
      await document.save();
      while (api.tokensViewFileTokens('bench-tree/edited.md') === before) await new Promise((resolve) => setImmediate(resolve));
      const now = performance.now();
      updates.push(now - savedAt);
      afterEvent.push(now - savedEventAt);
    }
    listener.dispose();
    updates.shift(); // the first includes loading the save path's code
    afterEvent.shift();
    updates.sort((a, b) => a - b);
    afterEvent.sort((a, b) => a - b);
    const result = {
      files: counted.length,
      bytes,
      tokens: totalTokens,
      firstCountMs: Math.round(firstCountMs),
      updateMedianMs: Math.round(updates[Math.floor(updates.length / 2)]),
      updateMaxMs: Math.round(updates[updates.length - 1]),
      afterEventMedianMs: Math.round(afterEvent[Math.floor(afterEvent.length / 2)]),
      afterEventMaxMs: Math.round(afterEvent[afterEvent.length - 1]),
      editedBytes: Buffer.byteLength(document.getText()),
    };
    console.log(`@@TOKENS_VIEW_RESULT ${JSON.stringify(result)}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
