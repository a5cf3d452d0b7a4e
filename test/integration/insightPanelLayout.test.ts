import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { usableWindowOf, windowSharePct } from '../../src/core/catalog/contextWindow';
import { catalogFor } from '../../src/core/catalog/catalog';
import { percentText } from '../../src/core/text/numberText';
import { grouped, referenceCount } from './reference';
import { actInWebview, hasPage, queryWebview, waitFor, webviewProperty, webviewScreenshot, webviewStyle } from './workbench';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;
const THEMES = [
  ['dark', 'Default Dark Modern'],
  ['light', 'Default Light Modern'],
  ['high-contrast', 'Default High Contrast'],
] as const;
const WIDTHS = [400, 600, 900] as const;

/** The panel's page width in CSS pixels, as the webview lays it out. */
async function panelWidth(): Promise<number> {
  return (await webviewProperty(':root', 'clientWidth'))[0] ?? 0;
}

/**
 * Makes the editor group holding the panel `width` CSS pixels wide: sets the two groups'
 * proportions, measures the webview, and corrects (a sash and borders make the first guess a
 * few pixels off). Returns the width reached.
 */
async function setPanelWidth(width: number): Promise<number> {
  let share = 0.4;
  let measured = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 1 - share }, { size: share }] });
    const before = measured;
    measured = await waitFor(
      () => panelWidth(),
      (w) => w > 0 && w !== before,
      5_000,
    ).catch(() => panelWidth());
    if (Math.abs(measured - width) <= 1) return measured;
    share = Math.min(0.95, Math.max(0.05, (share * width) / measured));
  }
  return measured;
}

describe('Insight panel at a glance', function () {
  this.timeout(240_000);
  let launcherTheme: unknown;

  before(async function () {
    if (!hasPage()) this.skip();
    launcherTheme = vscode.workspace.getConfiguration('workbench').inspect('colorTheme')?.globalValue;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await Promise.resolve(vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar')).catch(() => undefined);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    const editor = await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const n = referenceCount('o200k_base', editor.document.getText());
    await waitFor(
      async () => (await queryWebview('[data-testid="summary-tokens"] .summary-value'))[0],
      (t) => t === grouped(n),
    );
  });

  after(async () => {
    if (!hasPage()) return;
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', launcherTheme, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.evenEditorWidths');
  });

  it("says first the current model's tokens, fit and cost, then the cheapest and most compact exact models", async () => {
    const text = (await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'prompt.md'))).getText();
    const n = referenceCount('o200k_base', text);
    const gpt4o = catalogFor({}).find('gpt-4o')!;
    assert.equal((await queryWebview('[data-testid="summary-tokens"] .summary-value'))[0], grouped(n));
    assert.equal((await queryWebview('[data-testid="summary-fit"] .summary-value'))[0], percentText(windowSharePct(n, usableWindowOf(gpt4o))));
    assert.match((await queryWebview('[data-testid="summary-fit"] .summary-detail'))[0], /^of \d+k usable: 128k window − 16k kept for output$/);
    assert.match((await queryWebview('[data-testid="summary-cost"] .summary-value'))[0], /^\$0\.\d+$/);
    assert.match((await queryWebview('[data-testid="summary-cost"] .summary-detail'))[0], /^input of this text; \$[\d.]+ with [\d,]+ tokens of output$/);
    // The pick is exact and marked in the table; no ≈ model is named in its place.
    for (const [testId, badge] of [
      ['summary-cheapest', 'cheapest'],
      ['summary-compact', 'most compact'],
    ] as const) {
      const name = (await queryWebview(`[data-testid="${testId}"] .summary-value`))[0];
      const rows = await queryWebview('[data-testid="models-table"] tbody tr');
      const row = rows.find((r) => r.startsWith(name) && r.includes(badge));
      assert.ok(row, `${testId}: ${name} marked "${badge}" in ${JSON.stringify(rows)}`);
      assert.doesNotMatch(row, /≈/, `${testId} names an exact model`);
    }
  });

  it('explains a metric in one line on hover', async () => {
    const tip = '[data-testid="compression-entropy-label"] + [role="tooltip"]';
    assert.deepEqual(await webviewStyle(tip, 'display'), ['none'], 'hidden until hovered');
    await actInWebview('[data-testid="compression-entropy-label"]', 'hover');
    await waitFor(
      () => webviewStyle(tip, 'display'),
      (d) => d[0] === 'block',
      5_000,
    );
    assert.match((await queryWebview(tip))[0], /^Shannon entropy of the token frequencies/);
    // The label names its explanation for screen readers too.
    const describedBy = (await queryWebview('[data-testid="compression-entropy-label"]', 'aria-describedby'))[0];
    assert.equal((await queryWebview(`[id="${describedBy}"]`))[0], (await queryWebview(tip))[0]);
    await actInWebview('[data-testid="summary-tokens"]', 'hover');
  });

  it('fits the models table at 400 px without sideways scrolling, and looks right at 400, 600 and 900 px in dark, light and high contrast', async () => {
    const seen: string[] = [];
    for (const width of WIDTHS) {
      const reached = await setPanelWidth(width);
      assert.ok(Math.abs(reached - width) <= 2, `the panel is ${reached} px wide, not ${width}`);
      const [scrollWidth] = await webviewProperty('[data-testid="models-table"]', 'scrollWidth');
      const [clientWidth] = await webviewProperty('[data-testid="models-table"]', 'clientWidth');
      const [pageScroll] = await webviewProperty(':root', 'scrollWidth');
      // A table too wide for its box grows rather than scrolls: compare it with the box too.
      const [tableWidth] = await webviewProperty('[data-testid="models-table"]', 'offsetWidth');
      const [boxWidth] = await webviewProperty('.models-results', 'clientWidth');
      seen.push(`${width}: table ${scrollWidth}/${clientWidth} in a box of ${boxWidth}, page ${pageScroll}/${reached}`);
      assert.ok(scrollWidth <= clientWidth && tableWidth <= boxWidth, `the table scrolls sideways at ${width} px: ${seen.at(-1)}`);
      assert.ok(pageScroll <= reached, `the page scrolls sideways at ${width} px: ${seen.at(-1)}`);
      // Every number of a row is on screen: the total's cell lies inside the page.
      const [totalWidth] = await webviewProperty('[data-testid="models-table"] tbody tr:first-child td[data-column="total"]', 'offsetWidth');
      assert.ok(totalWidth > 0, 'the total column is shown');
      for (const [theme, name] of THEMES) {
        await vscode.workspace.getConfiguration('workbench').update('colorTheme', name, vscode.ConfigurationTarget.Global);
        // The webview gets the theme's colours a moment after the workbench.
        await new Promise((resolve) => setTimeout(resolve, 800));
        await webviewScreenshot(`insight-panel-${width}-${theme}`);
      }
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', launcherTheme, vscode.ConfigurationTarget.Global);
    }
    console.log(`[insight layout] ${seen.join('; ')}`);
  });
});
