import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SLOW_TOKENIZER } from '../support/slowTokenizer';
import { hasPage, readStatusBar, screenshot, statusBarChanges, waitForStatusBar, watchStatusBar } from './workbench';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * A count that takes seconds, made so on purpose: the slow tokenizer (test/support) counts a run
 * of 26 `a` in ~0.4 s and of 27 in ~0.8 s (more on a busy machine), one whole-line step the
 * worker cannot cut short. What
 * the item shows meanwhile is what a user sees while a big file is counted after a keystroke.
 */
describe('Status bar while a count is under way', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tks-slow-'));
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(SLOW_TOKENIZER));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['model', 'customModels', 'worker.timeoutSeconds']) await setSetting(key, undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the last number, marked with a spinner and "Updating…", instead of blanking the item', async () => {
    await setSetting('customModels', [{ id: 'slow-test', tokenizer: path.join(dir, 'tokenizer.json'), contextWindow: 100_000 }]);
    await setSetting('model', 'slow-test');
    // Room for a loaded machine: the watchdog must not end the slow count this test waits for.
    await setSetting('worker.timeoutSeconds', 60);
    const document = await vscode.workspace.openTextDocument({ content: 'a'.repeat(26), language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    // One token per letter (the tokenizer has no merges); nothing reserved for output of a custom model without one.
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === '26 · <0.1% · slow-test', 60_000);
    if (hasPage()) await watchStatusBar();
    // After the watch's first record (the text as it is), so only what the edit brings is looked at.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = Date.now();

    await editor.edit((b) => b.insert(document.positionAt(26), 'a'));
    const stale = await waitForStatusBar((s) => s.spinning, 3_000);
    assert.equal(stale.text, '26 · <0.1% · slow-test', 'the last number stays while the new one is counted');
    if (hasPage()) {
      const hovered = await readStatusBar({ tooltip: true, screenshotWithTooltip: 'status-bar-updating' });
      assert.match(stale.ariaLabel ?? '', /^Updating\. 26 tokens/);
      // Still stale after the hover was read (it takes ~0.5 s to open): the tooltip was the stale one.
      if ((await readStatusBar()).spinning) assert.match(hovered.tooltip ?? '', /^Updating… The numbers below are for the text before the last change\.$/m);
    }
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === '27 · <0.1% · slow-test', 60_000);

    if (hasPage()) {
      const shown = (await statusBarChanges(since)).filter((c) => c.id.endsWith('tokenscope.count'));
      await screenshot('status-bar-updated');
      // Never "Counting tokens" without a number: the old one (stale), then the new one.
      assert.deepEqual(
        shown.map((c) => `${c.spinning ? 'stale ' : ''}${c.text}`),
        ['stale 26 · <0.1% · slow-test', '27 · <0.1% · slow-test'],
      );
    }
  });
});
