/**
 * The Agent Context view in the real workbench: agent instruction files written into the
 * workspace root and a nested folder are listed per tool with their tokens for the model, each
 * tool's total per request; a saved file is counted again, a deleted one leaves, a file the
 * Tokens view's rules leave out but the tool reads all the same (here by
 * tokenscope.workspace.exclude, as git would ignore CLAUDE.local.md) is still found, and the
 * model's change re-prices the rows.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { compact, referenceCount } from './reference';
import { hasPage, queryPage, screenshot, waitFor } from './workbench';
import { EXTENSION_ID } from '../../src/host/platform/ids';
import { catalogModel } from '../../src/core/catalog/catalog';
import { usableWindowOf } from '../../src/core/catalog/contextWindow';
import type { TokenscopeApi } from '../../src/extension';

const api = () => vscode.extensions.getExtension<TokenscopeApi>(EXTENSION_ID)!.exports.testing;
const root = () => vscode.workspace.workspaceFolders![0].uri;
const at = (path: string) => vscode.Uri.joinPath(root(), ...path.split('/'));
const count = (text: string) => referenceCount('o200k_base', text);
const gpt4o = catalogModel('gpt-4o')!;
const window4o = usableWindowOf(gpt4o);
const share = (n: number) => (n === 0 ? '0%' : (n / window4o) * 100 < 0.1 ? '<0.1%' : `${((n / window4o) * 100).toFixed(1)}%`);
const usd = (n: number) => {
  const cost = (n * gpt4o.prices!.input) / 1e6;
  return cost < 0.0001 ? '<$0.0001' : cost < 0.01 ? `$${Number(cost.toPrecision(2))}` : `$${cost.toFixed(2)}`;
};

const FILES: Record<string, string> = {
  'AGENTS.md': '# Agents\n\nRun `npm test` before each commit. Keep functions under 40 lines.\n',
  'CLAUDE.md': '# Project memory\n\nThe worker counts; the host never tokenizes. Read docs/ARCHITECTURE.md first.\n',
  'CLAUDE.local.md': 'My sandbox URL is http://localhost:8080.\n',
  '.github/copilot-instructions.md': 'Answer in British English. Prefer small pull requests.\n',
  '.cursor/rules/always.mdc': '---\nalwaysApply: true\n---\nUse tabs for indentation in Makefiles.\n',
  '.cursor/rules/tests.mdc': '---\nglobs: "test/**"\nalwaysApply: false\n---\nTests are sentences.\n',
  'agent-fixture/api/CLAUDE.md': 'The API folder speaks JSON only.\n',
};
/** Created by the suite, removed after it (folders with all they hold). */
const CREATED = ['AGENTS.md', 'CLAUDE.md', 'CLAUDE.local.md', '.github', '.cursor', 'agent-fixture'];

async function write(path: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(at(path), new TextEncoder().encode(text));
}

/** A tool's row and its file rows as the view writes them for gpt-4o. */
function toolRow(name: string, always: string[], onDemand: string[] = []) {
  const total = always.reduce((sum, p) => sum + count(FILES[p]), 0);
  const row = (p: string) => ({ label: p, description: `${compact(count(FILES[p]))} · ${share(count(FILES[p]))}` });
  const byTokens = (a: string, b: string) => count(FILES[b]) - count(FILES[a]) || (a < b ? -1 : 1);
  const children = [...always].sort(byTokens).map(row);
  if (onDemand.length > 0) {
    const demand = onDemand.reduce((sum, p) => sum + count(FILES[p]), 0);
    children.push({ label: 'Loaded on demand', description: `${compact(demand)} · ${share(demand)}`, children: [...onDemand].sort(byTokens).map(row) } as never);
  }
  return { label: name, description: `${compact(total)} · ${share(total)} · ${usd(total)}/request`, children };
}

describe('Agent Context view', function () {
  this.timeout(180_000);

  before(async () => {
    for (const [path, text] of Object.entries(FILES)) await write(path, text);
    // Left out by the walk, as a git-ignored file would be; Claude Code loads it all the same.
    await vscode.workspace.getConfiguration('tokenscope').update('workspace.exclude', ['CLAUDE.local.md'], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const path of CREATED) await vscode.workspace.fs.delete(at(path), { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('tokenscope').update('workspace.exclude', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('tokenscope').update('model', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('lists each tool’s always-loaded files with their tokens, its total per request, and on-demand files apart', async () => {
    await vscode.commands.executeCommand('tokenscope.agentContext.focus');
    await vscode.commands.executeCommand('tokenscope.refreshAgentContext');
    await api().agentContextSettled();
    const expected = [
      toolRow('Claude Code', ['CLAUDE.md', 'CLAUDE.local.md'], ['agent-fixture/api/CLAUDE.md']),
      toolRow('Codex (AGENTS.md)', ['AGENTS.md']),
      toolRow('GitHub Copilot', ['.github/copilot-instructions.md', 'AGENTS.md']),
      toolRow('Cursor', ['.cursor/rules/always.mdc', 'AGENTS.md'], ['.cursor/rules/tests.mdc']),
    ];
    assert.deepEqual(api().agentContextRows(), expected);
    const summary = api().agentContextSummary();
    assert.match(summary, /^Agent context files for gpt-4o: tokens loaded on every request/);
    assert.ok(summary.includes(`Claude Code: ${(count(FILES['CLAUDE.md']) + count(FILES['CLAUDE.local.md'])).toLocaleString('en-US')} · `), summary);
    if (!hasPage()) return;
    // As the panel shows them: each tool's row and its files (on-demand groups folded).
    // The page puts a row's label and description side by side (no space in its text); a short panel shows the first rows only.
    const shown = await waitFor(
      async () => (await queryPage('[id="workbench.parts.panel"] .monaco-list-row')).map((t) => t.replace(/\s+/g, '')).filter((t) => t !== ''),
      (rows) => rows.length > 0 && rows[0].startsWith('ClaudeCode'),
      20_000,
    );
    const visible = expected.flatMap((tool) => [tool, ...tool.children]).map((r) => `${r.label}${r.description}`.replace(/\s+/g, ''));
    assert.ok(shown.length >= 6, JSON.stringify(shown));
    assert.deepEqual(shown, visible.slice(0, shown.length));
    await screenshot('agent-context-view', '[id="workbench.parts.panel"]');
  });

  it('counts a saved file again and drops a deleted one', async () => {
    FILES['AGENTS.md'] = `${FILES['AGENTS.md']}${'Every public function has a doc comment that says why. '.repeat(30)}\n`;
    await write('AGENTS.md', FILES['AGENTS.md']);
    await waitFor(
      () => api().agentContextRows(),
      (rows) => rows.find((r) => r.label === 'Codex (AGENTS.md)')?.description === toolRow('Codex (AGENTS.md)', ['AGENTS.md']).description,
      20_000,
    );
    await vscode.workspace.fs.delete(at('.github'), { recursive: true });
    await waitFor(
      () => api().agentContextRows(),
      (rows) => !rows.some((r) => r.label === 'GitHub Copilot' && r.children?.some((c) => c.label === '.github/copilot-instructions.md')),
      20_000,
    );
    await api().agentContextSettled();
    assert.deepEqual(
      api()
        .agentContextRows()
        .find((r) => r.label === 'GitHub Copilot'),
      toolRow('GitHub Copilot', ['AGENTS.md']),
    );
  });

  it('re-prices the rows for another model, marking an approximation with ≈', async () => {
    await vscode.workspace.getConfiguration('tokenscope').update('model', 'claude-sonnet-4-5', vscode.ConfigurationTarget.Global);
    const rows = await waitFor(
      () => api().agentContextRows(),
      (r) => r.length > 0 && r[0].description.startsWith('≈') && !JSON.stringify(r).includes('counting'),
      20_000,
    );
    assert.ok(!rows[0].description.startsWith('≈0 '), rows[0].description);
    assert.ok(
      rows[0].children?.every((c) => c.description.startsWith('≈')),
      JSON.stringify(rows[0]),
    );
  });
});
