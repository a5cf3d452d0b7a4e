/**
 * The insight panel's worker request on a big document, through the real worker bundle
 * (dist/worker.js): time from sending `insight` to its result, and the worker's peak memory
 * meanwhile. The document is opened and counted first, as the status bar would have done.
 *
 *   node esbuild.mjs && node_modules/.bin/esbuild bench/insightBench.ts --bundle --platform=node \
 *     --packages=external --outfile=out/bench/insightBench.js && node --expose-gc out/bench/insightBench.js --mb=50
 * or, rewriting its section of docs/PERFORMANCE.md: npm run bench -- --only=insight
 *
 * Prints a Markdown table. The current model's numbers alone, and what the panel asks with its
 * default model set (tokenscope.insight.models, each model's counting tokenizer once) and a
 * comparison of o200k_base with Qwen3: with no counting helpers, with one, and with the
 * machine's default number.
 */
import os from 'node:os';
import path from 'node:path';
import { catalogModel } from '../src/core/catalog/catalog';
import { countingTokenizer, needsScriptMix } from '../src/core/catalog/models';
import { SETTING_DEFAULTS } from '../src/core/catalog/settingsSchema';
import type { TokenizerId } from '../src/core/tokenizers/tokenizerIds';
import { Worker } from 'node:worker_threads';
import { defaultPoolSize, HelperPool } from '../src/worker/helperPool';
import type { InsightParams, InsightResult } from '../src/worker/protocol';
import { WorkerHarness } from '../test/unit/support/workerHarness';
import { generateCorpus } from './corpus';

const workerPath = path.resolve(__dirname, '../../dist/worker.js');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SIZE_MB = Number(args.get('mb') ?? 50);
/** The pool section's text: the first `--pool-mb` MB of the corpus, counted by every other tokenizer, request after request. */
const POOL_MB = Number(args.get('pool-mb') ?? 10);
const POOL_REQUESTS = 3;

const f = (n: number, d = 1) => n.toFixed(d);
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs `work`, sampling this process's resident set (the worker is a thread of it) every 20 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const text = generateCorpus('mixed', SIZE_MB * 1024 * 1024);
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  console.error(`corpus: ${f(mb)} MB mixed text`);
  // What the panel asks with the default tokenscope.insight.models for a gpt-4o user: each
  // model's counting tokenizer once (buildInsightView.ts's tokenizersToCount), by script for
  // the approximations calibrated per script, and o200k_base compared with Qwen3.
  const defaults = SETTING_DEFAULTS['insight.models'].map((id) => catalogModel(id)!);
  const countWith = [...new Set<TokenizerId>(defaults.map(countingTokenizer))];
  const scriptMixFor = [...new Set<TokenizerId>(defaults.filter(needsScriptMix).map(countingTokenizer))];
  const panel: Omit<InsightParams, 'uri' | 'version'> = { tokenizer: 'o200k_base', countWith, scriptMixFor, compare: ['o200k_base', 'hf:qwen3'], topTokens: 20 };
  const helpers = defaultPoolSize(os.availableParallelism());
  const panelName = `default panel (${defaults.length} models: ${countWith.length} tokenizers counted, o200k_base vs Qwen3 compared)`;
  const requests: Array<[string, Omit<InsightParams, 'uri' | 'version'>, number]> = [
    ['current model only (o200k_base)', { tokenizer: 'o200k_base', countWith: ['o200k_base'], topTokens: 20 }, helpers],
    [`${panelName}, no helpers: the worker alone`, panel, 0],
    ...(helpers > 1 ? [[`${panelName}, 1 counting helper`, panel, 1] as [string, typeof panel, number]] : []),
    [`${panelName}, ${helpers} counting helper${helpers === 1 ? '' : 's'} (this machine's default)`, panel, helpers],
  ];
  const rows: string[] = [];
  for (const [name, params, poolSize] of requests) {
    gc?.();
    const rssBefore = process.memoryUsage().rss;
    const h = new WorkerHarness(workerPath, { poolSize });
    h.send({ kind: 'open', uri: 'bench', version: 1, text });
    await h.request('count', { uri: 'bench', version: 1, tokenizer: 'o200k_base', selections: [] });
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssCounted = process.memoryUsage().rss;
    const started = performance.now();
    // When the current model's numbers arrive ahead of the rest (a `requestPartial`), if they do.
    let firstNumbersAt: number | undefined;
    const watch = setInterval(() => {
      if (firstNumbersAt === undefined && h.messages.some((m) => m.kind === 'requestPartial')) firstNumbersAt = performance.now();
    }, 5);
    const { value: result, peak } = await withPeakRss(() => h.request('insight', { uri: 'bench', version: 1, ...params }) as Promise<InsightResult>);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(watch);
    const first = firstNumbersAt === undefined ? seconds : (firstNumbersAt - started) / 1000;
    const progress = h.messages.filter((m) => m.kind === 'requestProgress').length;
    await h.terminate();
    console.error(`  ${name}: ${f(seconds, 2)} s, ${result.compression.tokens} tokens, ${progress} progress messages`);
    rows.push(
      `| ${name} | ${f(first, 2)} s | ${f(seconds, 2)} s | ${f(result.workerMs / 1000, 2)} s | ${progress} | ${f((rssCounted - rssBefore) / 1048576, 0)} MB | ${f((peak - rssBefore) / 1048576, 0)} MB |`,
    );
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`### Insight on a ${f(mb)} MB mixed document

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}. Each request in a fresh worker, after the document was opened and counted (o200k_base, the status bar's store); counting helpers (src/worker/helperPool.ts) count the other tokenizers beside the worker, in threads started by the request. Memory is the growth of the process's resident set from before the worker started (the worker and its helpers are threads of it).

| Request | Current model's numbers shown | Time to result | Worker busy | Progress messages | Memory after the count | Peak memory during the insight |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`);
  console.log(
    `@@section insight-pool\n${await poolLoads(
      text,
      countWith.filter((id) => id !== 'o200k_base'),
      scriptMixFor,
      helpers,
    )}`,
  );
}

/**
 * Issue 15, target 6: how often a pool of `size` helpers loads a tokenizer over consecutive
 * requests that each count `tokenizers` (the panel's other models) at once, as insightWork hands
 * them over, with real helper threads from the worker bundle. Loading every tokenizer in every
 * helper would be tokenizers × size loads; each once, tokenizers.
 */
async function poolLoads(corpus: string, tokenizers: TokenizerId[], scriptMixFor: TokenizerId[], size: number): Promise<string> {
  const text = corpus.slice(0, POOL_MB * 1024 * 1024);
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += 65_536) pieces.push(text.slice(i, i + 65_536));
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const pool = new HelperPool({
    size,
    start: () => {
      const w = new Worker(workerPath, { workerData: { role: 'helper' } });
      return {
        postMessage: (m) => w.postMessage(m),
        onMessage: (l) => w.on('message', l),
        onExit: (l) => w.on('exit', (code) => l(`exit code ${code}`)),
        terminate: () => void w.terminate(),
      };
    },
  });
  const rows: string[] = [];
  try {
    for (let request = 1; request <= POOL_REQUESTS; request++) {
      const loadsBefore = pool.tokenizerLoads;
      const started = performance.now();
      const { peak } = await withPeakRss(() => Promise.all(pool.batch(() => tokenizers.map((id) => pool.countPieces(id, pieces, scriptMixFor.includes(id)).result))));
      const seconds = (performance.now() - started) / 1000;
      console.error(`  pool request ${request}: ${f(seconds, 2)} s, ${pool.tokenizerLoads - loadsBefore} loads`);
      rows.push(
        `| ${request} | ${pool.tokenizerLoads - loadsBefore} | ${pool.tokenizerLoads} | ${f(seconds, 2)} s | ${f((peak - rssBefore) / 1048576, 0)} MB | ${f((process.memoryUsage().rss - rssBefore) / 1048576, 0)} MB |`,
      );
    }
  } finally {
    pool.dispose();
  }
  return `### Tokenizer loads in the counting pool

Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}. A pool of ${size} helper${size === 1 ? '' : 's'} (this machine's default) from the worker bundle; ${POOL_REQUESTS} requests one after the other, each counting ${f(Buffer.byteLength(text) / 1048576)} MB of the mixed text with the panel's ${tokenizers.length} other tokenizers at once (${tokenizers.join(', ')}), as the panel's requests hand them to the pool (together, so a helper gets the text once for all the tokenizers it counts). A job goes to an idle helper that has its tokenizer loaded, if there is one. Loading every tokenizer in every helper would be ${tokenizers.length * size} loads; each once, ${tokenizers.length}. Memory: growth of the process's resident set from before the pool started.

| Request | Tokenizer loads | Loads so far | Time | Peak memory | Memory after |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`;
}

void main();
