import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TokenscopeApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { compact, referenceCount } from './reference';
import { hasPage, readStatusBar, screenshot, waitForNotification, waitForStatusBar } from './workbench';
import { SLOW_TOKENIZER } from '../support/slowTokenizer';

async function setSetting(key: string, value: unknown, languageId?: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('tokenscope', languageId ? { languageId } : undefined);
  await config.update(key, value, vscode.ConfigurationTarget.Global, languageId !== undefined);
}

describe('Watchdog: a tokenizer stuck on one file', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tks-stuck-'));
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(SLOW_TOKENIZER));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('model', undefined, 'markdown');
    for (const key of ['customModels', 'worker.timeoutSeconds']) await setSetting(key, undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts the worker within its bound, says which file, and the other files keep counting', async () => {
    const extension = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!;
    const api = extension.isActive ? extension.exports : await extension.activate();
    await setSetting('worker.timeoutSeconds', 3);
    await setSetting('customModels', [{ id: 'stuck-test', tokenizer: path.join(dir, 'tokenizer.json'), contextWindow: 100_000 }]);
    // Markdown files count with the stuck tokenizer; everything else keeps gpt-4o.
    await setSetting('model', 'stuck-test', 'markdown');

    const goodText = 'Counting goes on in the other files.\n';
    const good = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: goodText, language: 'plaintext' }), { preview: false });
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`${compact(referenceCount('o200k_base', goodText))} · `), 30_000);
    const generation = api.testing.workerGeneration();

    const stuck = await vscode.workspace.openTextDocument({ content: 'a'.repeat(64), language: 'markdown' });
    const started = Date.now();
    await vscode.window.showTextDocument(stuck, { preview: false });
    await waitForStatusBar((s) => s.visible && s.text.includes('Tokens unavailable') && s.text.includes('stuck-test'), 30_000);
    const seconds = (Date.now() - started) / 1000;
    // 3 s bound + up to 1 s until the next ping + the restart; far below the forever it would take.
    assert.ok(seconds < 15, `gave up after ${seconds} s`);
    assert.ok(api.testing.workerGeneration() > generation, 'the worker was restarted');
    if (hasPage()) {
      const message = `Tokenscope gave up on counting for ${path.basename(stuck.uri.path)} with file:`;
      await waitForNotification(message);
      await screenshot('watchdog-gave-up');
    }

    // The other file counts at once in the new worker, edits included.
    const again = await vscode.window.showTextDocument(good.document, { preview: false });
    await again.edit((edit) => edit.insert(new vscode.Position(1, 0), 'And after an edit too.\n'));
    const after = good.document.getText();
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`${compact(referenceCount('o200k_base', after))} · `), 15_000);

    // Asking again for the same version of the stuck file is refused at once, not stuck again.
    const restarts = api.testing.workerGeneration();
    await vscode.window.showTextDocument(stuck, { preview: false });
    await waitForStatusBar((s) => s.visible && s.text.includes('Tokens unavailable'), 10_000);
    assert.equal(api.testing.workerGeneration(), restarts, 'no second restart for the same version');
    if (hasPage()) {
      // The next step the bar offers is the log, not a restart, which would give up the same way.
      const { tooltip } = await readStatusBar({ tooltip: true });
      assert.match(tooltip ?? '', /Show Log/);
      assert.doesNotMatch(tooltip ?? '', /Restart the tokenizer worker/);
    }
  });
});
