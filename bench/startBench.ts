/**
 * Issue 15's start-up benchmark (target 2, and target 3's whole-process count), every
 * comparison measured side by side in one run:
 *  - start: a new worker thread, a 1 MB document opened, its first o200k_base count (rank
 *    table read, regexes compiled, count), against the floor of a worker that does nothing,
 *    and the Node process floor (`node -e 0`) measured in the same run;
 *  - cli: `tokenscope count` of a 1 KB file, wall clock of the whole process, against the
 *    same floor; and whole-process counting of a 10 MB mixed corpus with 12% of its words
 *    mutated (novel pieces, which a count cache cannot have seen): Tokenscope's CLI against
 *    tiktoken, gpt-tokenizer, ai-tokenizer and js-tiktoken, each in a fresh `node` that reads
 *    the file and counts it with special-token literals as text, each count reported.
 * `--baseline-worker=<dir>/worker.js` also times another build's worker bundle (an earlier commit's
 * dist/, copied aside) in the same interleaved runs, for a before/after ratio on one machine.
 * The CLI is the npm package's bundle (dist-cli/dist/cli.js, minified), which is what
 * `npx tokenscope` runs. Prints Markdown sections; `bench/run.mjs` writes each between its
 * markers in PERFORMANCE.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodeModule from 'node:module';
import { Worker } from 'node:worker_threads';
import { startBundleThread } from '../src/worker/threadStart';
import { get_encoding } from 'tiktoken';
import type { CountResult, HostToWorker, WorkerToHost } from '../src/worker/protocol';
import { numberOption, QUICK, stringOption } from './benchArgs';
import { generateCorpus, mutateWords } from './corpus';

const RUNS = numberOption('runs', QUICK ? 1 : 3);
/** Short measures (a process start, a worker start) are repeated more: their noise is larger. */
const SHORT_RUNS = QUICK ? 3 : Math.max(11, RUNS);
const CORPUS_MB = numberOption('corpus-mb', QUICK ? 1 : 10);
const MUTATED_SHARE = 0.12;

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist-cli', 'dist', 'cli.js');
const WORKER = path.join(ROOT, 'dist', 'worker.js');
/** Another build's worker bundle to time beside this one (`--baseline-worker=`), resolved from the repository. */
const BASELINE_WORKER = stringOption('baseline-worker');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (n: number, d = 1): string => n.toFixed(d);
const int = (n: number): string => n.toLocaleString('en-US');
const log = (s: string): void => void process.stderr.write(`${s}\n`);

/**
 * Loaded with `-r` into the short runs: prints the process's CPU time (user + system, all its
 * threads) at exit. The wall clock of a ~100 ms process on a shared 2-core machine swings with
 * the other jobs' load (Node's own start measured 64-450 ms here); CPU time swings far less.
 */
const CPU_HOOK = `process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(2, '@@cpu ' + (u.user + u.system) / 1000 + '\\n'); });`;

/** Wall time of a fresh `node` running `args` (from the repository, so peers resolve), its stdout, and its CPU time when `hook` is the CPU_HOOK file. */
function runNode(args: string[], hook?: string): { ms: number; stdout: string; cpuMs: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, hook ? ['-r', hook, ...args] : args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout, cpuMs: Number(/@@cpu ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN) };
}

/** A new worker, a document opened, its first o200k_base count back: what a user waits for first. */
async function workerFirstCount(text: string, bundle = WORKER, compileCacheDir?: string): Promise<[number, number]> {
  const t = performance.now();
  const worker = startBundleThread(bundle, 'tokenscope-bench', compileCacheDir ? { compileCacheDir } : {});
  const result = await new Promise<CountResult>((resolve, reject) => {
    worker.on('message', (m: WorkerToHost) => {
      if (m.kind === 'response') 'result' in m ? resolve(m.result as CountResult) : reject(new Error(JSON.stringify(m)));
    });
    worker.postMessage({ kind: 'open', uri: 'start', version: 1, text } satisfies HostToWorker);
    const params = { uri: 'start', version: 1, tokenizer: 'o200k_base' as const, selections: [] };
    worker.postMessage({ kind: 'request', id: 1, method: 'count', params } satisfies HostToWorker);
  });
  const ms = performance.now() - t;
  await worker.terminate();
  return [ms, result.tokens];
}

/** A worker thread that only says it is there: the floor under the worker's own start. */
async function emptyWorker(): Promise<number> {
  const t = performance.now();
  const worker = new Worker("require('node:worker_threads').parentPort.postMessage(0)", { eval: true });
  await new Promise((resolve) => worker.once('message', resolve));
  const ms = performance.now() - t;
  await worker.terminate();
  return ms;
}

/**
 * Each tool as a script for a fresh `node -e`, counting the file in argv[1] (process.argv[1]
 * under -e) with special-token literals as text, printing the count.
 */
const READ = "const text = require('node:fs').readFileSync(process.argv[1], 'utf8');";
const PEERS: ReadonlyArray<readonly [string, string]> = [
  ['tiktoken (WASM) `encode_ordinary`', `${READ} console.log(require('tiktoken').get_encoding('o200k_base').encode_ordinary(text).length);`],
  [
    'gpt-tokenizer `countTokens`',
    // No special token allowed and none disallowed: `<|endoftext|>` is text, as in encode_ordinary.
    `${READ} console.log(require('gpt-tokenizer/cjs/encoding/o200k_base').countTokens(text, { allowedSpecial: new Set(), disallowedSpecial: new Set() }));`,
  ],
  [
    'ai-tokenizer `encode`',
    `${READ} const T = require('ai-tokenizer').default; const enc = require('ai-tokenizer/encoding/o200k_base'); console.log(new T(enc.default ?? enc).encode(text, [], []).length);`,
  ],
  [
    'js-tiktoken `encode`',
    `${READ} const { Tiktoken } = require('js-tiktoken/lite'); const ranks = require('js-tiktoken/ranks/o200k_base'); console.log(new Tiktoken(ranks.default ?? ranks).encode(text, [], []).length);`,
  ],
];

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const machine = `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}.`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-start-'));
  try {
    // ---- start: worker and CLI against the floors, interleaved run by run ----
    const oneMb = generateCorpus('mixed', 1024 * 1024);
    const oneKb = path.join(dir, 'one-kb.md');
    writeFileSync(oneKb, generateCorpus('prose', 1024).slice(0, 1024));
    const expected1Mb = get_encoding('o200k_base').encode_ordinary(oneMb).length;
    const cpuHook = path.join(dir, 'cpu-hook.js');
    writeFileSync(cpuHook, CPU_HOOK);
    const nodeFloor: number[] = [];
    const nodeFloorCpu: number[] = [];
    const workerFloor: number[] = [];
    const workerFirst: number[] = [];
    const baselineFirst: number[] = [];
    // The host starts the worker with Node's compile cache where Node has one (22.1+, threadStart.ts).
    const compileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function' ? path.join(dir, 'compile-cache') : undefined;
    const cachedFirst: number[] = [];
    if (compileCache) await workerFirstCount(oneMb, WORKER, compileCache); // fills it
    const baseline = BASELINE_WORKER && path.resolve(ROOT, BASELINE_WORKER);
    const cliSmall: number[] = [];
    const cliSmallCpu: number[] = [];
    for (let run = 0; run < SHORT_RUNS; run++) {
      const floorRun = runNode(['-e', '0'], cpuHook);
      nodeFloor.push(floorRun.ms);
      nodeFloorCpu.push(floorRun.cpuMs);
      workerFloor.push(await emptyWorker());
      // This build and the baseline in turns, each first every other run: the second of two
      // worker starts in a row finds the files cached and measured ~10 % faster here.
      const baselineFirstThisRun = baseline !== undefined && run % 2 === 1;
      const timeBaseline = async (): Promise<void> => {
        if (!baseline) return;
        const [baseMs, baseTokens] = await workerFirstCount(oneMb, baseline);
        if (baseTokens !== expected1Mb) throw new Error(`baseline worker's first count ${baseTokens}, tiktoken ${expected1Mb}`);
        baselineFirst.push(baseMs);
      };
      if (baselineFirstThisRun) await timeBaseline();
      const [ms, tokens] = await workerFirstCount(oneMb);
      if (tokens !== expected1Mb) throw new Error(`worker's first count ${tokens}, tiktoken ${expected1Mb}`);
      workerFirst.push(ms);
      if (!baselineFirstThisRun) await timeBaseline();
      if (compileCache) {
        const [cachedMs, cachedTokens] = await workerFirstCount(oneMb, WORKER, compileCache);
        if (cachedTokens !== expected1Mb) throw new Error(`cached worker's first count ${cachedTokens}, tiktoken ${expected1Mb}`);
        cachedFirst.push(cachedMs);
      }
      const cliRun = runNode([CLI, 'count', oneKb], cpuHook);
      cliSmall.push(cliRun.ms);
      cliSmallCpu.push(cliRun.cpuMs);
      log(
        `  start run ${run + 1}: node ${f(nodeFloor[run], 0)} ms, empty worker ${f(workerFloor[run], 0)} ms, worker + 1 MB ${f(workerFirst[run], 0)} ms${baseline ? ` (baseline ${f(baselineFirst[run], 0)} ms)` : ''}, CLI 1 KB ${f(cliSmall[run], 0)} ms`,
      );
    }
    const startMachine = `${machine} Command: \`npm run bench -- --only=start,cli\` (${SHORT_RUNS} runs, interleaved; medians). Load average at the end: ${os.loadavg()[0].toFixed(1)}.`;
    const start = [
      `| Measure | Median | Target |`,
      '| --- | ---: | ---: |',
      `| New worker → 1 MB mixed document opened → first o200k_base count (worker start, rank table read, count) | ${f(median(workerFirst), 0)} ms | ≤ 150 ms |`,
      `| …floor: a new worker thread that does nothing but answer | ${f(median(workerFloor), 0)} ms | |`,
      compileCache
        ? `| …the same started from Node's compile cache, as the extension starts it (${f(median(workerFirst) / median(cachedFirst), 2)}× faster) | ${f(median(cachedFirst), 0)} ms | |`
        : `| …started from Node's compile cache, as the extension starts it | not measured: Node ${process.version} has no \`module.enableCompileCache\` (22.1+) | |`,
      ...(baseline
        ? [
            `| …the same with the baseline bundle \`${path.relative(ROOT, baseline)}\` (${f(median(baselineFirst) / median(workerFirst), 2)}× this build's time) | ${f(median(baselineFirst), 0)} ms | |`,
          ]
        : []),
      `| \`tokenscope count\` of a 1 KB file, whole process (wall clock) | ${f(median(cliSmall), 0)} ms | ≤ 120 ms |`,
      `| …floor: \`node -e 0\` (Node's own start) | ${f(median(nodeFloor), 0)} ms | |`,
      `| …so Tokenscope's own share of the CLI run | ${f(median(cliSmall) - median(nodeFloor), 0)} ms | |`,
      `| The same two processes in CPU time (user + system, all threads): \`tokenscope count\` of 1 KB | ${f(median(cliSmallCpu), 0)} ms | |`,
      `| …floor: \`node -e 0\` | ${f(median(nodeFloorCpu), 0)} ms | |`,
      `| …so Tokenscope's own share in CPU time | ${f(median(cliSmallCpu) - median(nodeFloorCpu), 0)} ms | |`,
    ].join('\n');

    // ---- cli: 10 MB with novel words, whole process, each tool in a fresh node ----
    const corpus = mutateWords(generateCorpus('mixed', CORPUS_MB * 1024 * 1024), MUTATED_SHARE);
    const corpusFile = path.join(dir, 'novel-words.txt');
    writeFileSync(corpusFile, corpus);
    const expected = get_encoding('o200k_base').encode_ordinary(corpus).length;
    const tools: Array<{ name: string; args: string[]; parse: (stdout: string) => number; times: number[]; count?: number }> = [
      {
        name: 'Tokenscope `tokenscope count --json`',
        args: [CLI, 'count', corpusFile, '--json'],
        parse: (out) => (JSON.parse(out) as { totalTokens: number }).totalTokens,
        times: [],
      },
      ...PEERS.map(([name, script]) => ({ name, args: ['-e', script, corpusFile], parse: (out: string) => Number(out.trim()), times: [] as number[] })),
    ];
    for (let run = 0; run < RUNS; run++) {
      for (const tool of tools) {
        const { ms, stdout } = runNode(tool.args);
        tool.times.push(ms);
        tool.count = tool.parse(stdout);
        log(`  cli run ${run + 1}: ${tool.name} ${f(ms, 0)} ms, ${tool.count} tokens`);
      }
    }
    const ours = median(tools[0].times);
    if (tools[0].count !== expected) throw new Error(`Tokenscope counted ${tools[0].count}, tiktoken ${expected}`);
    const fastestPeer = Math.min(...tools.slice(2).map((t) => median(t.times)));
    const rows = tools.map((t) => {
      const ms = median(t.times);
      const diff = t.count! - expected;
      const exact = diff === 0 ? 'exact' : `${diff > 0 ? '+' : ''}${int(diff)}`;
      return `| ${t.name} | ${f(ms / 1000, 2)} s (${f(corpus.length / 1e6 / (ms / 1000), 1)} M chars/s) | ${int(t.count!)} (${exact}) | ${t === tools[0] ? '' : `${f(ms / ours, 2)}×`} |`;
    });
    const words = corpus.match(/\p{L}+/gu)?.length ?? 0;
    const cli = [
      `| Tool (a fresh \`node\` each, reading the file) | Median wall time | Tokens (vs tiktoken) | Tokenscope is faster by |`,
      '| --- | ---: | ---: | ---: |',
      ...rows,
      '',
      `Tokenscope against tiktoken: ${f(median(tools[1].times) / ours, 2)}× (target ≥ 3×); against the fastest JavaScript peer: ${f(fastestPeer / ours, 2)}× (target ≥ 1.5×). The corpus: ${f(Buffer.byteLength(corpus) / 1e6, 1)} MB (${int(corpus.length)} characters, ${int(words)} words) of the benchmark's mixed text with ${f(MUTATED_SHARE * 100, 0)}% of its words mutated (a letter replaced, inserted, dropped or swapped; \`mutateWords\` in bench/corpus.ts).`,
    ].join('\n');
    const cliMachine = `${machine} Command: \`npm run bench -- --only=start,cli\` (${RUNS} runs, tools interleaved; medians).`;

    process.stdout.write(`@@section start
### Start: worker and command line (o200k_base)

${startMachine}

${start}
@@section cli
### Command line: whole-process count of ${CORPUS_MB} MB with novel words (o200k_base)

${cliMachine} Special-token literals are counted as text by every tool (tiktoken's \`encode_ordinary\`).

${cli}
`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
