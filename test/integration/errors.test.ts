import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TokenscopeApi } from '../../src/extension';
import { Commands, EXTENSION_ID } from '../../src/host/platform/ids';
import { formatCompact } from '../../src/core/present/statusBarText';
import { referenceCount } from './reference';
import { hasPage, queryPage, readStatusBar, screenshot, waitFor, waitForNotification, waitForStatusBar } from './workbench';

// A model whose tokenizer is not public, so a file would make it exact (Llama's tokenizer is
// bundled now: a broken file for it falls back to that, exact but for the file's differences).
const MODEL = 'grok-3';

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

async function testingApi(): Promise<TokenscopeApi['testing']> {
  const extension = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!;
  return (extension.isActive ? extension.exports : await extension.activate()).testing;
}

describe('Errors that lead somewhere', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'tks-errors-'))));

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('model', undefined);
    await setSetting('tokenizerFiles', undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts with the ≈ approximation when a tokenizer file is missing, says which file and why, and logs it', async () => {
    const api = await testingApi();
    const missing = path.join(dir, 'grok', 'tokenizer.json');
    await setSetting('tokenizerFiles', { [MODEL]: missing });
    await setSetting('model', MODEL);
    const text = 'The count goes on while the tokenizer file is missing.\nAnd it says so.\n';
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' }), { preview: false });

    // Grok's approximation is o200k_base × 1.0: the bar keeps a number, marked ≈.
    const approx = referenceCount('o200k_base', text);
    const shown = await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`≈${formatCompact(approx)} · `) && s.text.endsWith(MODEL), 30_000);
    assert.doesNotMatch(shown.text, /unavailable/i);

    // The log names the file, the reason and the setting.
    const line = await waitFor(
      () => api.logLines().find((l) => l.includes('tokenizer file could not be used')),
      (l) => l !== undefined,
      10_000,
    );
    assert.match(line!, /\[warning\] tokenizer file could not be used; counting with the model's approximation/);
    assert.ok(line!.includes(`file: ${missing}`), line);
    assert.match(line!, /reason: the file does not exist · setting: tokenscope\.tokenizerFiles · countingWith: o200k_base/);

    if (hasPage()) {
      await waitForNotification(`the tokenizer file of ${MODEL} cannot be used (${missing}: the file does not exist)`);
      const seen = await readStatusBar({ tooltip: true, screenshotWithTooltip: 'tokenizer-file-fallback' });
      assert.match(seen.tooltip ?? '', /Fell back to ≈: the tokenizer file .*tokenizer\.json cannot be used \(the file does not exist\)\. Open Settings/);
      assert.match(seen.tooltip ?? '', /Approximation: o200k_base × a factor per script, not measured .*Latin script and code × 1\.00 \(±30%/);
      // The same line in the Tokenscope output channel, as the user opens it.
      await vscode.commands.executeCommand(Commands.showLog);
      // The editor draws spaces as no-break spaces and wraps long lines: compare words only.
      const words = (texts: string[]) => texts.map((t) => t.replace(/\s+/g, ' '));
      const output = await waitFor(
        async () => words(await queryPage('.part.panel .view-lines')),
        (texts) => texts.some((t) => t.includes('tokenizer file could not be used')),
        10_000,
      );
      assert.ok(output.some((t) => t.includes('reason: the file does not exist')));
      await screenshot('tokenizer-file-fallback-log');
      await vscode.commands.executeCommand('workbench.action.closePanel');
    }

    // Fixed (a real tokenizer.json appears at the path): the next count uses it, exactly.
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    rmSync(path.dirname(missing), { recursive: true, force: true });
    mkdirSync(path.dirname(missing), { recursive: true });
    copyFileSync(path.join(extensionPath, 'dist', 'tokenizers', 'qwen2.5.json.gz'), missing);
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'Fixed. '));
    const exact = await waitForStatusBar((s) => s.visible && !s.spinning && /^[\d,.]+k? · /.test(s.text) && s.text.endsWith(MODEL), 30_000);
    assert.ok(!exact.text.startsWith('≈'), exact.text);
    await waitFor(
      () => api.logLines().some((l) => l.includes('tokenizer file works again')),
      (ok) => ok,
      10_000,
    );
  });

  it('restarts the tokenizer worker with feedback: a progress message, then "restarted", and counts again', async () => {
    const api = await testingApi();
    await setSetting('model', undefined);
    const text = 'After a restart the count comes back.\n';
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' }), { preview: false });
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`${formatCompact(referenceCount('o200k_base', text))} · `), 30_000);
    const generation = api.workerGeneration();

    const before = api.logLines().length;
    await vscode.commands.executeCommand(Commands.restartWorker);
    assert.equal(api.workerGeneration(), generation + 1, 'a new worker');
    const logged = api.logLines().slice(before);
    assert.ok(
      logged.some((l) => l.includes('[info] restarting the tokenizer worker')),
      logged.join('\n'),
    );
    assert.ok(
      logged.some((l) => /\[info\] tokenizer worker restarted · readyInMs: \d+/.test(l)),
      logged.join('\n'),
    );
    if (hasPage()) {
      await waitForNotification('Tokenscope: tokenizer worker restarted.');
      await screenshot('worker-restarted');
    }
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`${formatCompact(referenceCount('o200k_base', text))} · `), 30_000);
  });
});
