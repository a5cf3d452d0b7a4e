/**
 * `tokenscope`: the extension's exact counts on the command line, for scripts and CI.
 *
 *   tokenscope count <files…|-> [--model ID] [--json] [--budget N] [--max-size MB]
 *   tokenscope models [--json]
 *
 * Exit codes: 0 ok; 1 a file is over --budget or could not be counted (the others still are);
 * 2 bad usage, found before any file is read.
 */
import { parseArgs } from 'node:util';
import { buildCatalog, DEFAULT_MODEL_ID } from '../core/catalog/catalog';
import { formatInteger, formatShare, formatWindow } from '../core/present/countFormat';
import { approxMark, defaultReservedOutput, errorLabel, isExact, type ModelInfo } from '../core/catalog/models';
import { usableWindowOf } from '../core/catalog/contextWindow';
import { inputCost, PRICE_DATA } from '../core/catalog/prices';
import { tokenizerLabel } from '../core/tokenizers/tokenizerIds';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { SETTING_DEFAULTS } from '../core/catalog/settings';
import { countText, decodeText, MAX_SIZE_MB, maxBytesOf, readTextFile, tooLargeStream, type DecodedText, type FileCount } from './countFiles';

const USAGE = `Usage:
  tokenscope count <file…|-> [--model ID] [--json] [--budget N] [--max-size MB]
      Token counts of files (- reads standard input) for a model (default ${DEFAULT_MODEL_ID});
      exact, or marked ≈ for models counted by approximation. Text as VS Code opens it: UTF-8,
      or UTF-8 / UTF-16 LE / UTF-16 BE by their byte order mark (not counted). A file that is
      not counted (missing, not a regular file, too large, binary, UTF-32, too long a run to
      tokenize) is reported in its row, and the others are counted.
      --budget N      exit with code 1 when any file has more than N tokens
      --max-size MB   do not read files (or standard input) over MB megabytes
                      (default ${SETTING_DEFAULTS.maxFileSizeMB}, as the extension's tokenscope.maxFileSizeMB; at most ${MAX_SIZE_MB})
      --json          one JSON document on standard output
  tokenscope models [--json]
      The catalog: id, provider, tokenizer, exact or ≈, context window, prices and their date.
Exit codes: 0 ok, 1 a file over --budget or not counted, 2 bad usage (nothing counted).`;

export class UsageError extends Error {}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Standard input, whole; may stop (and throw) past `maxSizeMB`, which count() checks anyway. */
  readStdin(maxSizeMB: number): Promise<Buffer>;
}

/**
 * Runs the CLI; returns the exit code (never calls process.exit, so it is testable).
 * `tokenizers` counts the files (cli.ts builds it over the bundle's files; tests share one).
 */
export async function runCli(argv: string[], io: Io, tokenizers: TokenizerRegistry): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'count':
        return await count(rest, io, tokenizers);
      case 'models':
        return models(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`tokenscope: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

/** A file that was not counted, and why (without its name). */
interface FileError {
  file: string;
  error: string;
}

async function count(args: string[], io: Io, tokenizers: TokenizerRegistry): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string' }, json: { type: 'boolean' }, budget: { type: 'string' }, 'max-size': { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('count needs at least one file (or - for standard input)');
  const modelId = values.model ?? DEFAULT_MODEL_ID;
  const model = buildCatalog().find(modelId);
  if (!model) throw new UsageError(`unknown model "${modelId}"; see \`tokenscope models\``);
  const budget = values.budget === undefined ? undefined : wholeNumber('--budget', values.budget, 'a whole number of tokens');
  const maxSizeMB = values['max-size'] === undefined ? SETTING_DEFAULTS.maxFileSizeMB : megabytes('--max-size', values['max-size']);

  // Every file gets a result, in the order given: one that cannot be read or counted (a FIFO, a
  // device, binary, a run the regex engine cannot take…) is reported and the others still counted.
  const results: Array<FileCount | FileError> = [];
  for (const file of positionals) {
    const name = file === '-' ? '<stdin>' : file;
    try {
      let text: DecodedText;
      if (file === '-') {
        const bytes = await io.readStdin(maxSizeMB);
        // Also checked here, whatever the Io did: the cap is this function's promise.
        if (bytes.length > maxBytesOf(maxSizeMB)) throw tooLargeStream(maxSizeMB);
        text = decodeText(bytes);
      } else text = readTextFile(file, maxSizeMB);
      results.push(countText(name, text, model, tokenizers));
    } catch (err) {
      // Never a stack trace for one file: its message is the row. NotCountedError is the
      // expected kind; anything else (the counter's "cannot be tokenized", a tokenizer that
      // fails to load) is reported the same way, the run goes on.
      // One line, so a message of several lines cannot break the table into rows of nothing.
      results.push({ file: name, error: (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ') });
    }
  }
  const counts = results.filter((r): r is FileCount => !('error' in r));
  const failed = results.length - counts.length;
  const isOver = (r: FileCount | FileError) => budget !== undefined && !('error' in r) && r.tokens > budget;
  const over = results.filter(isOver).length;
  const prices = model.prices;
  const total = counts.reduce((sum, c) => sum + c.tokens, 0);
  // The share is of the usable window, as in the status bar: the window less the output the
  // model's default keeps free (the CLI has no reservedOutputTokens of its own).
  const reservedOutputTokens = defaultReservedOutput(model);
  const usableWindow = usableWindowOf(model, reservedOutputTokens);

  if (values.json) {
    io.out(
      JSON.stringify(
        {
          model: model.id,
          tokenizer: model.counting.tokenizer,
          exact: isExact(model),
          approximation: model.counting.kind === 'approx' ? { factor: model.counting.factor, errorPct: model.counting.errorPct ?? null, method: model.counting.method } : null,
          contextWindow: model.contextWindow,
          reservedOutputTokens,
          usableWindow,
          budget: budget ?? null,
          maxSizeMB,
          pricesPerMillionTokens: prices ?? null,
          // A file not counted has `error` and `tokens: null`, so a sum over `tokens` stays a number.
          files: results.map((r) =>
            'error' in r ? { file: r.file, error: r.error, tokens: null } : { ...r, overBudget: isOver(r), inputCostUsd: prices ? inputCost(prices, r.tokens) : null },
          ),
          totalTokens: total,
          failedFiles: failed,
        },
        null,
        2,
      ),
    );
  } else {
    const width = Math.max(6, ...counts.map((c) => formatInteger(c.tokens).length), formatInteger(total).length);
    for (const r of results) {
      if ('error' in r) {
        io.out(`${'-'.padStart(width)}  ${'-'.padStart(6)}  ${r.file}  NOT COUNTED: ${r.error}`);
        continue;
      }
      const flag = isOver(r) ? `  OVER BUDGET (${formatInteger(budget!)})` : '';
      io.out(`${(approxMark(model) + formatInteger(r.tokens)).padStart(width)}  ${formatShare(r.tokens, usableWindow).padStart(6)}  ${r.file}${flag}`);
    }
    if (results.length > 1)
      io.out(
        `${(approxMark(model) + formatInteger(total)).padStart(width)}  ${formatShare(total, usableWindow).padStart(6)}  total${failed > 0 ? ` (${failed} not counted)` : ''}`,
      );
    const how = model.counting.kind === 'exact' ? 'exact' : `approximate, ${errorLabel(model.counting)}`;
    const window =
      reservedOutputTokens > 0
        ? `% of its ${formatWindow(usableWindow)} usable window: ${formatWindow(model.contextWindow)} context window − ${formatWindow(reservedOutputTokens)} reserved for output`
        : `% of its ${formatWindow(model.contextWindow)} context window`;
    io.out(`(${model.id}, ${tokenizerLabel(model.counting.tokenizer)}, ${how}; ${window})`);
  }
  if (failed > 0) io.err(`tokenscope: ${failed} of ${results.length} file(s) not counted`);
  if (over > 0) io.err(`tokenscope: ${over} file(s) over the budget of ${formatInteger(budget!)} tokens`);
  return over > 0 || failed > 0 ? 1 : 0;
}

/**
 * Numbers on the command line are digits only: `Number()` would take '' as 0, '1e300',
 * ' 12', '0x10' and 'Infinity', and parseInt would take '12abc' as 12; each of those is a
 * typo, and a budget silently read as 0 or as infinity is a CI check that lies.
 */
function wholeNumber(option: string, text: string, what: string): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`${option} needs ${what} (digits only), got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new UsageError(`${option} ${text} is too large`);
  return value;
}

/** A size in MB: digits with an optional decimal part (0.5), above 0 and at most MAX_SIZE_MB. */
function megabytes(option: string, text: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw new UsageError(`${option} needs a number of megabytes such as 100 or 0.5, got ${JSON.stringify(text)}`);
  const value = Number(text);
  // Under one byte (0 included) only empty files could be counted: surely a mistake.
  if (maxBytesOf(value) < 1 || value > MAX_SIZE_MB) throw new UsageError(`${option} must be at least one byte and at most ${MAX_SIZE_MB} MB, got ${text}`);
  return value;
}

function models(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const catalog = buildCatalog().models;
  if (values.json) {
    const rows = catalog.map((m) => ({
      id: m.id,
      name: m.displayName,
      provider: m.provider,
      tokenizer: m.counting.tokenizer,
      exact: isExact(m),
      approximation:
        m.counting.kind === 'approx' ? { factor: m.counting.factor, errorPct: m.counting.errorPct ?? null, measured: m.counting.measured, method: m.counting.method } : null,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens ?? null,
      pricesPerMillionTokens: m.prices ?? null,
    }));
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  const width = (f: (m: ModelInfo) => string, title: string) => Math.max(title.length, ...catalog.map((m) => f(m).length));
  const tokenizer = (m: ModelInfo) => tokenizerLabel(m.counting.tokenizer).replace(' (tokenizer.json)', '');
  const exact = (m: ModelInfo) => (m.counting.kind === 'exact' ? 'exact' : `≈ ${errorLabel(m.counting)}`);
  const cols = { id: width((m) => m.id, 'MODEL'), provider: width((m) => m.provider, 'PROVIDER'), tokenizer: width(tokenizer, 'TOKENIZER'), exact: width(exact, 'COUNT') };
  const usd = (n: number | undefined) => (n === undefined ? '-' : `$${n}`).padStart(8);
  io.out(
    `${'MODEL'.padEnd(cols.id)}  ${'PROVIDER'.padEnd(cols.provider)}  ${'TOKENIZER'.padEnd(cols.tokenizer)}  ${'COUNT'.padEnd(cols.exact)}  ${'WINDOW'.padStart(9)}  ${'IN $/1M'.padStart(8)}  ${'OUT $/1M'.padStart(8)}`,
  );
  for (const m of catalog) {
    io.out(
      `${m.id.padEnd(cols.id)}  ${m.provider.padEnd(cols.provider)}  ${tokenizer(m).padEnd(cols.tokenizer)}  ${exact(m).padEnd(cols.exact)}  ${formatInteger(m.contextWindow).padStart(9)}  ${usd(m.prices?.input)}  ${usd(m.prices?.output)}`,
    );
  }
  io.out(
    `${catalog.length} models. Prices: ${PRICE_DATA.package} ${PRICE_DATA.version}, published ${PRICE_DATA.published} ("-": not priced there). ≈: approximate counts, see docs/ACCURACY.md.`,
  );
  return 0;
}
