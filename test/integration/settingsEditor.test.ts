// Tokenscope's settings as a user meets them: in the Settings editor (read from the page, in the
// order it lists them) and in settings.json (the suggestions for the model's value).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { SETTINGS_TABLE } from '../../src/core/catalog/settingsSchema';
import { EXTENSION_ID, SECTION, Settings } from '../../src/host/platform/ids';
import { clickInPage, hasPage, pressKeys, queryPage, screenshot, waitFor, wheelInPage } from './workbench';

const TREE = '.settings-editor .settings-tree-container';
/** A setting's row in the Settings editor's list; VS Code puts the full key in its data-key. */
const row = (index: number) => `${TREE} .monaco-list-row[data-index="${index}"]`;

interface ShownSetting {
  key: string;
  /** What the row's title reads: `Context: Warning Threshold`. */
  title: string;
}

/**
 * Every setting the Settings editor lists, in its order. The list is virtual (only the rows in
 * view are in the page), so it is read a screen at a time, turning the mouse wheel in between,
 * until the list is at its end.
 */
async function readSettingsList(): Promise<ShownSetting[]> {
  const shown = new Map<number, ShownSetting>();
  const slider = () => queryPage(`${TREE} .scrollbar.vertical .slider`, 'style');
  for (let still = 0; still < 3;) {
    for (const index of (await queryPage(`${TREE} .monaco-list-row`, 'data-index')).map(Number)) {
      if (shown.has(index)) continue;
      const [key] = await queryPage(`${row(index)} [data-key]`, 'data-key');
      if (!key) continue; // the group's heading
      const [category] = await queryPage(`${row(index)} .setting-item-category`);
      const [label] = await queryPage(`${row(index)} .setting-item-label`);
      shown.set(index, { key, title: `${category ?? ''}${label ?? ''}`.trim() });
    }
    // Until the scroll bar stops moving: the end of the list (VS Code scrolls smoothly, so a
    // turn of the wheel may take a few frames to show).
    const before = JSON.stringify(await slider());
    // Near the list's left edge, over no row's own control (a list of its own would take the wheel).
    await wheelInPage(TREE, 600, { x: 6, y: 80 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    still = JSON.stringify(await slider()) === before ? still + 1 : 0;
  }
  return [...shown.entries()].sort(([a], [b]) => a - b).map(([, setting]) => setting);
}

describe('Settings', function () {
  this.timeout(90_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.workspace.getConfiguration(SECTION).update(Settings.model, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("lists the model first and the makers' network options last in the Settings editor, in the order of the settings table", async function () {
    if (!hasPage()) this.skip();
    await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
    await waitFor(
      () => queryPage(`${TREE} [data-key]`, 'data-key'),
      (keys) => keys.includes(`${SECTION}.model`),
      15_000,
    );
    await screenshot('settings-editor');
    const shown = await readSettingsList();
    // Remote (code-server, like any remote window): machine-scoped settings are under the
    // Remote tab, not the User tab the editor opens on.
    const remote = vscode.env.remoteName !== undefined;
    const expected = Object.values(SETTINGS_TABLE)
      .filter((spec) => !(remote && 'scope' in spec.manifest && spec.manifest.scope === 'machine'))
      .sort((a, b) => a.order - b.order)
      .map((spec) => `${SECTION}.${spec.key}`);
    assert.ok(expected.length >= 15, expected.join());
    assert.deepEqual(
      shown.map((s) => s.key),
      expected,
      shown.map((s) => s.title).join(' | '),
    );
    // What a user reads: the model on top, the network options at the bottom: each maker's, then
    // learning from their counts, which applies to all of them.
    assert.equal(shown[0].title, 'Tokenscope: Model');
    assert.match(shown.at(-2)!.title, /› Xai: Base Url$/);
    assert.match(shown.at(-1)!.title, /› Providers: Learn From Counts$/);
  });

  it("shows the model's description with a link that opens the model picker", async function () {
    if (!hasPage()) this.skip();
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.model`);
    const modelRow = `${TREE} [data-key="${SECTION}.model"]`;
    await waitFor(
      () => queryPage(`${modelRow} .setting-item-description`),
      (texts) => texts.some((t) => t.includes('Select Model')),
      15_000,
    );
    // The Settings editor shows a text box (an id of a custom model is as good as a catalog's);
    // the link leads to the picker, where the catalog is.
    assert.equal((await queryPage(`${modelRow} input.input`)).length, 1, 'a text box');
    await clickInPage(`${modelRow} .setting-item-description a:text("Select Model")`);
    await waitFor(
      () => queryPage('.quick-input-widget .quick-input-title'),
      (titles) => titles.some((t) => t.includes('Select Model')),
      10_000,
    );
    const rows = await waitFor(
      () => queryPage('.quick-input-widget .quick-input-list .monaco-list-row'),
      (found) => found.length > 5,
      10_000,
    );
    assert.ok(
      rows.some((r) => r.includes('gpt-4o')),
      rows.join(' | '),
    );
    await screenshot('settings-model-picker');
    await pressKeys('Escape');
  });

  it("suggests every catalog model's id, with its description, for tokenscope.model in settings.json", async () => {
    // A value to stand on: settings.json then has `"tokenscope.model": "gpt-4.1"`.
    await vscode.workspace.getConfiguration(SECTION).update(Settings.model, 'gpt-4.1', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    const document = await waitFor(
      () => vscode.window.activeTextEditor?.document,
      (d) => !!d && d.getText().includes('"tokenscope.model": "gpt-4.1"'),
      15_000,
    );
    const at = document!.getText().indexOf('"tokenscope.model": "gpt-4.1"') + '"tokenscope.model": "'.length;
    const position = document!.positionAt(at);
    const catalog = buildCatalog({}, { findInHfCache: () => undefined }).models;
    const labels = (list: vscode.CompletionList) => list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label).replace(/^"|"$/g, ''));
    // The JSON language server starts with the file: ask until it answers with the catalog.
    const list = await waitFor(
      async () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document!.uri, position),
      (found) => !!found && catalog.every((m) => labels(found).includes(m.id)),
      20_000,
    );
    const claude = list!.items.find((item) => labels({ items: [item] } as vscode.CompletionList)[0] === 'claude-sonnet-4-5');
    const documentation = claude?.documentation;
    const text = typeof documentation === 'string' ? documentation : (documentation?.value ?? '');
    assert.match(text, /Claude Sonnet 4\.5.*Anthropic.*200k/);
  });
});
