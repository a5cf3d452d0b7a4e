import { closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { DEFAULT_MODEL_ID } from '../core/catalog/catalog';
import { SETTING_DEFAULTS } from '../core/catalog/settings';
import { formatInteger } from '../core/present/countFormat';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { parseOptions, UsageError, type OptionSpec } from './args';
import { countFile, decodeText, MAX_SIZE_MB, maxBytesOf, oneLine, readTextFile, tooLargeStream, type FileOutcome } from './countFiles';
import { countStructured, mayBeStructured, structuredProblems, type StructuredCount } from './countStructured';
import { renderCount, sortRows, type CountRow } from './countOutput';
import { countInPool, defaultWorkers, MAX_WORKERS, POOL_MIN_BYTES } from './countPool';
import { resolveTargets, type CountJob } from './countTargets';
import type { Io } from './io';
import { megabytes, outputFormat, resolveModel, wholeNumber } from './options';

export const COUNT_OPTIONS = {
  model: { kind: 'value', value: 'a model id; `tokenscope models` lists them' },
  format: { kind: 'value', value: 'table, tree, json or markdown' },
  json: { kind: 'flag' },
  budget: { kind: 'value', value: 'a whole number of tokens' },
  'total-budget': { kind: 'value', value: 'a whole number of tokens' },
  top: { kind: 'value', value: 'a number of files' },
  exclude: { kind: 'list', value: 'a .gitignore-style pattern, such as *.min.js or dist/' },
  'max-size': { kind: 'value', value: 'a number of megabytes' },
  jobs: { kind: 'value', value: `a number of worker threads, 0 to ${MAX_WORKERS * 8}` },
} as const satisfies Record<string, OptionSpec>;

export const COUNT_USAGE = `  tokenscope count <file|folder|glob…|-> [--model ID] [--format table|tree|json|markdown] [--budget N]
                   [--total-budget N] [--top N] [--exclude PATTERN…] [--max-size MB] [--jobs N]
      Token counts of files (- reads standard input) for a model (default ${DEFAULT_MODEL_ID});
      exact, or marked ≈ for models counted by approximation. Text as VS Code opens it: UTF-8,
      or UTF-8 / UTF-16 LE / UTF-16 BE by their byte order mark (not counted). A folder (or a
      quoted glob such as 'prompts/**/*.md') is walked with its .gitignore files and
      .git/info/exclude; binary and too large files found there are listed as skipped. A file
      that is not counted (missing, not a regular file, too large, binary, UTF-32, too long a
      run to tokenize) is reported in its row, and the others are counted.
      A file named on its own that is a chat request (JSON shaped as an OpenAI Chat Completions,
      Responses or Anthropic Messages request, whatever its name) counts as the provider bills
      it, with a breakdown: messages, tools, framing, images. A .jsonl / .ndjson dataset counts
      per example (malformed lines fail the run); an .ipynb notebook per cell, outputs
      included. Their plain-text count is given beside (textTokens in --json).
      --model ID         the model whose tokenizer and context window are used (default ${DEFAULT_MODEL_ID})
      --format F         table (default), tree (folders with their totals), json, markdown
      --json             the same as --format json
      --budget N         exit with code 1 when any file (a request: its total; a dataset: any
                         example) has more than N tokens
      --total-budget N   exit with code 1 when all the files together have more than N tokens
      --top N            list the N files with the most tokens (a tree: N entries per folder)
      --exclude PATTERN  leave out what matches, written as a .gitignore line relative to the
                         folder walked (*.min.js, dist/, docs/**/*.pdf); may be given again
      --max-size MB      do not read files (or standard input) over MB megabytes
                         (default ${SETTING_DEFAULTS.maxFileSizeMB}, as the extension's tokenscope.maxFileSizeMB; at most ${MAX_SIZE_MB})
      --jobs N           worker threads counting (default: one per core, at most ${MAX_WORKERS}, and
                         none for less than ${POOL_MIN_BYTES / 1024 / 1024} MB); 0 counts in the main thread
      --                 every argument after it is a file, even one that starts with -
      Files named are listed in the order given; with a folder, a glob or --top, by tokens.`;

export async function count(args: string[], io: Io, tokenizers: TokenizerRegistry, usage: () => string): Promise<number> {
  const { values, positionals, help } = parseOptions('count', args, COUNT_OPTIONS);
  if (help) {
    io.out(usage());
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('count needs at least one file or folder (or - for standard input)', 'count');
  const model = resolveModel(values.model ?? DEFAULT_MODEL_ID, 'count');
  const format = outputFormat(values.format, values.json, 'count');
  const budget = values.budget === undefined ? undefined : wholeNumber('--budget', values.budget, 'a whole number of tokens');
  const totalBudget = values['total-budget'] === undefined ? undefined : wholeNumber('--total-budget', values['total-budget'], 'a whole number of tokens');
  const top = values.top === undefined ? undefined : wholeNumber('--top', values.top, 'a number of files');
  if (top === 0) throw new UsageError('--top needs at least 1 file, got 0', 'count');
  const jobs = values.jobs === undefined ? undefined : wholeNumber('--jobs', values.jobs, 'a number of worker threads');
  if (jobs !== undefined && jobs > MAX_WORKERS * 8) throw new UsageError(`--jobs takes at most ${MAX_WORKERS * 8} worker threads, got ${jobs}`, 'count');
  const maxSizeMB = values['max-size'] === undefined ? SETTING_DEFAULTS.maxFileSizeMB : megabytes('--max-size', values['max-size']);
  const exclude = values.exclude ?? [];
  if (exclude.some((p) => p.trim() === '')) throw new UsageError('--exclude needs a pattern, got an empty one', 'count');

  const targets = await resolveTargets(positionals, { maxSizeMB, exclude, ignoreCase: io.platform === 'darwin' || io.platform === 'win32' });
  // Every argument gets its rows in the order found; a file that cannot be read or counted (a
  // FIFO, a device, binary, a run the regex engine cannot take…) is reported and the others still counted.
  const rows: Array<CountRow | undefined> = targets.items.map((item) =>
    'error' in item ? { kind: 'failed', file: item.file, error: item.error } : 'reason' in item ? { kind: 'skipped', file: item.file, reason: item.reason } : undefined,
  );
  const jobsOf = targets.items.flatMap((item, index) => ('size' in item && item.file !== '-' ? [{ ...item, index }] : []));
  const rowOf = (job: CountJob, outcome: FileOutcome): CountRow => {
    if ('count' in outcome) return { kind: 'counted', count: outcome.count };
    // Found in a folder, a binary or too large file is not a failure: it is listed as skipped.
    return job.walked && outcome.skippable ? { kind: 'skipped', file: job.name, reason: outcome.error } : { kind: 'failed', file: job.name, error: outcome.error };
  };
  // Standard input, and a file named on its own that may be a request, a dataset or a notebook
  // (by its name), are counted here, with their breakdown; walked files are counted as text.
  const structured = (name: string, text: ReturnType<typeof decodeText>): FileOutcome => ({ count: countStructured(name, text, model, tokenizers, budget) });
  for (const [index, item] of targets.items.entries()) {
    if (!('size' in item) || item.file !== '-') continue;
    rows[index] = await countStdin(io, maxSizeMB, (text) => structured('<stdin>', text), item);
  }
  for (const job of jobsOf.filter((j) => !j.walked && mayBeStructured(j.name, fileHead(j.file)))) {
    let outcome: FileOutcome;
    try {
      outcome = structured(job.name, readTextFile(job.file, maxSizeMB));
    } catch (err) {
      outcome = { error: oneLine(err), skippable: false };
    }
    rows[job.index] = rowOf(job, outcome);
  }
  const asText = jobsOf.filter((j) => rows[j.index] === undefined);
  const bytes = asText.reduce((sum, j) => sum + j.size, 0);
  const workers = jobs ?? (bytes >= POOL_MIN_BYTES ? defaultWorkers() : 0);
  if (io.workerScript && workers > 0 && asText.length > 1) {
    await countInPool(asText, io.workerScript, workers, { modelId: model.id, maxSizeMB }, (index, outcome) => {
      rows[index] = rowOf(targets.items[index] as CountJob, outcome);
    });
  } else {
    for (const job of asText) rows[job.index] = rowOf(job, countFile(job.file, job.name, maxSizeMB, model, tokenizers));
  }

  const done = rows.map((r) => r!);
  const sorted = targets.walked || top !== undefined;
  const summary = renderCount({ model, rows: sorted ? sortRows(done) : done, budget, totalBudget, maxSizeMB, top, walked: targets.walked }, format, io.out);
  if (targets.walked && done.length === 0) io.err('tokenscope: no file to count: the folders and globs given hold none that the .gitignore rules and --exclude keep');
  if (summary.failed > 0) io.err(`tokenscope: ${summary.failed} of ${summary.counted + summary.failed} file(s) not counted`);
  if (summary.overFiles > 0) io.err(`tokenscope: ${summary.overFiles} file(s) over the budget of ${formatInteger(budget!)} tokens`);
  if (summary.overTotal) io.err(`tokenscope: ${formatInteger(summary.total)} tokens in all, over the total budget of ${formatInteger(totalBudget!)}`);
  // A dataset's malformed lines fail the run though the file was counted.
  const problems = done.flatMap((r) => (r.kind === 'counted' ? structuredProblems(r.count as StructuredCount) : []));
  for (const problem of problems) io.err(`tokenscope: ${problem}`);
  return summary.overFiles > 0 || summary.failed > 0 || summary.overTotal || problems.length > 0 ? 1 : 0;
}

/**
 * The first bytes of a regular file; none for anything else (a FIFO would block the open, a
 * device never ends) or a file that cannot be read: counting it then reports why.
 */
function fileHead(file: string): Uint8Array {
  let fd: number | undefined;
  try {
    if (!statSync(file).isFile()) return new Uint8Array(0);
    // Non-blocking, in case the file was swapped for a FIFO since the stat.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const head = new Uint8Array(64);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } catch {
    return new Uint8Array(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Standard input, read within --max-size and counted; a failure is its row. */
async function countStdin(io: Io, maxSizeMB: number, countIt: (text: ReturnType<typeof decodeText>) => FileOutcome, job: CountJob): Promise<CountRow> {
  try {
    const bytes = await io.readStdin(maxSizeMB);
    // Also checked here, whatever the Io did: the cap is this function's promise.
    if (bytes.length > maxBytesOf(maxSizeMB)) throw tooLargeStream(maxSizeMB);
    const outcome = countIt(decodeText(bytes));
    return 'count' in outcome ? { kind: 'counted', count: outcome.count } : { kind: 'failed', file: job.name, error: outcome.error };
  } catch (err) {
    // Never a stack trace for one file: its message is the row.
    return { kind: 'failed', file: job.name, error: oneLine(err) };
  }
}
