// One build script for every target (extension host, tokenizer worker, CLI/tests later).
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --production  minified, no sourcemaps (what a VSIX ships)
//   node esbuild.mjs --tests       also the test bundles in out/test (unit, integration, installed VSIX)
//   node esbuild.mjs --bench       also the benchmarks in out/bench
// Every build but --watch also assembles dist-cli/, the npm package of the command line (see
// assembleCliPackage below).
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rename, stat, writeFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { extractMessages } from './scripts/l10nMessages.mjs';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const bench = process.argv.includes('--bench');

/** Shared by every Node target. */
const nodeOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'linked',
  // jsonc-parser's `main` is a UMD build whose factory requires './impl/…' at run time, which a
  // bundle cannot resolve ("Cannot find module './impl/format'"): bundle its ES module build.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

/**
 * A module of src/ loaded here, at build time, so that lists the code keeps (encodings,
 * bundled tokenizers, catalog entries) have one source.
 */
async function importTs(entry) {
  const { outputFiles } = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

/**
 * tiktoken's CommonJS entry reads `tiktoken_bg.wasm` from next to the bundle that requires it.
 * The fast counter (src/core/tokenizers/tokenizerFiles.ts) reads each encoding's rank table from
 * `encoders/<name>.ranks` beside it: OpenAI's published ranks (tiktoken's `encoders/<name>.json`),
 * written here in the binary form of src/core/tokenizers/tiktoken/rankTable.ts, so a process reads
 * it in one go instead of decoding ~200k base64 strings at its first count.
 */
const { ENCODING_NAMES } = await importTs('src/core/tokenizers/tiktoken/encodings.ts');
const { RankTable, RANK_FILE_EXTENSION } = await importTs('src/core/tokenizers/tiktoken/rankTable.ts');
const rankFiles = ENCODING_NAMES.map((name) => `dist/encoders/${name}${RANK_FILE_EXTENSION}`);
const writeTiktokenFiles = {
  name: 'write-tiktoken-files',
  setup(build) {
    build.onEnd(async () => {
      const root = path.dirname(require.resolve('tiktoken'));
      await mkdir(path.join('dist', 'encoders'), { recursive: true });
      await copyFile(path.join(root, 'tiktoken_bg.wasm'), path.join('dist', 'tiktoken_bg.wasm'));
      // The JSON copies earlier builds wrote must not linger in dist/ and so in the VSIX.
      for (const file of await readdir(path.join('dist', 'encoders'))) if (file.endsWith('.json')) await rm(path.join('dist', 'encoders', file));
      for (const [i, name] of ENCODING_NAMES.entries()) {
        const { bpe_ranks } = JSON.parse(await readFile(path.join(root, 'encoders', `${name}.json`), 'utf8'));
        await writeFile(`${rankFiles[i]}.partial`, RankTable.fromCompact(bpe_ranks).toBinary());
        await rename(`${rankFiles[i]}.partial`, rankFiles[i]);
      }
    });
  },
};

/**
 * The Hugging Face tokenizer.json files the extension ships (src/core/tokenizers/huggingface/bundledTokenizers.ts,
 * loaded here through esbuild so the list has one source): each upstream file, verbatim,
 * gzipped at level 9 to `dist/tokenizers/<name>.json.gz`, where src/core/tokenizers/tokenizerFiles.ts reads
 * it (7-11 MB of JSON each, ~2 MB gzipped). Compressing all of them takes ~6 s, so a file
 * newer than its source is left as it is.
 */
const { BUNDLED_TOKENIZERS } = await importTs('src/core/tokenizers/huggingface/bundledTokenizers.ts');
const writeBundledTokenizers = {
  name: 'write-bundled-tokenizers',
  setup(build) {
    build.onEnd(async () => {
      const outDir = path.join('dist', 'tokenizers');
      await mkdir(outDir, { recursive: true });
      // A tokenizer no longer bundled (Gemma 3 was, briefly) must not linger in dist/ and so in the VSIX.
      const wanted = new Set(BUNDLED_TOKENIZERS.map(({ name }) => `${name}.json.gz`));
      for (const file of await readdir(outDir)) if (!wanted.has(file) && file.endsWith('.json.gz')) await rm(path.join(outDir, file));
      await Promise.all(
        BUNDLED_TOKENIZERS.map(async ({ name, npmPackage }) => {
          const source = require.resolve(`${npmPackage}/models/tokenizer.json`);
          const target = path.join(outDir, `${name}.json.gz`);
          const written = await stat(target).catch(() => undefined);
          if (written && written.mtimeMs >= (await stat(source)).mtimeMs) return;
          // Written aside and renamed: an interrupted build must not leave a newer, truncated file.
          await writeFile(`${target}.partial`, await promisify(gzip)(await readFile(source), { level: 9 }));
          await rename(`${target}.partial`, target);
        }),
      );
    });
  },
};

/**
 * The price data of the models the catalog lists (src/core/catalog/catalogEntries.ts), taken from the
 * installed @pydantic/genai-prices at build time: the extension and the CLI carry these few
 * kilobytes instead of the package's 480 KB, whose parsing cost 30-60 ms of the extension
 * host's time at activation. Upgrading the package and rebuilding updates them. src/core/catalog/prices.ts
 * reads them as TOKENSCOPE_PRICE_DATA; where that is not defined (tests) it uses the package.
 */
async function catalogPriceData() {
  const { CATALOG_ENTRIES } = await importTs('src/core/catalog/catalogEntries.ts');
  const { findProvider } = require('@pydantic/genai-prices');
  const providers = new Map();
  for (const {
    priced: [providerId, modelId],
  } of CATALOG_ENTRIES) {
    const provider = findProvider({ providerId });
    const model = provider?.models.find((m) => m.id === modelId);
    if (!model) continue; // the catalog's unit test names what no longer resolves
    if (!providers.has(providerId)) providers.set(providerId, { id: provider.id, name: provider.name, models: [] });
    providers.get(providerId).models.push({ id: model.id, name: model.name, context_window: model.context_window, deprecated: model.deprecated, prices: model.prices });
  }
  return [...providers.values()];
}
const priceDefine = { TOKENSCOPE_PRICE_DATA: JSON.stringify(await catalogPriceData()) };

/** package.json's version, which `tokenscope --version` prints (src/cli/version.ts). */
const versionDefine = { TOKENSCOPE_VERSION: JSON.stringify(JSON.parse(await readFile('package.json', 'utf8')).version) };

// The `tokenscope` command line (package.json `bin`), on the same core. Counting needs only the
// rank files and tokenizer files beside it (no WASM); the price data and the version are compiled in.
const cliTarget = {
  ...nodeOptions,
  entryPoints: { cli: 'src/cli/cli.ts' },
  outdir: 'dist',
  banner: { js: '#!/usr/bin/env node' },
  external: ['@pydantic/genai-prices'],
  define: { ...priceDefine, ...versionDefine },
  plugins: [separateMcpSdk()],
};
/**
 * The MCP SDK `tokenscope mcp` uses (src/cli/mcp/mcpSdk.ts) as a bundle of its own,
 * dist/mcpSdk.js: with zod and ajv it is as big as the rest of the CLI, and in dist/cli.js every
 * `count` would parse it at start-up. src/cli/mcp/loadMcpSdk.ts requires it when `mcp` starts.
 */
const mcpSdkTarget = { ...nodeOptions, entryPoints: { mcpSdk: 'src/cli/mcp/mcpSdk.ts' }, outdir: 'dist' };
/** Keeps loadMcpSdk.ts's `require('./mcpSdk')` a run-time require of the file beside the bundle. */
function separateMcpSdk() {
  return {
    name: 'separate-mcp-sdk',
    setup(build) {
      build.onResolve({ filter: /^\.\/mcpSdk$/ }, (args) => (args.importer.endsWith(path.join('mcp', 'loadMcpSdk.ts')) ? { path: './mcpSdk.js', external: true } : undefined));
    },
  };
}
/**
 * The language detector (eld's n-grams, ~1.3 MB of the ~1.7 MB the worker bundle was with it) as a
 * bundle of its own, dist/languageDetector.js: inside dist/worker.js every new worker (each
 * start, each restart, each counting helper) parsed it, though only the crosslingual premium rule
 * and the panel's languages use it. src/core/lint/premium/languageDetection.ts imports it on
 * first use; the worker's `import('eld/extrasmall')` becomes a run-time require of this file.
 */
const languageDetectorTarget = { ...nodeOptions, entryPoints: { languageDetector: 'eld/extrasmall' }, outdir: 'dist' };
function separateLanguageDetector() {
  return {
    name: 'separate-language-detector',
    setup(build) {
      build.onResolve({ filter: /^eld\/extrasmall$/ }, () => ({ path: './languageDetector.js', external: true }));
    },
  };
}
/**
 * The messages of the insight panel's script: the l10n.t calls in the modules its bundle
 * includes (scripts/l10nMessages.mjs finds them). The host sends the panel the translations of
 * these only, rather than the whole bundle (src/host/insight/panelPage.ts). Computed once per
 * build: in --watch, a message added to the panel reaches it after a restart of the watch.
 */
async function webviewMessages() {
  const { metafile } = await esbuild.build({ entryPoints: ['src/webview/panel/main.ts'], bundle: true, write: false, metafile: true, platform: 'browser', logLevel: 'silent' });
  const files = Object.keys(metafile.inputs)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.resolve(file));
  return [...extractMessages(process.cwd(), files).messages.keys()];
}
const webviewDefine = { TOKENSCOPE_WEBVIEW_MESSAGES: JSON.stringify(await webviewMessages()) };

const targets = [
  // The extension host: never tokenizes, so it must not pull in tiktoken; the price data is the
  // catalog's subset (the package itself is external and never loaded).
  { ...nodeOptions, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode', '@pydantic/genai-prices'], define: { ...priceDefine, ...webviewDefine } },
  // The tokenizer worker (worker_threads): tiktoken and @huggingface/tokenizers (ESM, turned
  // into CommonJS by esbuild) are bundled; tiktoken's WASM and the tokenizer files go beside it.
  { ...nodeOptions, entryPoints: { worker: 'src/worker/worker.ts' }, outdir: 'dist', plugins: [writeTiktokenFiles, writeBundledTokenizers, separateLanguageDetector()] },
  languageDetectorTarget,
  cliTarget,
  mcpSdkTarget,
  // The insight panel's webview: a browser script (one IIFE, loaded under the panel's CSP with a
  // nonce) and its stylesheet, both as dist/webview/insight.*.
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    entryPoints: [
      { in: 'src/webview/panel/main.ts', out: 'insight' },
      { in: 'src/webview/panel/insight.css', out: 'insight' },
    ],
    outdir: path.join('dist', 'webview'),
  },
];

/**
 * The npm package of the `tokenscope` command (`npm pack ./dist-cli`, or `npm run pack:cli`),
 * for people who never clone this repository: `npm install tokenscope-x.y.z.tgz`, then
 * `npx tokenscope count file.md`.
 *
 * Why a package folder of its own rather than a `files` list in the root package.json: the
 * root package.json is the VS Code extension's manifest. Packed as it is, it would carry the
 * extension's `contributes`, `main` and `engines.vscode` to npm, and make every installer
 * download its runtime `dependencies` (tiktoken, @huggingface/tokenizers, @pydantic/genai-prices),
 * which dist/cli.js already bundles or, for the prices, carries as build-time data, so the
 * install could not be offline. And @vscode/vsce (3.6.0) refuses to package an extension that has
 * both a .vscodeignore and a `files` property ("VSCE does not support combining both strategies"),
 * so a `files` list there would break `npm run vsix`.
 *
 * dist-cli/ holds exactly what dist/cli.js reads at run time, in the same layout as dist/ (so
 * THIRD_PARTY_NOTICES.md's paths hold for both): the bundle, which finds the others beside it
 * through __dirname, the tiktoken rank tables (dist/encoders/*.ranks, read by src/core/tokenizers/tokenizerFiles.ts) and
 * the gzipped Hugging Face tokenizer files (dist/tokenizers, read by src/core/tokenizers/tokenizerFiles.ts).
 * Not tiktoken's 5.5 MB WASM: the CLI only counts, which Tokenscope's own counter does from the
 * rank files; the WASM is loaded only for token ids (boundaries, hovers, insight), which the
 * CLI never asks for. The price data is compiled into the bundle (priceDefine). So the package
 * has no dependencies and installs with nothing from the registry. Its package.json is written
 * here from the root's name, version, licence and keywords, so the two never drift; its README
 * is src/cli/README.md, kept beside the code whose options it documents. Tested by
 * test/unit/cliPackage.test.ts (npm pack, an offline install in an empty folder, npx tokenscope).
 */
const cliPackageDir = 'dist-cli';
/** Licence texts a bundled file's licence requires to travel with it (bundledTokenizers.ts `licenceText`). */
const LICENCE_TEXTS = BUNDLED_TOKENIZERS.flatMap(({ licenceText }) => (licenceText ? [licenceText] : []));
const cliPackageFiles = [
  'dist/cli.js',
  'dist/mcpSdk.js',
  ...rankFiles,
  ...BUNDLED_TOKENIZERS.map(({ name }) => `dist/tokenizers/${name}.json.gz`),
  'THIRD_PARTY_NOTICES.md',
  'NOTICE',
  ...LICENCE_TEXTS,
];

async function assembleCliPackage() {
  const root = JSON.parse(await readFile('package.json', 'utf8'));
  await mkdir(path.join(cliPackageDir, 'dist', 'encoders'), { recursive: true });
  await mkdir(path.join(cliPackageDir, 'dist', 'tokenizers'), { recursive: true });
  await mkdir(path.join(cliPackageDir, 'LICENSES'), { recursive: true });
  const copies = [
    // The copies in dist/, written by the worker target's plugins (writeTiktokenFiles,
    // writeBundledTokenizers): this runs after every build has ended.
    ...rankFiles.map((file) => [file, file]),
    ...BUNDLED_TOKENIZERS.map(({ name }) => [path.join('dist', 'tokenizers', `${name}.json.gz`), `dist/tokenizers/${name}.json.gz`]),
    ['LICENSE', 'LICENSE'],
    ['THIRD_PARTY_NOTICES.md', 'THIRD_PARTY_NOTICES.md'],
    ['NOTICE', 'NOTICE'],
    ...LICENCE_TEXTS.map((file) => [file, file]),
    [path.join('src', 'cli', 'README.md'), 'README.md'],
  ];
  await Promise.all(copies.map(([from, to]) => copyFile(from, path.join(cliPackageDir, to))));
  // esbuild writes the bundled packages' licence comments beside the minified bundle, if any has one.
  const legal = [];
  for (const file of ['dist/cli.js.LEGAL.txt', 'dist/mcpSdk.js.LEGAL.txt']) {
    if (
      await stat(path.join(cliPackageDir, file)).then(
        () => true,
        () => false,
      )
    )
      legal.push(file);
  }
  const manifest = {
    name: root.name,
    version: root.version,
    description:
      'Exact token counts of files for LLM models on the command line (OpenAI, Qwen, DeepSeek, Mistral, Llama exactly; Claude, Gemini without a local Gemma 3 tokenizer and others marked ≈), with the share of the context window and the input price. Offline.',
    license: root.license,
    keywords: root.keywords,
    bin: { tokenscope: 'dist/cli.js' },
    // npm adds package.json, README.md and LICENSE by itself; anything else that lands in
    // dist-cli/ stays out of the tarball.
    files: [...cliPackageFiles, ...legal],
    // String.prototype.toWellFormed and the bundle's target.
    engines: { node: '>=20' },
  };
  await writeFile(path.join(cliPackageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (!watch) {
  // From empty, so nothing stale (a file the list no longer names, a packed tarball) stays in it.
  await rm(cliPackageDir, { recursive: true, force: true });
  // What a release ships, whatever this build's flags: minified, no source map (the map would
  // double the bundle for nobody, and the dev build's sourceMappingURL would point at nothing).
  targets.push(
    { ...cliTarget, outdir: path.join(cliPackageDir, 'dist'), minify: true, sourcemap: false },
    { ...mcpSdkTarget, outdir: path.join(cliPackageDir, 'dist'), minify: true, sourcemap: false },
  );
}

if (tests) {
  // Start from an empty out/test: a test file deleted from test/ must not keep running from a stale bundle.
  await rm('out/test', { recursive: true, force: true });
  // Tests keep their packages external: mocha, tiktoken (and its WASM) and fast-check load
  // from node_modules as they would in plain Node; `vscode` comes from the extension host.
  const testOptions = { ...nodeOptions, sourcemap: true, minify: false, packages: 'external', outbase: 'test', outdir: 'out/test', logLevel: 'warning', define: versionDefine };
  targets.push(
    // Unit tests run in plain Node: the few host modules they test get a fake `vscode`
    // (test/unit/support/fakeVscode.ts: events and emitters, no editor).
    { ...testOptions, entryPoints: ['test/unit/**/*.test.ts'], alias: { vscode: './test/unit/support/fakeVscode.ts' } },
    { ...testOptions, entryPoints: ['test/integration/index.ts', 'test/integration/**/*.test.ts'] },
    // The installed-VSIX suite (test/host/runVsix.mjs): its own folder, out/test/vsix, which the
    // launcher turns into a code-less stub development extension.
    { ...testOptions, entryPoints: ['test/vsix/index.ts', 'test/vsix/**/*.test.ts'] },
  );
}

if (bench) {
  targets.push({
    ...nodeOptions,
    sourcemap: false,
    packages: 'external',
    entryPoints: [
      'bench/workerBench.ts',
      'bench/boundariesBench.ts',
      'bench/counterBench.ts',
      'bench/datasetBench.ts',
      'bench/hfTokenizerBench.ts',
      'bench/insightBench.ts',
      'bench/workspaceBench.ts',
      'bench/longLineBench.ts',
      'bench/startBench.ts',
      'bench/folderBench.ts',
      'bench/lintBench.ts',
    ],
    outdir: 'out/bench',
    logLevel: 'warning',
  });
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  await assembleCliPackage();
}
