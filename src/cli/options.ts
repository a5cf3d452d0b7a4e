import { catalogModel, catalogModelIds } from '../core/catalog/catalog';
import type { ModelInfo } from '../core/catalog/models';
import { closest, UsageError } from './args';
import { MAX_SIZE_MB, maxBytesOf } from './countFiles';

/** The model `id` names, for `command`; an unknown id is bad usage, with the nearest id when it is a typo. */
export function resolveModel(id: string, command: string): ModelInfo {
  // One model resolved, not the whole catalog (catalogModel): most of a small file's count is start-up.
  const model = catalogModel(id);
  if (model) return model;
  const near = closest(id, catalogModelIds());
  throw new UsageError(`unknown model "${id}"${near ? `; did you mean ${near}?` : ''} (\`tokenscope models\` lists them)`, command);
}

/**
 * Numbers on the command line are digits only: `Number()` would take '' as 0, '1e300',
 * ' 12', '0x10' and 'Infinity', and parseInt would take '12abc' as 12; each of those is a
 * typo, and a budget silently read as 0 or as infinity is a CI check that lies.
 */
export function wholeNumber(option: string, text: string, what: string, command = 'count'): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`${option} needs ${what} (digits only), got ${JSON.stringify(text)}`, command);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new UsageError(`${option} ${text} is too large`, command);
  return value;
}

/** A size in MB: digits with an optional decimal part (0.5), above 0 and at most MAX_SIZE_MB. */
export function megabytes(option: string, text: string, command = 'count'): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw new UsageError(`${option} needs a number of megabytes such as 100 or 0.5, got ${JSON.stringify(text)}`, command);
  const value = Number(text);
  // Under one byte (0 included) only empty files could be counted: surely a mistake.
  if (maxBytesOf(value) < 1 || value > MAX_SIZE_MB) throw new UsageError(`${option} must be at least one byte and at most ${MAX_SIZE_MB} MB, got ${text}`, command);
  return value;
}

/** The output formats; `--json` is `--format json`. */
export const FORMATS = ['table', 'tree', 'json', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * `--format` and `--json` together: `--json` is short for `--format json`, so both may be given
 * only when they agree (a script that adds `--json` to `--format table` has a mistake to see).
 */
export function outputFormat(format: string | undefined, json: true | undefined, command: string, allowed: readonly Format[] = FORMATS): Format {
  if (format !== undefined && !(allowed as readonly string[]).includes(format)) {
    const near = closest(format, allowed);
    throw new UsageError(`--format takes ${allowed.join(', ')}, got ${JSON.stringify(format)}${near ? `; did you mean ${near}?` : ''}`, command);
  }
  if (json && format !== undefined && format !== 'json') throw new UsageError(`--json is --format json; it cannot go with --format ${format}`, command);
  return json ? 'json' : ((format as Format | undefined) ?? 'table');
}
