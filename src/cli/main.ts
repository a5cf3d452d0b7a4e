/**
 * `tokenscope`: the extension's exact counts on the command line, for scripts and CI.
 *
 *   tokenscope count <files…|-> [--model ID] [--json] [--budget N]
 *   tokenscope models [--json]
 *
 * Exit codes: 0 ok; 1 a file is over --budget (or could not be counted); 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { buildCatalog, DEFAULT_MODEL_ID } from '../core/catalog';
import { formatInteger, formatShare, formatWindow } from '../core/countFormat';
import { approxMark, errorLabel, isExact, type ModelInfo } from '../core/models';
import { inputCost, PRICE_DATA } from '../core/prices';
import { tokenizerLabel } from '../core/tokenizerIds';
import { countText, decodeText, NotTextError, readTextFile, type FileCount } from './countFiles';

const USAGE = `Usage:
  tokenscope count <file…|-> [--model ID] [--json] [--budget N]
      Token counts of files (- reads standard input) for a model (default ${DEFAULT_MODEL_ID});
      exact, or marked ≈ for models counted by approximation.
      --budget N   exit with code 1 when any file has more than N tokens
      --json       one JSON document on standard output
  tokenscope models [--json]
      The catalog: id, provider, tokenizer, exact or ≈, context window, prices and their date.
Exit codes: 0 ok, 1 over budget or a file not counted, 2 bad usage.`;

export class UsageError extends Error {}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<Buffer>;
}

/** Runs the CLI; returns the exit code (never calls process.exit, so it is testable). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'count':
        return await count(rest, io);
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

async function count(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { model: { type: 'string' }, json: { type: 'boolean' }, budget: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('count needs at least one file (or - for standard input)');
  const modelId = values.model ?? DEFAULT_MODEL_ID;
  const model = buildCatalog().find(modelId);
  if (!model) throw new UsageError(`unknown model "${modelId}"; see \`tokenscope models\``);
  let budget: number | undefined;
  if (values.budget !== undefined) {
    budget = Number(values.budget);
    if (!Number.isInteger(budget) || budget < 0) throw new UsageError(`--budget needs a whole number of tokens, got "${values.budget}"`);
  }

  const counts: FileCount[] = [];
  const problems: string[] = [];
  for (const file of positionals) {
    try {
      const text = file === '-' ? decodeText('<stdin>', await io.readStdin()) : await readTextFile(file);
      counts.push(countText(file === '-' ? '<stdin>' : file, text, model));
    } catch (err) {
      if (err instanceof NotTextError) problems.push(err.message);
      else if (isNodeError(err) && (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES')) problems.push(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : 'permission denied'}`);
      else throw err;
    }
  }
  const over = budget === undefined ? [] : counts.filter((c) => c.tokens > budget!);
  const prices = model.prices;
  const total = counts.reduce((sum, c) => sum + c.tokens, 0);

  if (values.json) {
    io.out(
      JSON.stringify(
        {
          model: model.id,
          tokenizer: model.counting.tokenizer,
          exact: isExact(model),
          approximation: model.counting.kind === 'approx' ? { factor: model.counting.factor, errorPct: model.counting.errorPct ?? null, method: model.counting.method } : null,
          contextWindow: model.contextWindow,
          budget: budget ?? null,
          pricesPerMillionTokens: prices ?? null,
          files: counts.map((c) => ({
            ...c,
            overBudget: budget !== undefined && c.tokens > budget,
            inputCostUsd: prices ? inputCost(prices, c.tokens) : null,
          })),
          totalTokens: total,
          errors: problems,
        },
        null,
        2,
      ),
    );
  } else {
    const width = Math.max(6, ...counts.map((c) => formatInteger(c.tokens).length), formatInteger(total).length);
    for (const c of counts) {
      const flag = budget !== undefined && c.tokens > budget ? `  OVER BUDGET (${formatInteger(budget)})` : '';
      io.out(`${(approxMark(model) + formatInteger(c.tokens)).padStart(width)}  ${formatShare(c.tokens, model.contextWindow).padStart(6)}  ${c.file}${flag}`);
    }
    if (counts.length > 1) io.out(`${(approxMark(model) + formatInteger(total)).padStart(width)}  ${formatShare(total, model.contextWindow).padStart(6)}  total`);
    const how = model.counting.kind === 'exact' ? 'exact' : `approximate, ${errorLabel(model.counting)}`;
    io.out(`(${model.id}, ${tokenizerLabel(model.counting.tokenizer)}, ${how}; % of its ${formatWindow(model.contextWindow)} context window)`);
  }
  for (const p of problems) io.err(`tokenscope: ${p}`);
  if (over.length > 0) io.err(`tokenscope: ${over.length} file(s) over the budget of ${formatInteger(budget!)} tokens`);
  return over.length > 0 || problems.length > 0 ? 1 : 0;
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
      approximation: m.counting.kind === 'approx' ? { factor: m.counting.factor, errorPct: m.counting.errorPct ?? null, measured: m.counting.measured, method: m.counting.method } : null,
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
  io.out(`${'MODEL'.padEnd(cols.id)}  ${'PROVIDER'.padEnd(cols.provider)}  ${'TOKENIZER'.padEnd(cols.tokenizer)}  ${'COUNT'.padEnd(cols.exact)}  ${'WINDOW'.padStart(9)}  ${'IN $/1M'.padStart(8)}  ${'OUT $/1M'.padStart(8)}`);
  for (const m of catalog) {
    io.out(`${m.id.padEnd(cols.id)}  ${m.provider.padEnd(cols.provider)}  ${tokenizer(m).padEnd(cols.tokenizer)}  ${exact(m).padEnd(cols.exact)}  ${formatInteger(m.contextWindow).padStart(9)}  ${usd(m.prices?.input)}  ${usd(m.prices?.output)}`);
  }
  io.out(`${catalog.length} models. Prices: ${PRICE_DATA.package} ${PRICE_DATA.version}, published ${PRICE_DATA.published} ("-": not priced there). ≈: approximate counts, see docs/ACCURACY.md.`);
  return 0;
}

function isNodeError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}
