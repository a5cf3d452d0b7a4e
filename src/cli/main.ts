/**
 * `tokenscope`: the extension's exact counts on the command line, for scripts and CI.
 *
 *   tokenscope count <file|folder|glob…|-> [--model ID] [--format F] [--budget N] [--total-budget N] [--top N] [--exclude P] [--max-size MB] [--jobs N]
 *   tokenscope diff <base-ref> [path…] [--model ID] [--format F] [--budget N] [--exclude P] [--max-size MB]
 *   tokenscope models [--json]
 *   tokenscope mcp [--root DIR…] [--model ID] [--exclude P] [--max-size MB]
 *   tokenscope --help | --version
 *
 * Exit codes: 0 ok; 1 a file is over --budget, the files over --total-budget, or a file could
 * not be counted (the others still are); 2 bad usage, found before any file is read (for diff:
 * also a folder outside git, or a ref git does not know).
 */
import { buildCatalog } from '../core/catalog/catalog';
import { formatInteger } from '../core/present/countFormat';
import { errorLabel, isExact, type ModelInfo } from '../core/catalog/models';
import { PRICE_DATA } from '../core/catalog/prices';
import { tokenizerLabel } from '../core/tokenizers/tokenizerIds';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { ACCURACY_DOC_URL } from '../core/docs';
import { closest, parseOptions, UsageError, type OptionSpec } from './args';
import { CLI_VERSION } from './version';
import { count, COUNT_USAGE } from './countCommand';
import { approximationJson } from './countOutput';
import { diff, DIFF_USAGE } from './diffCommand';
import type { Io } from './io';
import { mcp, MCP_USAGE } from './mcp/mcpCommand';

export { UsageError } from './args';
export type { Io } from './io';

const MODELS_OPTIONS = { json: { kind: 'flag' } } as const satisfies Record<string, OptionSpec>;

const MODELS_USAGE = `  tokenscope models [--json]
      The catalog: id, provider, tokenizer, exact or ≈, context window, prices and their date.
      --json          one JSON document on standard output`;
const USAGE = `Usage:
${COUNT_USAGE}
${DIFF_USAGE}
${MODELS_USAGE}
${MCP_USAGE}
  tokenscope --help, -h       this text (tokenscope <command> --help: that command's)
  tokenscope --version, -V    the version
Exit codes: 0 ok, 1 a file over --budget, the total over --total-budget, or a file not counted,
2 bad usage (nothing counted; for diff also: not in a git repository, or an unknown ref).`;
const COMMANDS = ['count', 'diff', 'models', 'mcp', 'help'];

/** The usage of one command (`count --help`), or all of it. */
function usageOf(command?: string): string {
  if (command === 'count') return `Usage:\n${COUNT_USAGE}`;
  if (command === 'models') return `Usage:\n${MODELS_USAGE}`;
  if (command === 'diff') return `Usage:\n${DIFF_USAGE}`;
  if (command === 'mcp') return `Usage:\n${MCP_USAGE}`;
  return USAGE;
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
        return await count(rest, io, tokenizers, () => usageOf('count'));
      case 'diff':
        return await diff(rest, io, tokenizers, () => usageOf('diff'));
      case 'models':
        return models(rest, io);
      case 'mcp':
        return await mcp(rest, io, tokenizers, () => usageOf('mcp'));
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      case 'help':
        // `tokenscope help count`: that command's usage; an unknown one is a mistake like any other.
        if (rest.length > 0 && !['count', 'diff', 'models', 'mcp'].includes(rest[0])) throw unknownCommand(rest[0]);
        io.out(usageOf(rest[0]));
        return 0;
      case '--version':
      case '-V':
        io.out(CLI_VERSION);
        return 0;
      case undefined:
        throw new UsageError('no command given: count, diff, models or mcp');
      default:
        throw command.startsWith('-') ? new UsageError(`unknown option ${command}; options go after the command (count, diff, models or mcp)`) : unknownCommand(command);
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
  return new UsageError(`unknown command "${command}"${near ? `; did you mean ${near}?` : ''} (the commands are count, diff, models and mcp)`);
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
