// The in-host test runner: VS Code loads this module (the payload's / runTests' extensionTestsPath)
// inside the extension host and awaits `run()`. The same file serves code-server
// (test/host/runInCodeServer.mjs) and desktop VS Code (test/runElectron.mjs).
//
// Everything mocha prints goes through console.log, which the extension host forwards to the
// workbench; under code-server the launcher receives it through `codeAutomationLog`, mixed with
// the workbench's own log lines. So under code-server every console line of this host is tagged
// with OUTPUT_MARKER for the launcher to pick out. The last line is the machine-readable result
// the launchers parse (RESULT_MARKER).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
// mocha 11, not 12: 12 is ESM-only and this bundle is CommonJS (packages stay external).
import Mocha from 'mocha';

/** Prefix of the one result line; test/host/runInCodeServer.mjs looks for exactly this. */
const RESULT_MARKER = '@@TOKENSCOPE_RESULT';

/** Tags this host's console lines; test/host/runInCodeServer.mjs prints exactly these. */
const OUTPUT_MARKER = '@@TOKENSCOPE_OUT ';

/**
 * Prefixes every console line (mocha's, the tests', the extension's: one process) with
 * OUTPUT_MARKER, and returns the function that undoes it. Only under the code-server launcher,
 * recognised by its page bridge; a desktop run prints to a terminal as usual.
 *
 * The extension host defines console.log & co. as accessors whose setter ignores assignment,
 * so they are redefined (they are configurable) and the original descriptors put back after.
 */
function tagConsoleOutput(): () => void {
  if (!process.env.TOKENSCOPE_PAGE_BRIDGE) return () => {};
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((name) => Object.getOwnPropertyDescriptor(console, name));
  methods.forEach((name) => {
    const original = console[name];
    const tagged = (...args: unknown[]) => original.call(console, OUTPUT_MARKER + format(...args));
    try {
      Object.defineProperty(console, name, { value: tagged, configurable: true, writable: true });
    } catch {
      // Not configurable in some host: mocha's own lines are still tagged below.
    }
  });
  // mocha's reporters print through Base.consoleLog, captured when mocha was loaded.
  const mochaLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => mochaLog(OUTPUT_MARKER + format(...args));
  return () => {
    methods.forEach((name, i) => {
      const descriptor = saved[i];
      if (descriptor) {
        try {
          Object.defineProperty(console, name, descriptor);
        } catch {
          // Left tagged; harmless once the run is over.
        }
      }
    });
    Mocha.reporters.Base.consoleLog = mochaLog;
  };
}

/** Every `*.test.js` under `dir`, sorted so the order is the same on every machine. */
function findTestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

/**
 * The test files of one run. Files under suites/<name>/ need a host started differently (the
 * launcher's --suite <name>, e.g. `de`: a German display language) and run only in that run;
 * every other file belongs to the default run.
 */
function suiteFiles(suite: string | undefined): string[] {
  const suites = path.join(__dirname, 'suites');
  if (suite) return findTestFiles(path.join(suites, suite));
  return findTestFiles(__dirname).filter((file) => !file.startsWith(suites + path.sep));
}

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false, // the output ends up in a terminal via the workbench log, escape codes would be noise
    timeout: 60_000, // first tokenization loads the WASM tokenizer in a worker: seconds on a cold CI box
  });
  // Lets a developer run one test: `node test/host/runInCodeServer.mjs --grep "status bar"`.
  const grep = process.env.TOKENSCOPE_TEST_GREP;
  if (grep) mocha.grep(grep);

  for (const file of suiteFiles(process.env.TOKENSCOPE_TEST_SUITE)) mocha.addFile(file);

  const untag = tagConsoleOutput();
  let counts: { passes: number; failures: number };
  try {
    counts = await runMocha(mocha);
    console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
  } catch (error) {
    // A test module that threw while loading: say why while the output is still tagged. The
    // host then exits with 1 and no result line, which the launcher reports as "failed to load".
    console.error('The integration suite failed to load:', error);
    throw error;
  } finally {
    untag();
  }
  if (counts.failures > 0) throw new Error(`${counts.failures} integration test(s) failed`);
}

/** Runs the suite; rejects if a test module throws while loading. */
function runMocha(mocha: Mocha): Promise<{ passes: number; failures: number }> {
  // mocha.run() require()s the files synchronously (CommonJS, so the extension host's `vscode`
  // module resolves); an exception thrown here becomes the promise's rejection.
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 });
    });
    // A test allowed a retry passes silently on its second attempt: its first failure is printed,
    // or a flaky test would never show why it failed.
    runner.on(Mocha.Runner.constants.EVENT_TEST_RETRY, (test: Mocha.Test, err: unknown) => {
      console.log(`[retry] ${test.fullTitle()} failed once and runs again: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
}
