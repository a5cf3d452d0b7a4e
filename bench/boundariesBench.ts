/**
 * Issue 3's benchmark: how long the decorations of token boundaries wait for their data, for
 * a 100-line viewport of a generated 50 MB document, through the real worker bundle
 * (dist/worker.js) the extension runs. The host asks for the visible lines plus one viewport
 * above and below (as src/host/boundaries/tokenDecorator.ts does), so each request covers 300 lines.
 *  - scroll: jump to a random place, post `tokensInRange`, time until the answer (typed arrays
 *    transferred) is back;
 *  - edit: in a viewport whose boundaries were just drawn, post a one-character `change`,
 *    then `tokensInRange` and `count`, time from posting the change to both answers; next to
 *    it, the same kind of edit followed by a `count` only, which is what typing costs with
 *    boundaries off. Only the edited block is re-encoded (the worker keeps recent blocks' tokens).
 * Prints a Markdown report; `bench/run.mjs` writes it into docs/PERFORMANCE.md.
 */
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import type { EncodingName } from '../src/core/tokenizers/tiktoken/encodings';
import type { TokensInRangeResult } from '../src/worker/protocol';
import { generateCorpus } from './corpus';
import { WorkerHarness } from '../test/unit/support/workerHarness';

/** The worker bundle the extension runs, built by `node esbuild.mjs`. */
const workerPath = path.resolve(__dirname, '../../dist/worker.js');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const SIZE_MB = Number(args.get('mb') ?? 50);
const SAMPLES = Number(args.get('samples') ?? 300);
const ENCODING = (args.get('encoding') ?? 'o200k_base') as EncodingName;
const VIEWPORT_LINES = 100;
/** One viewport above and below, as the decorator asks. */
const MARGIN_LINES = 100;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const f = (n: number, d = 2) => n.toFixed(d);

async function main(): Promise<void> {
  const text = generateCorpus('mixed', SIZE_MB * 1024 * 1024);
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lines = lineStarts.length;
  console.error(`corpus: ${f(mb, 1)} MB mixed text, ${lines.toLocaleString('en-US')} lines, encoding ${ENCODING}, ${SAMPLES} samples`);

  const conn = new WorkerHarness(workerPath);
  conn.send({ kind: 'open', uri: 'bench', version: 1, text });
  let t = performance.now();
  await conn.request('count', { uri: 'bench', version: 1, tokenizer: ENCODING, selections: [] });
  console.error(`  cold count: ${f((performance.now() - t) / 1000, 1)} s`);

  let seed = 11;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  let version = 1;
  let length = text.length;
  /** Offsets move with edits; this bench inserts and deletes alternately, so they drift by at most one. */
  const windowAt = (top: number): [number, number] => {
    const first = Math.max(0, top - MARGIN_LINES);
    const last = Math.min(lines - 1, top + VIEWPORT_LINES + MARGIN_LINES);
    return [lineStarts[first], Math.min(length, last + 1 < lines ? lineStarts[last + 1] : length)];
  };
  const ask = (range: [number, number]) => conn.request('tokensInRange', { uri: 'bench', version, tokenizer: ENCODING, ranges: [range] });

  // Scroll: random jumps through the document.
  const scroll: number[] = [];
  const scrollWorker: number[] = [];
  let tokens = 0;
  let segments = 0;
  let sample: TokensInRangeResult | undefined;
  for (let i = 0; i < SAMPLES; i++) {
    const range = windowAt(Math.floor(rand() * (lines - VIEWPORT_LINES)));
    t = performance.now();
    const r = await ask(range);
    scroll.push(performance.now() - t);
    scrollWorker.push(r.workerMs);
    tokens += r.spans[0].ids.length;
    segments += r.spans[0].segmentStarts.length - 1;
    sample = r;
  }

  // Check one answer against tiktoken: the segments' text is exactly their tokens' bytes.
  const enc = get_encoding(ENCODING);
  const span = sample!.spans[0];
  const from = span.segmentStarts[0];
  const to = span.segmentStarts[span.segmentStarts.length - 1];
  const bytes = Buffer.concat([...span.ids].map((id) => Buffer.from(enc.decode_single_token_bytes(id))));
  if (!bytes.equals(Buffer.from(text.slice(from, to), 'utf8'))) throw new Error('the tokens of the answer are not the text of its segments');

  // Edit: a keystroke inside the viewport, then the boundaries (feature on) or only the count (off).
  const editOn: number[] = [];
  const editOff: number[] = [];
  for (let i = 0; i < SAMPLES * 2; i++) {
    const top = Math.floor(rand() * (lines - VIEWPORT_LINES));
    const line = top + Math.floor(rand() * VIEWPORT_LINES);
    const offset = Math.min(length - 1, lineStarts[line] + Math.floor(rand() * 40));
    const edit = version % 2 === 0 ? { offset, deleteCount: 1, insert: '' } : { offset, deleteCount: 0, insert: 'abc .\n'[Math.floor(rand() * 6)] };
    length += edit.insert.length - edit.deleteCount;
    const on = i % 2 === 0; // interleaved, so both see the same machine
    // The viewport was on screen before the keystroke: its boundaries were drawn already.
    if (on) await ask(windowAt(top));
    t = performance.now();
    conn.send({ kind: 'change', uri: 'bench', version: ++version, changes: [edit], length });
    if (on) {
      const [r] = await Promise.all([ask(windowAt(top)), conn.request('count', { uri: 'bench', version, tokenizer: ENCODING, selections: [] })]);
      if (r.version !== version) throw new Error('answer for a stale version');
      editOn.push(performance.now() - t);
    } else {
      await conn.request('count', { uri: 'bench', version, tokenizer: ENCODING, selections: [] });
      editOff.push(performance.now() - t);
    }
  }
  await conn.terminate();

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const row = (name: string, xs: number[]) => `| ${name} | ${f(quantile(xs, 0.5))} ms | ${f(quantile(xs, 0.95))} ms |`;
  console.log(`### Boundaries: scroll or edit → decorations' data (${ENCODING}, ${f(mb, 1)} MB mixed corpus, ${VIEWPORT_LINES}-line viewport)

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}. Command: \`npm run bench -- --only=boundaries\` (${SAMPLES} scrolls, ${editOn.length} + ${editOff.length} edits interleaved). Each request covers ${VIEWPORT_LINES + 2 * MARGIN_LINES} lines (the viewport and one viewport above and below): on average ${Math.round(tokens / SAMPLES).toLocaleString('en-US')} tokens in ${Math.round(segments / SAMPLES).toLocaleString('en-US')} segments, ${f((100 * (to - from)) / text.length, 3)}% of the document.

| Measure | Median | p95 |
| --- | ---: | ---: |
${row('Scroll → boundaries of the new viewport (round trip)', scroll)}
${row('…of which inside the worker', scrollWorker)}
${row('Edit → boundaries and count of the new version (boundaries on)', editOn)}
${row('Edit → count only (boundaries off)', editOff)}

Checked: one answer's tokens decode to exactly the text of its segments.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
