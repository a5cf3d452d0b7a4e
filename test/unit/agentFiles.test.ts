import * as assert from 'node:assert/strict';
import { agentToolTotals, discoverAgentFiles, frontMatterField, isAgentFileCandidate } from '../../src/core/agents/agentFiles';

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
});
