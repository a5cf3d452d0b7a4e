/**
 * Issue 13's benchmark: a keystroke in a file that is one long line (minified JSON, minified
 * JavaScript, base64), 2 MB and 5 MB, through the real worker bundle (dist/worker.js) the
 * extension runs. A file with no line breaks is one block to the block store unless a cut can
 * be made inside the line (src/core/tokenizers/cutRules.ts: between words, at class changes),
 * so this is where a keystroke could cost a re-encode of the whole file. The target: the count
 * of the new version in ≤ 50 ms of worker time.
 *  - keystroke → count: single-character edits at random offsets (insertions of a letter,
 *    digit, quote, comma, brace or blank, and deletions), each a `change` then a `count`;
 *    worker time (`workerMs`) and round trip; after the edits the count is checked against
 *    tiktoken's `encode_ordinary` of the edited text;
 *  - keystroke → boundaries of the visible part: the decorator asks for at most 30,000
 *    characters around the viewport of a long line (MAX_RANGE_UNITS in tokenDecorator.ts).
 * Prints a Markdown report; `bench/run.mjs` writes it into docs/PERFORMANCE.md.
 */
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import type { EncodingName } from '../src/core/tokenizers/tiktoken/encodings';
import { base64Line, minifiedJsLine, minifiedJsonLine } from '../test/unit/support/denseText';
import { WorkerHarness } from '../test/unit/support/workerHarness';

const workerPath = path.resolve(__dirname, '../../dist/worker.js');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const args = new Map(argv.map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const EDITS = Number(args.get('edits') ?? 200);
const ENCODING = (args.get('encoding') ?? 'o200k_base') as EncodingName;
const SIZES_MB = QUICK ? [2] : [2, 5];
/** The decorator's budget for one range of a long line (MAX_RANGE_UNITS in src/host/boundaries/tokenDecorator.ts, which imports vscode). */
const PAINT_UNITS = 30_000;
const TARGET_MS = 50;

const KINDS: Array<[string, (chars: number) => string]> = [
  ['minified JSON', minifiedJsonLine],
  ['minified JavaScript', minifiedJsLine],
  ['base64', base64Line],
];

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const f = (n: number, d = 1) => n.toFixed(d);

interface Row {
  name: string;
  mb: number;
  coldMs: number;
  firstPaintMs: number;
  countWorker: number[];
  countTrip: number[];
  paintWorker: number[];
  tokens: number;
}

async function measure(name: string, text: string): Promise<Row> {
  const enc = get_encoding(ENCODING);
  const conn = new WorkerHarness(workerPath);
  const uri = 'bench';
  let version = 1;
  let length = text.length;
  conn.send({ kind: 'open', uri, version, text });
  let t = performance.now();
  await conn.request('count', { uri, version, tokenizer: ENCODING, selections: [] });
  const coldMs = performance.now() - t;
  // The first boundaries request of a worker also pays one-time set-up (~0.2 s: the grapheme
  // segmenter and its code warming up); it is reported on its own, not among the keystrokes.
  const firstPaint = await conn.request('tokensInRange', { uri, version, tokenizer: ENCODING, ranges: [[0, Math.min(length, PAINT_UNITS)]] });
  const firstPaintMs = firstPaint.workerMs;

  let seed = 29;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const edits: Array<{ offset: number; deleteCount: number; insert: string }> = [];
  const countWorker: number[] = [];
  const countTrip: number[] = [];
  const paintWorker: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const offset = Math.floor(rand() * length);
    // Alternate an insertion and a deletion, so the line keeps its length; a deletion may
    // split a surrogate pair or a token anywhere: the count must stay exact then too.
    const edit = i % 2 === 0 ? { offset, deleteCount: 0, insert: 'a7",{ '[Math.floor(rand() * 6)] } : { offset, deleteCount: 1, insert: '' };
    edits.push(edit);
    length += edit.insert.length - edit.deleteCount;
    t = performance.now();
    conn.send({ kind: 'change', uri, version: ++version, changes: [edit], length });
    const count = await conn.request('count', { uri, version, tokenizer: ENCODING, selections: [] });
    countTrip.push(performance.now() - t);
    countWorker.push(count.workerMs);
    // Every other keystroke with boundaries on: the visible part of the line around the edit.
    if (i % 2 === 0) {
      const from = Math.max(0, offset - PAINT_UNITS / 3);
      const paint = await conn.request('tokensInRange', { uri, version, tokenizer: ENCODING, ranges: [[from, Math.min(length, from + PAINT_UNITS)]] });
      paintWorker.push(paint.workerMs);
    }
  }
  const final = await conn.request('count', { uri, version, tokenizer: ENCODING, selections: [] });
  await conn.terminate();
  let doc = text;
  for (const e of edits) doc = doc.slice(0, e.offset) + e.insert + doc.slice(e.offset + e.deleteCount);
  const reference = enc.encode_ordinary(doc).length;
  if (final.tokens !== reference) throw new Error(`${name}: after the edits the worker counts ${final.tokens}, tiktoken ${reference}`);
  enc.free();
  return { name, mb: Buffer.byteLength(text) / 1048576, coldMs, firstPaintMs, countWorker, countTrip, paintWorker, tokens: reference };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const mb of SIZES_MB) {
    for (const [name, make] of KINDS) {
      const text = make(mb * 1024 * 1024);
      if (text.includes('\n')) throw new Error(`${name} is not one line`);
      const row = await measure(name, text);
      console.error(`  ${name} ${f(row.mb)} MB: keystroke → count p95 ${f(quantile(row.countWorker, 0.95), 2)} ms in the worker`);
      rows.push(row);
    }
  }
  const worst = Math.max(...rows.map((r) => Math.max(...r.countWorker)));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`### One long line: keystroke → count (${ENCODING}, files with no line break)

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}. Command: \`npm run bench -- --only=longline\` (${EDITS} single-character edits per file at random offsets, insertions and deletions alternating; every other one also asks for the boundaries of ${PAINT_UNITS.toLocaleString('en-US')} characters around it, the decorator's budget on a long line). Target: the new count in ≤ ${TARGET_MS} ms of worker time.

| File (one line) | Size | Cold count | Keystroke → count, worker median | worker p95 | worker max | round trip p95 | First boundaries (worker) | Boundaries around the edit, worker p95 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    (r) =>
      `| ${r.name} | ${f(r.mb)} MB | ${f(r.coldMs, 0)} ms | ${f(quantile(r.countWorker, 0.5), 2)} ms | ${f(quantile(r.countWorker, 0.95), 2)} ms | ${f(Math.max(...r.countWorker), 2)} ms | ${f(quantile(r.countTrip, 0.95), 2)} ms | ${f(r.firstPaintMs, 0)} ms | ${f(quantile(r.paintWorker, 0.95), 1)} ms |`,
  )
  .join('\n')}

Slowest keystroke → count in the worker: ${f(worst, 2)} ms (${worst <= TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target). Counts checked after the edits, equal to tiktoken's: ${rows.map((r) => `${r.name} ${f(r.mb)} MB ${r.tokens.toLocaleString('en-US')}`).join('; ')}.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
