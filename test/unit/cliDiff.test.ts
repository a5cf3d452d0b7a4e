/**
 * `tokenscope diff <base-ref>` (issue 17) against a git repository made here: modified, added
 * (staged and untracked), deleted, renamed and binary files, path limits, --budget, the Markdown
 * for a pull-request comment, and the two mistakes that exit 2 (no repository, unknown ref).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import { runCli } from '../../src/cli/main';
import { tokenizers } from './support/tokenizers';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => Buffer.from(''), cwd }, tokenizers);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface DiffFile {
  file: string;
  status: string;
  from: string | null;
  baseTokens: number | null;
  tokens: number | null;
  change: number;
  note: string | null;
}

describe('command line diff against a git ref', () => {
  const enc = get_encoding('o200k_base');
  const tokens = (text: string) => enc.encode_ordinary(text).length;
  const repo = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-diff-'));
  const plain = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-nogit-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null' } });
  const write = (name: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    writeFileSync(path.join(repo, name), content);
  };
  const before1 = {
    'prompts/system.md': 'You are a helpful assistant.\n',
    'prompts/old.md': 'This prompt will be deleted.\n'.repeat(3),
    'prompts/moved.md': 'A prompt that moves to another folder, unchanged, long enough for rename detection.\n'.repeat(5),
    'README.md': 'Readme.\n',
  };
  const after1 = {
    'prompts/system.md': 'You are a helpful assistant. Answer in French, briefly, with sources.\n',
    'prompts/new.md': 'A new prompt, staged.\n',
    'prompts/untracked.md': 'A new prompt, not yet added.\n',
  };

  before(() => {
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    for (const [name, text] of Object.entries(before1)) write(name, text);
    write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    for (const [name, text] of Object.entries(after1)) write(name, text);
    write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 2]));
    unlinkSync(path.join(repo, 'prompts/old.md'));
    mkdirSync(path.join(repo, 'archive'));
    git('mv', 'prompts/moved.md', 'archive/moved.md');
    git('add', 'prompts/new.md');
  });
  after(() => {
    enc.free();
    rmSync(repo, { recursive: true, force: true });
    rmSync(plain, { recursive: true, force: true });
  });

  it('counts each changed file at the ref and now, with the change and the total', async () => {
    const run = await cli(['diff', 'main', '--json'], repo);
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out) as { files: DiffFile[]; totalBaseTokens: number; totalTokens: number; change: number; baseCommit: string };
    const by = (file: string) => report.files.find((f) => f.file === file)!;
    assert.deepEqual(report.files.map((f) => f.file).sort(), ['archive/moved.md', 'logo.png', 'prompts/new.md', 'prompts/old.md', 'prompts/system.md', 'prompts/untracked.md']);
    const system = by('prompts/system.md');
    assert.deepEqual([system.status, system.baseTokens, system.tokens], ['modified', tokens(before1['prompts/system.md']), tokens(after1['prompts/system.md'])]);
    assert.equal(system.change, tokens(after1['prompts/system.md']) - tokens(before1['prompts/system.md']));
    assert.deepEqual([by('prompts/new.md').status, by('prompts/new.md').baseTokens, by('prompts/new.md').tokens], ['added', null, tokens(after1['prompts/new.md'])]);
    assert.deepEqual([by('prompts/untracked.md').status, by('prompts/untracked.md').tokens], ['added', tokens(after1['prompts/untracked.md'])]);
    const old = by('prompts/old.md');
    assert.deepEqual([old.status, old.baseTokens, old.tokens, old.change], ['deleted', tokens(before1['prompts/old.md']), null, -tokens(before1['prompts/old.md'])]);
    const moved = by('archive/moved.md');
    assert.deepEqual([moved.status, moved.from, moved.change], ['renamed', 'prompts/moved.md', 0]);
    assert.equal(moved.tokens, tokens(before1['prompts/moved.md']));
    const logo = by('logo.png');
    assert.deepEqual([logo.baseTokens, logo.tokens], [null, null]);
    assert.match(logo.note ?? '', /binary/);
    const changes = report.files.map((f) => Math.abs(f.change));
    assert.deepEqual(
      changes,
      [...changes].sort((a, b) => b - a),
      'largest change first',
    );
    assert.equal(report.change, report.totalTokens - report.totalBaseTokens);
    assert.equal(report.baseCommit, git('rev-parse', 'main').trim());
  });

  it('limits the comparison to the paths given and leaves out what --exclude names', async () => {
    const run = await cli(['diff', 'main', 'prompts', '--exclude', 'untracked.md', '--json'], repo);
    const files = (JSON.parse(run.out) as { files: DiffFile[] }).files.map((f) => f.file).sort();
    // The rename's new side is outside the path given, so git reports its old side as deleted.
    assert.deepEqual(files, ['prompts/moved.md', 'prompts/new.md', 'prompts/old.md', 'prompts/system.md']);
  });

  it('writes a Markdown table for a pull-request comment, with signed changes', async () => {
    const run = await cli(['diff', 'main', '--format', 'markdown'], repo);
    const lines = run.out.split('\n');
    assert.match(lines[0], /^#### Tokens: changes since `main` \([0-9a-f]{12}\)$/);
    assert.ok(lines.includes('| File | Base | Now | Change |'));
    assert.match(run.out, /^\| `prompts\/old\.md` _deleted_ \| \d+ \| – \| −\d+ \(−100\.0%\) \|$/m);
    assert.match(run.out, /^\| `archive\/moved\.md` _renamed from prompts\/moved\.md_ \| \d+ \| \d+ \| 0 \(\+0\.0%\) \|$/m);
    assert.match(run.out, /^\| \*\*total\*\* \(6 files\) \| \*\*\d+\*\* \| \*\*\d+\*\* \| \*\*[+−]\d+\*\*/m);
  });

  it('exits 1 when a changed file is over --budget now', async () => {
    const run = await cli(['diff', 'main', 'prompts/system.md', '--budget', String(tokens(after1['prompts/system.md']) - 1)], repo);
    assert.equal(run.code, 1);
    assert.match(run.out, /prompts\/system\.md {2}\(modified\) {2}OVER BUDGET/);
    assert.match(run.err, /^tokenscope: 1 changed file\(s\) over the budget of/m);
    assert.equal((await cli(['diff', 'main', 'prompts/system.md', '--budget', String(tokens(after1['prompts/system.md']))], repo)).code, 0);
  });

  it('says a folder outside git is not a repository, and exits 2', async () => {
    const run = await cli(['diff', 'main'], plain);
    assert.equal(run.code, 2);
    assert.match(run.err, /is not inside a git repository: diff compares files with a git ref/);
    assert.match(run.err, /^Run `tokenscope diff --help` for the usage\.$/m);
  });

  it('says git knows no such ref, and exits 2', async () => {
    const run = await cli(['diff', 'no-such-branch'], repo);
    assert.equal(run.code, 2);
    assert.match(run.err, /^tokenscope: git knows no commit "no-such-branch"; name a branch, tag or commit/m);
  });

  it('needs a ref, and takes none that looks like an option', async () => {
    assert.equal((await cli(['diff'], repo)).code, 2);
    assert.equal((await cli(['diff', '--', '--output=x'], repo)).code, 2);
  });
});
