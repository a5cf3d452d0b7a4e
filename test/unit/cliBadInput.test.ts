/**
 * The built `tokenscope` (dist/cli.js) as a process, given what a probe gave it: a FIFO, devices,
 * a socket, missing, oversized, binary and UTF-32 files, a run too long for V8's regex
 * engine, mixed with good files in UTF-8 (with and without a BOM) and UTF-16 with a BOM. Each bad
 * one must be reported in its row (and with `error` in --json), the good ones counted, no stack
 * trace, exit code 1; nothing may block or read without end, so every run has a timeout and a
 * regression fails instead of hanging the suite.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { SETTING_DEFAULTS } from '../../src/core/catalog/settings';

const bin = path.resolve(__dirname, '../../../dist/cli.js');
/** Far above a run's real time (~1-3 s here), far below a hang. */
const TIMEOUT_MS = 30_000;

function run(args: string[], stdin?: number): SpawnSyncReturns<string> {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: TIMEOUT_MS, stdio: [stdin ?? 'ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  assert.equal(result.error, undefined, `tokenscope ${args.join(' ')} did not finish: ${result.error?.message}`);
  return result;
}

interface JsonFile {
  file: string;
  tokens: number | null;
  error?: string;
  encoding?: string;
  bytes?: number;
}

/**
 * A run of one CJK character with no break is one pre-tokenizer piece; V8's regex backtracking
 * stack overflows on it (the RangeError pieceCounter.ts turns into a message) from about
 * 2^22 = 4,194,304 characters on (4,194,200 counted, 4,194,304 failed, Node 20, x64). 4.3 M
 * characters (12.9 MB) is just past that, and fails within half a second.
 */
const UNCOUNTABLE_CHARS = 4_300_000;

describe('command line under bad input (the built binary)', function () {
  this.timeout(4 * TIMEOUT_MS);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-bad-input-'));
  const at = (name: string) => path.join(dir, name);
  const write = (name: string, content: string | Buffer) => (writeFileSync(at(name), content), at(name));
  /** A file of `size` bytes that takes no disk (a hole, all NUL). */
  const sparse = (name: string, size: number) => (writeFileSync(at(name), ''), truncateSync(at(name), size), at(name));

  // Non-ASCII and an astral character, so surrogate pairs are decoded too.
  const sample = 'Réponds brièvement: 東京の天気は? 🙂 naïve café\n';
  const utf16le = (text: string) => Buffer.from(text, 'utf16le');
  let enc: Tiktoken;
  let expected: number;
  let socket: net.Server;

  const good = () => ({
    'plain.md': write('plain.md', sample),
    'utf8-bom.md': write('utf8-bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])),
    'utf16le.md': write('utf16le.md', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(sample)])),
    'utf16be.md': write('utf16be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le(sample).swap16()])),
  });
  const goodEncodings: Record<string, string> = { 'plain.md': 'utf-8', 'utf8-bom.md': 'utf-8 with BOM', 'utf16le.md': 'utf-16le', 'utf16be.md': 'utf-16be' };

  /** Each bad input, and the reason its row must give (after `NOT COUNTED: `). */
  const bad = (): Array<[string, string, RegExp]> => {
    const fifo = at('fifo');
    execFileSync('mkfifo', [fifo]);
    return [
      ['a FIFO (it would block forever)', fifo, /^it is a FIFO, not a regular file$/],
      ['/dev/zero (it never ends)', '/dev/zero', /^it is a device, not a regular file$/],
      ['/dev/null', '/dev/null', /^it is a device, not a regular file$/],
      ['a socket', at('socket'), /^it is a socket, not a regular file$/],
      ['a missing file', at('missing.md'), /^no such file$/],
      ['a file over --max-size', sparse('huge.md', 16 * 1024 * 1024 + 1), /^it is 16,777,217 bytes \(16\.0 MB\), over the --max-size of 16 MB$/],
      ['a binary file', write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), /^binary \(NUL byte found\)$/],
      [
        'UTF-32 LE',
        write('utf32le.md', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x68, 0x00, 0x00, 0x00, 0x69, 0x00, 0x00, 0x00])),
        /^UTF-32 LE \(by its byte order mark\), an encoding VS Code does not open$/,
      ],
      [
        'UTF-32 BE',
        write('utf32be.md', Buffer.from([0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x68])),
        /^UTF-32 BE \(by its byte order mark\), an encoding VS Code does not open$/,
      ],
      ['a run too long for the regex engine', write('uncountable.md', '中'.repeat(UNCOUNTABLE_CHARS)), /too long to tokenize/],
    ];
  };
  let goodFiles: Record<string, string>;
  let badFiles: Array<[string, string, RegExp]>;

  before(async () => {
    enc = get_encoding('o200k_base');
    expected = enc.encode_ordinary(sample).length;
    socket = net.createServer();
    await new Promise<void>((resolve) => socket.listen(at('socket'), resolve));
    goodFiles = good();
    badFiles = bad();
  });
  after(() => {
    enc.free();
    socket.close();
    rmSync(dir, { recursive: true, force: true }); // 13 MB of 中 each run
  });

  /** Good and bad files interleaved, so a failure cannot stop the files after it unnoticed. */
  const mixed = () => badFiles.flatMap(([, file], i) => [file, Object.values(goodFiles)[i % 4]]);

  it('reports each bad input in its row, counts the good files (UTF-16 and BOMs as VS Code decodes them), exits 1', () => {
    const result = run(['count', '--max-size', '16', ...mixed()]);
    assert.equal(result.status, 1, result.stderr);
    assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at /, 'no stack trace');
    const rows = result.stdout.split('\n');
    for (const [what, file, reason] of badFiles) {
      const row = rows.find((r) => r.includes(`  ${file}  NOT COUNTED: `));
      assert.ok(row, `a row for ${what}\n${result.stdout}`);
      const m = /^\s+-\s+-\s+(.*?)  NOT COUNTED: (.*)$/.exec(row);
      assert.ok(m && m[1] === file, `${what}: ${row}`);
      assert.match(m[2], reason, what);
    }
    for (const [name, file] of Object.entries(goodFiles)) {
      const counted = rows.filter((r) => new RegExp(`^\\s+${expected}\\s+<0\\.1%\\s+${file.replace(/[.\\]/g, '\\$&')}$`).test(r));
      assert.ok(counted.length >= 2, `${name} counted as ${expected} tokens each time\n${result.stdout}`);
    }
    assert.match(result.stdout, new RegExp(`^\\s+${(expected * badFiles.length).toLocaleString('en-US')}\\s+\\S+\\s+total \\(${badFiles.length} not counted\\)$`, 'm'));
    assert.match(result.stderr, new RegExp(`^tokenscope: ${badFiles.length} of ${2 * badFiles.length} file\\(s\\) not counted$`, 'm'));
  });

  it('gives one valid JSON document with an error for each bad file and the count of each good one', () => {
    const files = mixed();
    const result = run(['count', '--json', '--max-size', '16', ...files]);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { files: JsonFile[]; totalTokens: number; failedFiles: number; maxSizeMB: number };
    assert.deepEqual(
      report.files.map((f) => f.file),
      files,
      'one entry per file, in order',
    );
    for (const [what, file, reason] of badFiles) {
      const entry = report.files.find((f) => f.file === file)!;
      assert.equal(entry.tokens, null, what);
      assert.match(entry.error ?? '(no error)', reason, what);
    }
    for (const [name, file] of Object.entries(goodFiles)) {
      for (const entry of report.files.filter((f) => f.file === file)) {
        assert.equal(entry.error, undefined, name);
        assert.equal(entry.tokens, expected, name);
        assert.equal(entry.encoding, goodEncodings[name], name);
        assert.equal(entry.bytes, Buffer.byteLength(sample), `${name}: bytes of the text as UTF-8, BOM not included`);
      }
    }
    assert.equal(report.failedFiles, badFiles.length);
    assert.equal(report.totalTokens, expected * badFiles.length);
    assert.equal(report.maxSizeMB, 16);
  });

  it('exits 0 when every file is counted, whatever its encoding', () => {
    const result = run(['count', '--json', ...Object.values(goodFiles)]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as { files: JsonFile[] }).files.map((f) => f.tokens),
      [expected, expected, expected, expected],
    );
  });

  it(`refuses a file over the default cap of ${SETTING_DEFAULTS.maxFileSizeMB} MB (the extension's tokenscope.maxFileSizeMB), which --help states`, () => {
    const huge = sparse('over-default.md', SETTING_DEFAULTS.maxFileSizeMB * 1024 * 1024 + 1);
    const result = run(['count', huge, goodFiles['plain.md']]);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      new RegExp(`over-default\\.md  NOT COUNTED: it is [\\d,]+ bytes \\(100\\.0 MB\\), over the --max-size of ${SETTING_DEFAULTS.maxFileSizeMB} MB$`, 'm'),
    );
    assert.match(result.stdout, new RegExp(`^\\s+${expected}\\s+\\S+\\s+.*plain\\.md$`, 'm'));
    assert.match(run(['--help']).stdout, new RegExp(`--max-size MB .*\\n.*\\(default ${SETTING_DEFAULTS.maxFileSizeMB}, as the extension's tokenscope\\.maxFileSizeMB`));
  });

  it('reads a file just within a small --max-size and refuses one just over it', () => {
    const limit = Math.floor(0.001 * 1024 * 1024); // 1,048 bytes
    const within = write('within.md', 'a'.repeat(limit));
    const over = write('over.md', 'a'.repeat(limit + 1));
    const result = run(['count', '--max-size', '0.001', within, over]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^\s+\d+\s+\S+\s+.*within\.md$/m);
    assert.match(result.stdout, /over\.md  NOT COUNTED: it is 1,049 bytes, over the --max-size of 0\.001 MB$/m);
  });

  it('stops reading an endless standard input (< /dev/zero) at --max-size and reports it', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const result = run(['count', '--json', '--max-size', '1', '-', goodFiles['plain.md']], zero);
      assert.equal(result.status, 1, result.stderr);
      const { files } = JSON.parse(result.stdout) as { files: JsonFile[] };
      assert.deepEqual(files[0], { file: '<stdin>', error: 'it is over the --max-size of 1 MB (reading stopped there)', tokens: null });
      assert.equal(files[1].tokens, expected);
    } finally {
      closeSync(zero);
    }
  });

  it('finds bad usage before opening any file (exit 2, even with a FIFO among the files)', () => {
    for (const args of [
      ['--budget', ''],
      ['--budget', '1e300'],
      ['--max-size', 'abc'],
    ]) {
      const result = run(['count', ...args, badFiles[0][1], '/dev/zero']);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^tokenscope: --(budget|max-size) needs .*\nRun `tokenscope count --help` for the usage\.\n$/);
      assert.equal(result.stdout, '');
    }
  });
});
