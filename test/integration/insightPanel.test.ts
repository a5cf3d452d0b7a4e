import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { approximation } from '../../src/core/catalog/approximations';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import type { TokenscopeApi } from '../../src/extension';
import { grouped, referenceCount } from './reference';
import { actInWebview, hasPage, queryWebview, screenshot, waitFor, webviewProperty } from './workbench';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenscope').update(key, value, vscode.ConfigurationTarget.Global);
}

/** The text of one element of the panel, as rendered in its webview frame. */
async function panelText(testId: string): Promise<string> {
  return (await queryWebview(`[data-testid="${testId}"]`))[0]?.trim() ?? '';
}

async function rowOf(modelId: string): Promise<string> {
  return (await queryWebview(`[data-testid="models-table"] tr[data-model-id="${modelId}"]`))[0] ?? '';
}

describe('Insight panel', function () {
  this.timeout(180_000);

  before(function () {
    // Everything here reads the webview as rendered; only the code-server run has the page.
    if (!hasPage()) this.skip();
  });

  afterEach(async () => {
    for (const key of ['model', 'insight.models', 'insight.expectedOutputTokens']) await setSetting(key, undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows compression and the models side by side for the open prompt, and follows the selection', async () => {
    const editor = await open(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    const text = editor.document.getText();
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const n = referenceCount('o200k_base', text);
    await waitFor(
      () => panelText('compression-tokens'),
      (t) => t === grouped(n),
    );
    assert.match(await panelText('source'), /prompt\.md/);
    const chars = [...text].length;
    assert.equal(await panelText('compression-chars'), grouped(chars));
    assert.match(await panelText('compression-chars-per-token'), new RegExp(`^${(chars / n).toFixed(2)}`));
    // The default set across makers: exact for gpt-4o, ≈ for Claude with its factor.
    assert.match(await rowOf('gpt-4o'), new RegExp(grouped(n)));
    const claude = approximation('claude');
    assert.match(await rowOf('claude-sonnet-4-5'), new RegExp(`≈\\s*${grouped(Math.round(n * claude.factor))}`));
    assert.ok((await queryWebview('[data-testid="script-table"] tr[data-script="Latin"]')).length === 1, 'a Latin row in the script table');
    await screenshot('insight-panel-dark');

    // A selection: the panel shows the selection's numbers.
    const selection = new vscode.Selection(2, 0, 4, 0);
    editor.selection = selection;
    const m = referenceCount('o200k_base', editor.document.getText(selection));
    await waitFor(
      () => panelText('compression-tokens'),
      (t) => t === grouped(m),
    );
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await waitFor(
      () => panelText('compression-tokens'),
      (t) => t === grouped(n),
    );
  });

  it('reopens on unchanged text with the numbers it had, without asking the worker again', async () => {
    const api = (await vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.activate()).testing;
    const dir = vscode.Uri.joinPath(workspace(), 'generated');
    mkdirSync(dir.fsPath, { recursive: true });
    const file = vscode.Uri.joinPath(dir, 'reopen.md');
    writeFileSync(file.fsPath, 'Summarise the report below in three bullet points, citing page numbers.\n'.repeat(200));
    const panelTab = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('tokenscope.insight'));
    const closePanel = async () => {
      const tab = panelTab();
      if (tab) await vscode.window.tabGroups.close(tab);
      await waitFor(
        () => panelTab(),
        (t) => t === undefined,
      );
    };
    await closePanel(); // left open by an earlier test
    const before = api.insightWorkerRequests();
    const editor = await open(file);
    const n = referenceCount('o200k_base', editor.document.getText());
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    await waitFor(
      () => panelText('compression-tokens'),
      (t) => t === grouped(n),
    );
    await waitFor(
      () => queryWebview('[data-testid="status"]', 'data-kind'),
      (k) => k[0] === 'ready',
    );
    assert.ok(api.insightWorkerRequests() > before, 'the first open asked the worker');

    await closePanel();
    const asked = api.insightWorkerRequests();
    let posted = 0;
    const listener = api.onDidPostInsight(() => posted++);
    try {
      await vscode.commands.executeCommand('tokenscope.showInsightPanel');
      await waitFor(
        () => posted,
        (p) => p > 0,
        10_000,
      );
      await waitFor(
        () => panelText('compression-tokens'),
        (t) => t === grouped(n),
      );
    } finally {
      listener.dispose();
    }
    assert.equal(api.insightWorkerRequests(), asked, 'the reopened panel showed the kept answer');
  });

  it('changes the model set and the expected output from the panel, saved in the settings', async () => {
    await open(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    await waitFor(
      () => rowOf('mistral-nemo'),
      (r) => r.length > 0,
    );
    await actInWebview('[data-testid="models-table"] tr[data-model-id="mistral-nemo"] [data-testid="models-remove"]');
    await waitFor(
      async () => vscode.workspace.getConfiguration('tokenscope').get<string[]>('insight.models') ?? [],
      (ids) => ids.length > 0 && !ids.includes('mistral-nemo'),
    );
    await waitFor(
      () => rowOf('mistral-nemo'),
      (r) => r === '',
    );
    await actInWebview('[data-testid="models-expected-output"]', 'fill', '2000');
    await actInWebview('[data-testid="models-expected-output"]', 'press', 'Enter');
    await waitFor(
      async () => vscode.workspace.getConfiguration('tokenscope').get<number>('insight.expectedOutputTokens'),
      (v) => v === 2000,
    );
  });

  it('copies the numbers as Markdown, CSV and JSON', async () => {
    const editor = await open(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const n = referenceCount('o200k_base', editor.document.getText());
    await waitFor(
      () => panelText('compression-tokens'),
      (t) => t === grouped(n),
    );
    for (const [format, pattern] of [
      ['json', /"tokens": \d+/],
      ['csv', /gpt-4o/],
      ['markdown', /\| GPT-4o \| OpenAI \|/],
    ] as const) {
      await vscode.env.clipboard.writeText('');
      await actInWebview(`[data-testid="export-${format}"]`);
      const copied = await waitFor(
        () => Promise.resolve(vscode.env.clipboard.readText()),
        (t) => t.length > 0,
        10_000,
      );
      assert.match(copied, pattern, format);
      assert.ok(copied.includes(String(n)) || copied.includes(grouped(n)), `${format} holds the token count`);
    }
  });

  it('lists where two tokenizers disagree and highlights them on request', async () => {
    const dir = vscode.Uri.joinPath(workspace(), 'generated');
    mkdirSync(dir.fsPath, { recursive: true });
    const file = vscode.Uri.joinPath(dir, 'numbers.txt');
    writeFileSync(file.fsPath, 'Invoice 1234567 total 98765.43 due 2026-11-23.\n価格は一万二千円です。\n');
    await open(file);
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    // The pickers are drawn with the panel's first numbers: a panel opened just now has none yet.
    await waitFor(
      () => queryWebview('[data-testid="compare-a"] option'),
      (options) => options.length > 0,
    );
    await waitFor(
      () => panelText('source'),
      (source) => source.includes('numbers.txt'),
    );
    await actInWebview('[data-testid="compare-a"]', 'select', 'gpt-4o');
    await actInWebview('[data-testid="compare-b"]', 'select', 'gpt-4');
    // The list of this file's spans: until the panel has followed the new file and the new pair, it
    // may still show the previous file's spans (a CI run saw prompt.md's there), so wait for these.
    const spans = await waitFor(
      () => queryWebview('[data-testid="disagreement-list"] button'),
      (s) => s.some((x) => /123|987|価格|一万/.test(x)),
    );
    // The numbers disagree (both cut digits in groups of up to three, so a span may be one
    // group, `123`, rather than the whole number), or the Japanese does.
    assert.ok(
      spans.some((s) => /123|987|価格|一万/.test(s)),
      JSON.stringify(spans),
    );
    await actInWebview('[data-testid="compare-highlight"]');
    await screenshot('insight-disagreements');

    // Claude is counted from GPT-4o's own tokenizer: the panel says why it cannot compare them,
    // rather than that they "cut this text into the same tokens".
    await actInWebview('[data-testid="compare-a"]', 'select', 'claude-sonnet-4-5');
    await actInWebview('[data-testid="compare-b"]', 'select', 'gpt-4o');
    const why = await waitFor(
      () => panelText('disagreement-list'),
      (text) => text.includes('is counted by approximation'),
    );
    assert.match(why, /^Claude Sonnet 4\.5 is counted by approximation from o200k_base: its own tokenizer is not public/);
    assert.doesNotMatch(why, /same tokens/);
    await screenshot('insight-disagreements-refused');
  });

  it('shows a hostile file name and text as text, never as markup', async () => {
    const dir = vscode.Uri.joinPath(workspace(), 'generated');
    mkdirSync(dir.fsPath, { recursive: true });
    const file = vscode.Uri.joinPath(dir, '<img src=x onerror=alert(1)>.md');
    writeFileSync(file.fsPath, '<script>alert("x")</script> <img src=x onerror=alert(2)> <b>bold</b>\n'.repeat(5));
    await open(file);
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    await waitFor(
      () => panelText('source'),
      (t) => t.includes('<img src=x onerror=alert(1)>.md'),
    );
    assert.deepEqual(await queryWebview('img'), [], 'no <img> element was created');
    // VS Code injects one script of its own (acquireVsCodeApi); none may hold the file's text.
    assert.ok(
      (await queryWebview('script')).every((code) => !code.includes('alert(')),
      'no script made from the text',
    );
    assert.deepEqual(await queryWebview('b'), [], 'no <b> element was created');
    const top = await panelText('compression-top-tokens');
    assert.match(top, /<|script|img/);
  });

  let cancelAttempts = 0;
  it('shows progress on a big file and stops when Cancel is pressed', async function () {
    // One retry: a CI run once saw "ready" where "cancelled" was due, which no run since showed
    // again; the panel's log lines (in the failure's message) say which run ended how.
    this.retries(1);
    const api = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports.testing;
    const dir = vscode.Uri.joinPath(workspace(), 'generated');
    mkdirSync(dir.fsPath, { recursive: true });
    const file = vscode.Uri.joinPath(dir, 'big.md');
    const paragraph = 'The quick brown fox jumps over the lazy dog; 12345 tokens, Привет мир, 你好世界. ';
    // Lines without a trailing space: the tokenization lint would flag the end, and its problem outlive the suite.
    // A retry writes other text: the first attempt's numbers, if its run ended, are not asked again.
    writeFileSync(file.fsPath, `Attempt ${++cancelAttempts}.\n${`${paragraph.repeat(40).trimEnd()}\n`.repeat(5000)}`); // ~16 MB
    // Enough work that the run is still going when Cancel is clicked, even on a fast machine:
    // six Hugging Face tokenizers over ~16 MB (over 8 MB, a whole run once ended before the click).
    await setSetting('insight.models', ['gpt-4o', 'deepseek-chat', 'deepseek-v4-flash', 'qwen3-235b-a22b', 'qwen-2.5-72b-instruct', 'mistral-nemo', 'llama-3.3-70b-instruct']);
    // First the numbers of a small file, so that Cancel leaves another file's numbers under the banner.
    await open(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    await waitFor(
      async () => [...(await queryWebview('[data-testid="status"]', 'data-kind')), ...(await queryWebview('[data-testid="source"]'))],
      (k) => k[0] === 'ready' && k[1]?.startsWith('prompt.md ·') === true,
      60_000,
    );
    await open(file);
    // The kind and the message: a failure says why in the error. On a loaded machine the run can
    // wait long for the worker (the status bar and the Tokens view count the new 16 MB file too).
    await waitFor(
      async () => [...(await queryWebview('[data-testid="status"]', 'data-kind')), ...(await queryWebview('[data-testid="status-message"]'))],
      (k) => k[0] === 'computing',
      90_000,
    );
    // The progress bar is shown with its value (the fraction itself is the worker's, unit-tested):
    // Cancel at once, while most of the run is still to do, so a fast machine cannot end it first.
    const shown = await waitFor(
      () => queryWebview('[data-testid="status-progress"]', 'aria-valuenow'),
      (v) => v.length > 0 && Number.isFinite(Number(v[0])),
      30_000,
    );
    assert.ok(Number(shown[0]) >= 0 && Number(shown[0]) <= 100, `progress ${shown[0]}`);
    await actInWebview('[data-testid="status-cancel"]');
    // The banner names the cancelled file, since the numbers left under it are prompt.md's.
    const [, message] = await waitFor(
      async () => [...(await queryWebview('[data-testid="status"]', 'data-kind')), ...(await queryWebview('[data-testid="status-message"]'))],
      (k) => k[0] === 'cancelled',
      10_000,
    ).catch((err: unknown) => {
      const runs = api.logLines().filter((l) => l.includes('insight panel'));
      throw new Error(`${err instanceof Error ? err.message : String(err)}\nthe panel's log:\n${runs.slice(-8).join('\n')}`);
    });
    // Cancelled before the current model's numbers came, prompt.md's stay; after, big.md's for that model only.
    const [source] = await queryWebview('[data-testid="source"]');
    if (source?.startsWith('prompt.md · ')) assert.equal(message, 'Cancelled: big.md was not counted. The numbers below are of prompt.md, from the last complete run.');
    else {
      assert.match(source ?? '', /^big\.md · /);
      assert.equal(message, 'Cancelled before the other models were counted: the numbers below are the current model’s only.');
      assert.deepEqual(await queryWebview('[data-testid="models-table"] tr[data-model-id]', 'data-model-id'), ['gpt-4o'], 'only the current model has numbers');
      assert.deepEqual(await queryWebview('[data-testid="summary-cheapest"]'), [], 'no model named the cheapest of a set not counted');
    }
    await screenshot('insight-cancelled');
    // Back in the editor, the cancelled run does not start again by itself; Count again starts it.
    assert.ok(((await webviewProperty('[data-testid="status-count-again"]', 'offsetHeight'))[0] ?? 0) > 0, 'Count again is offered');
    await open(file);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(await queryWebview('[data-testid="status"]', 'data-kind'), ['cancelled'], 'still cancelled with the focus back in the editor');
    await actInWebview('[data-testid="status-count-again"]');
    await waitFor(
      () => queryWebview('[data-testid="status"]', 'data-kind'),
      (k) => k[0] === 'computing' || k[0] === 'ready',
      30_000,
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('keeps its numbers when the webview reloads, and follows the theme', async () => {
    const editor = await open(vscode.Uri.joinPath(workspace(), 'prompt.md'));
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const n = referenceCount('o200k_base', editor.document.getText());
    await waitFor(
      () => panelText('compression-tokens'),
      (t) => t === grouped(n),
    );
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await waitFor(
      () => panelText('compression-tokens'),
      (t) => t === grouped(n),
      20_000,
    );
    // The launcher sets a dark theme in the user settings: put that value back, not "unset"
    // (which would follow the browser's light preference and change the next suites' theme).
    const launcherTheme = vscode.workspace.getConfiguration('workbench').inspect('colorTheme')?.globalValue;
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      await screenshot('insight-panel-light');
    } finally {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', launcherTheme, vscode.ConfigurationTarget.Global);
    }
    const api = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports;
    assert.ok(api.testing.onDidPostInsight);
  });
});
