// The extension in a VS Code whose display language is German: run by the launcher with
// `--suite de --locale de` (test/runAll.mjs does it after the English run), never in the
// default run, whose tests read English text.
//
// code-server gets `--locale de` and no German language pack (none can be downloaded here), so
// VS Code's own menus stay English; what is checked is that VS Code still reports `de` to the
// extension host and loads our l10n/bundle.l10n.de.json and package.nls.de.json for it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../../src/host/platform/ids';
import { referenceCount } from '../../reference';
import { hasPage, pressKeys, queryPage, queryWebview, readStatusBar, screenshot, typeInPage, waitFor, waitForStatusBar } from '../../workbench';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;

/** `53.446`: German digit grouping, written independently of the extension's formatters. */
const germanInteger = (n: number) => n.toLocaleString('de-DE');

describe('German display language', function () {
  this.timeout(180_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports German to the extension host', () => {
    // (vscode.l10n here would be the test module's, which belongs to no extension: the bundle
    // is checked through what the extension shows, below.)
    assert.equal(vscode.env.language, 'de');
  });

  it('shows the manifest in German: command titles and setting descriptions', () => {
    // packageJSON is the manifest as VS Code read it, %key% replaced from package.nls.de.json;
    // a command title becomes { value: German, original: English }.
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const title = (command: string) => manifest.contributes.commands.find((c: { command: string }) => c.command === command)?.title?.value;
    assert.equal(title('tokenscope.selectModel'), 'Modell auswählen');
    assert.equal(title('tokenscope.toggleBoundaries'), 'Tokengrenzen umschalten');
    assert.match(manifest.contributes.configuration.properties['tokenscope.statusBar.enabled'].markdownDescription, /Statusleiste/);
  });

  it('writes the status bar, its tooltip and the command palette in German, numbers included', async function () {
    if (!hasPage()) this.skip();
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    await vscode.window.showTextDocument(document, { preview: false });
    const n = referenceCount('o200k_base', document.getText());
    const pct = (n / 111_616) * 100;
    const share = pct < 0.1 ? '<0,1 %' : `${pct.toFixed(1).replace('.', ',')} %`;
    // Intl puts a no-break space before the percent sign in German; the page's text keeps it.
    const normal = (text: string) => text.replace(/\u00a0/g, ' ');
    // Short: the count (in full below 10.000) · the share · the model; the long form is in the tooltip.
    const expected = `${germanInteger(n)} · ${share} · gpt-4o`;
    await waitForStatusBar((s) => s.visible && !s.spinning && normal(s.text) === expected, 30_000);

    const seen = await readStatusBar({ tooltip: true, screenshotWithTooltip: 'locale-de-tooltip' });
    const tooltip = normal(seen.tooltip ?? '');
    assert.match(tooltip, /für GPT-4o \(OpenAI\) · exakt/);
    assert.match(tooltip, /von 112k nutzbar: 128k − 16k für die Ausgabe freigehalten/);
    assert.match(tooltip, /Modell auswählen… · Analysebereich/);
    assert.match(normal(seen.ariaLabel ?? ''), /nutzbaren Tokens von gpt-4o\. Klicken, um ein Modell auszuwählen\./);

    // The command palette lists our commands under their German titles.
    // The list draws only its first rows (over 20 commands match `Tokenscope`): each search narrows it.
    await pressKeys('F1');
    await typeInPage('Tokenscope: Modell');
    await waitFor(
      () => queryPage('.quick-input-list .monaco-list-row', 'aria-label'),
      (r) => r.some((l) => l.includes('Tokenscope: Modell auswählen')),
      15_000,
    );
    await pressKeys('Escape');
    await pressKeys('F1');
    await typeInPage('Tokenscope');
    const rows = await waitFor(
      () => queryPage('.quick-input-list .monaco-list-row', 'aria-label'),
      (r) => r.some((l) => l.includes('Tokenscope: Analysebereich anzeigen')),
      15_000,
    );
    assert.ok(
      rows.some((l) => l.includes('Tokenscope: Arbeitsbereich zählen')),
      JSON.stringify(rows),
    );
    await screenshot('locale-de');
    await pressKeys('Escape');
  });

  it('draws the insight panel in German', async function () {
    if (!hasPage()) this.skip();
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const n = referenceCount('o200k_base', document.getText());
    await waitFor(
      async () => (await queryWebview('[data-testid="compression-tokens"]'))[0]?.trim(),
      (t) => t === germanInteger(n),
    );
    // Shown sections only: the Request, Dataset and Notebook sections are hidden for a plain text.
    const headings = await queryWebview('section:not([hidden]) h2');
    // The summary first (its heading is for screen readers), then the models, then compression.
    assert.deepEqual(headings.slice(0, 3), ['Auf einen Blick', 'Modelle im Vergleich', 'Kompression']);
    assert.match((await queryWebview('[data-testid="summary-fit"] .summary-detail'))[0] ?? '', /^von \d+k nutzbar: 128k Fenster − 16k für die Ausgabe frei$/);
    assert.match((await queryWebview('[data-testid="source"]'))[0] ?? '', /prompt\.md · ganze Datei · [\d.]+ Zeichen/);
    await screenshot('locale-de-insight');
  });

  it('writes the tokenization lint in German, and its fix with German thousands separators', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Berechne 1234567 + 89012.\n' });
    await vscode.window.showTextDocument(document);
    const found = await waitFor(
      () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Tokenscope'),
      (d) => d.length === 2,
    );
    assert.match(found[0].message, /^1234567 wird von links als `123\|456\|7` zerlegt, abseits des Stellenwerts; als 1\.234\.567 geschrieben .* Quelle: Singh & Strouse/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      found[0].range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === '1.234.567 schreiben');
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.getText(), 'Berechne 1.234.567 + 89012.\n');
  });
});
