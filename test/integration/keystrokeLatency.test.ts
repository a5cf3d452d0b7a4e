/**
 * A benchmark, not a test: skipped unless TOKENSCOPE_BENCH_KEYSTROKES is set (bench/vscodeKeystrokes.mjs
 * sets it). Times what a user sees in the real VS Code: from the document change event of an
 * edit to the status bar's rendered text changing to the new count, on a ~48 MB document
 * (VS Code hands extensions documents up to 50 MB). The page records status bar changes with
 * their wall-clock time (page bridge `/statusbar/watch`), so the bridge's own round trip is not
 * part of the figure.
 *
 * Side by side, in the same run, a baseline item that sets its text synchronously in the change
 * event (no tokenizing, no worker): what VS Code's own path from an extension's status bar
 * update to the rendered page costs. The difference is Tokenscope's share.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generateCorpus } from '../../bench/corpus';
import type { TokenscopeApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { referenceCount } from './reference';
import { hasPage, statusBarChanges, waitForStatusBar, watchStatusBar, type StatusBarChange } from './workbench';

const enabled = !!process.env.TOKENSCOPE_BENCH_KEYSTROKES && hasPage();
const BASELINE_ID = 'tokenscope.bench.baseline';

(enabled ? describe : describe.skip)('Benchmark: keystroke latency in the real VS Code', function () {
  this.timeout(20 * 60_000);

  it('times edit → status bar updated on a big document, next to a baseline item', async () => {
    const mb = Number(process.env.TOKENSCOPE_BENCH_MB ?? 48);
    const edits = Number(process.env.TOKENSCOPE_BENCH_EDITS ?? 100);
    const text = generateCorpus('mixed', mb * 1024 * 1024);
    // The count in full (the default is short: 48 MB is `12.3M` before and after a 3-token edit).
    await vscode.workspace.getConfiguration('tokenscope').update('statusBar.format', '{tokensFull} tokens · {model}', vscode.ConfigurationTarget.Global);
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    const reference = referenceCount('o200k_base', document.getText());
    const counted = `${reference.toLocaleString('en-US')} tokens`;
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(counted), 5 * 60_000);

    const baseline = vscode.window.createStatusBarItem(BASELINE_ID, vscode.StatusBarAlignment.Right, 99);
    baseline.text = 'baseline';
    baseline.show();
    const eventTimes: number[] = [];
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== document) return;
      eventTimes.push(Date.now());
      baseline.text = `v${e.document.version}`;
    });
    await watchStatusBar([BASELINE_ID]);

    // " 12345678" always adds tokens (digits come in groups of three), so every edit changes
    // the count and hence the status bar: inserted, then deleted again, alternately.
    const insert = ' 12345678';
    const ours: number[] = [];
    const base: number[] = [];
    // Not spinning: while a count is under way the last number stays, marked with a spinner.
    const firstAfter = (changes: StatusBarChange[], id: string, test: (t: string) => boolean) => changes.find((c) => c.id.endsWith(id) && !c.spinning && test(c.text));
    try {
      for (let i = 0; i < edits; i++) {
        const end = document.lineAt(document.lineCount - 1).range.end;
        const before = eventTimes.length;
        await editor.edit((b) => (i % 2 === 0 ? b.insert(end, insert) : b.delete(new vscode.Range(end.translate(0, -insert.length), end))));
        while (eventTimes.length === before) await new Promise((r) => setTimeout(r, 1));
        const changedAt = eventTimes[before];
        const deadline = Date.now() + 30_000;
        for (;;) {
          const changes = await statusBarChanges(changedAt);
          const shown = firstAfter(changes, 'tokenscope.count', (t) => /^[\d,]+ tokens/.test(t));
          const shownBase = firstAfter(changes, BASELINE_ID, (t) => t === `v${document.version}`);
          if (shown && shownBase) {
            ours.push(shown.time - changedAt);
            base.push(shownBase.time - changedAt);
            break;
          }
          if (Date.now() > deadline) throw new Error(`edit ${i}: the status bar did not change within 30 s`);
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    } finally {
      listener.dispose();
      baseline.dispose();
    }
    // An even number of edits leaves the text as it was: the count must be the reference again.
    if (edits % 2 === 0) await waitForStatusBar((s) => s.text.startsWith(counted), 30_000);
    await vscode.workspace.getConfiguration('tokenscope').update('statusBar.format', undefined, vscode.ConfigurationTarget.Global);
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
      return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
    };
    const api = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports;
    const result = {
      activationMs: api.testing.activationMs,
      mb,
      chars: document.getText().length,
      tokens: reference,
      edits: ours.length,
      tokenscope: stats(ours),
      baseline: stats(base),
    };
    console.log(`@@KEYSTROKE_RESULT ${JSON.stringify(result)}`);
    assert.equal(ours.length, edits);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
