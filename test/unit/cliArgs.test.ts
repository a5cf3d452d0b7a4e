import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { closest, parseOptions, UsageError } from '../../src/cli/args';
import { runCli } from '../../src/cli/main';
import { tokenizers } from './support/tokenizers';

const root = path.resolve(__dirname, '../../..');
const version: string = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

interface Run {
  code: number;
  out: string;
  err: string;
  read: boolean;
}

async function cli(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let read = false;
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => ((read = true), Buffer.from('hello')) }, tokenizers);
  return { code, out: out.join('\n'), err: err.join('\n'), read };
}

describe('command line: its options and its messages for mistakes', () => {
  describe('--help and --version', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      it(`prints the whole usage, every command and option, for ${args.join(' ')}, with exit code 0`, async () => {
        const run = await cli(args);
        assert.equal(run.code, 0);
        assert.equal(run.err, '');
        assert.match(run.out, /^Usage:\n/);
        for (const text of [
          'tokenscope count',
          'tokenscope models',
          '--model ID',
          '--json',
          '--budget N',
          '--max-size MB',
          '--help',
          '--version',
          'Exit codes: 0 ok, 1 ',
          '2 bad usage',
        ]) {
          assert.ok(run.out.includes(text), `the usage names ${text}`);
        }
      });
    }

    for (const [args, command, other] of [
      [['count', '--help'], 'count', 'tokenscope models'],
      [['count', 'a.md', '-h', '--model', 'gpt-4o'], 'count', 'tokenscope models'],
      [['help', 'count'], 'count', 'tokenscope models'],
      [['models', '--help'], 'models', 'tokenscope count'],
    ] as const) {
      it(`prints ${command}'s usage alone for ${args.join(' ')}, reading nothing`, async () => {
        const run = await cli([...args]);
        assert.equal(run.code, 0, run.err);
        assert.match(run.out, new RegExp(`^Usage:\\n  tokenscope ${command} `));
        assert.ok(!run.out.includes(other), run.out);
        assert.equal(run.read, false);
      });
    }

    for (const flag of ['--version', '-V']) {
      it(`prints package.json's version (${version}) alone for ${flag}, with exit code 0`, async () => {
        const run = await cli([flag]);
        assert.deepEqual({ code: run.code, out: run.out, err: run.err }, { code: 0, out: version, err: '' });
      });
    }

    it('prints the version and the usage from the built binary too', () => {
      const bin = path.join(root, 'dist/cli.js');
      const shown = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
      assert.equal(shown.status, 0, shown.stderr);
      assert.equal(shown.stdout, `${version}\n`);
      const help = spawnSync(process.execPath, [bin, 'count', '--help'], { encoding: 'utf8' });
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, /^Usage:\n  tokenscope count /);
    });
  });

  describe('mistakes: one line that says what is wrong, a pointer to --help, exit code 2, nothing read', () => {
    for (const [mistake, args, message] of [
      [
        'an unknown option, with the one meant',
        ['count', '--modle', 'gpt-4o', '-'],
        'unknown option --modle for count; did you mean --model? (count takes --model, --format, --json, --budget, --total-budget, --top, --exclude, --max-size, --jobs)',
      ],
      [
        'an unknown option given with =',
        ['count', '--budgte=5', '-'],
        'unknown option --budgte for count; did you mean --budget? (count takes --model, --format, --json, --budget, --total-budget, --top, --exclude, --max-size, --jobs)',
      ],
      ['an unknown option of models', ['models', '--model', 'x'], 'unknown option --model for models (models takes --json)'],
      [
        'an unknown short option',
        ['count', '-x', '-'],
        'unknown option -x for count (count takes --model, --format, --json, --budget, --total-budget, --top, --exclude, --max-size, --jobs); a file whose name starts with - goes after --',
      ],
      ['an option before the command', ['--json', 'count', '-'], 'unknown option --json; options go after the command (count, diff, models or mcp)'],
      ['a missing value at the end', ['count', '-', '--model'], '--model needs a value (a model id; `tokenscope models` lists them)'],
      ['a missing value before another option', ['count', '--budget', '--json', '-'], '--budget needs a value (a whole number of tokens), got the option --json'],
      ['a value given to a flag', ['count', '--json=yes', '-'], '--json takes no value, got --json=yes'],
      ['an option given twice', ['count', '--model', 'gpt-4o', '--model', 'gpt-5', '-'], '--model is given twice'],
      ['a bad number', ['count', '--max-size', 'big', '-'], '--max-size needs a number of megabytes such as 100 or 0.5, got "big"'],
      ['an unknown model, with the one meant', ['count', '--model', 'gpt4o', '-'], 'unknown model "gpt4o"; did you mean gpt-4o? (`tokenscope models` lists them)'],
      ['an unknown command, with the one meant', ['modles'], 'unknown command "modles"; did you mean models? (the commands are count, diff, models and mcp)'],
      ['help about an unknown command', ['help', 'cont'], 'unknown command "cont"; did you mean count? (the commands are count, diff, models and mcp)'],
      ['an argument models does not take', ['models', 'gpt-4o'], 'models takes no arguments, got "gpt-4o"'],
    ] as const) {
      it(`for ${mistake}`, async () => {
        const run = await cli([...args]);
        assert.equal(run.code, 2, run.out);
        const [first, hint, ...rest] = run.err.split('\n');
        assert.ok(first.startsWith('tokenscope: ') && first.endsWith(message), first);
        const command = args[0] === 'count' || args[0] === 'models' ? `${args[0]} ` : '';
        assert.equal(hint, `Run \`tokenscope ${command}--help\` for the usage.`);
        assert.deepEqual(rest, []);
        assert.equal(run.out, '');
        assert.equal(run.read, false, 'standard input is not read after a usage mistake');
        // Never Node's own parser's words or codes.
        assert.doesNotMatch(run.err, /ERR_PARSE_ARGS|To specify a positional argument|TypeError/);
      });
    }

    it('gives the built binary the same message, on standard error, with exit code 2', () => {
      const run = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'count', '--modle', 'gpt-4o', '-'], { encoding: 'utf8', input: 'hello' });
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        'tokenscope: unknown option --modle for count; did you mean --model? (count takes --model, --format, --json, --budget, --total-budget, --top, --exclude, --max-size, --jobs)\nRun `tokenscope count --help` for the usage.\n',
      );
    });
  });

  describe('reading options', () => {
    const options = { model: { kind: 'value', value: 'a model id' }, json: { kind: 'flag' } } as const;

    it('takes --name value, --name=value, flags, - as a file, and everything after -- as files', () => {
      const parsed = parseOptions('count', ['a.md', '--model', 'gpt-4o', '-', '--json', '--', '--model', '-x'], options);
      assert.deepEqual(parsed, { values: { model: 'gpt-4o', json: true }, positionals: ['a.md', '-', '--model', '-x'], help: false });
      assert.deepEqual(parseOptions('count', ['--model=a=b', 'f'], options).values, { model: 'a=b' });
      assert.deepEqual(parseOptions('count', ['--model='], options).values, { model: '' }, 'an empty value is a value, judged by the option');
    });

    it('takes a value that starts with one dash (judged by the option, not taken for an option)', () => {
      assert.deepEqual(parseOptions('count', ['--model', '-5', 'f'], options).values, { model: '-5' });
    });

    it('throws a UsageError naming the command, so the hint points to its usage', () => {
      assert.throws(
        () => parseOptions('models', ['--frob'], options),
        (err: unknown) => err instanceof UsageError && err.command === 'models',
      );
    });

    it('finds the option or command meant only when it is a near typo', () => {
      assert.equal(closest('modle', ['model', 'json']), 'model');
      assert.equal(closest('max-szie', ['max-size', 'model']), 'max-size');
      assert.equal(closest('JSON', ['model', 'json']), 'json');
      assert.equal(closest('x', ['model', 'json']), undefined);
      assert.equal(closest('frobnicate', ['model', 'json', 'budget', 'max-size']), undefined);
    });
  });
});
