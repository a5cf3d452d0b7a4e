/**
 * The instruction files coding agents load into every request, found in a workspace's file
 * list by each tool's documented rules, and summed per tool: what a turn costs before the user
 * types anything. Pure: the caller lists the workspace's files (relative paths with `/`) and
 * reads the ones `isAgentFileCandidate` picks, for their front matter and their tokens.
 *
 * The rules, with `folder` the folder the agent works in ('' for the workspace root):
 * - Claude Code: CLAUDE.md, .claude/CLAUDE.md and CLAUDE.local.md in the root and in every
 *   folder from the root down to `folder`, always; CLAUDE.md files in other folders below are
 *   read when the agent works on files there (on demand).
 * - Codex (and other AGENTS.md readers): AGENTS.md (or AGENTS.override.md in its place) in the
 *   root and in each folder down to `folder`.
 * - GitHub Copilot: .github/copilot-instructions.md always; .github/instructions/*.instructions.md
 *   always when its `applyTo` is `**`, else when a file it matches is in the chat (on demand);
 *   the root AGENTS.md (VS Code reads it by default).
 * - Cursor: .cursor/rules/*.mdc (and *.md) with `alwaysApply: true` always, the others on demand
 *   (by their globs or when the agent asks); a root .cursorrules (the older form); the root AGENTS.md.
 * - Windsurf: a root .windsurfrules; .windsurf/rules/*.md with `trigger: always_on` always, the others on demand.
 * - Gemini CLI: GEMINI.md in the root, in the folders down to `folder`, and in every folder below it.
 */

export type AgentTool = 'claude-code' | 'codex' | 'copilot' | 'cursor' | 'windsurf' | 'gemini-cli';

export const AGENT_TOOLS: readonly AgentTool[] = ['claude-code', 'codex', 'copilot', 'cursor', 'windsurf', 'gemini-cli'];

export const AGENT_TOOL_NAMES: Readonly<Record<AgentTool, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex (AGENTS.md)',
  copilot: 'GitHub Copilot',
  cursor: 'Cursor',
  windsurf: 'Windsurf',
  'gemini-cli': 'Gemini CLI',
};

/** `always`: in every request; `onDemand`: only when the agent works on matching files or asks for it. */
export type Loading = 'always' | 'onDemand';

export interface AgentFileUse {
  readonly tool: AgentTool;
  readonly loading: Loading;
}

export interface AgentFile {
  readonly path: string;
  readonly uses: readonly AgentFileUse[];
}

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const dir = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** Whether `path` may be an agent file: the caller reads these (and only these) for discoverAgentFiles. */
export function isAgentFileCandidate(path: string): boolean {
  const name = base(path);
  return (
    ['CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md', 'AGENTS.override.md', 'GEMINI.md', '.cursorrules', '.windsurfrules'].includes(name) ||
    path === '.github/copilot-instructions.md' ||
    /^\.github\/instructions\/.+\.instructions\.md$/.test(path) ||
    /^\.cursor\/rules\/.+\.mdc?$/.test(path) ||
    /^\.windsurf\/rules\/.+\.md$/.test(path)
  );
}

/** Whether folder `d` is `folder` or one of its ancestors (the root '' is everyone's). */
function onPathTo(d: string, folder: string): boolean {
  return d === '' || folder === d || folder.startsWith(`${d}/`);
}

/** Whether folder `d` is below `folder` (or is it). */
function below(d: string, folder: string): boolean {
  return folder === '' || d === folder || d.startsWith(`${folder}/`);
}

/** A front matter field's value (`alwaysApply: true` → 'true'), from the text's leading `---` block. */
export function frontMatterField(text: string, field: string): string | undefined {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return undefined;
  const line = match[1].split(/\r?\n/).find((l) => l.startsWith(`${field}:`));
  return line
    ?.slice(field.length + 1)
    .trim()
    .replace(/^["']|["']$/g, '');
}

/**
 * The agent files among `files` and which tools load them how. `read` gives a candidate's text
 * (for its front matter); `folder` is where the agent works.
 */
export function discoverAgentFiles(files: readonly string[], read: (path: string) => string, folder = ''): AgentFile[] {
  const out: AgentFile[] = [];
  const paths = new Set(files);
  for (const path of [...files].filter(isAgentFileCandidate).sort()) {
    const uses: AgentFileUse[] = [];
    const add = (tool: AgentTool, loading: Loading) => uses.push({ tool, loading });
    const name = base(path);
    const d = dir(path);
    // .claude/CLAUDE.md belongs to the folder that holds .claude/.
    const owner = d === '.claude' || d.endsWith('/.claude') ? dir(d) : d;
    if (name === 'CLAUDE.md' || name === 'CLAUDE.local.md') add('claude-code', onPathTo(owner, folder) ? 'always' : 'onDemand');
    if (name === 'AGENTS.override.md' && onPathTo(d, folder)) add('codex', 'always');
    if (name === 'AGENTS.md') {
      // An override in the same folder replaces it for Codex.
      if (onPathTo(d, folder) && !paths.has(d ? `${d}/AGENTS.override.md` : 'AGENTS.override.md')) add('codex', 'always');
      if (d === '') add('copilot', 'always');
      if (d === '') add('cursor', 'always');
    }
    if (name === 'GEMINI.md' && (onPathTo(d, folder) || below(d, folder))) add('gemini-cli', 'always');
    if (path === '.github/copilot-instructions.md') add('copilot', 'always');
    if (path.startsWith('.github/instructions/')) add('copilot', frontMatterField(read(path), 'applyTo') === '**' ? 'always' : 'onDemand');
    if (path === '.cursorrules') add('cursor', 'always');
    if (path.startsWith('.cursor/rules/')) add('cursor', frontMatterField(read(path), 'alwaysApply') === 'true' ? 'always' : 'onDemand');
    if (path === '.windsurfrules') add('windsurf', 'always');
    if (path.startsWith('.windsurf/rules/')) add('windsurf', frontMatterField(read(path), 'trigger') === 'always_on' ? 'always' : 'onDemand');
    if (uses.length > 0) out.push({ path, uses });
  }
  return out;
}

export interface AgentToolTotal {
  readonly tool: AgentTool;
  /** Tokens of the counted files loaded on every request. */
  readonly always: number;
  /** Tokens of the counted files loaded on demand (not in `always`). */
  readonly onDemand: number;
  readonly files: readonly string[];
  /** Files of the tool without a count (binary, too large, unreadable): not in the sums, never taken as 0. */
  readonly uncounted: readonly string[];
}

/**
 * Per tool, the tokens of its files (`tokensOf` counts a file, undefined when it has no count),
 * for the tools that have any.
 */
export function agentToolTotals(files: readonly AgentFile[], tokensOf: (path: string) => number | undefined): AgentToolTotal[] {
  return AGENT_TOOLS.map((tool) => {
    let always = 0;
    let onDemand = 0;
    const paths: string[] = [];
    const uncounted: string[] = [];
    for (const file of files) {
      const use = file.uses.find((u) => u.tool === tool);
      if (!use) continue;
      paths.push(file.path);
      const tokens = tokensOf(file.path);
      if (tokens === undefined) uncounted.push(file.path);
      else if (use.loading === 'always') always += tokens;
      else onDemand += tokens;
    }
    return { tool, always, onDemand, files: paths, uncounted };
  }).filter((t) => t.files.length > 0);
}

/**
 * The files a tool may load from the workspace root whatever git ignores (CLAUDE.local.md is
 * git-ignored by design; the others are often kept out of a repository too): a caller that
 * lists files by git's rules looks for these by name as well.
 */
export const ROOT_AGENT_FILES: readonly string[] = [
  'CLAUDE.md',
  'CLAUDE.local.md',
  '.claude/CLAUDE.md',
  'AGENTS.md',
  'AGENTS.override.md',
  'GEMINI.md',
  '.cursorrules',
  '.windsurfrules',
  '.github/copilot-instructions.md',
];

/**
 * Folders whose every rule file a tool reads, whatever git ignores (listed by a caller the same
 * way): Copilot's instructions, Cursor's and Windsurf's rules.
 */
export const AGENT_RULE_FOLDERS: readonly string[] = ['.github/instructions', '.cursor/rules', '.windsurf/rules'];
