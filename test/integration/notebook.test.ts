/**
 * A Jupyter notebook in the real workbench: the status bar shows the active cell's count and the
 * notebook's total, the total takes in the cells' text outputs when tokenscope.notebook.countOutputs
 * is turned on (the image output said to be not counted), and "Show Notebook Cells by Tokens"
 * lists the cells, most tokens first, revealing the one picked.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { compact, grouped, referenceCount } from './reference';
import { actInWebview, hasPage, pressKeys, queryWebview, readStatusBar, screenshot, waitFor, waitForStatusBar } from './workbench';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { catalogModel } from '../../src/core/catalog/catalog';
import { usableWindowOf } from '../../src/core/catalog/contextWindow';
import type { TokenscopeApi } from '../../src/extension';

const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports.testing;
const notebookUri = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'notebooks', 'loss-curve.ipynb');
const count = (text: string) => referenceCount('o200k_base', text);
const window4o = usableWindowOf(catalogModel('gpt-4o')!);
const share = (n: number) => (n === 0 ? '0%' : (n / window4o) * 100 < 0.1 ? '<0.1%' : `${((n / window4o) * 100).toFixed(1)}%`);

interface NbCell {
  cell_type: string;
  source: string[];
  outputs?: Array<{ output_type: string; text?: string[]; data?: Record<string, string[] | string>; ename?: string; evalue?: string; traceback?: string[] }>;
}

/** The fixture's counts, worked out here from the .ipynb file by nbformat's fields, apart from src/. */
async function expected(): Promise<{ sources: number[]; outputs: number[] }> {
  const nb = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(notebookUri()))) as { cells: NbCell[] };
  const sources = nb.cells.map((c) => count(c.source.join('')));
  const outputs = nb.cells.map((c) =>
    (c.outputs ?? []).reduce((sum, o) => {
      if (o.output_type === 'stream') return sum + count(o.text!.join(''));
      if (o.output_type === 'error') return sum + count(`${o.ename}: ${o.evalue}\n${o.traceback!.join('\n')}`);
      const plain = o.data?.['text/plain'];
      return sum + (plain === undefined ? 0 : count(Array.isArray(plain) ? plain.join('') : plain));
    }, 0),
  );
  return { sources, outputs };
}

describe('Notebook token counts', function () {
  this.timeout(120_000);

  after(async () => {
    await vscode.workspace.getConfiguration('tokenscope').update('notebook.countOutputs', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the active cell’s count and the notebook’s total, with outputs counted when the setting says so', async () => {
    const { sources, outputs } = await expected();
    const notebook = await vscode.workspace.openNotebookDocument(notebookUri());
    const editor = await vscode.window.showNotebookDocument(notebook);
    // The second cell (the training loop), in edit mode as after a click into it.
    editor.selections = [new vscode.NotebookRange(1, 2)];
    await vscode.commands.executeCommand('notebook.cell.edit');
    await waitFor(
      () => vscode.window.activeTextEditor?.document.uri.toString(),
      (uri) => uri === notebook.cellAt(1).document.uri.toString(),
      10_000,
    );
    const cell = sources[1];
    const cellsOnly = sources.reduce((a, b) => a + b, 0);
    const withOutputs = cellsOnly + outputs.reduce((a, b) => a + b, 0);
    assert.ok(withOutputs > cellsOnly && cellsOnly > cell, 'the fixture has outputs and several cells');

    const off = await waitForStatusBar((s) => s.visible && !s.spinning && s.text === `${compact(cell)} · ${share(cell)} · ${compact(cellsOnly)} · gpt-4o`, 30_000);
    assert.ok(off.visible);
    const counts = await api().notebookCounts();
    assert.deepEqual(
      counts?.cells.map((c) => c.source),
      sources,
      'each cell counted as tiktoken counts its source',
    );
    const tooltip = api().statusBarTooltip() ?? '';
    assert.match(
      tooltip,
      new RegExp(`\\*\\*Notebook: ${grouped(cellsOnly)} tokens\\*\\* \\(${share(cellsOnly).replace('.', '\\.')} of the usable window\\) · the count above is cell 2 of 4`),
    );
    assert.match(tooltip, /Cells only; text outputs are not counted \(tokenscope\.notebook\.countOutputs\)/);

    await vscode.workspace.getConfiguration('tokenscope').update('notebook.countOutputs', true, vscode.ConfigurationTarget.Global);
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === `${compact(cell)} · ${share(cell)} · ${compact(withOutputs)} · gpt-4o`, 30_000);
    const on = await api().notebookCounts();
    assert.equal(on?.total, withOutputs);
    assert.deepEqual(
      on?.cells.map((c) => c.outputs),
      outputs,
      'stream, figure stand-in and error counted as nbformat holds them',
    );
    assert.equal(on?.outputsNotCounted, 1, 'the figure’s image is not counted, and says so');
    const onTooltip = api().statusBarTooltip() ?? '';
    assert.match(onTooltip, new RegExp(`Cells and their text outputs \\(${grouped(withOutputs - cellsOnly)} tokens in outputs`));
    assert.match(onTooltip, /1 outputs not counted: images or other binary data have no token count/);
    if (hasPage()) {
      const shown = await readStatusBar({ tooltip: true, screenshotWithTooltip: 'notebook-status-bar' });
      assert.match(shown.tooltip ?? '', new RegExp(`Notebook: ${grouped(withOutputs)} tokens`));
    }

    // Typing in the cell: its count and the notebook's total follow.
    const typed = '\n# lower is better';
    const document = notebook.cellAt(1).document;
    await vscode.window.activeTextEditor!.edit((e) => e.insert(document.lineAt(document.lineCount - 1).range.end, typed));
    const cellNow = count(document.getText());
    const totalNow = withOutputs - cell + cellNow;
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === `${compact(cellNow)} · ${share(cellNow)} · ${compact(totalNow)} · gpt-4o`, 30_000);
    await vscode.commands.executeCommand('undo');

    await vscode.workspace.getConfiguration('tokenscope').update('notebook.countOutputs', false, vscode.ConfigurationTarget.Global);
    await waitForStatusBar((s) => s.visible && !s.spinning && s.text === `${compact(cell)} · ${share(cell)} · ${compact(cellsOnly)} · gpt-4o`, 30_000);
  });

  it('lists the cells by tokens and reveals the one picked', async function () {
    if (!hasPage()) this.skip();
    const { sources } = await expected();
    const notebook = await vscode.workspace.openNotebookDocument(notebookUri());
    const editor = await vscode.window.showNotebookDocument(notebook);
    editor.selections = [new vscode.NotebookRange(0, 1)];
    const biggest = sources.indexOf(Math.max(...sources));
    await api().notebookCounts();
    void vscode.commands.executeCommand('tokenscope.showNotebookCells');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await screenshot('notebook-cells-quick-pick');
    await pressKeys('Enter');
    await waitFor(
      () => vscode.window.activeNotebookEditor?.selections[0]?.start,
      (start) => start === biggest,
      10_000,
    );
  });

  it('lists the cells by tokens in the insight panel, the followed one marked, and a cell’s label reveals it', async function () {
    if (!hasPage()) this.skip();
    const { sources } = await expected();
    const notebook = await vscode.workspace.openNotebookDocument(notebookUri());
    const editor = await vscode.window.showNotebookDocument(notebook);
    editor.selections = [new vscode.NotebookRange(0, 1)];
    await vscode.commands.executeCommand('notebook.cell.edit');
    await api().notebookCounts();
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const order = await waitFor(
      () => queryWebview('[data-testid="notebook-cells"] tbody tr', 'data-cell'),
      (cells) => cells.length === sources.length,
    );
    // Most tokens first (outputs are not counted by default).
    const byTokens = sources.map((tokens, index) => ({ tokens, index })).sort((a, b) => b.tokens - a.tokens || a.index - b.index);
    assert.deepEqual(
      order.map(Number),
      byTokens.map((c) => c.index),
    );
    assert.match((await queryWebview('[data-testid="notebook-total"]'))[0], new RegExp(`${sources.length} cells, ${grouped(sources.reduce((a, b) => a + b, 0))} tokens`));
    await screenshot('insight-panel-notebook');
    const last = sources.length - 1;
    await actInWebview(`[data-testid="notebook-cells"] tr[data-cell="${last}"] [data-testid="notebook-reveal"]`);
    await waitFor(
      () => vscode.window.activeNotebookEditor?.selections[0]?.start,
      (start) => start === last,
      10_000,
    );
  });
});
