import * as assert from 'node:assert/strict';
import { AGENT_RULE_FOLDERS, agentToolTotals, discoverAgentFiles, frontMatterField, isAgentFileCandidate, ROOT_AGENT_FILES } from '../../src/core/agents/agentFiles';
import { agentContextSummary, agentToolDescription, agentToolTooltipLines } from '../../src/core/present/agentContextText';
import { catalogModel } from '../../src/core/catalog/catalog';
import { usableWindowOf } from '../../src/core/catalog/contextWindow';

const WORKSPACE: Record<string, string> = {
  'CLAUDE.md': 'root claude',
  'CLAUDE.local.md': 'my notes',
  'packages/api/CLAUDE.md': 'api claude',
  'packages/api/src/CLAUDE.md': 'api src claude',
  'packages/web/CLAUDE.md': 'web claude',
  'packages/web/.claude/CLAUDE.md': 'web dot claude',
  'AGENTS.md': 'root agents',
  'packages/api/AGENTS.md': 'api agents',
  'packages/web/AGENTS.md': 'web agents',
  'packages/web/AGENTS.override.md': 'web override',
  'GEMINI.md': 'root gemini',
  'packages/api/GEMINI.md': 'api gemini',
  'docs/GEMINI.md': 'docs gemini',
  '.github/copilot-instructions.md': 'copilot',
  '.github/instructions/all.instructions.md': '---\napplyTo: "**"\n---\nall files',
  '.github/instructions/ts.instructions.md': '---\napplyTo: "**/*.ts"\n---\nts files',
  '.cursor/rules/always.mdc': '---\nalwaysApply: true\n---\nalways',
  '.cursor/rules/sometimes.mdc': '---\nglobs: "*.ts"\nalwaysApply: false\n---\nsometimes',
  '.cursorrules': 'legacy cursor',
  '.windsurfrules': 'windsurf',
  '.windsurf/rules/on.md': '---\ntrigger: always_on\n---\non',
  'README.md': 'not an agent file',
  'src/index.ts': 'code',
  'docs/AGENTS.md.bak': 'not this either',
};
const files = Object.keys(WORKSPACE);
const read = (p: string) => WORKSPACE[p];

function loadedBy(tool: string, folder = '', loading = 'always'): string[] {
  return discoverAgentFiles(files, read, folder)
    .filter((f) => f.uses.some((u) => u.tool === tool && u.loading === loading))
    .map((f) => f.path);
}

describe('agent context files', () => {
  it('picks agent files by name and place only', () => {
    assert.ok(isAgentFileCandidate('packages/api/CLAUDE.md'));
    assert.ok(isAgentFileCandidate('.cursor/rules/a.mdc'));
    assert.ok(!isAgentFileCandidate('README.md'));
    assert.ok(!isAgentFileCandidate('docs/AGENTS.md.bak'));
    assert.ok(!isAgentFileCandidate('docs/.github/copilot-instructions.md'));
  });

  it('loads Claude Code memory from the root down to the working folder, and nested folders only on demand', () => {
    assert.deepEqual(loadedBy('claude-code'), ['CLAUDE.local.md', 'CLAUDE.md']);
    assert.deepEqual(loadedBy('claude-code', 'packages/api/src'), ['CLAUDE.local.md', 'CLAUDE.md', 'packages/api/CLAUDE.md', 'packages/api/src/CLAUDE.md']);
    assert.deepEqual(loadedBy('claude-code', '', 'onDemand'), ['packages/api/CLAUDE.md', 'packages/api/src/CLAUDE.md', 'packages/web/.claude/CLAUDE.md', 'packages/web/CLAUDE.md']);
    assert.deepEqual(loadedBy('claude-code', 'packages/web'), ['CLAUDE.local.md', 'CLAUDE.md', 'packages/web/.claude/CLAUDE.md', 'packages/web/CLAUDE.md']);
  });

  it('loads AGENTS.md for Codex down the working folder, an override in place of its folder’s file', () => {
    assert.deepEqual(loadedBy('codex'), ['AGENTS.md']);
    assert.deepEqual(loadedBy('codex', 'packages/api'), ['AGENTS.md', 'packages/api/AGENTS.md']);
    assert.deepEqual(loadedBy('codex', 'packages/web'), ['AGENTS.md', 'packages/web/AGENTS.override.md']);
  });

  it('loads every GEMINI.md on the way to the working folder and below it', () => {
    assert.deepEqual(loadedBy('gemini-cli'), ['GEMINI.md', 'docs/GEMINI.md', 'packages/api/GEMINI.md']);
    assert.deepEqual(loadedBy('gemini-cli', 'packages'), ['GEMINI.md', 'packages/api/GEMINI.md']);
  });

  it('reads Copilot, Cursor and Windsurf rules’ front matter to tell always-loaded rules from the others', () => {
    assert.deepEqual(loadedBy('copilot'), ['.github/copilot-instructions.md', '.github/instructions/all.instructions.md', 'AGENTS.md']);
    assert.deepEqual(loadedBy('copilot', '', 'onDemand'), ['.github/instructions/ts.instructions.md']);
    assert.deepEqual(loadedBy('cursor'), ['.cursor/rules/always.mdc', '.cursorrules', 'AGENTS.md']);
    assert.deepEqual(loadedBy('cursor', '', 'onDemand'), ['.cursor/rules/sometimes.mdc']);
    assert.deepEqual(loadedBy('windsurf'), ['.windsurf/rules/on.md', '.windsurfrules']);
    assert.equal(frontMatterField("---\r\napplyTo: '**'\r\n---\r\nx", 'applyTo'), '**');
    assert.equal(frontMatterField('no front matter', 'applyTo'), undefined);
  });

  it('sums each tool’s always-loaded and on-demand tokens', () => {
    const found = discoverAgentFiles(files, read);
    const totals = agentToolTotals(found, (p) => WORKSPACE[p].length);
    const claude = totals.find((t) => t.tool === 'claude-code')!;
    assert.equal(claude.always, 'root claude'.length + 'my notes'.length);
    assert.equal(claude.onDemand, 'api claude'.length + 'api src claude'.length + 'web claude'.length + 'web dot claude'.length);
    assert.deepEqual(
      totals.map((t) => t.tool),
      ['claude-code', 'codex', 'copilot', 'cursor', 'windsurf', 'gemini-cli'],
    );
  });

  it('leaves a file without a count out of the sums and lists it, rather than counting it as 0', () => {
    const found = discoverAgentFiles(files, read);
    const totals = agentToolTotals(found, (p) => (p === 'CLAUDE.local.md' ? undefined : WORKSPACE[p].length));
    const claude = totals.find((t) => t.tool === 'claude-code')!;
    assert.equal(claude.always, 'root claude'.length);
    assert.deepEqual(claude.uncounted, ['CLAUDE.local.md']);
    assert.deepEqual(totals.find((t) => t.tool === 'codex')!.uncounted, []);
  });

  it('names as root files and rule folders only places the rules read (what a search looks at whatever git ignores)', () => {
    for (const path of ROOT_AGENT_FILES) assert.ok(isAgentFileCandidate(path), path);
    assert.ok(ROOT_AGENT_FILES.includes('CLAUDE.local.md'), 'git-ignored by design, loaded all the same');
    for (const folder of AGENT_RULE_FOLDERS)
      assert.ok(
        files.some((f) => f.startsWith(`${folder}/`) && isAgentFileCandidate(f)),
        folder,
      );
  });
});

describe('agent context text', () => {
  const model = catalogModel('gpt-4o')!;
  const context = { model, usableWindow: usableWindowOf(model) };
  const total = { tool: 'claude-code' as const, always: 1234, onDemand: 300, files: ['CLAUDE.md', 'CLAUDE.local.md', 'packages/api/CLAUDE.md'], uncounted: [] };

  it('gives a tool’s always-loaded tokens, share of the usable window and input cost per request', () => {
    const cost = (1234 * model.prices!.input) / 1e6;
    const usd = cost < 0.01 ? `$${cost.toPrecision(2).replace(/0+$/, '')}` : `$${cost.toFixed(2)}`;
    assert.equal(agentToolDescription(total, context), `1,234 · ${((1234 / context.usableWindow) * 100).toFixed(1)}% · ${usd}/request`);
    assert.match(agentToolDescription({ ...total, uncounted: ['CLAUDE.local.md'] }, context), / · 1 not counted$/);
    const tooltip = agentToolTooltipLines('Claude Code', total, 2, context);
    assert.equal(tooltip[0], 'Claude Code: loaded on every request');
    assert.equal(tooltip[1], '1,234 tokens for gpt-4o (exact)');
    assert.ok(tooltip.includes('300 more in files loaded on demand (when the agent works on matching files, or asks for them)'), tooltip.join('\n'));
  });

  it('marks an approximate model’s numbers with ≈', () => {
    const claude = catalogModel('claude-sonnet-4-5')!;
    const approx = { model: claude, usableWindow: usableWindowOf(claude) };
    assert.match(agentToolDescription(total, approx), /^≈1,234 · /);
  });

  it('copies a summary: the model, then each tool’s total and its files with their tokens, on demand ones marked', () => {
    const text = agentContextSummary(
      [
        {
          tools: [
            {
              name: 'Claude Code',
              total,
              always: [
                { path: 'CLAUDE.md', tokens: 1000 },
                { path: 'CLAUDE.local.md', tokens: 234 },
              ],
              onDemand: [{ path: 'packages/api/CLAUDE.md', note: 'not counted: binary' }],
            },
          ],
        },
      ],
      context,
    );
    const lines = text.split('\n');
    assert.equal(lines[0], `Agent context files for gpt-4o: tokens loaded on every request (usable window ${context.usableWindow.toLocaleString('en')} tokens)`);
    assert.match(lines[2], /^Claude Code: 1,234 · \d+\.\d% · \$[\d.]+\/request$/);
    assert.deepEqual(lines.slice(3), ['  CLAUDE.md\t1,000', '  CLAUDE.local.md\t234', '  on demand: packages/api/CLAUDE.md\tnot counted: binary']);
  });
});
