/**
 * The insight panel's worker request on a big document, through the real worker bundle
 * (dist/worker.js): time from sending `insight` to its result, and the worker's peak memory
 * meanwhile. The document is opened and counted first, as the status bar would have done.
 *
 *   node esbuild.mjs && node_modules/.bin/esbuild bench/insightBench.ts --bundle --platform=node \
 *     --packages=external --outfile=out/bench/insightBench.js && node --expose-gc out/bench/insightBench.js --mb=50
 * or, rewriting its section of docs/PERFORMANCE.md: npm run bench -- --only=insight
 *
 * Prints a Markdown table. Two requests: the current model's numbers alone, and what the panel
 * asks with its default model set (tokenscope.insight.models: o200k_base for the OpenAI models
 * and the approximations, DeepSeek-V3, Qwen3 and Mistral NeMo through their tokenizer.json)
 * and a comparison of o200k_base with Qwen3.
 */
import os from 'node:os';
import path from 'node:path';
import type { InsightParams, InsightResult } from '../src/worker/protocol';
import { WorkerHarness } from '../test/unit/support/workerHarness';
import { generateCorpus } from './corpus';

const workerPath = path.resolve(__dirname, '../../dist/worker.js');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SIZE_MB = Number(args.get('mb') ?? 50);

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
  const requests: Array<[string, Omit<InsightParams, 'uri' | 'version'>]> = [
    ['current model only (o200k_base)', { tokenizer: 'o200k_base', countWith: ['o200k_base'], topTokens: 20 }],
    [
      'default panel: 4 tokenizers counted, o200k_base vs Qwen3 compared',
      { tokenizer: 'o200k_base', countWith: ['o200k_base', 'hf:deepseek-v3', 'hf:qwen3', 'hf:mistral-nemo'], compare: ['o200k_base', 'hf:qwen3'], topTokens: 20 },
    ],
  ];
  const rows: string[] = [];
  for (const [name, params] of requests) {
    gc?.();
    const rssBefore = process.memoryUsage().rss;
    const h = new WorkerHarness(workerPath);
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

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}. Each request in a fresh worker, after the document was opened and counted (o200k_base, the status bar's store). Memory is the growth of the process's resident set from before the worker started (the worker is a thread of it).

| Request | Current model's numbers shown | Time to result | Worker busy | Progress messages | Memory after the count | Peak memory during the insight |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`);
}

void main();
