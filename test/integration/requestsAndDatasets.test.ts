import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { requestOptionsOf } from '../../src/core/requests/requestAsk';
import { countRequestText, isNotARequest } from '../../src/core/requests/requestCount';
import { DatasetCounter } from '../../src/core/datasets/datasetSummary';
import { JsonlLineSplitter } from '../../src/core/datasets/jsonlLines';
import { EXTENSION_ID, STATUS_BAR_ITEM_ID } from '../../src/host/platform/ids';
import type { TokenscopeApi } from '../../src/extension';
import { grouped, referenceCount } from './reference';
import { renderedLines } from './renderedTokens';
import { actInWebview, hasPage, queryPage, queryWebview, readStatusBar, screenshot, waitFor, waitForStatusBar } from './workbench';

const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'structured');
const reference = (text: string) => referenceCount('o200k_base', text);

/** A Chat Completions request as users keep them next to their code: a system prompt, turns, a tool. */
const REQUEST = JSON.stringify(
  {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are a weather assistant. Answer in one sentence.' },
      { role: 'user', content: 'Will it rain in Lyon tomorrow? <|endoftext|> is just text.' },
      { role: 'assistant', content: 'Let me check the forecast.' },
      { role: 'user', content: 'Also the day after, please.' },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_forecast',
          description: 'The forecast for a city and day',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string', description: 'City name' },
              days: { type: 'integer', description: 'Days ahead' },
              unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
            },
            required: ['city'],
          },
        },
      },
    ],
  },
  null,
  2,
);

const line = (user: string, assistant: string) =>
  JSON.stringify({
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
  });
/** A fine-tuning set: good examples, a blank line, a broken one, and one over gpt-4o's 65,536-token training limit. */
const DATASET = [
  line('What is 2 + 2?', '4'),
  line('Name a colour.', 'Blue.'),
  '',
  '{"messages": [{"role": "user", "content": "unterminated}',
  line('Summarise this: ' + 'lorem ipsum dolor sit amet '.repeat(14_000), 'Placeholder text.'),
  line('Thanks!', 'You are welcome.'),
].join('\n');

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.One });
}

async function api(): Promise<TokenscopeApi> {
  const extension = vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

async function panelText(testId: string): Promise<string> {
  return (await queryWebview(`[data-testid="${testId}"]`))[0]?.trim() ?? '';
}

describe('Requests and datasets', function () {
  this.timeout(180_000);

  before(async () => {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'chat-request.json'), new TextEncoder().encode(REQUEST));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'train.jsonl'), new TextEncoder().encode(DATASET));
    await vscode.workspace.getConfiguration('tokenscope').update('model', 'gpt-4o', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    // Leave no problems behind for the suites after this one (the status bar's Problems item
    // widens with them): a document stays open in VS Code a while after its editor closes, so
    // the dataset is made valid and saved, and its problems awaited gone, before it is deleted.
    const dataset = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/structured/train.jsonl'));
    if (dataset) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(dataset.uri, new vscode.Range(0, 0, dataset.lineCount, 0), `${line('Hi', 'Hello')}\n`);
      await vscode.workspace.applyEdit(edit);
      await dataset.save();
      await waitFor(
        () => vscode.languages.getDiagnostics(dataset.uri),
        (problems) => problems.length === 0,
        20_000,
      ).catch(() => undefined);
    }
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('tokenscope').update('model', undefined, vscode.ConfigurationTarget.Global);
    // Other suites count the whole workspace: the generated files go.
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('shows a chat request’s total in the status bar, as OpenAI bills it, not the file’s text', async () => {
    await open(vscode.Uri.joinPath(folder(), 'chat-request.json'));
    const breakdown = countRequestText(REQUEST, requestOptionsOf({ hint: 'openai', imageProvider: 'openai', openAiImageRates: 'gpt-4o' }, reference));
    assert.ok(!isNotARequest(breakdown));
    // Messages: 3 framing tokens each, plus the role and content; 3 more prime the reply (OpenAI's published formula).
    const messages = breakdown.items.filter((i) => i.kind === 'message' || i.kind === 'system');
    for (const item of messages) assert.equal(item.framing, 3 + reference(item.role!), `${item.label} framing`);
    const total = breakdown.total;
    assert.notEqual(total, reference(REQUEST));
    const state = await waitForStatusBar((s) => s.text.startsWith(`${grouped(total)} ·`), 30_000, { tooltip: true });
    assert.match(state.tooltip ?? '', /As an OpenAI Chat Completions request: \d+ parts, framing by the provider's published formula/);
    assert.match(state.tooltip ?? '', new RegExp(`The file as plain text: ${grouped(reference(REQUEST))} tokens`));
    if (hasPage()) assert.equal((await queryPage(`[id$=".${STATUS_BAR_ITEM_ID}"] .codicon-comment-discussion`)).length, 1, 'the request icon');
    else assert.match((await api()).testing.statusBarText() ?? '', /^\$\(comment-discussion\)/);
    await readStatusBar({ screenshotWithTooltip: 'request-status-bar' });
  });

  it('breaks the request down in the insight panel, and a part’s label reveals it in the editor', async function () {
    if (!hasPage()) this.skip();
    const editor = await open(vscode.Uri.joinPath(folder(), 'chat-request.json'));
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    const breakdown = countRequestText(REQUEST, requestOptionsOf({ hint: 'openai', imageProvider: 'openai', openAiImageRates: 'gpt-4o' }, reference));
    assert.ok(!isNotARequest(breakdown));
    await waitFor(
      () => panelText('request-total'),
      (t) => t.includes(`${grouped(breakdown.total)} tokens`),
    );
    assert.match(await panelText('request-total'), /As an OpenAI Chat Completions request/);
    assert.match(await panelText('request-method'), /OpenAI's per-message formula/);
    // The summary's numbers are of the file's text: it says what is billed instead.
    assert.match(await panelText('summary-request-caveat'), new RegExp(`Sent as a request: ${grouped(breakdown.total)} tokens`));
    const rows = await queryWebview('[data-testid="request-table"] tbody tr');
    assert.equal(rows.length, breakdown.items.length);
    const tool = breakdown.items.find((i) => i.kind === 'tool')!;
    assert.match((await queryWebview('[data-testid="request-table"] tr[data-kind="tool"]'))[0], new RegExp(`get_forecast[\\s\\S]*${grouped(tool.tokens)}`));
    // Most tokens first: the tool definition (the longest part) leads.
    await actInWebview('[data-testid="request-sort"]');
    await waitFor(
      async () => (await queryWebview('[data-testid="request-table"] tbody tr', 'data-kind'))[0],
      (kind) => kind === [...breakdown.items].sort((a, b) => b.tokens - a.tokens)[0].kind,
    );
    await screenshot('insight-panel-request');
    // The user message's label: the cursor goes to that message in the file.
    await actInWebview('[data-testid="request-table"] tr[data-kind="message"] [data-testid="request-reveal"]');
    const user = breakdown.items.find((i) => i.kind === 'message')!;
    await waitFor(
      () => editor.document.offsetAt(vscode.window.activeTextEditor?.selection.active ?? new vscode.Position(0, 0)),
      (offset) => offset === user.span!.offset,
    );
  });

  it('counts each example of a dataset at its line’s end and lists the broken and too-long ones in the Problems view', async () => {
    const editor = await open(vscode.Uri.joinPath(folder(), 'train.jsonl'));
    const lines = await (await api()).testing.datasetLineTokens(editor.document.uri.toString(), 60_000);
    assert.ok(lines, 'a summary of the dataset');
    // The reference: the core's dataset counter over tiktoken's counts.
    const expected: number[] = [];
    const counter = new DatasetCounter(
      requestOptionsOf({ hint: 'openai', imageProvider: 'openai', openAiImageRates: 'gpt-4o' }, reference),
      65_536,
      (e) => (expected[e.line - 1] = e.tokens),
    );
    const splitter = new JsonlLineSplitter((n, t) => counter.add(n, t));
    splitter.push(DATASET);
    splitter.end();
    assert.deepEqual(lines, [expected[0], expected[1], -1, -1, expected[4], expected[5]]);
    assert.ok(expected[4] > 65_536);

    const problems = await waitFor(
      () => vscode.languages.getDiagnostics(editor.document.uri),
      (d) => d.some((p) => /over the training limit/.test(p.message)) && d.some((p) => /Not valid JSON/.test(p.message)),
    );
    const overLimit = problems.find((p) => /over the training limit/.test(p.message))!;
    assert.equal(overLimit.range.start.line, 4);
    assert.match(overLimit.message, new RegExp(`${grouped(expected[4])} tokens, over the training limit of 65,536 tokens per example for gpt-4o`));
    assert.equal(problems.find((p) => /Not valid JSON/.test(p.message))!.range.start.line, 3);

    if (hasPage()) {
      // The counts as the editor shows them, after each visible example's line.
      const rendered = await waitFor(
        () => renderedLines(editor.document),
        (lines) => lines[0]?.afterTexts.includes(`${grouped(expected[0])} tokens`) && lines[1]?.afterTexts.includes(`${grouped(expected[1])} tokens`),
      );
      assert.deepEqual(rendered[2].afterTexts, [], 'no count on the blank line');
      assert.deepEqual(rendered[3].afterTexts, [], 'no count on the broken line');
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await screenshot('dataset-problems');
    }
  });

  it('summarises the dataset in the insight panel', async function () {
    if (!hasPage()) this.skip();
    await open(vscode.Uri.joinPath(folder(), 'train.jsonl'));
    await vscode.commands.executeCommand('tokenscope.showInsightPanel');
    await waitFor(
      () => panelText('dataset-examples'),
      (t) => /Examples\s*4/.test(t),
    );
    assert.match(await panelText('dataset-malformed'), /1$/);
    assert.match(await panelText('dataset-limit'), /1 example\(s\) over the training limit of 65,536 tokens per example/);
    assert.match(await panelText('dataset-training'), /no training price/);
    assert.ok((await queryWebview('[data-testid="dataset-roles"] tr[data-role="user"]')).length === 1);
    await screenshot('insight-panel-dataset');
  });

  it('summarises a dataset file from disk with a report, as "Summarise Dataset File" does', async () => {
    const file = vscode.Uri.joinPath(folder(), 'train.jsonl');
    await vscode.commands.executeCommand('tokenscope.summarizeDatasetFile', file);
    const report = await waitFor(
      async () => (await api()).testing.lastDatasetReport() ?? '',
      (r) => r.startsWith('# Dataset: train'),
    );
    assert.match(report, /\| 4 \| [\d,]+ \|/);
    assert.match(report, /## Malformed lines: 1/);
    assert.match(report, /1 example\(s\) over it/);
  });
});
