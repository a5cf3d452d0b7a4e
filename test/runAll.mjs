// `npm test`: type-check, lint (`npm run lint`: ESLint and the import-cycle check), build, unit
// tests in plain Node and the CI guard on samples/ (the packed CLI with a token budget), then the
// integration tests inside the real VS Code extension host (test/host/runInCodeServer.mjs): the default suite in English, then test/integration/suites/de
// in a VS Code whose display language is German; then the installed-VSIX suite
// (test/host/runVsix.mjs: `npm run vsix`, that VSIX installed into code-server, test/vsix/ run
// against it). Ends with exactly one line `N passed, N failed` (all suites together); exits
// non-zero if anything failed or could not run. Whatever could not run (a suite that did not load
// or start, type errors, lint errors, a failed build) counts as one failure in that line, so it
// can never read `0 failed` when a suite was skipped: the line is what CI and people read.
//
//   node test/runAll.mjs [--unit] [--integration] [--vsix] [--no-typecheck] [--no-lint] [--grep <pattern>] [--verbose]
//
// With none of --unit, --integration, --vsix every suite runs; otherwise the ones named.
// --no-typecheck skips the type-check and the lint (the quick loop while editing); --no-lint only the lint.
//
// Installs what is missing on the way: node_modules (npm ci), and, through the launcher, the
// cached code-server host (test/host/install.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    unit: { type: 'boolean', default: false },
    integration: { type: 'boolean', default: false },
    vsix: { type: 'boolean', default: false },
    'no-typecheck': { type: 'boolean', default: false },
    'no-lint': { type: 'boolean', default: false },
    grep: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
// No suite named: all of them.
const all = !flags.unit && !flags.integration && !flags.vsix;
const runUnit = all || flags.unit;
const runIntegration = all || flags.integration;
const runVsix = all || flags.vsix;

/** Runs a command in the repo with our stdio; returns whether it exited 0. */
function step(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  return result.status === 0;
}

/** Problems that are not test failures (type errors, a failed build, a suite that did not run). */
const problems = [];
let passed = 0;
let failed = 0;

function installIfMissing() {
  if (existsSync(path.join(repoRoot, 'node_modules'))) return true;
  const lockfile = existsSync(path.join(repoRoot, 'package-lock.json'));
  console.log(`[test] node_modules is missing: npm ${lockfile ? 'ci' : 'install'}`);
  return step('npm', [lockfile ? 'ci' : 'install']);
}

/** Every `*.test.js` under `dir`, sorted. */
function findTestFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => path.join(dir, file))
    .sort();
}

/** Mocha processes for the unit tests: TOKENSCOPE_UNIT_JOBS, else one per core (at most 4). */
const UNIT_JOBS = Number(process.env.TOKENSCOPE_UNIT_JOBS) || Math.min(4, os.availableParallelism());

/** The unit tests, with mocha's API: in this process, or in one process per core. */
async function unitTests() {
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // The first test to load tiktoken's WASM or start a worker takes a few seconds on a cold CI
    // box; mocha's 2 s default would fail it. Tests that need more set their own.
    timeout: 30_000,
    ...(flags.grep ? { grep: flags.grep } : {}),
    // One mocha process per core, each taking test files from a shared queue: the suite is
    // CPU-bound, and on 2 cores one process left a core idle for most of its ~7 minutes.
    ...(UNIT_JOBS > 1 ? { parallel: true, jobs: UNIT_JOBS } : {}),
  });
  const files = findTestFiles(path.join(repoRoot, 'out/test/unit'));
  if (files.length === 0) {
    console.log('[test] no unit tests found in out/test/unit');
    return;
  }
  for (const file of files) mocha.addFile(file);
  try {
    // In parallel mode each job process loads its own files.
    if (UNIT_JOBS <= 1) await mocha.loadFilesAsync();
  } catch (error) {
    console.error(error);
    problems.push('the unit tests failed to load');
    return;
  }
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  passed += stats.passes;
  failed += stats.failures;
}

/**
 * The CI guard the CLI's README recommends, run on this repository's own samples/: the packed
 * CLI (dist-cli/dist/cli.js, what `npm pack ./dist-cli` ships) counts the folder with a total
 * budget and prints the table. One test in the closing line: passed when it exits 0, failed
 * otherwise (over the budget, a file not counted, or a CLI that does not run).
 * SAMPLES_TOTAL_BUDGET: the samples hold 916 o200k_base tokens (README.md 87, system-prompt.md
 * 829); 2,000 leaves room for edits to them and still fails if a large file lands in samples/.
 */
const SAMPLES_TOTAL_BUDGET = 2000;

function ciGuard() {
  const name = 'CI guard: tokenscope count samples --total-budget';
  if (flags.grep && !new RegExp(flags.grep).test(name)) return;
  console.log(`[test] ${name} ${SAMPLES_TOTAL_BUDGET} --format table (the packed CLI)`);
  const result = spawnSync(process.execPath, ['dist-cli/dist/cli.js', 'count', 'samples', '--total-budget', String(SAMPLES_TOTAL_BUDGET), '--format', 'table'], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: 60_000,
  });
  if (result.status === 0) passed++;
  else {
    console.log(`[test] FAILED: ${name} exited ${result.status ?? result.signal ?? result.error?.message}`);
    failed++;
  }
}

/**
 * The integration runs: the default suite in an English VS Code, then each suite that needs a
 * host of its own (test/integration/suites/<name>/), in a short second launch. A suite that did
 * not run (did not load, timed out, no result) counts as one failed test, so the last line can
 * never read "0 failed" for tests that were not run.
 */
const INTEGRATION_RUNS = [{ name: 'integration tests' }, { name: 'integration tests in German', suite: 'de', locale: 'de' }];

async function integrationTests() {
  const { runIntegrationTests } = await import(pathToFileURL(path.join(repoRoot, 'test/host/runInCodeServer.mjs')).href);
  for (const { name, suite, locale } of INTEGRATION_RUNS) {
    // 20 minutes: the default suite takes ~7 on a quiet machine, and over 10 on one shared with other builds.
    const outcome = await runIntegrationTests({ build: false, grep: flags.grep, verbose: flags.verbose, suite, locale, timeoutMs: 20 * 60_000 });
    console.log(`[test] ${name}: exit ${outcome.exitCode} after ${outcome.seconds} s`);
    tally(name, outcome);
  }
}

/**
 * Adds a suite run in VS Code to the totals. A suite that did not run (an error before or
 * instead of its result, a failure with no failed test, no test at all without --grep) is a
 * problem, and so one failed test on the final line.
 */
function tally(name, outcome) {
  passed += outcome.passes;
  failed += outcome.failures;
  if (outcome.error) problems.push(`${name}: ${outcome.error}`);
  else if (outcome.exitCode !== 0 && outcome.failures === 0) problems.push(`${name}: the extension host reported failure`);
  else if (outcome.passes === 0 && !flags.grep) problems.push(`${name}: no test ran`);
}

/**
 * The installed-VSIX suite. Last, because `npm run vsix` leaves the production build in dist/.
 * Not packing or installing the VSIX is an `error` of its outcome, so a problem (see tally).
 */
async function vsixTests() {
  const { runVsixTests } = await import(pathToFileURL(path.join(repoRoot, 'test/host/runVsix.mjs')).href);
  const outcome = await runVsixTests({ build: false, grep: flags.grep, verbose: flags.verbose });
  const size = outcome.vsix?.bytes ? `, VSIX ${outcome.vsix.bytes.toLocaleString('en-US')} bytes packed in ${outcome.vsix.seconds.toFixed(1)} s` : '';
  console.log(`[test] installed-VSIX tests: exit ${outcome.exitCode} after ${outcome.seconds} s${size}`);
  tally('installed-VSIX tests', outcome);
}

async function main() {
  if (!installIfMissing()) {
    problems.push('npm could not install the dependencies');
    return;
  }
  if (!flags['no-typecheck']) {
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    console.log('[test] type-checking (tsc --noEmit for the sources, the webview, the tests and the benchmarks)');
    if (!['.', 'src/webview', 'test', 'bench'].every((project) => step(process.execPath, [tsc, '--noEmit', '-p', project]))) {
      // Keep going: the tests still say something useful; the exit code will not be 0.
      problems.push('type errors (see above)');
    }
  }
  if (!flags['no-typecheck'] && !flags['no-lint']) {
    console.log('[test] linting (npm run lint: ESLint with the layering rules, then the import-cycle check)');
    // Like type errors: keep going, and the line at the end counts it as failed.
    if (!step('npm', ['run', '--silent', 'lint'])) problems.push('lint errors (see above)');
  }
  console.log('[test] building (node esbuild.mjs --tests)');
  if (!step(process.execPath, ['esbuild.mjs', '--tests'])) {
    problems.push('the build failed (see above)');
    return;
  }
  if (runUnit) await unitTests();
  if (runUnit) ciGuard();
  if (runIntegration) await integrationTests();
  if (runVsix) await vsixTests();
}

try {
  await main();
} catch (error) {
  console.error(error);
  problems.push(`the test runner crashed: ${error?.message ?? error}`);
}
for (const problem of problems) console.log(`[test] FAILED (counted as 1 failed): ${problem}`);
console.log(`${passed} passed, ${failed + problems.length} failed`);
// exit() rather than waiting: a unit test may leave a worker or timer behind.
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
