/**
 * The folder walk of issue 17 (src/core/workspace): which files git's rules keep, what is listed
 * as skipped, and that no link leads out of the folder. Real folders in the temp directory,
 * through the command line's Node file system, and one in-memory file system without realPath
 * (as VS Code's), so the walk is shown not to need Node.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IgnoreRules, globMatcher } from '../../src/core/workspace/ignoreRules';
import { walkWorkspace, type WalkEntry, type WalkOptions } from '../../src/core/workspace/workspaceWalker';
import type { DirEntry, WorkspaceFs } from '../../src/core/workspace/workspaceFs';
import { nodeWorkspaceFs, toSlashes } from '../../src/cli/nodeWorkspaceFs';

const MB = 1024 * 1024;

/** A folder tree from `files` (path → content; a content of null makes a folder). */
function tree(files: Record<string, string | Buffer | null>): string {
  const root = toSlashes(mkdtempSync(path.join(os.tmpdir(), 'tokenscope-walk-')));
  for (const [name, content] of Object.entries(files)) {
    const at = path.join(root, name);
    if (content === null) mkdirSync(at, { recursive: true });
    else {
      mkdirSync(path.dirname(at), { recursive: true });
      writeFileSync(at, content);
    }
  }
  return root;
}

async function walk(root: string, options: Partial<WalkOptions> = {}, fs: WorkspaceFs = nodeWorkspaceFs): Promise<WalkEntry[]> {
  const entries: WalkEntry[] = [];
  for await (const entry of walkWorkspace(fs, root, { maxBytes: 100 * MB, ...options })) entries.push(entry);
  return entries;
}

const files = (entries: WalkEntry[]) => entries.filter((e) => e.kind === 'file').map((e) => e.relative);
const skipped = (entries: WalkEntry[]) => entries.flatMap((e) => (e.kind === 'skipped' ? [`${e.relative}: ${e.reason.kind}`] : []));

describe('folder walk (core/workspace)', () => {
  const roots: string[] = [];
  const make = (spec: Record<string, string | Buffer | null>) => {
    const root = tree(spec);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('lists every file depth-first in name order and never enters .git', async () => {
    const root = make({ 'b.md': 'b', 'a/z.md': 'z', 'a/y/x.md': 'x', '.git/HEAD': 'ref', '.git/info/exclude': '' });
    assert.deepEqual(files(await walk(root)), ['a/y/x.md', 'a/z.md', 'b.md']);
  });

  it('honours nested .gitignore files, a deeper one re-including with a negation', async () => {
    const root = make({
      '.gitignore': '*.log\nbuild/\n',
      'app.log': 'x',
      'keep/.gitignore': '!important.log\n',
      'keep/important.log': 'x',
      'keep/other.log': 'x',
      'build/out.md': 'x',
      'src/build': 'a file named build, which build/ does not match',
      'src/main.ts': 'x',
    });
    assert.deepEqual(files(await walk(root)), ['.gitignore', 'keep/.gitignore', 'keep/important.log', 'src/build', 'src/main.ts']);
  });

  it('reads a nested .gitignore relative to its own folder', async () => {
    const root = make({ 'docs/.gitignore': '/draft.md\n', 'docs/draft.md': 'x', 'docs/sub/draft.md': 'x', 'draft.md': 'x' });
    assert.deepEqual(files(await walk(root)), ['docs/.gitignore', 'docs/sub/draft.md', 'draft.md']);
  });

  it('honours .git/info/exclude below the .gitignore files', async () => {
    const root = make({ '.git/info/exclude': 'secret.md\n*.tmp\n', '.gitignore': '!keep.tmp\n', 'secret.md': 'x', 'a.tmp': 'x', 'keep.tmp': 'x', 'ok.md': 'x' });
    assert.deepEqual(files(await walk(root)), ['.gitignore', 'keep.tmp', 'ok.md']);
  });

  it('applies the .gitignore of the repository above a subfolder that is walked', async () => {
    const root = make({ '.git/HEAD': 'x', '.gitignore': '*.gen.md\n', 'sub/a.md': 'x', 'sub/b.gen.md': 'x' });
    assert.deepEqual(files(await walk(`${root}/sub`)), ['a.md']);
  });

  it('walks a folder named although git ignores it, with its own rules only', async () => {
    const root = make({ '.git/HEAD': 'x', '.gitignore': 'vendor/\n', 'vendor/lib/a.js': 'x', 'vendor/lib/.gitignore': '*.map\n', 'vendor/lib/a.js.map': 'x' });
    assert.deepEqual(files(await walk(`${root}/vendor/lib`)), ['.gitignore', 'a.js']);
  });

  it('leaves out what the exclude list names, which no negation can bring back', async () => {
    const root = make({ '.gitignore': '!*.min.js\n', 'a.min.js': 'x', 'dist/b.js': 'x', 'docs/c.pdf': 'x', 'src/d.ts': 'x' });
    assert.deepEqual(files(await walk(root, { exclude: ['*.min.js', 'dist/', '', 'docs/**/*.pdf'] })), ['.gitignore', 'src/d.ts']);
  });

  it('matches folder-only patterns against folders only', async () => {
    const rules = IgnoreRules.create().withFile('', 'cache/\n');
    assert.equal(rules.ignores('cache', 'cache', true), true);
    assert.equal(rules.ignores('cache', 'cache', false), false);
  });

  it('compares names with case only when asked to, as git on Linux and macOS do', async () => {
    assert.equal(IgnoreRules.create(['*.MD']).ignores('a.md', 'a.md', false), false);
    assert.equal(IgnoreRules.create(['*.MD'], true).ignores('a.md', 'a.md', false), true);
  });

  it('lists files over the size limit as skipped, with their size, without reading them', async () => {
    const root = make({ 'big.md': 'x'.repeat(2000), 'small.md': 'x' });
    const entries = await walk(root, { maxBytes: 1000 });
    assert.deepEqual(files(entries), ['small.md']);
    const big = entries.find((e) => e.relative === 'big.md');
    assert.deepEqual(big?.kind === 'skipped' ? big.reason : undefined, { kind: 'tooLarge', bytes: 2000, maxBytes: 1000 });
  });

  it('follows a link to a file inside the folder, and no link out of it, to a folder, or broken', async () => {
    const outside = make({ 'secret.md': 'outside' });
    const root = make({ 'a.md': 'x', 'sub/b.md': 'x' });
    symlinkSync(`${root}/a.md`, `${root}/inside-link.md`);
    symlinkSync(`${outside}/secret.md`, `${root}/outside-link.md`);
    symlinkSync(outside, `${root}/outside-folder`);
    symlinkSync(`${root}/sub`, `${root}/loop`);
    symlinkSync(`${root}/nothing`, `${root}/broken.md`);
    const entries = await walk(root);
    assert.deepEqual(files(entries), ['a.md', 'inside-link.md', 'sub/b.md']);
    assert.deepEqual(skipped(entries), ['broken.md: linkBroken', 'loop: linkFolder', 'outside-folder: linkOutside', 'outside-link.md: linkOutside']);
  });

  it('follows no link at all on a file system that cannot resolve them, as VS Code’s', async () => {
    const listing: Record<string, DirEntry[]> = {
      '/w': [
        { name: 'a.md', kind: 'file' },
        { name: 'link.md', kind: 'symlink' },
        { name: 'd', kind: 'directory' },
      ],
      '/w/d': [
        { name: '.gitignore', kind: 'file' },
        { name: 'x.log', kind: 'file' },
        { name: 'y.md', kind: 'file' },
      ],
    };
    const text: Record<string, string> = { '/w/d/.gitignore': '*.log' };
    const memory: WorkspaceFs = {
      readDirectory: async (p) => listing[p] ?? Promise.reject(Object.assign(new Error('no'), { code: 'ENOENT' })),
      stat: async (p) => (listing[p] ? { kind: 'directory', size: 0 } : p in text || /\.(md|log)$/.test(p) ? { kind: 'file', size: 1 } : undefined),
      readText: async (p) => text[p],
    };
    const entries = await walk('/w', {}, memory);
    assert.deepEqual(files(entries), ['a.md', 'd/.gitignore', 'd/y.md']);
    assert.deepEqual(skipped(entries), ['link.md: linkUnresolved']);
  });

  it('matches a command-line glob anchored at its folder, ** crossing folders', () => {
    const top = globMatcher('*.md');
    assert.equal(top('a.md'), true);
    assert.equal(top('sub/a.md'), false);
    const deep = globMatcher('**/*.md');
    assert.equal(deep('sub/deeper/a.md'), true);
    assert.equal(deep('a.ts'), false);
  });
});
