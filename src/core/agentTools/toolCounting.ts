/**
 * The counting behind every tool: a text, a file or a folder, for one or more models, within
 * the call's bounds. A folder is walked as the Tokens view walks it (core/workspace: git's
 * ignore rules, the exclude setting, links only inside, binary and oversized files skipped) and
 * its files are read and counted in batches, each batch once per tokenizer however many models
 * share it; a model's number is its tokenizer's count scaled as everywhere else (`modelTokens`,
 * summed per file as the Tokens view sums its rows).
 */
import { countedModel, countingTokenizer, fallbackTokenizer, modelTokens, needsScriptMix, type ModelInfo } from '../catalog/models';
import type { FileTokens } from '../workspace/fileTokens';
import { walkWorkspace, type WalkEntry } from '../workspace/workspaceWalker';
import { skipReasonText } from '../present/workspaceText';
import { formatInteger, formatMegabytes } from '../present/countFormat';
import type { TokenizerId } from '../tokenizers/tokenizerIds';
import type { ScriptMix } from '../text/scriptClasses';
import type { ToolSource } from './toolInput';
import { resolveToolPath } from './toolPaths';
import { ToolInputError, type ToolCancellation, type ToolHost, type ToolProgress } from './toolHost';

/** Why a folder count stopped before the end: a bound of ToolBounds, or the caller's cancellation. */
export type StopReason = 'files' | 'bytes' | 'time' | 'cancelled';

/** One model's count of the whole source. */
export interface ModelCount {
  /** The model as counted: its tokenizer file's `≈` fallback when the file could not be used. */
  readonly model: ModelInfo;
  tokens: number;
  /** Tokens by script class, summed over the files (for the error of an approximation calibrated per script). */
  mix: number[] | undefined;
}

export interface CountedFile {
  readonly shown: string;
  /** UTF-8 bytes of its text. */
  readonly bytes: number;
  /** Per model, in the order of `SourceCount.counts`. */
  readonly tokens: number[];
}

export interface SourceCount {
  readonly kind: 'file' | 'folder' | 'text' | 'selection';
  /** How results name it: the path from its workspace folder, `text`, `selection in …`. */
  readonly shown: string;
  readonly counts: ModelCount[];
  readonly files: CountedFile[];
  readonly skipped: Array<{ readonly shown: string; readonly reason: string }>;
  readonly failed: Array<{ readonly shown: string; readonly reason: string }>;
  readonly stopped?: StopReason;
  /** Lone surrogates of a text, counted as U+FFFD (what a UTF-8 file of the text holds). */
  readonly replaced?: number;
}

/** A batch holds at most this many files or bytes (one bigger file goes alone): the Tokens view's batches. */
const BATCH_FILES = 32;
const BATCH_BYTES = 1024 * 1024;
/** Batches counting at once: two keep both of a 2-core machine's counting helpers busy. */
const IN_FLIGHT = 2;

/** Counts `source` for `models`; throws ToolInputError for what cannot be counted at all. */
export async function countSource<C extends ToolCancellation>(
  source: ToolSource,
  models: readonly ModelInfo[],
  host: ToolHost<C>,
  token: C,
  progress?: ToolProgress,
): Promise<SourceCount> {
  const counter = new Counter(models, host, token);
  switch (source.kind) {
    case 'text':
      return counter.text('text', source.text, 'text');
    case 'selection': {
      const selection = host.selection?.();
      if (!selection) throw new ToolInputError('There is no active text editor whose selection could be counted.');
      return counter.text('selection', selection.text, selection.name);
    }
    case 'path': {
      const target = await resolveToolPath(source.path, host);
      if (target.kind === 'directory') return counter.folder(target.path, target.shown, progress);
      return counter.file(target.path, target.shown, target.size);
    }
  }
}

/** Models grouped by what counts them, so a batch is counted once per tokenizer. */
interface Plan {
  readonly tokenizer: TokenizerId;
  readonly fallback?: TokenizerId;
  readonly scripts: boolean;
  /** Indexes into the models. */
  readonly models: number[];
}

class Counter<C extends ToolCancellation> {
  private readonly plans: Plan[] = [];
  readonly counts: ModelCount[];

  constructor(
    private readonly models: readonly ModelInfo[],
    private readonly host: ToolHost<C>,
    private readonly token: C,
  ) {
    this.counts = models.map((model) => ({ model, tokens: 0, mix: undefined }));
    models.forEach((model, index) => {
      const tokenizer = countingTokenizer(model);
      const fallback = fallbackTokenizer(model);
      const plan = this.plans.find((p) => p.tokenizer === tokenizer && p.fallback === fallback);
      if (plan) {
        plan.models.push(index);
        if (needsScriptMix(model)) (plan as { scripts: boolean }).scripts = true;
      } else this.plans.push({ tokenizer, ...(fallback ? { fallback } : {}), scripts: needsScriptMix(model), models: [index] });
    });
  }

  async text(kind: 'text' | 'selection', text: string, shown: string): Promise<SourceCount> {
    const wellFormed = text.toWellFormed();
    let replaced = 0;
    for (let i = 0; i < text.length; i++) if (text[i] !== wellFormed[i]) replaced++;
    const bytes = new TextEncoder().encode(wellFormed);
    if (bytes.length > this.host.maxFileBytes) throw new ToolInputError(`The ${kind} is ${sizeText(bytes.length)}, over the size limit of ${sizeText(this.host.maxFileBytes)}.`);
    const [answer] = await this.countBatch([bytes]);
    if ('error' in answer) throw new ToolInputError(`The ${kind} could not be counted: ${answer.error}.`);
    if ('notCounted' in answer) throw new ToolInputError(`The ${kind} was not counted: ${answer.notCounted}.`);
    return { kind, shown, counts: this.counts, files: [], skipped: [], failed: [], ...(replaced > 0 ? { replaced } : {}) };
  }

  async file(path: string, shown: string, size: number): Promise<SourceCount> {
    if (size > this.host.maxFileBytes) throw new ToolInputError(`"${shown}" was not counted: it is ${sizeText(size)}, over the size limit of ${sizeText(this.host.maxFileBytes)}.`);
    let content: Uint8Array;
    try {
      content = await this.host.readFile(path, this.host.maxFileBytes);
    } catch (err) {
      throw new ToolInputError(`"${shown}" could not be read: ${messageOf(err)}.`);
    }
    const [answer] = await this.countBatch([content]);
    if ('error' in answer) throw new ToolInputError(`"${shown}" could not be counted: ${answer.error}.`);
    if ('notCounted' in answer) throw new ToolInputError(`"${shown}" was not counted: ${answer.notCounted}.`);
    return { kind: 'file', shown, counts: this.counts, files: [{ shown, bytes: answer.ok.bytes, tokens: answer.ok.tokens }], skipped: [], failed: [] };
  }

  async folder(path: string, shown: string, progress?: ToolProgress): Promise<SourceCount> {
    const { bounds } = this.host;
    const started = Date.now();
    const files: CountedFile[] = [];
    const skipped: SourceCount['skipped'] = [];
    const failed: SourceCount['failed'] = [];
    const named = (relative: string) => (shown === '.' ? relative : `${shown}/${relative}`);
    let stopped: StopReason | undefined;
    let found = 0;
    let bytes = 0;
    let batch: Array<Extract<WalkEntry, { kind: 'file' }>> = [];
    let batchBytes = 0;
    const inFlight: Array<Promise<void>> = [];
    const send = async () => {
      const entries = batch;
      batch = [];
      batchBytes = 0;
      if (entries.length === 0) return;
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      inFlight.push(this.countEntries(entries, named, files, skipped, failed).then(() => progress?.({ files: files.length + skipped.length + failed.length, found })));
    };
    const walk = walkWorkspace(this.host.fs, path, { maxBytes: this.host.maxFileBytes, exclude: this.host.exclude, ignoreCase: this.host.ignoreCase });
    for await (const entry of walk) {
      stopped = this.token.isCancellationRequested ? 'cancelled' : Date.now() - started > bounds.maxMs ? 'time' : undefined;
      if (stopped) break;
      if (entry.kind === 'skipped') {
        skipped.push({ shown: named(entry.relative), reason: skipReasonText(entry.reason) });
        continue;
      }
      if (found >= bounds.maxFiles) stopped = 'files';
      else if (bytes + entry.size > bounds.maxBytes) stopped = 'bytes';
      if (stopped) break;
      found++;
      bytes += entry.size;
      if (batch.length > 0 && batchBytes + entry.size > BATCH_BYTES) await send();
      batch.push(entry);
      batchBytes += entry.size;
      if (batch.length >= BATCH_FILES) await send();
    }
    // A walk stopped by a bound still counts what it took; a cancelled one stops here.
    if (stopped !== 'cancelled') await send();
    await Promise.all(inFlight);
    if (!stopped && this.token.isCancellationRequested) stopped = 'cancelled';
    const order = (a: { shown: string }, b: { shown: string }) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0);
    return { kind: 'folder', shown, counts: this.counts, files: files.sort(order), skipped, failed, ...(stopped ? { stopped } : {}) };
  }

  /** Reads and counts one batch of a folder, putting each file where it belongs. */
  private async countEntries(
    entries: ReadonlyArray<Extract<WalkEntry, { kind: 'file' }>>,
    named: (relative: string) => string,
    files: CountedFile[],
    skipped: SourceCount['skipped'],
    failed: SourceCount['failed'],
  ): Promise<void> {
    const contents: Uint8Array[] = [];
    const read: Array<Extract<WalkEntry, { kind: 'file' }>> = [];
    for (const entry of entries) {
      try {
        contents.push(await this.host.readFile(entry.path, this.host.maxFileBytes));
        read.push(entry);
      } catch (err) {
        failed.push({ shown: named(entry.relative), reason: `not read: ${messageOf(err)}` });
      }
    }
    if (read.length === 0 || this.token.isCancellationRequested) return;
    let answers: PerFile[];
    try {
      answers = await this.countBatch(contents);
    } catch (err) {
      if (this.token.isCancellationRequested) return;
      for (const entry of read) failed.push({ shown: named(entry.relative), reason: `not counted: ${messageOf(err)}` });
      return;
    }
    answers.forEach((answer, i) => {
      const shown = named(read[i].relative);
      if ('error' in answer) failed.push({ shown, reason: `not counted: ${answer.error}` });
      else if ('notCounted' in answer) (answer.skippable ? skipped : failed).push({ shown, reason: `not counted: ${answer.notCounted}` });
      else files.push({ shown, bytes: answer.ok.bytes, tokens: answer.ok.tokens });
    });
  }

  /**
   * Counts contents with every plan; per file, its bytes and tokens per model, or why it has
   * none. A file's tokens go into the totals only once every plan has counted it, so a file one
   * tokenizer refuses (a run too long for it) is left out of every model's total alike.
   */
  private async countBatch(contents: readonly Uint8Array[]): Promise<PerFile[]> {
    const n = this.models.length;
    const perFile: PerFile[] = contents.map(() => ({ ok: { tokens: new Array<number>(n).fill(0), mixes: new Array<ScriptMix | undefined>(n), bytes: 0 } }));
    for (const plan of this.plans) {
      const request = { tokenizer: plan.tokenizer, ...(plan.fallback ? { fallback: plan.fallback } : {}), files: contents, scriptMix: plan.scripts };
      const result = await this.host.countContents(request, this.token);
      result.files.forEach((answer, i) => {
        const file = perFile[i];
        if (!('ok' in file)) return;
        if ('error' in answer || 'notCounted' in answer) perFile[i] = answer;
        else this.add(plan, result.tokenizer, answer, file.ok);
      });
    }
    for (const file of perFile) {
      if (!('ok' in file)) continue;
      file.ok.tokens.forEach((tokens, index) => {
        const count = this.counts[index];
        count.tokens += tokens;
        const mix = file.ok.mixes[index];
        if (mix) count.mix = (count.mix ?? new Array<number>(mix.length).fill(0)).map((sum, k) => sum + mix[k]);
      });
    }
    return perFile;
  }

  private add(plan: Plan, counted: TokenizerId, answer: FileTokensCounted, file: Counted): void {
    file.bytes = answer.bytes;
    for (const index of plan.models) {
      // The model as counted: a tokenizer file that could not be loaded is its fallback's `≈`.
      const model = countedModel(this.models[index], counted);
      if (this.counts[index].model !== model) (this.counts[index] as { model: ModelInfo }).model = model;
      file.tokens[index] = modelTokens(model, answer.tokens, answer.scriptMix);
      file.mixes[index] = answer.scriptMix;
    }
  }
}

type FileTokensCounted = Extract<FileTokens, { tokens: number }>;
interface Counted {
  /** Per model. */
  readonly tokens: number[];
  readonly mixes: Array<ScriptMix | undefined>;
  bytes: number;
}
/** One file of a batch: its bytes and tokens per model, or why it has none. */
type PerFile = { readonly ok: Counted } | Exclude<FileTokens, FileTokensCounted> | { readonly error: string };

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
}

/** `1,234,567 bytes (1.2 MB)`. */
export function sizeText(bytes: number): string {
  return `${formatInteger(bytes)} bytes${bytes >= 1024 * 1024 ? ` (${formatMegabytes(bytes)})` : ''}`;
}
