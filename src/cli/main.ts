/**
 * `tokenscope`: the extension's exact counts on the command line, for scripts and CI.
 *
 *   tokenscope count <files…|-> [--model ID] [--json] [--budget N]
 *   tokenscope models [--json]
 *
 * Exit codes: 0 ok; 1 a file is over --budget (or could not be counted); 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { formatInteger, formatShare, formatWindow } from '../core/countFormat';
import { DEFAULT_MODEL_ID, findModel, MODELS } from '../core/models';
import { PRICE_DATA, pricesFor } from '../core/prices';
import { countText, decodeText, NotTextError, readTextFile, type FileCount } from './countFiles';

const USAGE = `Usage:
  tokenscope count <file…|-> [--model ID] [--json] [--budget N]
      Exact token counts of files (- reads standard input) for a model (default ${DEFAULT_MODEL_ID}).
      --budget N   exit with code 1 when any file has more than N tokens
      --json       one JSON document on standard output
  tokenscope models [--json]
      The models Tokenscope knows: id, provider, tokenizer, context window, prices.
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
  const model = findModel(modelId);
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
  const prices = pricesFor(model.id);
  const total = counts.reduce((sum, c) => sum + c.tokens, 0);

  if (values.json) {
    io.out(
      JSON.stringify(
        {
          model: model.id,
          tokenizer: model.encoding,
          exact: true,
          contextWindow: model.contextWindow,
          budget: budget ?? null,
          pricesPerMillionTokens: prices ?? null,
          files: counts.map((c) => ({
            ...c,
            overBudget: budget !== undefined && c.tokens > budget,
            inputCostUsd: prices ? (c.tokens * prices.input) / 1_000_000 : null,
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
      io.out(`${formatInteger(c.tokens).padStart(width)}  ${formatShare(c.tokens, model.contextWindow).padStart(6)}  ${c.file}${flag}`);
    }
    if (counts.length > 1) io.out(`${formatInteger(total).padStart(width)}  ${formatShare(total, model.contextWindow).padStart(6)}  total`);
    io.out(`(${model.id}, ${model.encoding}, exact; % of its ${formatWindow(model.contextWindow)} context window)`);
  }
  for (const p of problems) io.err(`tokenscope: ${p}`);
  if (over.length > 0) io.err(`tokenscope: ${over.length} file(s) over the budget of ${formatInteger(budget!)} tokens`);
  return over.length > 0 || problems.length > 0 ? 1 : 0;
}

function models(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  if (values.json) {
    const rows = MODELS.map((m) => ({
      id: m.id,
      name: m.displayName,
      provider: m.provider,
      tokenizer: m.encoding,
      exact: true,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      pricesPerMillionTokens: pricesFor(m.id) ?? null,
    }));
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  const idWidth = Math.max(...MODELS.map((m) => m.id.length));
  const usd = (n: number | undefined) => (n === undefined ? '-' : `$${n}`).padStart(8);
  io.out(`${'MODEL'.padEnd(idWidth)}  ${'PROVIDER'.padEnd(8)}  ${'TOKENIZER'.padEnd(11)}  EXACT  ${'WINDOW'.padStart(9)}  ${'IN $/1M'.padStart(8)}  ${'OUT $/1M'.padStart(8)}`);
  for (const m of MODELS) {
    const p = pricesFor(m.id);
    io.out(`${m.id.padEnd(idWidth)}  ${m.provider.padEnd(8)}  ${m.encoding.padEnd(11)}  yes    ${formatInteger(m.contextWindow).padStart(9)}  ${usd(p?.input)}  ${usd(p?.output)}`);
  }
  io.out(`Prices: ${PRICE_DATA.package} ${PRICE_DATA.version}, published ${PRICE_DATA.published} ("-": not priced there).`);
  return 0;
}

function isNodeError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}
