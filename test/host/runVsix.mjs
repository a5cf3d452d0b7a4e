// The installed-VSIX suite: the shipped artifact is what is tested. Packs the production VSIX with
// the project's own `npm run vsix`, installs THAT file into code-server's throw-away extensions
// dir (`code-server --install-extension`, as a user does; see codeServer.mjs), and runs the
// suite in test/vsix/ (built to out/test/vsix/ by `node esbuild.mjs --tests`) in the real
// extension host and workbench against it. A file the extension needs but .vscodeignore leaves
// out of the VSIX fails it.
//
//   node test/host/runVsix.mjs [--no-build] [--vsix <file>] [--grep <pattern>] [--timeout <seconds>] [--verbose] [--keep]
//
// --no-build skips the test bundles (node esbuild.mjs --tests), never the VSIX; --vsix tests a
// VSIX built elsewhere instead of packing one.
//
// Why a stub development extension: VS Code's extension host runs `extensionTestsPath` only
// together with an `extensionDevelopmentPath` (code-server 4.139.1, extHostExtensionService
// `_doHandleExtensionTests`: it throws when either is missing), and a development extension
// with Tokenscope's id would replace the installed one. So the development path is the suite's
// own folder, out/test/vsix/, given a manifest with another id and no code (written here): the
// suite's files lie inside it, so their `require('vscode')` gets that stub's API, and the only
// Tokenscope in the host is the one installed from the VSIX. The suite asserts where it came from.
// (Because of the stub the window title still reads "[Extension Development Host] workspace", and
// the stub is the extension in development mode; the installed Tokenscope runs as a user's does.)
//
// `npm run vsix` leaves dist/ with the production build in it, as it does for anyone running it;
// `node esbuild.mjs` (and every test build) puts the development build back.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runIntegrationTests } from './runInCodeServer.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suiteDir = path.join(repoRoot, 'out/test/vsix');

/** The stub development extension's manifest (see above): an id of its own, no `main`, no contributions. */
const STUB_MANIFEST = {
  name: 'vsix-suite',
  displayName: 'Tokenscope VSIX test suite (no code)',
  publisher: 'tokenscope-tests',
  version: '0.0.0',
  private: true,
  engines: { vscode: '*' },
};

/**
 * Packs the VSIX exactly as `npm run vsix` does (production esbuild build, then vsce with the
 * project's .vscodeignore), into out/vsix/ so the file at the repository root, if any, is left
 * alone. Prints vsce's summary line, or all its output if it failed.
 * @returns {{file: string, bytes: number, seconds: number} | {error: string}}
 */
export function packVsix(print = (line) => console.log(line)) {
  const started = Date.now();
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const file = path.join(repoRoot, 'out/vsix', `${name}-${version}.vsix`);
  // A VSIX left from an earlier run must never be the one tested.
  rmSync(file, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  // `npm run vsix -- --out <file>`: npm appends the arguments to the script's last command, vsce package.
  const packed = spawnSync('npm', ['run', 'vsix', '--', '--out', file], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const output = `${packed.stdout ?? ''}${packed.stderr ?? ''}`;
  if (packed.status !== 0 || !existsSync(file)) {
    print(output.trimEnd());
    return { error: `npm run vsix failed (exit ${packed.status ?? packed.signal})` };
  }
  for (const line of output.split('\n')) {
    // vsce's warnings (a missing LICENSE, say) and its "DONE  Packaged: <file> (N files, X MB)".
    if (/\b(WARNING|DONE)\b/.test(line)) print(`[vsix] ${line.trim()}`);
  }
  return { file, bytes: statSync(file).size, seconds: (Date.now() - started) / 1000 };
}

/**
 * Packs (or takes `vsixFile`), installs and runs the suite; resolves with the outcome of
 * runIntegrationTests plus the VSIX's size and packing time. Never rejects.
 * @returns {Promise<{exitCode: number, passes: number, failures: number, seconds: number, error?: string, vsix?: {file: string, bytes: number, seconds: number}}>}
 */
export async function runVsixTests({ build = true, vsixFile, grep, timeoutMs, verbose = false, keep = false, print = (line) => console.log(line) } = {}) {
  const failed = (error) => ({ exitCode: 1, passes: 0, failures: 0, seconds: 0, error });
  if (build) {
    const built = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) return failed('the build (node esbuild.mjs --tests) failed');
  }
  const indexFile = path.join(suiteDir, 'index.js');
  if (!existsSync(indexFile)) return failed(`${indexFile} is missing (node esbuild.mjs --tests builds it)`);

  let vsix;
  if (vsixFile) {
    if (!existsSync(vsixFile)) return failed(`no such VSIX: ${vsixFile}`);
    vsix = { file: path.resolve(vsixFile), bytes: statSync(vsixFile).size, seconds: 0 };
  } else {
    print('[vsix] packing the VSIX (npm run vsix)');
    vsix = packVsix(print);
    if (vsix.error) return failed(vsix.error);
    // vsce's "MB" above are MiB; this is the file's size in bytes and in MB (10^6 bytes).
    print(
      `[vsix] ${path.relative(repoRoot, vsix.file)}: ${vsix.bytes.toLocaleString('en-US')} bytes (${(vsix.bytes / 1e6).toFixed(2)} MB), packed in ${vsix.seconds.toFixed(1)} s`,
    );
  }

  writeFileSync(path.join(suiteDir, 'package.json'), `${JSON.stringify(STUB_MANIFEST, null, 2)}\n`);
  const outcome = await runIntegrationTests({
    build: false,
    grep,
    verbose,
    keep,
    print,
    ...(timeoutMs ? { timeoutMs } : {}),
    extensionDevelopmentPath: suiteDir,
    extensionTestsPath: indexFile,
    installExtensions: [vsix.file],
    finalScreenshot: 'vsix-final',
    logsDir: 'vscode-logs-vsix',
  });
  return { ...outcome, vsix };
}

async function main() {
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      vsix: { type: 'string' },
      grep: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      verbose: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const outcome = await runVsixTests({
    build: !values['no-build'],
    vsixFile: values.vsix,
    grep: values.grep,
    timeoutMs: Number(values.timeout) * 1000,
    verbose: values.verbose,
    keep: values.keep,
  });
  if (outcome.error) console.error(`[launcher] FAILED: ${outcome.error}`);
  console.log(`[launcher] installed VSIX: ${outcome.passes} passing, ${outcome.failures} failing, exit ${outcome.exitCode}, ${outcome.seconds} s`);
  process.exit(outcome.exitCode);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
