/**
 * Issue 6's benchmark of the fast counter, every comparison interleaved in one run and each
 * figure the median of several runs:
 *  - full cold count of 10 MB per corpus kind (o200k_base, cl100k_base): Tokenscope's counter
 *    (fresh piece cache every run; rank table already loaded) vs tiktoken `encode(t).length`,
 *    gpt-tokenizer `countTokens` (merge cache cleared every run) and js-tiktoken
 *    `encode(t).length` (a fresh instance every run); all counts checked equal to tiktoken's;
 *  - pathological input through the block store the worker uses: one letter repeated, one
 *    digit repeated, a single line of prose, empty lines; 10 KB to 10 MB.
 * Prints Markdown sections; `bench/run.mjs` writes each between its markers in PERFORMANCE.md.
 */
import os from 'node:os';
import { clearMergeCache as clearGptO200k, countTokens as gptO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { clearMergeCache as clearGptCl100k, countTokens as gptCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { Tiktoken as JsTiktoken } from 'js-tiktoken/lite';
import jsCl100k from 'js-tiktoken/ranks/cl100k_base';
import jsO200k from 'js-tiktoken/ranks/o200k_base';
import { get_encoding } from 'tiktoken';
import { BlockStore } from '../src/core/incremental/blockStore';
import { cutRuleFor } from '../src/core/tokenizers/cutRules';
import type { EncodingName } from '../src/core/tokenizers/tiktoken/encodings';
import { PieceCounter } from '../src/core/tokenizers/tiktoken/pieceCounter';
import { parseRanks, type RankTable } from '../src/core/tokenizers/tiktoken/rankTable';
import { nodeTokenizerFiles } from '../src/core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../src/core/tokenizers/tokenizerRegistry';
import { numberOption, QUICK } from './benchArgs';
import { generateCorpus, type CorpusKind } from './corpus';

const CORPUS_MB = numberOption('corpus-mb', QUICK ? 1 : 10);
const RUNS = numberOption('runs', QUICK ? 1 : 3);
const PATHOLOGICAL_SIZES = QUICK ? [10e3, 100e3, 1e6] : [10e3, 100e3, 1e6, 10e6];

const KINDS: Array<Exclude<CorpusKind, 'mixed'>> = ['prose', 'code', 'json', 'multilingual', 'digits'];
const ENCODINGS: EncodingName[] = ['o200k_base', 'cl100k_base'];

/** The files as the sources read them (tiktoken's npm package), and the worker's registry over them. */
const files = nodeTokenizerFiles(__dirname);
const tokenizers = new TokenizerRegistry(files);
/** Rank tables are parsed once: a cold run times a new counter (empty piece cache), not the file's parse. */
const rankTables = new Map<EncodingName, RankTable>();
function loadRankTable(encoding: EncodingName): RankTable {
  let table = rankTables.get(encoding);
  if (!table) rankTables.set(encoding, (table = parseRanks(files.rankData(encoding))));
  return table;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (n: number, d = 1): string => n.toFixed(d);
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const result = fn();
  return [result, performance.now() - t];
};

interface Competitor {
  name: string;
  /** Prepares a cold run (untimed) and returns the timed count. */
  cold(encoding: EncodingName): (text: string) => number;
}

const competitors: Competitor[] = [
  {
    name: 'Tokenscope',
    cold: (encoding) => {
      const counter = new PieceCounter(encoding, loadRankTable(encoding));
      return (text) => counter.count(text);
    },
  },
  {
    name: 'tiktoken',
    cold: (encoding) => {
      const enc = tiktokenEncodings.get(encoding)!;
      return (text) => enc.encode(text).length;
    },
  },
  {
    name: 'gpt-tokenizer',
    cold: (encoding) => {
      if (encoding === 'o200k_base') {
        clearGptO200k();
        return (text) => gptO200k(text);
      }
      clearGptCl100k();
      return (text) => gptCl100k(text);
    },
  },
  {
    name: 'js-tiktoken',
    cold: (encoding) => {
      const js = new JsTiktoken(encoding === 'o200k_base' ? jsO200k : jsCl100k);
      return (text) => js.encode(text).length;
    },
  },
];
const tiktokenEncodings = new Map(ENCODINGS.map((e) => [e, get_encoding(e)]));

function throughputTables(): string {
  const lines: string[] = [];
  for (const encoding of ENCODINGS) {
    loadRankTable(encoding);
    lines.push(
      `#### ${encoding}\n`,
      `| Corpus (${CORPUS_MB} MB) | Tokenscope | tiktoken | gpt-tokenizer | js-tiktoken | × tiktoken | × gpt-tokenizer | × js-tiktoken |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const kind of KINDS) {
      const text = generateCorpus(kind, CORPUS_MB * 1024 * 1024);
      const mb = Buffer.byteLength(text) / (1024 * 1024);
      const times = competitors.map(() => [] as number[]);
      for (let run = 0; run < RUNS; run++) {
        const counts = competitors.map((c, i) => {
          const count = c.cold(encoding);
          const [n, ms] = time(() => count(text));
          times[i].push(ms);
          return n;
        });
        if (new Set(counts).size !== 1) throw new Error(`${encoding} ${kind}: counts differ ${JSON.stringify(counts)}`);
        log(`  ${encoding} ${kind} run ${run + 1}: ${competitors.map((c, i) => `${c.name} ${f(times[i][run], 0)} ms`).join(', ')}`);
      }
      const med = times.map(median);
      const cell = (ms: number): string => `${f(ms / 1000, 2)} s (${f(mb / (ms / 1000))} MB/s)`;
      lines.push(`| ${kind} | ${med.map(cell).join(' | ')} | ${f(med[1] / med[0], 1)}× | ${f(med[2] / med[0], 1)}× | ${f(med[3] / med[0], 1)}× |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Each input with the largest size at which tiktoken is also run (it is quadratic on runs). */
const PATHOLOGICAL: ReadonlyArray<readonly [string, (bytes: number) => string, number]> = [
  ['one letter repeated (`aaaa…`)', (n) => 'a'.repeat(n), 10e3],
  ['one digit repeated (`1111…`)', (n) => '1'.repeat(n), 1e6],
  ['a single line of prose (no newline)', (n) => generateCorpus('prose', n).replace(/\n/g, ' ').slice(0, n), 10e6],
  ['empty lines (`\\n\\n\\n…`)', (n) => '\n'.repeat(n), 10e3],
];

/** Store + count as the worker does it: cut into blocks, count each with the fast counter. */
function storeCount(text: string): number {
  const store = new BlockStore(tokenizers.load('o200k_base').tokenizer, cutRuleFor('o200k_base'), text);
  store.countPending();
  return store.totalsSnapshot.tokens;
}

function pathologicalTable(): string {
  const sizeLabel = (n: number): string => (n >= 1e6 ? `${n / 1e6} MB` : `${n / 1e3} KB`);
  const lines = [
    `| Input (o200k_base) | ${PATHOLOGICAL_SIZES.map(sizeLabel).join(' | ')} | time growth per 10× size |`,
    `| --- | ${PATHOLOGICAL_SIZES.map(() => '---:').join(' | ')} | ---: |`,
  ];
  const tiktoken = tiktokenEncodings.get('o200k_base')!;
  for (const [name, make, tiktokenUpTo] of PATHOLOGICAL) {
    const ours: number[] = [];
    const theirs: string[] = [];
    for (const size of PATHOLOGICAL_SIZES) {
      const text = make(size);
      const runs: number[] = [];
      let count = 0;
      // The 10 MB points take seconds each; one run of them is enough to see the slope.
      for (let run = 0; run < (size >= 10e6 ? 1 : RUNS); run++) {
        const [n, t] = time(() => storeCount(text));
        runs.push(t);
        count = n;
      }
      ours.push(median(runs));
      if (size <= tiktokenUpTo) {
        const [expected, t] = time(() => tiktoken.encode_ordinary(text).length);
        if (count !== expected) throw new Error(`${name} ${size}: ${count} tokens, tiktoken ${expected}`);
        theirs.push(`${f(t, t < 10 ? 1 : 0)} ms`);
      } else {
        theirs.push('not run');
      }
      log(`  pathological ${name} ${sizeLabel(size)}: ${f(median(runs), 0)} ms (tiktoken ${theirs[theirs.length - 1]})`);
    }
    const growth = ours.slice(1).map((m, i) => m / Math.max(0.01, ours[i]));
    lines.push(`| ${name}: Tokenscope | ${ours.map((m) => `${f(m, m < 10 ? 1 : 0)} ms`).join(' | ')} | ${growth.map((g) => `${f(g, 1)}×`).join(', ')} |`);
    lines.push(`| …tiktoken \`encode_ordinary\` | ${theirs.join(' | ')} | |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const machine = `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}. Command: \`npm run bench${QUICK ? ' -- --quick' : ''}\` (${RUNS} runs; medians).`;
  log(`counter benchmark: ${CORPUS_MB} MB corpora, ${RUNS} runs`);
  const throughput = throughputTables();
  const pathological = pathologicalTable();
  // One section per marker pair; run.mjs splits on these lines.
  process.stdout.write(`@@section counter
### Full cold count, ${CORPUS_MB} MB per corpus

${machine} Each run counts with a fresh cache (Tokenscope), a cleared merge cache (gpt-tokenizer), a fresh instance (js-tiktoken); rank tables are loaded before timing. Times are medians; the ratios are how many times faster Tokenscope is. Every count is checked equal to tiktoken's.

${throughput}
@@section pathological
### Pathological input: time to count through the worker's block store

${machine} 10 MB points are one run. tiktoken is run, and its count compared, only up to the size it answers in reasonable time: it is quadratic on one long piece (18 s for 100 KB of \`a\`, DESIGN.md) and its WASM aborts (\`RuntimeError: unreachable\`) on 1 MB of newlines.

${pathological}
`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
