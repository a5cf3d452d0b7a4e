/**
 * `tokenscope`: the extension's exact counts on the command line, for scripts and CI.
 *
 *   tokenscope count <files…|-> [--model ID] [--json] [--budget N] [--max-size MB]
 *   tokenscope models [--json]
 *   tokenscope --help | --version
 *
 * Exit codes: 0 ok; 1 a file is over --budget or could not be counted (the others still are);
 * 2 bad usage, found before any file is read.
 */
import { buildCatalog, catalogModel, catalogModelIds, DEFAULT_MODEL_ID } from '../core/catalog/catalog';
import { formatInteger, formatShare, formatWindow } from '../core/present/countFormat';
import { approxMark, defaultReservedOutput, errorLabel, isExact, type ApproximateCounting, type ModelInfo } from '../core/catalog/models';
import { usableWindowOf } from '../core/catalog/contextWindow';
import { inputCost, PRICE_DATA } from '../core/catalog/prices';
import { tokenizerLabel } from '../core/tokenizers/tokenizerIds';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { SETTING_DEFAULTS } from '../core/catalog/settings';
import { ACCURACY_DOC_URL } from '../core/docs';
import { closest, parseOptions, UsageError, type OptionSpec } from './args';
import { CLI_VERSION } from './version';
import { decodeText, MAX_SIZE_MB, maxBytesOf, readTextFile, tooLargeStream, type DecodedText } from './countFiles';
import { countStructured, isOverBudget, structuredKind, structuredLines, structuredProblems, type StructuredCount } from './countStructured';

export { UsageError } from './args';

const COUNT_OPTIONS = {
  model: { kind: 'value', value: 'a model id; `tokenscope models` lists them' },
  json: { kind: 'flag' },
  budget: { kind: 'value', value: 'a whole number of tokens' },
  'max-size': { kind: 'value', value: 'a number of megabytes' },
} as const satisfies Record<string, OptionSpec>;
const MODELS_OPTIONS = { json: { kind: 'flag' } } as const satisfies Record<string, OptionSpec>;

const COUNT_USAGE = `  tokenscope count <file…|-> [--model ID] [--json] [--budget N] [--max-size MB]
      Token counts of files (- reads standard input) for a model (default ${DEFAULT_MODEL_ID});
      exact, or marked ≈ for models counted by approximation. Text as VS Code opens it: UTF-8,
      or UTF-8 / UTF-16 LE / UTF-16 BE by their byte order mark (not counted). A file that is
      not counted (missing, not a regular file, too large, binary, UTF-32, too long a run to
      tokenize) is reported in its row, and the others are counted.
      A chat request (JSON shaped as an OpenAI Chat Completions, Responses or Anthropic Messages
      request, whatever its name) counts as the provider bills it, with a breakdown: messages,
      tools, framing, images. A .jsonl / .ndjson dataset counts per example (malformed lines
      fail the run); an .ipynb notebook per cell, outputs included. Their plain-text count is
      given beside (textTokens in --json).
      --model ID      the model whose tokenizer and context window are used (default ${DEFAULT_MODEL_ID})
      --budget N      exit with code 1 when any file (a request: its total; a dataset: any
                      example) has more than N tokens
      --max-size MB   do not read files (or standard input) over MB megabytes
                      (default ${SETTING_DEFAULTS.maxFileSizeMB}, as the extension's tokenscope.maxFileSizeMB; at most ${MAX_SIZE_MB})
      --json          one JSON document on standard output
      --              every argument after it is a file, even one that starts with -`;
const MODELS_USAGE = `  tokenscope models [--json]
      The catalog: id, provider, tokenizer, exact or ≈, context window, prices and their date.
      --json          one JSON document on standard output`;
const USAGE = `Usage:
${COUNT_USAGE}
${MODELS_USAGE}
  tokenscope --help, -h       this text (tokenscope <command> --help: that command's)
  tokenscope --version, -V    the version
Exit codes: 0 ok, 1 a file over --budget or not counted, 2 bad usage (nothing counted).`;
const COMMANDS = ['count', 'models', 'help'];

/** The usage of one command (`count --help`), or all of it. */
function usageOf(command?: string): string {
  if (command === 'count') return `Usage:\n${COUNT_USAGE}`;
  if (command === 'models') return `Usage:\n${MODELS_USAGE}`;
  return USAGE;
}

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
        io.out(USAGE);
        return 0;
      case 'help':
        // `tokenscope help count`: that command's usage; an unknown one is a mistake like any other.
        if (rest.length > 0 && !['count', 'models'].includes(rest[0])) throw unknownCommand(rest[0]);
        io.out(usageOf(rest[0]));
        return 0;
      case '--version':
      case '-V':
        io.out(CLI_VERSION);
        return 0;
      case undefined:
        throw new UsageError('no command given: count or models');
      default:
        throw command.startsWith('-') ? new UsageError(`unknown option ${command}; options go after the command (count or models)`) : unknownCommand(command);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      // The mistake and where to read more, not the whole usage: the message is what matters.
      io.err(`tokenscope: ${err.message}`);
      io.err(`Run \`tokenscope ${err.command ? `${err.command} ` : ''}--help\` for the usage.`);
      return 2;
    }
    throw err;
  }
}

function unknownCommand(command: string): UsageError {
  const near = closest(command, COMMANDS);
  return new UsageError(`unknown command "${command}"${near ? `; did you mean ${near}?` : ''} (the commands are count and models)`);
}

/** A file that was not counted, and why (without its name). */
interface FileError {
  file: string;
  error: string;
}

async function count(args: string[], io: Io, tokenizers: TokenizerRegistry): Promise<number> {
  const { values, positionals, help } = parseOptions('count', args, COUNT_OPTIONS);
  if (help) {
    io.out(usageOf('count'));
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('count needs at least one file (or - for standard input)', 'count');
  const modelId = values.model ?? DEFAULT_MODEL_ID;
  // One model resolved, not the whole catalog (catalogModel): most of a small file's count is start-up.
  const model = catalogModel(modelId);
  if (!model) {
    const near = closest(modelId, catalogModelIds());
    throw new UsageError(`unknown model "${modelId}"${near ? `; did you mean ${near}?` : ''} (\`tokenscope models\` lists them)`, 'count');
  }
  const budget = values.budget === undefined ? undefined : wholeNumber('--budget', values.budget, 'a whole number of tokens');
  const maxSizeMB = values['max-size'] === undefined ? SETTING_DEFAULTS.maxFileSizeMB : megabytes('--max-size', values['max-size']);

  // Every file gets a result, in the order given: one that cannot be read or counted (a FIFO, a
  // device, binary, a run the regex engine cannot take…) is reported and the others still counted.
  const results: Array<StructuredCount | FileError> = [];
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
      results.push(countStructured(name, text, model, tokenizers, budget));
    } catch (err) {
      // Never a stack trace for one file: its message is the row. NotCountedError is the
      // expected kind; anything else (the counter's "cannot be tokenized", a tokenizer that
      // fails to load) is reported the same way, the run goes on.
      // One line, so a message of several lines cannot break the table into rows of nothing.
      results.push({ file: name, error: (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ') });
    }
  }
  const counts = results.filter((r): r is StructuredCount => !('error' in r));
  const failed = results.length - counts.length;
  const isOver = (r: StructuredCount | FileError) => !('error' in r) && isOverBudget(r, budget);
  const problems = counts.flatMap(structuredProblems);
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
          approximation: model.counting.kind === 'approx' ? approximationJson(model.counting) : null,
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
      io.out(`${(approxMark(model) + formatInteger(r.tokens)).padStart(width)}  ${formatShare(r.tokens, usableWindow).padStart(6)}  ${r.file}${structuredKind(r)}${flag}`);
      for (const line of structuredLines(r, budget)) io.out(line);
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
  for (const problem of problems) io.err(`tokenscope: ${problem}`);
  return over > 0 || failed > 0 || problems.length > 0 ? 1 : 0;
}

/**
 * Numbers on the command line are digits only: `Number()` would take '' as 0, '1e300',
 * ' 12', '0x10' and 'Infinity', and parseInt would take '12abc' as 12; each of those is a
 * typo, and a budget silently read as 0 or as infinity is a CI check that lies.
 */
function wholeNumber(option: string, text: string, what: string): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`${option} needs ${what} (digits only), got ${JSON.stringify(text)}`, 'count');
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new UsageError(`${option} ${text} is too large`, 'count');
  return value;
}

/** A size in MB: digits with an optional decimal part (0.5), above 0 and at most MAX_SIZE_MB. */
function megabytes(option: string, text: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw new UsageError(`${option} needs a number of megabytes such as 100 or 0.5, got ${JSON.stringify(text)}`, 'count');
  const value = Number(text);
  // Under one byte (0 included) only empty files could be counted: surely a mistake.
  if (maxBytesOf(value) < 1 || value > MAX_SIZE_MB) throw new UsageError(`${option} must be at least one byte and at most ${MAX_SIZE_MB} MB, got ${text}`, 'count');
  return value;
}

function models(args: string[], io: Io): number {
  const { values, positionals, help } = parseOptions('models', args, MODELS_OPTIONS);
  if (help) {
    io.out(usageOf('models'));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`models takes no arguments, got ${JSON.stringify(positionals[0])}`, 'models');
  const catalog = buildCatalog().models;
  if (values.json) {
    const rows = catalog.map((m) => ({
      id: m.id,
      name: m.displayName,
      provider: m.provider,
      tokenizer: m.counting.tokenizer,
      exact: isExact(m),
      approximation: m.counting.kind === 'approx' ? approximationJson(m.counting) : null,
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
    `${catalog.length} models. Prices: ${PRICE_DATA.package} ${PRICE_DATA.version}, published ${PRICE_DATA.published} ("-": not priced there). ≈: approximate counts, how they are measured: ${ACCURACY_DOC_URL}`,
  );
  return 0;
}

/** An approximation in the JSON output: its Latin factor and bound, and the factor and bound (null: unknown) per script. */
function approximationJson(c: ApproximateCounting) {
  return {
    factor: c.factor,
    errorPct: c.errorPct ?? null,
    measured: c.measured,
    scripts: (c.scripts ?? []).map((s) => ({ script: s.script, factor: s.factor, errorPct: s.errorPct ?? null })),
    method: c.method,
  };
}
