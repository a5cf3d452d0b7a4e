// `npm run test:electron`: the integration suite in desktop VS Code, through @vscode/test-electron,
// for a desktop with internet (it downloads VS Code into .vscode-test/ on first use). Offline
// machines and CI use `npm test`, which runs the same suite in code-server instead.
//
//   node test/runElectron.mjs [--no-build] [--grep <pattern>]
//   TOKENSCOPE_VSCODE_VERSION=1.90.0 node test/runElectron.mjs   (default: latest stable)
//
// There is no page bridge here: test/integration/workbench.ts falls back to the extension's
// test API for the status bar, and tests that need the page skip themselves (hasPage()).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    grep: { type: 'string' },
  },
});

if (!flags['no-build']) {
  const built = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}

// As under code-server: the tests edit and save fixtures, so they get a copy.
const copyRoot = mkdtempSync(path.join(os.tmpdir(), 'tokenscope-ws-'));
const workspace = path.join(copyRoot, 'workspace');
cpSync(path.join(repoRoot, 'test/fixtures/workspace'), workspace, { recursive: true });

// A bridge URL inherited from an enclosing code-server run would point the tests at a page
// that is not this window's.
delete process.env.TOKENSCOPE_PAGE_BRIDGE;

let exitCode = 1;
try {
  exitCode = await runTests({
    version: process.env.TOKENSCOPE_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out/test/integration/index.js'),
    extensionTestsEnv: flags.grep ? { TOKENSCOPE_TEST_GREP: flags.grep } : {},
    // The folder first (it is opened); no other extensions, so only ours is measured.
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  // runTests rejects with TestRunFailedError when VS Code exits non-zero, or when it cannot download.
  console.error(`[electron] ${error?.message ?? error}`);
} finally {
  rmSync(copyRoot, { recursive: true, force: true });
}
process.exit(exitCode);
