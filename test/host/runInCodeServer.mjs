// Runs the integration suite (out/test/integration/index.js) inside the real VS Code extension
// host of code-server, with headless Chromium as the user's browser.
//
//   node test/host/runInCodeServer.mjs [--no-build] [--grep <pattern>] [--timeout <seconds>] [--verbose] [--keep]
//                                      [--suite <name> --locale <language>]
//
// Exit code 0 when every test passed; 1 when one failed, the suite did not load, or anything
// else went wrong. test-results/ gets workbench-final.png (always), the tests' own screenshots,
// and the workbench logs (vscode-logs/); a named suite's are workbench-final-<suite>.png and
// vscode-logs-<suite>/. `--suite de --locale de` runs test/integration/suites/de/ in a VS Code
// whose display language is German (test/integration/index.ts picks the files). The tests see a fresh copy of test/fixtures/workspace
// (they edit and save files); --keep keeps it and the server's sandbox for a post-mortem.
//
// What was found on the way (code-server 4.139.1 = VS Code 1.139.1):
// - The workbench honours the test payload only with the smoke-test driver on (codeServer.mjs),
//   and calls `codeAutomationLog` only when `extensionTestsPath` is in the payload.
// - `codeAutomationLog(level, args)` gets every workbench log line with the extension host's
//   console lines among them, untagged: level "info", args printf-style
//   (["    ✔ %s (%dms)", title, 4086]). So the in-host runner tags its lines (OUTPUT_MARKER)
//   and only those are printed (printableLine).
// - `codeAutomationExit(code, logs)` comes once run() has settled and the extension host has
//   stopped: 0 = resolved, 1 = rejected; `logs` are the workbench's log files.
// - Timings here (2 cores, warm): code-server answers HTTP ~1 s after spawn, the workbench page
//   is up ~5 s after goto, the suite starts ~3 s later; a smoke-only run is ~15-20 s start to exit.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';
import { launchBrowser, VIEWPORT } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { startPageBridge } from './pageBridge.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = path.join(repoRoot, 'test-results');

/** The in-host runner's result line and output tag (test/integration/index.ts). */
const RESULT_MARKER = '@@TOKENSCOPE_RESULT';
const OUTPUT_MARKER = '@@TOKENSCOPE_OUT ';

/**
 * If the suite has printed nothing this long after the page opened, it is not going to: the
 * payload was ignored or the host never started. 2 min is ~15x what a warm start takes here.
 */
const SUITE_START_TIMEOUT_MS = 120_000;

/**
 * What to print of one workbench log line: the test host's own output, errors that name the
 * extension (an activation failure, say), and with --verbose everything. The rest is the
 * workbench's chatter (gallery lookups failing offline, chat, GitHub auth timeouts).
 */
function printableLine(level, text, verbose) {
  if (text.startsWith(OUTPUT_MARKER)) {
    // The result line is for the launcher, which prints its own summary.
    return text.includes(RESULT_MARKER) ? undefined : text.slice(OUTPUT_MARKER.length);
  }
  if (verbose) return `[workbench ${level}] ${text}`;
  if (level === 'error' && /tokenscope/i.test(text)) return `[workbench error] ${text}`;
  return undefined;
}

/**
 * Runs the suite and resolves with the outcome; never rejects.
 *
 * By default the extension under test is the repository itself, loaded as the development
 * extension (`extensionDevelopmentPath`). test/host/runVsix.mjs instead installs the packed VSIX
 * (`installExtensions`) and points `extensionDevelopmentPath` at a code-less stub; it names its
 * final screenshot and log folder (`finalScreenshot`, `logsDir`, under test-results/) so one
 * `npm test` keeps both suites' files.
 * @returns {Promise<{exitCode: number, passes: number, failures: number, seconds: number, error?: string}>}
 */
export async function runIntegrationTests({
  build = true,
  grep,
  timeoutMs = 10 * 60_000,
  verbose = false,
  keep = false,
  fixtures = path.join(repoRoot, 'test/fixtures/workspace'),
  extensionDevelopmentPath = repoRoot,
  extensionTestsPath = path.join(repoRoot, 'out/test/integration/index.js'),
  installExtensions = [],
  suite,
  locale,
  finalScreenshot = suite ? `workbench-final-${suite}` : 'workbench-final',
  logsDir = suite ? `vscode-logs-${suite}` : 'vscode-logs',
  print = (line) => console.log(line),
} = {}) {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;

  if (build) {
    const built = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) return { exitCode: 1, passes: 0, failures: 0, seconds: seconds(), error: 'the build (node esbuild.mjs --tests) failed' };
  }
  if (!existsSync(extensionTestsPath)) {
    return { exitCode: 1, passes: 0, failures: 0, seconds: seconds(), error: `${extensionTestsPath} is missing (node esbuild.mjs --tests builds it)` };
  }
  rmSync(path.join(resultsDir, logsDir), { recursive: true, force: true });

  // Tests edit and save documents: they get a copy, so the committed fixtures stay as they are.
  // The copy keeps the folder's name, which is the workbench's title.
  const copyRoot = mkdtempSync('/tmp/tks-ws-');
  const folder = path.join(copyRoot, path.basename(fixtures));
  cpSync(fixtures, folder, { recursive: true });

  const session = { page: undefined, browser: undefined, server: undefined, bridge: undefined, result: undefined, suiteStarted: false };
  let settle;
  const settled = new Promise((resolve) => {
    settle = resolve;
  });
  const timer = setTimeout(() => settle({ error: `timed out after ${timeoutMs / 1000} s (raise it with --timeout <seconds>)` }), timeoutMs);

  let end;
  try {
    // The drive itself races the timer too: a hung start (browser, server) must not hang us.
    drive(session, { folder, grep, verbose, keep, extensionDevelopmentPath, extensionTestsPath, installExtensions, logsDir, print, seconds, settle, suite, locale }).catch(
      (error) => settle({ error: String(error?.stack ?? error) }),
    );
    end = await settled;
  } finally {
    clearTimeout(timer);
    await cleanup(session, finalScreenshot);
    if (keep) print(`[launcher] kept the workspace copy ${folder} and the server sandbox ${session.server?.sandbox}`);
    else rmSync(copyRoot, { recursive: true, force: true });
  }

  const { result } = session;
  const counts = { passes: result?.passes ?? 0, failures: result?.failures ?? 0, seconds: seconds() };
  if (end.error) return { exitCode: 1, ...counts, error: end.error };
  if (!result) {
    return { exitCode: 1, ...counts, error: `the extension host exited (code ${end.code}) without a result: the suite failed to load (see above and test-results/${logsDir}/)` };
  }
  return { exitCode: end.code === 0 && result.failures === 0 ? 0 : 1, ...counts };
}

/** Starts the bridge, the server and the browser, and opens the workbench with the test payload. */
async function drive(session, { folder, grep, verbose, keep, extensionDevelopmentPath, extensionTestsPath, installExtensions, logsDir, print, seconds, settle, suite, locale }) {
  session.bridge = await startPageBridge({ getPage: () => session.page, resultsDir });
  session.server = await startCodeServer({
    folder,
    keepSandbox: keep,
    installExtensions,
    locale,
    // The extension host inherits the server's environment.
    env: { TOKENSCOPE_PAGE_BRIDGE: session.bridge.url, ...(grep ? { TOKENSCOPE_TEST_GREP: grep } : {}), ...(suite ? { TOKENSCOPE_TEST_SUITE: suite } : {}) },
    onOutput: verbose ? (chunk) => process.stderr.write(`[server] ${chunk}`) : undefined,
  });
  print(`[launcher] code-server on ${session.server.url} after ${seconds()} s`);

  session.browser = await launchBrowser();
  session.browser.on('disconnected', () => settle({ error: 'Chromium exited' }));
  const context = await session.browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('crash', () => settle({ error: 'the workbench page crashed' }));

  // Both must exist before the workbench's script runs, so before goto.
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    // printf-style arguments, as mocha's reporter passes them to console.log.
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (text.startsWith(OUTPUT_MARKER)) session.suiteStarted = true;
    const line = printableLine(level, text, verbose);
    if (line !== undefined) print(line);
    const marker = text.indexOf(RESULT_MARKER);
    if (marker >= 0) {
      try {
        session.result = JSON.parse(text.slice(marker + RESULT_MARKER.length));
      } catch {
        // Reported as a missing result.
      }
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    saveLogs(logs, logsDir);
    settle({ code });
  });
  session.page = page;

  // The payload's paths must be vscode-remote URIs with the page's own host:port.
  const remote = (file) => `vscode-remote://127.0.0.1:${session.server.port}${pathToFileURL(file).pathname}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `${session.server.url}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  // domcontentloaded: the workbench keeps loading long after; the suite's output is what counts.
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: SUITE_START_TIMEOUT_MS });
  print(`[launcher] workbench page opened after ${seconds()} s`);

  setTimeout(() => {
    if (!session.suiteStarted) {
      settle({
        error: `the suite printed nothing within ${SUITE_START_TIMEOUT_MS / 1000} s of opening the page: the test payload was ignored (is enable-smoke-test-driver passed?) or the extension host did not start; try --verbose`,
      });
    }
  }, SUITE_START_TIMEOUT_MS).unref();
}

/** Saves the workbench's log files handed to codeAutomationExit, for post-mortems. */
function saveLogs(logs, logsDir) {
  if (!Array.isArray(logs)) return;
  const root = path.join(resultsDir, logsDir);
  for (const { relativePath, contents } of logs) {
    const file = path.join(root, relativePath);
    if (!file.startsWith(root + path.sep)) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

/** The final screenshot, then everything stopped; each step bounded, so nothing hung can hang us. */
async function cleanup({ page, browser, server, bridge }, finalScreenshot) {
  const bounded = (promise, ms) => Promise.race([promise.catch(() => {}), new Promise((resolve) => setTimeout(resolve, ms))]);
  if (page && !page.isClosed()) {
    mkdirSync(resultsDir, { recursive: true });
    await bounded(page.screenshot({ path: path.join(resultsDir, `${finalScreenshot}.png`) }), 10_000);
  }
  if (browser) await bounded(browser.close(), 10_000);
  if (server) await bounded(server.stop(), 10_000);
  if (bridge) await bounded(bridge.close(), 2_000);
}

async function main() {
  const { values } = parseArgs({
    options: {
      'no-build': { type: 'boolean', default: false },
      grep: { type: 'string' },
      timeout: { type: 'string', default: '900' },
      verbose: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      suite: { type: 'string' },
      locale: { type: 'string' },
    },
  });
  const outcome = await runIntegrationTests({
    build: !values['no-build'],
    grep: values.grep,
    timeoutMs: Number(values.timeout) * 1000,
    verbose: values.verbose,
    keep: values.keep,
    suite: values.suite,
    locale: values.locale,
  });
  if (outcome.error) console.error(`[launcher] FAILED: ${outcome.error}`);
  console.log(`[launcher] integration: ${outcome.passes} passing, ${outcome.failures} failing, exit ${outcome.exitCode}, ${outcome.seconds} s`);
  process.exit(outcome.exitCode);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
