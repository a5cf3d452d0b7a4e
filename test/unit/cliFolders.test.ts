/**
 * `tokenscope count` on folders and globs (issue 17): the ignore rules as the walk applies them,
 * skipped files shown, the four formats, sorting and --top, --budget and --total-budget with
 * their exit codes, and the worker pool of the built binary giving the same counts as the main
 * thread. Counts are checked against tiktoken.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import { runCli } from '../../src/cli/main';
import { tokenizers } from './support/tokenizers';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], cwd?: string): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => Buffer.from('') }, tokenizers);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.chdir(before);
  }
}

const bin = path.resolve(__dirname, '../../../dist/cli.js');

describe('command line on folders and globs', () => {
  const enc = get_encoding('o200k_base');
  const tokens = (text: string) => enc.encode_ordinary(text).length;
  const root = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-folders-'));
  const texts: Record<string, string> = {
    'prompts/system.md': 'You are a careful assistant. Answer briefly and cite sources.\n'.repeat(30),
    'prompts/tools.md': 'Call the search tool with a query; never invent results.\n'.repeat(10),
    'prompts/drafts/old.md': 'An old draft that git ignores.\n',
    'notes.txt': 'A short note.\n',
    'app.min.js': 'var a=1;'.repeat(50),
    '.gitignore': 'drafts/\n',
  };
  const write = (name: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  };
  before(() => {
    for (const [name, text] of Object.entries(texts)) write(name, text);
    write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    // A repository's top (its .gitignore then applies to a subfolder walked on its own); never counted.
    write('.git/HEAD', 'ref: refs/heads/main\n');
  });
  after(() => {
    enc.free();
    rmSync(root, { recursive: true, force: true });
  });
  const kept = ['prompts/system.md', 'prompts/tools.md', 'notes.txt', 'app.min.js', '.gitignore'];
  const total = () => kept.reduce((sum, f) => sum + tokens(texts[f]), 0);

  it('counts every file the ignore rules keep, by tokens, and lists the binary one as skipped without failing', async () => {
    const run = await cli(['count', '.', '--json'], root);
    assert.equal(run.code, 0, run.err);
    const report = JSON.parse(run.out);
    const files = report.files.map((f: { file: string }) => f.file);
    assert.deepEqual([...files].sort(), [...kept].sort());
    const counts = report.files.map((f: { tokens: number }) => f.tokens);
    assert.deepEqual(
      counts,
      [...counts].sort((a: number, b: number) => b - a),
      'most tokens first',
    );
    for (const f of report.files) assert.equal(f.tokens, tokens(texts[f.file]), f.file);
    assert.equal(report.totalTokens, total());
    assert.deepEqual(report.skipped, [{ file: 'logo.png', reason: 'binary (NUL byte found)' }]);
    assert.equal(report.skippedFiles, 1);
  });

  it('shows skipped files in the table with why, and names them in the total', async () => {
    const run = await cli(['count', root]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^\s+-\s+-\s+\S+\/logo\.png {2}SKIPPED: binary \(NUL byte found\)$/m);
    assert.match(run.out, new RegExp(`^\\s+${total().toLocaleString('en-US')}\\s+\\S+\\s+total \\(1 skipped\\)$`, 'm'));
  });

  it('leaves out what --exclude names, given more than once', async () => {
    const run = await cli(['count', '.', '--json', '--exclude', '*.min.js', '--exclude', '*.png'], root);
    const report = JSON.parse(run.out);
    assert.ok(!report.files.some((f: { file: string }) => f.file === 'app.min.js'));
    assert.deepEqual(report.skipped, []);
    assert.equal(report.totalTokens, total() - tokens(texts['app.min.js']));
  });

  it('counts a quoted glob from its folder, matched by the same rules', async () => {
    const run = await cli(['count', 'prompts/**/*.md', '--json'], root);
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(
      JSON.parse(run.out).files.map((f: { file: string }) => f.file),
      ['prompts/system.md', 'prompts/tools.md'],
    );
    const none = await cli(['count', 'prompts/*.txt'], root);
    assert.equal(none.code, 1);
    assert.match(none.out, /prompts\/\*\.txt {2}NOT COUNTED: no file matches this pattern/);
  });

  it('keeps the order given for files named, and sorts once a folder is among the arguments', async () => {
    const named = await cli(['count', '--json', 'notes.txt', 'prompts/system.md'], root);
    assert.deepEqual(
      JSON.parse(named.out).files.map((f: { file: string }) => f.file),
      ['notes.txt', 'prompts/system.md'],
    );
    const mixed = await cli(['count', '--json', 'notes.txt', 'prompts'], root);
    assert.deepEqual(
      JSON.parse(mixed.out).files.map((f: { file: string }) => f.file),
      ['prompts/system.md', 'prompts/tools.md', 'notes.txt'],
    );
  });

  it('counts a file two folders reach once, and a file named twice twice, as before', async () => {
    const overlap = JSON.parse((await cli(['count', '--json', 'prompts', '.'], root)).out);
    assert.equal(overlap.files.filter((f: { file: string }) => f.file.endsWith('system.md')).length, 1);
    const twice = JSON.parse((await cli(['count', '--json', 'notes.txt', 'notes.txt'], root)).out);
    assert.deepEqual(
      twice.files.map((f: { file: string }) => f.file),
      ['notes.txt', 'notes.txt'],
    );
  });

  it('lists only the --top N files but totals every file', async () => {
    const run = await cli(['count', '.', '--top', '1'], root);
    const rows = run.out.split('\n');
    assert.match(rows[0], /prompts\/system\.md$/);
    assert.match(rows[1], /^\s+…\s+4 more file\(s\), [\d,]+ tokens$/);
    assert.match(run.out, new RegExp(`^\\s+${total().toLocaleString('en-US')}\\s+\\S+\\s+total`, 'm'));
    const json = JSON.parse((await cli(['count', '.', '--top', '2', '--json'], root)).out);
    assert.equal(json.files.length, 2);
    assert.equal(json.omittedFiles, 3);
    assert.equal(json.totalTokens, total());
  });

  it('draws a tree of folders, each with the sum of what is below it', async () => {
    const run = await cli(['count', 'prompts', '--format', 'tree'], root);
    assert.equal(run.code, 0, run.err);
    const sum = tokens(texts['prompts/system.md']) + tokens(texts['prompts/tools.md']);
    const lines = run.out.split('\n');
    assert.match(lines[0], new RegExp(`^\\s+${sum.toLocaleString('en-US')}\\s+\\S+\\s+└── prompts/$`));
    assert.match(lines[1], new RegExp(`^\\s+${tokens(texts['prompts/system.md']).toLocaleString('en-US')}\\s+\\S+\\s+├── system\\.md$`));
    assert.match(lines[2], /└── tools\.md$/);
    assert.match(lines[3], /total$/);
  });

  it('writes a Markdown table for a pull-request comment, with the total in bold', async () => {
    const run = await cli(['count', 'prompts', '--format', 'markdown'], root);
    const lines = run.out.split('\n');
    assert.equal(lines[0], '| Tokens | Window | File |');
    assert.equal(lines[1], '| ---: | ---: | :--- |');
    assert.match(lines[2], /^\| [\d,]+ \| [\d.<]+% \| `prompts\/system\.md` \|$/);
    assert.match(run.out, /^\| \*\*[\d,]+\*\* \| \*\*[\d.<]+%\*\* \| \*\*total\*\* \|$/m);
    assert.match(run.out, /^_gpt-4o, o200k\\_base, exact; /m);
  });

  it('takes --json as --format json, and refuses the two when they disagree', async () => {
    assert.deepEqual(JSON.parse((await cli(['count', 'notes.txt', '--json'], root)).out), JSON.parse((await cli(['count', 'notes.txt', '--format', 'json'], root)).out));
    const both = await cli(['count', 'notes.txt', '--json', '--format', 'table'], root);
    assert.equal(both.code, 2);
    assert.match(both.err, /^tokenscope: --json is --format json; it cannot go with --format table$/m);
    const typo = await cli(['count', 'notes.txt', '--format', 'tabel'], root);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /did you mean table\?/);
  });

  it('exits 1 over --budget per file and over --total-budget for the sum, 0 within them', async () => {
    const system = tokens(texts['prompts/system.md']);
    const perFile = await cli(['count', '.', '--budget', String(system - 1)], root);
    assert.equal(perFile.code, 1);
    assert.match(perFile.out, new RegExp(`system\\.md {2}OVER BUDGET \\(${(system - 1).toLocaleString('en-US')}\\)$`, 'm'));
    assert.match(perFile.err, /^tokenscope: 1 file\(s\) over the budget of/m);
    const sum = await cli(['count', '.', '--total-budget', String(total() - 1)], root);
    assert.equal(sum.code, 1);
    assert.match(sum.out, /total \(1 skipped\) {2}OVER TOTAL BUDGET/);
    assert.match(sum.err, /over the total budget of/);
    assert.equal(JSON.parse((await cli(['count', '.', '--total-budget', String(total() - 1), '--json'], root)).out).overTotalBudget, true);
    const within = await cli(['count', '.', '--budget', String(system), '--total-budget', String(total())], root);
    assert.equal(within.code, 0, within.err);
  });

  it('calls --top 0, a negative --jobs and an empty --exclude bad usage (exit 2)', async () => {
    for (const args of [
      ['--top', '0'],
      ['--jobs', '-1'],
      ['--exclude', ''],
      ['--total-budget', '1e3'],
    ]) {
      const run = await cli(['count', '.', ...args], root);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.err, /^Run `tokenscope count --help` for the usage\.$/m);
    }
  });

  it('counts the same on two worker threads as in the main thread (the built binary)', function () {
    this.timeout(60_000);
    const run = (jobs: string) => spawnSync(process.execPath, [bin, 'count', root, '--json', '--jobs', jobs], { encoding: 'utf8', timeout: 50_000 });
    const [inline, pooled] = [run('0'), run('2')];
    assert.equal(pooled.status, 0, pooled.stderr);
    assert.deepEqual(JSON.parse(pooled.stdout), JSON.parse(inline.stdout));
    assert.equal(JSON.parse(pooled.stdout).totalTokens, total());
  });
});
