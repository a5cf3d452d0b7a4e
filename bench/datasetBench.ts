/**
 * A JSON Lines fine-tuning dataset summarised as the CLI does it (core/datasets: lines from
 * chunks, each example counted by the Chat Completions formula with o200k_base): the time and
 * throughput on a generated dataset of `--dataset-mb` MB (default 200, the size), fed in
 * 1 MB chunks. The summary keeps one number per example (for the p95), nothing of the text.
 * Side by side, the extension's path: the same file written to disk and summarised by the real
 * worker bundle's `dataset` request (read in 256 KB chunks, a long job with progress and cancel,
 * as "Summarise Dataset File" runs it); both summaries must be equal.
 *
 *   npm run bench -- --only=dataset            (rewrites its section of docs/PERFORMANCE.md)
 *   npm run bench -- --only=dataset --quick    (20 MB, prints only)
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkerHarness } from '../test/unit/support/workerHarness';
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

const workerPath = path.resolve(__dirname, '../../dist/worker.js');

/** The worker's summary of the dataset written to a file, and how long the request took (the worker started beforehand). */
async function throughWorker(text: string): Promise<{ seconds: number; summary: unknown; progressMessages: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-dataset-'));
  const file = path.join(dir, 'train.jsonl');
  writeFileSync(file, text);
  const worker = new WorkerHarness(workerPath, { poolSize: 0 });
  try {
    // The worker's start and the tokenizer's first load are not the dataset's: a small request first.
    await worker.request('count', { uri: 'file:///warm', version: 1, tokenizer: 'o200k_base', selections: [] }).catch(() => undefined);
    const start = performance.now();
    const result = await worker.request('dataset', {
      source: { file },
      tokenizer: 'o200k_base',
      request: { hint: 'openai', imageProvider: 'openai', openAiImageRates: 'gpt-4o' },
      trainingLimit: 65_536,
    });
    const seconds = (performance.now() - start) / 1000;
    return { seconds, summary: result.summary, progressMessages: worker.messages.filter((m) => m.kind === 'requestProgress').length };
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
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
  const worker = await throughWorker(text);
  assert.deepEqual(worker.summary, summary, 'the worker summarises the file as the CLI does');
  console.log(`### Dataset summary on a ${mb.toFixed(1)} MB JSON Lines file\n`);
  console.log(
    `Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}. Chat examples (system, user, assistant) cut from the mixed corpus, o200k_base. **In process**: fed in 1 MB chunks to core/datasets (the CLI's path). **Worker, from disk**: the file summarised by the real worker bundle's \`dataset\` request, read in 256 KB chunks between which the worker serves other requests (what "Summarise Dataset File" runs; ${worker.progressMessages} progress messages). Both summaries are equal.\n`,
  );
  console.log('| Path | Examples | Tokens | Mean / p95 / max per example | Malformed lines | Time | Throughput |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const n = (x: number) => Math.round(x).toLocaleString('en');
  const figures = `${n(summary.examples)} | ${n(summary.totalTokens)} | ${n(summary.meanTokens)} / ${n(summary.p95Tokens)} / ${n(summary.maxTokens)} | ${n(summary.malformedCount)}`;
  console.log(`| In process | ${figures} | ${seconds.toFixed(2)} s | ${(mb / seconds).toFixed(1)} MB/s |`);
  console.log(`| Worker, from disk | ${figures} | ${worker.seconds.toFixed(2)} s | ${(mb / worker.seconds).toFixed(1)} MB/s |`);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
