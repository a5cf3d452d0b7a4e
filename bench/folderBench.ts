/**
 * Issue 17's folder benchmark: a real source tree of ≥ 5,000 files and ≥ 100 MB, assembled from
 * the packages in node_modules (copied into a temporary folder, nothing downloaded), counted with
 * o200k_base by
 *  - Tokenscope's CLI (`tokenscope count <dir> --json`, the npm package's minified bundle) with
 *    its worker pool at its default size and with 0 (main thread) and 1 worker;
 *  - repomix 1.18.1 `--token-count-tree`, installed on demand into ~/.cache/tokenscope-bench/repomix
 *    (or $TOKENSCOPE_BENCH_CACHE/repomix), not a dependency of this repository;
 *  - tiktoken (WASM) file by file, `encode_ordinary`, in one fresh `node`: the reference total.
 * The file set is the same for all three: only text files are copied (an extension list, valid
 * UTF-8 without a byte order mark, no NUL byte), no ignore file of any kind (`.gitignore`,
 * `.npmignore`, `.ignore`) is copied, and repomix runs with `--no-default-patterns`,
 * `--no-gitignore`, `--no-dot-ignore` and `--no-security-check` (Tokenscope has no secret scan),
 * so neither tool leaves out a file the other counts. Each tool's file count is reported too.
 * Prints the Markdown section `folder`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { numberOption, QUICK } from './benchArgs';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist-cli', 'dist', 'cli.js');
const REPOMIX_VERSION = '1.18.1';
const CACHE = path.join(process.env.TOKENSCOPE_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'tokenscope-bench'), 'repomix');
const MIN_FILES = numberOption('files', QUICK ? 500 : 5000);
const MIN_MB = numberOption('tree-mb', QUICK ? 10 : 100);
const RUNS = numberOption('runs', QUICK ? 1 : 3);
/** The text files copied: sources, data and documents that packages ship. */
const TEXT = /\.(js|cjs|mjs|ts|cts|mts|jsx|tsx|json|md|markdown|txt|css|scss|html|yml|yaml|flow|map|sh|py)$/i;
const IGNORE_FILES = new Set(['.gitignore', '.npmignore', '.ignore', '.repomixignore', '.dockerignore']);
/** Files past 20 MB: none of the comparison's business (each tool has its own size limit). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const int = (n: number): string => n.toLocaleString('en-US');
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Copies text files of node_modules' packages (package by package, in name order) until the tree is big enough. */
function assembleTree(target: string): { files: number; bytes: number } {
  const modules = path.join(ROOT, 'node_modules');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let files = 0;
  let bytes = 0;
  const copy = (from: string, to: string): void => {
    for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (files >= MIN_FILES && bytes >= MIN_MB * 1024 * 1024) return;
      const source = path.join(from, entry.name);
      // `node_modules` folders inside packages become `nm`: no tool's default rules may skip them.
      const dest = path.join(to, entry.name === 'node_modules' ? 'nm' : entry.name);
      if (entry.isDirectory()) copy(source, dest);
      else if (entry.isFile() && TEXT.test(entry.name) && !IGNORE_FILES.has(entry.name)) {
        const size = statSync(source).size;
        if (size === 0 || size > MAX_FILE_BYTES) continue;
        const content = readFileSync(source);
        if (content.includes(0) || (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf)) continue;
        try {
          decoder.decode(content);
        } catch {
          continue; // not UTF-8: tools guess encodings differently
        }
        mkdirSync(to, { recursive: true });
        copyFileSync(source, dest);
        files++;
        bytes += size;
      }
    }
  };
  for (const pkg of readdirSync(modules).sort()) {
    if (pkg.startsWith('.') || pkg === 'tokenscope') continue;
    copy(path.join(modules, pkg), path.join(target, pkg.replace(/^@/, 'at-')));
    if (files >= MIN_FILES && bytes >= MIN_MB * 1024 * 1024) break;
  }
  return { files, bytes };
}

/** repomix, installed once into the cache folder with npm. */
function repomixBin(): string {
  const bin = path.join(CACHE, 'node_modules', 'repomix', 'bin', 'repomix.cjs');
  const pkg = path.join(CACHE, 'node_modules', 'repomix', 'package.json');
  if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, 'utf8')).version !== REPOMIX_VERSION) {
    log(`installing repomix ${REPOMIX_VERSION} into ${CACHE}`);
    mkdirSync(CACHE, { recursive: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', CACHE, `repomix@${REPOMIX_VERSION}`], { stdio: 'inherit' });
  }
  return bin;
}

interface Timed {
  ms: number;
  tokens: number;
  files: number;
}

function timed(args: string[], parse: (stdout: string) => { tokens: number; files: number }, cwd = ROOT, env: NodeJS.ProcessEnv = process.env): Timed {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { ms, ...parse(r.stdout) };
}

function tokenscope(tree: string, jobs: number | undefined): Timed {
  const args = [CLI, 'count', tree, '--json', ...(jobs === undefined ? [] : ['--jobs', String(jobs)])];
  return timed(args, (out) => {
    const report = JSON.parse(out) as { totalTokens: number; files: unknown[]; failedFiles: number; skippedFiles: number };
    if (report.failedFiles > 0 || report.skippedFiles > 0) log(`tokenscope: ${report.failedFiles} not counted, ${report.skippedFiles} skipped`);
    return { tokens: report.totalTokens, files: report.files.length };
  });
}

/**
 * repomix's tree: each top-level entry's `(N tokens)` summed; its files counted from the summary.
 * repomix keeps every file's count in a cache across runs (by default in its temporary folder,
 * /tmp/repomix/cache/token-counts.json); `cache` is that file's path for this run: a new one for a
 * cold run (what counting costs), the previous run's for a warm one.
 */
function repomix(bin: string, tree: string, output: string, cache: string): Timed {
  const args = [
    bin,
    '--token-count-tree',
    '--no-default-patterns',
    '--no-gitignore',
    '--no-dot-ignore',
    '--no-security-check',
    '--token-count-encoding',
    'o200k_base',
    '-o',
    output,
    '.',
  ];
  return timed(
    args,
    (out) => {
      const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
      const treeAt = plain.indexOf('Token Count Tree');
      const lines = plain.slice(treeAt).split('\n');
      let tokens = 0;
      for (const line of lines) {
        const m = /^[├└]── .* \(([\d,]+) tokens\)$/.exec(line);
        if (m) tokens += Number(m[1].replace(/,/g, ''));
      }
      const files = /Total Files: ([\d,]+) files/.exec(plain);
      return { tokens, files: files ? Number(files[1].replace(/,/g, '')) : NaN };
    },
    tree,
    { ...process.env, REPOMIX_TOKEN_CACHE_PATH: cache },
  );
}

/** tiktoken file by file in one fresh `node`: the reference total. */
function tiktoken(tree: string, list: string): Timed {
  const script = `
const { get_encoding } = require('tiktoken');
const fs = require('node:fs');
const enc = get_encoding('o200k_base');
let tokens = 0, files = 0;
for (const file of fs.readFileSync(process.argv[1], 'utf8').split('\\n').filter(Boolean)) {
  tokens += enc.encode_ordinary(fs.readFileSync(require('node:path').join(${JSON.stringify(tree)}, file), 'utf8')).length;
  files++;
}
process.stdout.write(JSON.stringify({ tokens, files }));`;
  return timed(['-e', script, list], (out) => JSON.parse(out) as { tokens: number; files: number });
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

function main(): void {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-folder-bench-'));
  const tree = path.join(work, 'tree');
  try {
    const { files, bytes } = assembleTree(tree);
    log(`tree: ${int(files)} files, ${(bytes / 1024 / 1024).toFixed(1)} MB in ${tree}`);
    const list = path.join(work, 'files.txt');
    writeFileSync(list, listFiles(tree).join('\n'));
    const bin = repomixBin();
    const workers = Math.min(8, os.availableParallelism());
    const rows: Record<string, Timed[]> = { pool: [], one: [], main: [], repomix: [], repomixWarm: [], tiktoken: [] };
    const cache = (run: number) => path.join(work, `repomix-cache-${run}.json`);
    // Interleaved, so a busy moment of the shared machine does not fall on one tool only.
    for (let run = 0; run < RUNS; run++) {
      rows.pool.push(tokenscope(tree, undefined));
      rows.one.push(tokenscope(tree, 1));
      rows.main.push(tokenscope(tree, 0));
      rows.repomix.push(repomix(bin, tree, path.join(work, 'repomix-output.xml'), cache(run)));
      if (run === RUNS - 1) rows.repomixWarm.push(repomix(bin, tree, path.join(work, 'repomix-output.xml'), cache(run)));
      if (run === 0) rows.tiktoken.push(tiktoken(tree, list)); // ~1 min each: once is enough for the reference
      const last = Object.entries(rows).flatMap(([k, v]) => (v.length > 0 ? [`${k} ${secs(v[v.length - 1].ms)}`] : []));
      log(`run ${run + 1}/${RUNS}: ${last.join(', ')}`);
    }
    const reference = rows.tiktoken[0].tokens;
    const repomixMs = median(rows.repomix.map((r) => r.ms));
    const line = (label: string, timings: Timed[]) => {
      const ms = median(timings.map((t) => t.ms));
      const tokens = timings[0].tokens;
      const equal = timings.every((t) => t.tokens === tokens);
      const vs = tokens === reference && equal ? 'equal' : `${tokens > reference ? '+' : ''}${int(tokens - reference)}`;
      return `| ${label} | ${secs(ms)} (${((bytes / 1024 / 1024 / ms) * 1000).toFixed(1)} MB/s) | ${int(timings[0].files)} | ${int(tokens)} (${vs}) | ${(repomixMs / ms).toFixed(2)}× |`;
    };
    const out: string[] = [];
    out.push('@@section folder');
    out.push(`### Command line: a folder of ${int(files)} files, ${(bytes / 1024 / 1024).toFixed(1)} MB (o200k_base)`);
    out.push('');
    out.push(
      `Machine: ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown'}, ${os.availableParallelism()} cores, Node ${process.version}. Command: \`npm run bench -- --only=folder\` (${RUNS} run(s), tools interleaved; medians; tiktoken once). The tree: text files of this repository's node_modules packages copied into a temporary folder (package by package until ≥ ${int(MIN_FILES)} files and ≥ ${MIN_MB} MB), no ignore files, so every tool counts the same files.`,
    );
    out.push('');
    out.push('| Tool (a fresh process each) | Median wall time | Files | Tokens (vs tiktoken) | Faster than repomix by |');
    out.push('| --- | ---: | ---: | ---: | ---: |');
    out.push(line(`Tokenscope \`tokenscope count <dir> --json\` (${workers} worker threads, the default here)`, rows.pool));
    out.push(line('Tokenscope `--jobs 1` (one worker thread)', rows.one));
    out.push(line('Tokenscope `--jobs 0` (the main thread)', rows.main));
    out.push(line(`repomix ${REPOMIX_VERSION} \`--token-count-tree\`, cold (an empty token-count cache)`, rows.repomix));
    out.push(line(`repomix ${REPOMIX_VERSION}, warm (its cache filled by the run before, every file a hit)`, rows.repomixWarm));
    out.push(line('tiktoken (WASM) `encode_ordinary`, file by file', rows.tiktoken));
    out.push('');
    const poolMs = median(rows.pool.map((r) => r.ms));
    out.push(
      `Tokenscope (default) against repomix counting cold: ${(repomixMs / poolMs).toFixed(2)}× (target ≥ 3×); against repomix with a warm cache (its second run on unchanged files, which reads counts instead of counting): ${(median(rows.repomixWarm.map((r) => r.ms)) / poolMs).toFixed(2)}× (Tokenscope keeps no cache across runs). ${workers} workers against one: ${(median(rows.one.map((r) => r.ms)) / poolMs).toFixed(2)}×. repomix's total is the sum of its tree's top-level entries; it also writes its packed output file (\`-o\`), which is part of what it does for that total.`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
