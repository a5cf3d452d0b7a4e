/**
 * The worker's `dataset` requests: a JSON Lines dataset summarised example by example
 * (core/datasets), from a mirrored document or from a file read in chunks, as a long job
 * (longJobs.ts) that yields after every chunk: a 200 MB file never blocks the worker's other
 * requests, reports its progress, and stops when cancelled.
 */
import { closeSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { isBinaryBytes } from '../core/files/binaryContent';
import { openRegularFile } from '../core/files/regularFile';
import { DatasetCounter } from '../core/datasets/datasetSummary';
import { JsonlLineSplitter } from '../core/datasets/jsonlLines';
import { requestOptionsOf } from '../core/requests/requestAsk';
import type { LongJobs, LongStep, Progress } from './longJobs';
import type { DatasetParams, DatasetResult } from './protocol';
import { errorMessage, fail, type ServerContext } from './serverContext';

/** Characters of a document, or bytes of a file, handled between two yields (a few ms of work). */
const CHUNK = 256 * 1024;

export class DatasetJobs {
  constructor(
    private readonly context: ServerContext,
    private readonly jobs: LongJobs,
  ) {}

  start(id: number, params: DatasetParams): void {
    let tokenizer;
    try {
      tokenizer = this.context.tokenizers.load(params.tokenizer).tokenizer;
    } catch (err) {
      return fail(this.context, id, 'failed', `could not load ${params.tokenizer}: ${errorMessage(err)}`);
    }
    const progress: Progress = { done: 0, total: 0 };
    const lines: number[] | undefined = params.lineTokens ? [] : undefined;
    const counter = new DatasetCounter(
      requestOptionsOf(params.request, (text) => tokenizer.count(text)),
      params.trainingLimit,
      lines ? (example) => (lines[example.line - 1] = example.tokens) : undefined,
    );
    const source = params.source;
    if ('uri' in source) {
      const doc = this.context.documents.get(source.uri);
      if (!doc) return fail(this.context, id, 'unknownDocument', `no mirror of ${source.uri}`);
      if (doc.version < source.version) return fail(this.context, id, 'outOfSync', `asked for version ${source.version}, mirror is at ${doc.version}`);
      const work = documentWork(doc.text, doc.version, counter, lines, progress);
      this.jobs.start(id, `dataset ${source.uri}`, source.uri, work, progress);
    } else {
      let opened: { fd: number; size: number };
      try {
        opened = openRegularFile(source.file);
      } catch (err) {
        return fail(this.context, id, 'failed', errorMessage(err));
      }
      this.jobs.start(id, `dataset file ${source.file}`, undefined, fileWork(opened, source.file, counter, lines, progress), progress);
    }
  }
}

function* documentWork(text: string, version: number, counter: DatasetCounter, lines: number[] | undefined, progress: Progress): Generator<LongStep, DatasetResult> {
  progress.total = text.length;
  const splitter = new JsonlLineSplitter((line, t) => counter.add(line, t));
  for (let at = 0; at < text.length; at += CHUNK) {
    splitter.push(text.slice(at, at + CHUNK));
    progress.done = Math.min(text.length, at + CHUNK);
    yield;
  }
  splitter.end();
  return { version, summary: counter.summary(), ...lineTokens(lines, text), workerMs: 0 };
}

function* fileWork(
  opened: { fd: number; size: number },
  file: string,
  counter: DatasetCounter,
  lines: number[] | undefined,
  progress: Progress,
): Generator<LongStep, DatasetResult> {
  const { fd, size } = opened;
  progress.total = size;
  const splitter = new JsonlLineSplitter((line, t) => counter.add(line, t));
  const buffer = new Uint8Array(CHUNK);
  let bytes = 0;
  let decoder: TextDecoder | undefined;
  try {
    for (let n: number; (n = readSync(fd, buffer, 0, CHUNK, null)) > 0;) {
      const chunk = buffer.subarray(0, n);
      if (!decoder) {
        // The first chunk decides, as VS Code opens a file: a UTF-16 byte order mark, or binary (a NUL byte).
        const encoding = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8';
        if (encoding === 'utf-8' && isBinaryBytes(chunk)) throw new Error(`${file}: binary (NUL byte found), not a JSON Lines dataset`);
        // ignoreBOM: the BOM stays in the text, and the splitter drops it (the editor's first line keeps it too).
        decoder = new TextDecoder(encoding, { ignoreBOM: true });
      }
      splitter.push(decoder.decode(chunk, { stream: true }));
      bytes += n;
      progress.done = Math.min(size, bytes);
      yield;
    }
    if (decoder) splitter.push(decoder.decode());
    splitter.end();
  } finally {
    closeSync(fd);
  }
  return { summary: counter.summary(), bytes, ...lineTokens(lines, undefined), workerMs: 0 };
}

/** The per-line counts as one buffer (-1: not an example), sized to the text's lines where it is known. */
function lineTokens(lines: number[] | undefined, text: string | undefined): Pick<DatasetResult, 'lineTokens'> {
  if (!lines) return {};
  let count = lines.length;
  if (text !== undefined) {
    count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  }
  const out = new Int32Array(count).fill(-1);
  lines.forEach((tokens, i) => {
    if (tokens !== undefined && i < count) out[i] = tokens;
  });
  return { lineTokens: out };
}
