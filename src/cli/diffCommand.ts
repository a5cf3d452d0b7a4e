import path from 'node:path';
import { DEFAULT_MODEL_ID } from '../core/catalog/catalog';
import { approxMark, isExact, type ModelInfo } from '../core/catalog/models';
import { SETTING_DEFAULTS } from '../core/catalog/settings';
import { formatInteger } from '../core/present/countFormat';
import type { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { IgnoreRules } from '../core/workspace/ignoreRules';
import { parseOptions, UsageError, type OptionSpec } from './args';
import { countFile, countText, decodeText, maxBytesOf, oneLine, tooLargeText, type FileOutcome } from './countFiles';
import { mdCode, mdText, modelLine } from './countOutput';
import { CatFileBatch, changesSince, git, GitError, type Change, type ChangeStatus } from './gitRepo';
import type { Io } from './io';
import { megabytes, outputFormat, resolveModel, wholeNumber } from './options';
import { defaultReservedOutput } from '../core/catalog/models';
import { usableWindowOf } from '../core/catalog/contextWindow';

export const DIFF_OPTIONS = {
  model: { kind: 'value', value: 'a model id; `tokenscope models` lists them' },
  format: { kind: 'value', value: 'table, json or markdown' },
  json: { kind: 'flag' },
  budget: { kind: 'value', value: 'a whole number of tokens' },
  exclude: { kind: 'list', value: 'a .gitignore-style pattern, such as *.min.js or dist/' },
  'max-size': { kind: 'value', value: 'a number of megabytes' },
} as const satisfies Record<string, OptionSpec>;

export const DIFF_USAGE = `  tokenscope diff <base-ref> [path…] [--model ID] [--format table|json|markdown] [--budget N]
                  [--exclude PATTERN…] [--max-size MB]
      Token counts of the files changed since a git ref (a branch, tag or commit), each at the
      ref and now, with the change (+/-) and the total: added, deleted and renamed files, and
      untracked files git does not ignore. Paths limit it to those files or folders.
      --format markdown is made for a pull-request comment. Runs git; in a folder that is not in
      a git repository, or with a ref git does not know, it says so and exits with code 2.
      --model ID         the model whose tokenizer is used (default ${DEFAULT_MODEL_ID})
      --format F         table (default), json, markdown; --json is --format json
      --budget N         exit with code 1 when a changed file has more than N tokens now
      --exclude PATTERN  leave out what matches, as a .gitignore line from the repository's top
      --max-size MB      do not read files over MB megabytes (default ${SETTING_DEFAULTS.maxFileSizeMB})`;

/** One changed file: its count at the base and now (undefined: absent there), or why it has none. */
interface DiffRow {
  readonly status: ChangeStatus;
  readonly file: string;
  readonly from?: string;
  readonly base?: number;
  readonly head?: number;
  /** Why a side has no count although the file is there (binary, too large, unreadable). */
  readonly note?: string;
  /** The note is a failure (unreadable, not countable), not a skip (binary, too large). */
  readonly failed?: boolean;
}

export async function diff(args: string[], io: Io, tokenizers: TokenizerRegistry, usage: () => string): Promise<number> {
  const { values, positionals, help } = parseOptions('diff', args, DIFF_OPTIONS);
  if (help) {
    io.out(usage());
    return 0;
  }
  const [ref, ...pathspecs] = positionals;
  if (ref === undefined) throw new UsageError('diff needs the git ref to compare with, such as main or HEAD~1', 'diff');
  if (ref.startsWith('-')) throw new UsageError(`diff needs a git ref first, got ${JSON.stringify(ref)}`, 'diff');
  const model = resolveModel(values.model ?? DEFAULT_MODEL_ID, 'diff');
  const format = outputFormat(values.format, values.json, 'diff', ['table', 'json', 'markdown']);
  const budget = values.budget === undefined ? undefined : wholeNumber('--budget', values.budget, 'a whole number of tokens', 'diff');
  const maxSizeMB = values['max-size'] === undefined ? SETTING_DEFAULTS.maxFileSizeMB : megabytes('--max-size', values['max-size'], 'diff');
  const cwd = io.cwd ?? process.cwd();

  const top = await repositoryTop(cwd);
  const commit = await resolveRef(ref, cwd);
  const exclude = IgnoreRules.create(values.exclude ?? [], io.platform === 'darwin' || io.platform === 'win32');
  const changes = (await changesSince(commit, pathspecs, cwd)).filter((c) => !exclude.ignores(c.path, c.path, false));
  const batch = new CatFileBatch(top);
  const rows: DiffRow[] = [];
  try {
    for (const change of changes) rows.push(await diffRow(change, commit, top, batch, maxSizeMB, model, tokenizers));
  } finally {
    batch.close();
  }
  rows.sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a)) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const totalBase = rows.reduce((sum, r) => sum + (r.base ?? 0), 0);
  const totalHead = rows.reduce((sum, r) => sum + (r.head ?? 0), 0);
  const over = rows.filter((r) => budget !== undefined && r.head !== undefined && r.head > budget);
  const failed = rows.filter((r) => r.failed).length;
  const render = { ref, commit, rows, totalBase, totalHead, budget, model };
  if (format === 'json') io.out(JSON.stringify(diffJson(render), null, 2));
  else if (format === 'markdown') diffMarkdown(render, io.out);
  else diffTable(render, io.out);
  if (failed > 0) io.err(`tokenscope: ${failed} changed file(s) not counted`);
  if (over.length > 0) io.err(`tokenscope: ${over.length} changed file(s) over the budget of ${formatInteger(budget!)} tokens`);
  return over.length > 0 || failed > 0 ? 1 : 0;
}

/** The repository's top folder; not being in one is a usage mistake (exit code 2), said plainly. */
async function repositoryTop(cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  } catch (err) {
    if (err instanceof GitError && err.code === 'ENOENT') throw new UsageError('diff runs git, which is not installed or not on the PATH; install git and try again', 'diff');
    throw new UsageError(`${cwd} is not inside a git repository: diff compares files with a git ref, so run it in a clone (or use count for plain folders)`, 'diff');
  }
}

async function resolveRef(ref: string, cwd: string): Promise<string> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd)).toString('utf8').trim();
  } catch {
    throw new UsageError(`git knows no commit "${ref}"; name a branch, tag or commit (in CI, fetch the base first: git fetch origin main, then diff origin/main)`, 'diff');
  }
}

async function diffRow(change: Change, commit: string, top: string, batch: CatFileBatch, maxSizeMB: number, model: ModelInfo, tokenizers: TokenizerRegistry): Promise<DiffRow> {
  const row = { status: change.status, file: change.path, ...(change.from ? { from: change.from } : {}) };
  const notes: string[] = [];
  let failed = false;
  const note = (side: string, outcome: Extract<FileOutcome, { error: string }>) => {
    notes.push(`${side}: ${outcome.error}`);
    failed ||= !outcome.skippable;
  };
  let base: number | undefined;
  if (change.status !== 'added') {
    const outcome = await baseOutcome(batch, `${commit}:${change.from ?? change.path}`, maxSizeMB, model, tokenizers);
    if (outcome && 'count' in outcome) base = outcome.count.tokens;
    else if (outcome) note('base', outcome);
  }
  let head: number | undefined;
  if (change.status !== 'deleted') {
    const outcome = countFile(path.join(top, change.path), change.path, maxSizeMB, model, tokenizers);
    if ('count' in outcome) head = outcome.count.tokens;
    else note('now', outcome);
  }
  return { ...row, base, head, ...(notes.length > 0 ? { note: notes.join('; '), failed } : {}) };
}

async function baseOutcome(batch: CatFileBatch, spec: string, maxSizeMB: number, model: ModelInfo, tokenizers: TokenizerRegistry): Promise<FileOutcome | undefined> {
  try {
    const blob = await batch.read(spec, maxBytesOf(maxSizeMB));
    if (!blob) return undefined;
    if (!blob.bytes) return { error: tooLargeText(blob.size, maxSizeMB), skippable: true };
    return { count: countText(spec, decodeText(blob.bytes), model, tokenizers) };
  } catch (err) {
    return { error: oneLine(err), skippable: (err as { skippable?: boolean }).skippable === true };
  }
}

const delta = (r: DiffRow) => (r.head ?? 0) - (r.base ?? 0);
const signed = (n: number) => (n > 0 ? `+${formatInteger(n)}` : n < 0 ? `−${formatInteger(-n)}` : '0');
const percent = (base: number, head: number) => (base > 0 ? ` (${head >= base ? '+' : '−'}${((Math.abs(head - base) / base) * 100).toFixed(1)}%)` : '');

interface DiffRender {
  readonly ref: string;
  readonly commit: string;
  readonly rows: readonly DiffRow[];
  readonly totalBase: number;
  readonly totalHead: number;
  readonly budget: number | undefined;
  readonly model: ModelInfo;
}

function statusText(r: DiffRow): string {
  return r.from ? `${r.status} from ${r.from}` : r.status;
}

function diffTable(d: DiffRender, out: (line: string) => void): void {
  const mark = approxMark(d.model);
  const num = (n: number | undefined) => (n === undefined ? '-' : mark + formatInteger(n));
  const width = Math.max(6, num(d.totalBase).length, num(d.totalHead).length, signed(d.totalHead - d.totalBase).length);
  out(`${'BASE'.padStart(width)}  ${'NOW'.padStart(width)}  ${'CHANGE'.padStart(width)}  FILE`);
  for (const r of d.rows) {
    const flag = d.budget !== undefined && r.head !== undefined && r.head > d.budget ? `  OVER BUDGET (${formatInteger(d.budget)})` : '';
    const note = r.note ? `  ${r.failed ? 'NOT COUNTED' : 'SKIPPED'}: ${r.note}` : '';
    out(`${num(r.base).padStart(width)}  ${num(r.head).padStart(width)}  ${signed(delta(r)).padStart(width)}  ${r.file}  (${statusText(r)})${flag}${note}`);
  }
  out(
    `${num(d.totalBase).padStart(width)}  ${num(d.totalHead).padStart(width)}  ${signed(d.totalHead - d.totalBase).padStart(width)}  total (${d.rows.length} changed file(s) since ${d.ref})`,
  );
  out(`(${diffModelLine(d.model)})`);
}

function diffMarkdown(d: DiffRender, out: (line: string) => void): void {
  const mark = approxMark(d.model);
  const num = (n: number | undefined) => (n === undefined ? '–' : mark + formatInteger(n));
  out(`#### Tokens: changes since ${mdCode(d.ref)} (${d.commit.slice(0, 12)})`);
  out('');
  if (d.rows.length === 0) {
    out('No changed files.');
  } else {
    out('| File | Base | Now | Change |');
    out('| :--- | ---: | ---: | ---: |');
    for (const r of d.rows) {
      const over = d.budget !== undefined && r.head !== undefined && r.head > d.budget ? ` **over budget (${formatInteger(d.budget)})**` : '';
      const note = r.note ? ` ${r.failed ? 'not counted' : 'skipped'}: ${mdText(r.note)}` : '';
      const status = r.status === 'modified' ? '' : ` _${mdText(statusText(r))}_`;
      out(`| ${mdCode(r.file)}${status}${over}${note} | ${num(r.base)} | ${num(r.head)} | ${signed(delta(r))}${percent(r.base ?? 0, r.head ?? 0)} |`);
    }
    out(
      `| **total** (${d.rows.length} file${d.rows.length === 1 ? '' : 's'}) | **${num(d.totalBase)}** | **${num(d.totalHead)}** | **${signed(d.totalHead - d.totalBase)}**${percent(d.totalBase, d.totalHead)} |`,
    );
  }
  out('');
  out(`_${mdText(diffModelLine(d.model))}_`);
}

function diffJson(d: DiffRender) {
  return {
    model: d.model.id,
    tokenizer: d.model.counting.tokenizer,
    exact: isExact(d.model),
    base: d.ref,
    baseCommit: d.commit,
    budget: d.budget ?? null,
    files: d.rows.map((r) => ({
      file: r.file,
      status: r.status,
      from: r.from ?? null,
      baseTokens: r.base ?? null,
      tokens: r.head ?? null,
      change: delta(r),
      overBudget: d.budget !== undefined && r.head !== undefined && r.head > d.budget,
      note: r.note ?? null,
      failed: r.failed ?? false,
    })),
    totalBaseTokens: d.totalBase,
    totalTokens: d.totalHead,
    change: d.totalHead - d.totalBase,
  };
}

function diffModelLine(model: ModelInfo): string {
  const reservedOutputTokens = defaultReservedOutput(model);
  return `Tokenscope · ${modelLine(model, { usableWindow: usableWindowOf(model, reservedOutputTokens), reservedOutputTokens })}`;
}
