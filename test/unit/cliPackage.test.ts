/**
 * The npm package of the command line (dist-cli/, assembled by esbuild.mjs) as someone who never
 * cloned the repository gets it: `npm pack`, `npm install <tgz>` into an empty folder with
 * `--offline` and an empty npm cache (the package must need nothing from the registry: every
 * dependency is bundled into dist/cli.js or carried beside it), then `npx tokenscope`. The
 * folder is outside the repository, so nothing can be resolved from the repo's node_modules or
 * dist/ by accident.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { get_encoding } from 'tiktoken';
import { BUNDLED_TOKENIZERS } from '../../src/core/tokenizers/huggingface/bundledTokenizers';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { ENCODING_NAMES } from '../../src/core/tokenizers/tiktoken/encodings';
import { RANK_FILE_EXTENSION } from '../../src/core/tokenizers/tiktoken/rankTable';
import { runCli } from '../../src/cli/main';
import { tokenizers as registry } from './support/tokenizers';
import { VARIED_CORPUS } from '../corpus/variedCorpus';
import { bundledJson, referenceIdsOfAll, referenceTokenizer } from './support/hfReference';

const repoRoot = path.resolve(__dirname, '../../..');
const packageDir = path.join(repoRoot, 'dist-cli');

/**
 * The environment for the nested npm and the CLI it starts. Under `npm test` the parent npm
 * exports npm_config_* and npm_package_* variables, which a nested npm takes as its own
 * configuration (that broke the code-server install): npm_config_local_prefix, the repository,
 * would even make `npm install <tgz>` install into the repository instead of the empty folder;
 * npm_config_cache would share the machine's cache. It also puts the repo's node_modules/.bin
 * first on PATH, and NODE_PATH or NODE_OPTIONS could make the installed CLI load code from the
 * repo. All of that is removed: the nested npm sees only the machine's npmrc and our flags.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|init_cwd$|node_path$|node_options$)/i.test(name)) continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '' && !path.resolve(dir).startsWith(repoRoot + path.sep))
    .join(path.delimiter);
  return env;
}

/** Runs a command; throws with everything it printed when it does not exit 0. */
function mustRun(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${cwd} ${result.error ? `could not run: ${result.error.message}` : `exited with ${result.status ?? result.signal}`}\n` +
        `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result;
}

interface PackedFile {
  path: string;
  size: number;
}

interface Report {
  model: string;
  tokenizer: string;
  exact: boolean;
  files: Array<{ file: string; tokens: number }>;
  totalTokens: number;
  failedFiles: number;
}

/** One model of each tokenizer the package carries a file for: each encoding, each bundled tokenizer. */
function modelOf(tokenizer: string): string {
  const model = buildCatalog().models.find((m) => m.counting.tokenizer === tokenizer && m.counting.kind === 'exact');
  assert.ok(model, `no exact catalog model counts with ${tokenizer}`);
  return model.id;
}

// Files hold UTF-8: lone surrogates are stored (and read back) as U+FFFD; a leading U+FEFF is a
// byte order mark, which the CLI does not count as text (as in cli.test.ts).
const corpusTexts = VARIED_CORPUS.map((entry) => entry.text.toWellFormed().replace(/^\uFEFF/, ''));

describe('command line package (npm pack, offline install, npx tokenscope)', function () {
  // npm pack of ~13 MB and an install take a few seconds; on a loaded 2-core box much more.
  this.timeout(300_000);

  let work: string;
  let app: string;
  let cache: string;
  let packed: { filename: string; size: number; unpackedSize: number; files: PackedFile[] };
  const corpusFiles = VARIED_CORPUS.map((_, i) => path.join('texts', `corpus-${i}.txt`));

  /** `npx tokenscope …` in the install folder; returns the result whatever its exit code. */
  function npx(args: string[]): SpawnSyncReturns<string> {
    // --no: never fetch a `tokenscope` from the registry if the local one were missing.
    return spawnSync('npx', ['--offline', '--no', '--cache', cache, 'tokenscope', ...args], { cwd: app, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  }

  function npxJson(args: string[]): Report {
    const run = npx(args);
    assert.equal(run.status, 0, `npx tokenscope ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
    return JSON.parse(run.stdout) as Report;
  }

  before(() => {
    assert.ok(existsSync(path.join(packageDir, 'package.json')), `${packageDir} is missing: build it with \`node esbuild.mjs\``);
    work = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-clipack-'));
    app = path.join(work, 'app');
    // An empty cache of our own: the install cannot take anything from one the machine filled.
    cache = path.join(work, 'npm-cache');
    mkdirSync(app);

    const pack = mustRun('npm', ['pack', '--json', '--pack-destination', work, packageDir], work);
    [packed] = JSON.parse(pack.stdout);
    mustRun('npm', ['install', '--offline', '--no-audit', '--no-fund', '--cache', cache, path.join(work, packed.filename)], app);

    mkdirSync(path.join(app, 'texts'));
    VARIED_CORPUS.forEach((entry, i) => writeFileSync(path.join(app, corpusFiles[i]), entry.text));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs exactly what dist/cli.js reads at run time, with its README, licence and notices', () => {
    const files = packed.files.map((f) => f.path).sort();
    // The bundle finds the rank files and tokenizer files beside it (__dirname/encoders,
    // __dirname/tokenizers); it needs no tiktoken WASM (the CLI counts, and never asks for token ids).
    const expected = [
      'package.json',
      'README.md',
      'LICENSE',
      'THIRD_PARTY_NOTICES.md',
      'NOTICE',
      // Licence texts that must travel with a bundled file (Llama 3.1's agreement).
      ...BUNDLED_TOKENIZERS.flatMap(({ licenceText }) => (licenceText ? [licenceText] : [])),
      'dist/cli.js',
      // The MCP SDK, loaded by `tokenscope mcp` only.
      'dist/mcpSdk.js',
      ...ENCODING_NAMES.map((name) => `dist/encoders/${name}${RANK_FILE_EXTENSION}`),
      ...BUNDLED_TOKENIZERS.map(({ name }) => `dist/tokenizers/${name}.json.gz`),
      // Licence comments of bundled code, written by esbuild beside the minified bundle if any.
      ...['dist/cli.js.LEGAL.txt', 'dist/mcpSdk.js.LEGAL.txt'].filter((legal) => files.includes(legal)),
    ].sort();
    // Named first, so a failure says what does not belong rather than only that the lists differ.
    const forbidden = [
      [/\.tsx?$/, 'TypeScript source'],
      [/^(src|test|out|bench|scripts|docs|media|node_modules)\//, 'a folder of the repository'],
      [/\.vsix$|\.tgz$/, 'a package'],
      [/\.map$/, 'a source map'],
      [/(^|\/)(extension|worker)\.js$|(^|\/)webview\//, 'a file of the extension only'],
      [/tiktoken_bg\.wasm$/, 'the WASM the CLI never loads'],
    ] as const;
    for (const file of files) {
      for (const [pattern, what] of forbidden) assert.doesNotMatch(file, pattern, `${file} is ${what}`);
    }
    assert.deepEqual(files, expected);

    const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules/tokenscope/package.json'), 'utf8'));
    const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'tokenscope');
    assert.equal(manifest.version, root.version, 'the package has the version of the repository');
    assert.deepEqual(manifest.bin, { tokenscope: 'dist/cli.js' });
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'scripts', 'contributes', 'main', 'activationEvents', 'private']) {
      assert.equal(manifest[field], undefined, `the CLI package has no "${field}"`);
    }
    assert.equal(manifest.engines.vscode, undefined);
    assert.match(readFileSync(path.join(app, 'node_modules/tokenscope/THIRD_PARTY_NOTICES.md'), 'utf8'), /DeepSeek License Agreement/);
    const notice = readFileSync(path.join(app, 'node_modules/tokenscope/NOTICE'), 'utf8');
    assert.ok(notice.includes('Llama 3.1 is licensed under the Llama 3.1 Community License, Copyright © Meta Platforms, Inc. All Rights Reserved.'), notice);
    assert.match(notice, /Built with Llama/);
    assert.match(notice, /https:\/\/llama\.meta\.com\/llama3_1\/use-policy/);
    // The agreement itself, byte for byte (Llama 3.1 Community License, section 1.b.i).
    const llama = readFileSync(path.join(app, 'node_modules/tokenscope/LICENSES/llama3.1-LICENSE.txt'));
    assert.ok(llama.equals(readFileSync(path.join(repoRoot, 'LICENSES/llama3.1-LICENSE.txt'))));
    assert.match(llama.toString('utf8'), /^ LLAMA 3\.1 COMMUNITY LICENSE AGREEMENT\n/);
  });

  it('installs as the `tokenscope` command of the install folder, from the tarball', () => {
    assert.equal(realpathSync(path.join(app, 'node_modules/.bin/tokenscope')), realpathSync(path.join(app, 'node_modules/tokenscope/dist/cli.js')));
    const help = npx(['--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage:/);
    // Every option the usage names is documented in the package's README.
    const readme = readFileSync(path.join(app, 'node_modules/tokenscope/README.md'), 'utf8');
    const options = [...new Set(help.stdout.match(/--[a-z-]+/g))];
    assert.ok(options.length >= 3, help.stdout);
    for (const option of options) assert.ok(readme.includes(`\`${option}`), `README.md documents ${option}`);
    assert.match(readme, /## Exit codes/);
    const version = npx(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout, `${JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version}\n`, 'the version of the repository');
  });

  it('counts like tiktoken (o200k_base, the default model), as text and as JSON', () => {
    const enc = get_encoding('o200k_base');
    try {
      const report = npxJson(['count', '--json', ...corpusFiles]);
      assert.equal(report.tokenizer, 'o200k_base');
      assert.equal(report.exact, true);
      assert.equal(report.failedFiles, 0);
      VARIED_CORPUS.forEach((entry, i) => assert.equal(report.files[i].tokens, enc.encode_ordinary(corpusTexts[i]).length, entry.name));

      const plain = npx(['count', corpusFiles[0]]);
      assert.equal(plain.status, 0, plain.stderr);
      const expected = enc.encode_ordinary(corpusTexts[0]).length;
      assert.match(plain.stdout, new RegExp(`^\\s*${expected}\\s+\\S+\\s+${corpusFiles[0].replace('.', '\\.')}$`, 'm'));
      assert.match(plain.stdout, /\(gpt-4o, o200k_base, exact; % of its 112k usable window: 128k context window − 16k reserved for output\)/);
    } finally {
      enc.free();
    }
  });

  it('counts the bundled Qwen3 tokenizer exactly as the Rust tokenizers library does', async () => {
    const report = npxJson(['count', '--json', '--model', 'qwen3-32b', ...corpusFiles]);
    assert.equal(report.tokenizer, 'hf:qwen3');
    assert.equal(report.exact, true);
    const expected = await referenceIdsOfAll(referenceTokenizer(bundledJson('qwen3')), corpusTexts);
    VARIED_CORPUS.forEach((entry, i) => assert.equal(report.files[i].tokens, expected[i].length, entry.name));
  });

  it('loads every other encoding and bundled tokenizer from the package, with the counts of the unpacked CLI', async () => {
    // o200k_base and qwen3 have their own tests above.
    const tokenizers = [...ENCODING_NAMES, ...BUNDLED_TOKENIZERS.map(({ name }) => `hf:${name}`)].filter((t) => t !== 'o200k_base' && t !== 'hf:qwen3');
    for (const tokenizer of tokenizers) {
      const model = modelOf(tokenizer);
      const installed = npxJson(['count', '--json', '--model', model, ...corpusFiles]);
      const out: string[] = [];
      const code = await runCli(
        ['count', '--json', '--model', model, ...corpusFiles.map((f) => path.join(app, f))],
        { out: (l) => out.push(l), err: () => {}, readStdin: async () => Buffer.alloc(0) },
        registry,
      );
      assert.equal(code, 0);
      const source = JSON.parse(out.join('\n')) as Report;
      // The same report but for the file names (relative there, absolute here).
      const named = (r: Report) => ({ ...r, files: r.files.map((f) => ({ ...f, file: path.basename(f.file) })) });
      assert.deepEqual(named(installed), named(source), `${model} (${tokenizer})`);
    }
  });

  it('lists the catalog with its prices, which the bundle carries', () => {
    const run = npx(['models', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const models = JSON.parse(run.stdout) as Array<{ id: string; pricesPerMillionTokens: { input: number } | null }>;
    assert.equal(models.length, buildCatalog().models.length);
    assert.ok(models.find((m) => m.id === 'gpt-4o')!.pricesPerMillionTokens!.input > 0);
    assert.equal(npx(['count', '--model', 'gpt-9', corpusFiles[0]]).status, 2);
  });

  it('walks a folder with its .gitignore and counts it on worker threads, with nothing installed beside it (ignore is bundled)', () => {
    writeFileSync(path.join(app, 'texts', '.gitignore'), 'corpus-0.txt\n');
    const inline = npxJson(['count', 'texts', '--json', '--jobs', '0']);
    const pooled = npxJson(['count', 'texts', '--json', '--jobs', '2']);
    assert.ok(!inline.files.some((f) => f.file.endsWith('corpus-0.txt')), 'the .gitignore left corpus-0.txt out');
    const skipped = (inline as Report & { skippedFiles: number }).skippedFiles;
    assert.equal(inline.files.length + skipped, corpusFiles.length, 'the other texts and the .gitignore itself, counted or skipped');
    assert.deepEqual(pooled, inline);
  });
});
