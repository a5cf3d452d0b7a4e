/**
 * The Tokens view's counting without VS Code: a real source tree (bench/sourceTree.ts) read and
 * sent to the real worker bundle in the view's batches (≤ 32 files or 1 MB, four in flight),
 * with no counting helper (the worker alone), one, and one per core: how the pool scales on
 * this machine, and its memory.
 *
 *   npm run bench -- --only=workspace   (--files=N to change the tree's size)
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CountFilesResult } from '../src/worker/protocol';
import { WorkerHarness } from '../test/unit/support/workerHarness';
import { sourceTreeFiles } from './sourceTree';
import { defaultPoolSize } from '../src/worker/helperPool';

const workerPath = path.resolve(__dirname, '../../dist/worker.js');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const FILES = Number(args.get('files') ?? 5000);
const BATCH_FILES = 32;
const BATCH_BYTES = 1024 * 1024;
const IN_FLIGHT = 4;

async function countTree(files: readonly string[], root: string, poolSize: number): Promise<{ seconds: number; tokens: number; peakMb: number }> {
  const h = new WorkerHarness(workerPath, { poolSize });
  await h.request('countFiles', { tokenizer: 'o200k_base', files: [new TextEncoder().encode('warm up')] });
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let tokens = 0;
  const inFlight = new Set<Promise<void>>();
  let batch: Uint8Array[] = [];
  let bytes = 0;
  const send = async () => {
    const files = batch;
    batch = [];
    bytes = 0;
    while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    const p = h.request('countFiles', { tokenizer: 'o200k_base', files }).then((r: CountFilesResult) => {
      for (const f of r.files) if ('tokens' in f) tokens += f.tokens;
    });
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  for (const file of files) {
    const content = await readFile(path.join(root, file));
    if (batch.length > 0 && bytes + content.length > BATCH_BYTES) await send();
    batch.push(content);
    bytes += content.length;
    if (batch.length >= BATCH_FILES || bytes >= BATCH_BYTES) await send();
  }
  if (batch.length > 0) await send();
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await h.terminate();
  return { seconds, tokens, peakMb: (peak - rssBefore) / 1048576 };
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../node_modules');
  const files = await sourceTreeFiles(root, FILES);
  let bytes = 0;
  for (const file of files) bytes += (await readFile(path.join(root, file))).length;
  const cores = os.availableParallelism();
  const sizes = [...new Set([0, 1, defaultPoolSize(cores)])];
  const rows: string[] = [];
  let base: number | undefined;
  for (const size of sizes) {
    const r = await countTree(files, root, size);
    base ??= r.seconds;
    console.error(`  ${size} helpers: ${r.seconds.toFixed(2)} s, ${r.tokens} tokens`);
    const label =
      size === 0
        ? 'no helper: the worker alone'
        : `${size} counting helper${size === 1 ? '' : 's'}${size === defaultPoolSize(cores) ? " (this machine's default: one per core)" : ''}`;
    rows.push(
      `| ${label} | ${r.seconds.toFixed(2)} s | ${(bytes / 1048576 / r.seconds).toFixed(1)} MB/s | ${(base / r.seconds).toFixed(2)}× | ${r.tokens.toLocaleString('en-US')} | ${r.peakMb.toFixed(0)} MB |`,
    );
  }
  console.log(`### Counting a source tree in the worker's helpers (${files.length.toLocaleString('en-US')} files, ${(bytes / 1048576).toFixed(1)} MB)

Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}. Command: \`npm run bench -- --only=workspace\`. The first ${files.length.toLocaleString('en-US')} text files of the repository's \`node_modules\` in name order, read and sent to the real worker bundle as the Tokens view sends them (batches of ≤ 32 files or 1 MB, four in flight), counted with o200k_base; each row in a fresh worker, the helpers started by the first batch (a warm-up count first). Memory is the growth of the process's resident set during the count (the worker and its helpers are threads of it).

| Pool | Time | Throughput | Speed-up | Tokens | Peak memory |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}`);
}

void main();
