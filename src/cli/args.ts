/**
 * The command line's own reading of its options, so that every mistake gets a message that
 * says what was wrong and what would be right, rather than Node's `parseArgs` wording
 * ("Unknown option '--modle'. To specify a positional argument starting with a '-', place it
 * at the end of the command after '--', as in '-- \"--modle\"") and its stack of error codes.
 *
 * What it accepts: `--name value`, `--name=value`, flags without a value, `-h` for `--help`,
 * `-` as a file (standard input), and `--` after which everything is a file.
 */
import { closest } from '../core/text/closestWord';

export { closest };

/** A usage mistake: exit code 2, nothing read. `command` picks the usage the hint points to. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** An option of a command: a flag (`--json`) or one that takes a value (`--model ID`). */
export interface OptionSpec {
  /** `list`: a value that may be given more than once (`--exclude a --exclude b`), kept in order. */
  readonly kind: 'flag' | 'value' | 'list';
  /** What the value is, for the message when it is missing: `a model id`. */
  readonly value?: string;
}

export type OptionValues<O extends Record<string, OptionSpec>> = { [K in keyof O]?: O[K]['kind'] extends 'value' ? string : O[K]['kind'] extends 'list' ? string[] : true };

export interface ParsedArgs<O extends Record<string, OptionSpec>> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
  /** `--help` or `-h` was among the options: the caller prints the usage instead. */
  readonly help: boolean;
}

/**
 * Reads `args` (after the command's name) against `options`. Throws a UsageError for an
 * unknown option (naming the nearest known one), an option without its value, a value given
 * to a flag, and an option given twice (which would silently drop one in a CI script).
 */
export function parseOptions<O extends Record<string, OptionSpec>>(command: string, args: readonly string[], options: O): ParsedArgs<O> {
  const values: Record<string, string | string[] | true> = {};
  const positionals: string[] = [];
  let help = false;
  const names = Object.keys(options);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg);
    const spec = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!spec) throw new UsageError(unknownOption(command, arg, name, names), command);
    if (Object.hasOwn(values, name) && spec.kind !== 'list') throw new UsageError(`--${name} is given twice`, command);
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value, got --${name}=${inline}`, command);
      values[name] = true;
      continue;
    }
    const set = (value: string) => {
      if (spec.kind === 'list') values[name] = [...((values[name] as string[] | undefined) ?? []), value];
      else values[name] = value;
    };
    if (inline !== undefined) {
      set(inline);
      continue;
    }
    const next = args[i + 1];
    // `--model --json`: the user forgot the value; taking `--json` as a model id would hide that.
    // A single dash may start a value (`--budget -5` is then refused as a number, saying so).
    if (next === undefined || next.startsWith('--'))
      throw new UsageError(`--${name} needs a value (${spec.value ?? 'a value'})${next === undefined ? '' : `, got the option ${next}`}`, command);
    set(next);
    i++;
  }
  return { values: values as OptionValues<O>, positionals, help };
}

/** `--model=gpt-4o` → ['model', 'gpt-4o']; `--json` → ['json', undefined]; `-x` → ['x', undefined]. */
function splitOption(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

function unknownOption(command: string, arg: string, name: string, names: readonly string[]): string {
  const shown = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
  const near = closest(name, names);
  const known = names.length > 0 ? names.map((n) => `--${n}`).join(', ') : 'no options';
  // `-notes.md`: a file whose name starts with a dash goes after `--`.
  const file = !arg.startsWith('--') && !near ? `; a file whose name starts with - goes after --` : '';
  return `unknown option ${shown} for ${command}${near ? `; did you mean --${near}?` : ''} (${command} takes ${known})${file}`;
}
