// `npm run bench`: builds the worker and the benchmarks, runs them, prints the report and
// writes each section into docs/PERFORMANCE.md between its markers (`<!-- BENCH:name -->` …
// `<!-- /BENCH:name -->`). `npm run bench -- --quick` is a smoke run (small sizes, one run)
// that prints the report and leaves the document alone. Other arguments pass through
// (e.g. `npm run bench -- --mb=10 --runs=1 --corpus-mb=2`); `--only=counter` runs one benchmark
// (worker, boundaries, counter, start, longline, hf, folder, workspace, insight, dataset, vscode, tokensview). A section without markers in the
// document is an error, so a new benchmark cannot silently go unreported.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
// A smoke run: small documents, one run, few samples, unless the arguments say otherwise.
if (quick) {
  for (const fallback of ['--mb=5', '--runs=1', '--edits=50', '--samples=50']) {
    if (!args.some((a) => a.startsWith(fallback.split('=')[0] + '='))) args.push(fallback);
  }
}

execFileSync(process.execPath, ['esbuild.mjs', '--bench'], { stdio: 'inherit' });

/** Runs one benchmark bundle; returns its stdout (the Markdown report). */
function run(bundle) {
  // --expose-gc: the worker benchmark collects garbage before measuring the worker's memory.
  return execFileSync(process.execPath, ['--expose-gc', bundle, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
}

/**
 * Benchmarks in the order they run (latency and memory first, on an idle machine), each with
 * the section its report goes to; a report may split itself with `@@section <name>` lines.
 */
const BENCHES = [
  ['worker', 'out/bench/workerBench.js'],
  ['boundaries', 'out/bench/boundariesBench.js'],
  ['counter', 'out/bench/counterBench.js'],
  // A new worker's first count and the CLI's whole process, against Node's own start (sections start and cli).
  ['start', 'out/bench/startBench.js'],
  // A keystroke in a 2 MB and a 5 MB file that is one line (minified JSON and JS, base64).
  ['longline', 'out/bench/longLineBench.js'],
  // The Hugging Face tokenizer.json engines against the Rust library (~1 MB, each file loaded once).
  ['hf', 'out/bench/hfTokenizerBench.js'],
  // Issue 17: a ≥ 100 MB, ≥ 5,000-file tree from node_modules; the CLI (pool sizes) against repomix and tiktoken.
  ['folder', 'out/bench/folderBench.js'],
  // The Tokens view's counting of a 5,000-file source tree: no helper, one, one per core.
  ['workspace', 'out/bench/workspaceBench.js'],
  // The insight panel's worker request on 50 MB (`--mb=N` to change the size).
  ['insight', 'out/bench/insightBench.js'],
  // A 200 MB JSON Lines dataset summarised as the CLI does (`--dataset-mb=N` to change the size).
  ['dataset', 'out/bench/datasetBench.js'],
  // Needs the code-server host (installed on first use, ~3 min) and takes 2-3 minutes.
  ['vscode', 'bench/vscodeKeystrokes.mjs'],
  // The Tokens view on 5,000 files copied from node_modules: first count, and a saved file's update.
  ['tokensview', 'bench/vscodeTokensView.mjs'],
];
/** `--only=worker,counter` runs just those benchmarks (and rewrites just their sections). */
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const sections = new Map();
for (const [name, bundle] of BENCHES) {
  if (!existsSync(bundle) || (only && !only.includes(name))) continue;
  const report = run(bundle);
  const parts = report.split(/^@@section /m);
  if (parts[0].trim() !== '') sections.set(name, parts[0].trim());
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1).trim());
  }
}
for (const [name, report] of sections) process.stdout.write(`\n<!-- ${name} -->\n${report}\n`);

if (quick) {
  console.error('quick run: docs/PERFORMANCE.md left as it is');
} else {
  const file = 'docs/PERFORMANCE.md';
  let doc = readFileSync(file, 'utf8');
  for (const [name, report] of sections) {
    const begin = `<!-- BENCH:${name} -->`;
    const end = `<!-- /BENCH:${name} -->`;
    const at = doc.indexOf(begin);
    const until = doc.indexOf(end);
    if (at < 0 || until < 0) throw new Error(`${file} lacks the ${begin} … ${end} markers`);
    doc = `${doc.slice(0, at + begin.length)}\n${report}\n${doc.slice(until)}`;
  }
  writeFileSync(file, doc);
  console.error(`updated ${file}`);
}
