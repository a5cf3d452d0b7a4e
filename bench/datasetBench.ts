/**
 * A JSON Lines fine-tuning dataset summarised as the CLI does it (core/datasets: lines from
 * chunks, each example counted by the Chat Completions formula with o200k_base): the time and
 * throughput on a generated dataset of `--dataset-mb` MB (default 200, the size), fed in
 * 1 MB chunks. The summary keeps one number per example (for the p95), nothing of the text.
 *
 *   npm run bench -- --only=dataset            (rewrites its section of docs/PERFORMANCE.md)
 *   npm run bench -- --only=dataset --quick    (20 MB, prints only)
 */
import os from 'node:os';
import { DatasetCounter } from '../src/core/datasets/datasetSummary';
import { JsonlLineSplitter } from '../src/core/datasets/jsonlLines';
import { nodeTokenizerFiles } from '../src/core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../src/core/tokenizers/tokenizerRegistry';
import { numberOption, QUICK } from './benchArgs';
import { generateCorpus } from './corpus';

const SIZE_MB = numberOption('dataset-mb', QUICK ? 20 : 200);
const CHUNK = 1024 * 1024;

/** A dataset of chat examples (system, user, assistant) cut from the mixed corpus, ~`bytes` long. */
function generateDataset(bytes: number): string {
  const corpus = generateCorpus('mixed', 4 * 1024 * 1024);
  const lines: string[] = [];
  let size = 0;
  let at = 0;
  const take = (n: number) => {
    if (at + n > corpus.length) at = 0;
    const part = corpus.slice(at, at + n);
    at += n;
    return part;
  };
  for (let i = 0; size < bytes; i++) {
    const line = JSON.stringify({
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: take(200 + ((i * 37) % 800)) },
        { role: 'assistant', content: take(300 + ((i * 53) % 1500)) },
      ],
    });
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

function main(): void {
  const tokenizer = new TokenizerRegistry(nodeTokenizerFiles(__dirname)).load('o200k_base').tokenizer;
  const text = generateDataset(SIZE_MB * 1024 * 1024);
  const mb = Buffer.byteLength(text) / (1024 * 1024);
  console.error(`dataset: ${mb.toFixed(1)} MB`);
  const start = performance.now();
  const counter = new DatasetCounter({ count: (t) => tokenizer.count(t), imageProvider: 'openai' }, 65_536);
  const splitter = new JsonlLineSplitter((line, t) => counter.add(line, t));
  for (let i = 0; i < text.length; i += CHUNK) splitter.push(text.slice(i, i + CHUNK));
  splitter.end();
  const summary = counter.summary();
  const seconds = (performance.now() - start) / 1000;
  console.log(`### Dataset summary on a ${mb.toFixed(1)} MB JSON Lines file\n`);
  console.log(
    `Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}. Chat examples (system, user, assistant) cut from the mixed corpus, fed in 1 MB chunks to core/datasets (the CLI's path), o200k_base, in this process (no worker).\n`,
  );
  console.log('| Examples | Tokens | Mean / p95 / max per example | Malformed lines | Time | Throughput |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  const n = (x: number) => Math.round(x).toLocaleString('en');
  console.log(
    `| ${n(summary.examples)} | ${n(summary.totalTokens)} | ${n(summary.meanTokens)} / ${n(summary.p95Tokens)} / ${n(summary.maxTokens)} | ${n(summary.malformedCount)} | ${seconds.toFixed(2)} s | ${(mb / seconds).toFixed(1)} MB/s |`,
  );
}

main();
