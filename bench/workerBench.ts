/**
 * Issue 2's benchmark, through the real worker bundle (dist/worker.js) the extension runs:
 *  - cold full count of a generated 50 MB document (open + count) vs tiktoken's own
 *    `encode_ordinary(text).length` on the same text, interleaved, several runs;
 *  - edit → updated count: ≥ 200 random single-character edits, each sent as a `change`
 *    followed by a `count`, timed from posting the edit to receiving the new count, next to
 *    a full re-encode with tiktoken (what a non-incremental counter pays per keystroke).
 * Prints a Markdown report; `bench/run.mjs` writes it into docs/PERFORMANCE.md.
 */
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import type { EncodingName } from '../src/core/tokenizers/tiktoken/encodings';
import { generateCorpus } from './corpus';
import { WorkerHarness } from '../test/unit/support/workerHarness';

/** The worker bundle the extension runs, built by `node esbuild.mjs`. */
const workerPath = path.resolve(__dirname, '../../dist/worker.js');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SIZE_MB = Number(args.get('mb') ?? 50);
const RUNS = Number(args.get('runs') ?? 3);
const EDITS = Number(args.get('edits') ?? 300);
const ENCODING = (args.get('encoding') ?? 'o200k_base') as EncodingName;

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const f = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  const text = generateCorpus('mixed', SIZE_MB * 1024 * 1024);
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  const enc = get_encoding(ENCODING);
  console.error(`corpus: ${f(mb)} MB mixed text, encoding ${ENCODING}, ${RUNS} runs, ${EDITS} edits`);

  // Cold full count, interleaved with tiktoken's own encode on the same text.
  // Also in CPU time (user + system of this process, all its threads: the worker's, this one's
  // sending the text, the collector's), which a shared machine's load inflates far less than
  // the wall clock: the worker path has two threads to wait for a core, tiktoken one.
  const ours: number[] = [];
  const theirs: number[] = [];
  const oursCpu: number[] = [];
  const theirsCpu: number[] = [];
  const cpuNow = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let expected = 0;
  for (let run = 0; run < RUNS; run++) {
    const conn = new WorkerHarness(workerPath);
    let t = performance.now();
    let c = cpuNow();
    conn.send({ kind: 'open', uri: 'bench', version: 1, text });
    const result = await conn.request('count', { uri: 'bench', version: 1, tokenizer: ENCODING, selections: [] });
    ours.push(performance.now() - t);
    oursCpu.push(cpuNow() - c);
    await conn.terminate();
    t = performance.now();
    c = cpuNow();
    expected = enc.encode_ordinary(text).length;
    theirs.push(performance.now() - t);
    theirsCpu.push(cpuNow() - c);
    if (result.tokens !== expected) throw new Error(`count mismatch: worker ${result.tokens}, tiktoken ${expected}`);
    console.error(`  run ${run + 1}: worker ${f(ours[run] / 1000, 2)} s, tiktoken ${f(theirs[run] / 1000, 2)} s`);
  }

  // Edit → updated count, on a worker whose memory is measured first: the growth of this
  // process's resident set from before the worker starts to after its first count, with
  // garbage collected on this thread (run with --expose-gc). It includes everything the
  // worker holds: its heap and code, the document's copy, blocks, rank table and piece cache.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const conn = new WorkerHarness(workerPath);
  conn.send({ kind: 'open', uri: 'bench', version: 1, text });
  await conn.request('count', { uri: 'bench', version: 1, tokenizer: ENCODING, selections: [] });
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const workerMemory = process.memoryUsage().rss - rssBefore;
  const docBytes = Buffer.byteLength(text);
  const memoryTarget = 2 * docBytes + 100 * 1024 * 1024;
  // The edits are replayed on a plain string only after timing: rebuilding a 50 MB string per
  // edit here would load this thread's garbage collector, which shares the two cores with
  // the worker and was seen to inflate the worker's own p95 several times over.
  let length = text.length;
  let version = 1;
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const roundTrip: number[] = [];
  const inWorker: number[] = [];
  const edits: Array<{ offset: number; deleteCount: number; insert: string }> = [];
  for (let i = 0; i < EDITS; i++) {
    const offset = Math.floor(rand() * length);
    // Alternate inserting and deleting one UTF-16 unit so the document keeps its size (a
    // deletion may split a surrogate pair: the count must stay exact then too).
    const edit = i % 2 === 0 ? { offset, deleteCount: 0, insert: 'abc .\n'[Math.floor(rand() * 6)] } : { offset, deleteCount: 1, insert: '' };
    edits.push(edit);
    length += edit.insert.length - edit.deleteCount;
    const t = performance.now();
    conn.send({ kind: 'change', uri: 'bench', version: ++version, changes: [edit], length });
    const r = await conn.request('count', { uri: 'bench', version: version, tokenizer: ENCODING, selections: [] });
    roundTrip.push(performance.now() - t);
    inWorker.push(r.workerMs);
  }
  const final = await conn.request('count', { uri: 'bench', version: version, tokenizer: ENCODING, selections: [] });
  await conn.terminate();
  let doc = text;
  for (const e of edits) doc = doc.slice(0, e.offset) + e.insert + doc.slice(e.offset + e.deleteCount);
  const reference = enc.encode_ordinary(doc).length;
  if (final.tokens !== reference) throw new Error(`after edits: worker ${final.tokens}, tiktoken ${reference}`);
  const reencode: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = performance.now();
    enc.encode_ordinary(doc);
    reencode.push(performance.now() - t);
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`### Worker: cold count and edit → count (${ENCODING}, ${f(mb)} MB mixed corpus)

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}. Command: \`npm run bench\` (${RUNS} runs, ${roundTrip.length} edits; medians). Load average at the end: ${os.loadavg()[0].toFixed(1)}; per run, the cold count's ratio was ${ours.map((o, i) => `${f(theirs[i] / o, 2)}×`).join(', ')}.

| Measure | Tokenscope worker | tiktoken \`encode_ordinary\` | Ratio |
| --- | ---: | ---: | ---: |
| Cold full count (open + count) | ${f(median(ours) / 1000, 2)} s (${f(mb / (median(ours) / 1000))} MB/s) | ${f(median(theirs) / 1000, 2)} s (${f(mb / (median(theirs) / 1000))} MB/s) | ${f(median(theirs) / median(ours), 2)}× |
| …the same in CPU time (user + system, all threads) | ${f(median(oursCpu) / 1000, 2)} s | ${f(median(theirsCpu) / 1000, 2)} s | ${f(median(theirsCpu) / median(oursCpu), 2)}× |
| Edit → updated count, median | ${f(median(roundTrip), 2)} ms | ${f(median(reencode), 0)} ms (full re-encode) | ${f(median(reencode) / median(roundTrip), 0)}× |
| Edit → updated count, p95 | ${f(quantile(roundTrip, 0.95), 2)} ms | | |
| …of which inside the worker, p95 | ${f(quantile(inWorker, 0.95), 2)} ms | | |
| Worker memory after the cold count (growth of the process's RSS) | ${f(workerMemory / 1048576, 0)} MB | target ≤ 2 × document + 100 MB = ${f(memoryTarget / 1048576, 0)} MB | ${f(workerMemory / memoryTarget, 2)} of target |

Counts checked: ${expected.toLocaleString('en-US')} tokens cold, ${reference.toLocaleString('en-US')} after the edits, equal to tiktoken.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
