// `npm start`: the extension in a local VS Code (code-server) on samples/, for a human to try.
// Installs what is missing, builds, starts the server on 127.0.0.1 and prints the URL to open.
// Runs until Ctrl-C.
//
//   npm start                      port 8080, or the next free one
//   TOKENSCOPE_PORT=9000 npm start
//   npm start -- --check           start as above, then prove a user would see it work and stop:
//                                  headless Chromium opens the printed URL and waits for
//                                  samples/system-prompt.md in the editor and Tokenscope's count
//                                  in the status bar; screenshot test-results/npm-start.png;
//                                  exit 0 or 1. `.ci/run` runs this with an empty host cache
//                                  (TOKENSCOPE_HOST_CACHE) to prove a brand-new machine works.
//
// How the extension gets in: the workbench ignores `extensionDevelopmentPath` in the URL's
// payload unless the server runs with the smoke-test driver (which is for automated tests), so
// here the repository is *installed* in the run's throw-away extensions dir as a symlink (see
// codeServer.mjs). After `node esbuild.mjs` (or with `npm run watch` running) "Developer: Reload
// Window" picks up new code; a changed package.json needs a restart of `npm start`.
// The payload key `openFile` (read by the web workbench as `filesToOpenOrCreate`, with or without
// the driver) opens samples/system-prompt.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startCodeServer } from './codeServer.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(repoRoot, 'samples');
const openFile = path.join(samples, 'system-prompt.md');
const { values: flags } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[start] ${command} ${args.join(' ')} failed`);
    process.exit(1);
  }
}

if (!existsSync(path.join(repoRoot, 'node_modules'))) {
  run('npm', [existsSync(path.join(repoRoot, 'package-lock.json')) ? 'ci' : 'install']);
}
run(process.execPath, ['esbuild.mjs']);

let server;
try {
  // 8080 is code-server's usual port; the next free one if something holds it.
  server = await startCodeServer({
    folder: samples,
    port: Number(process.env.TOKENSCOPE_PORT ?? 8080),
    smokeTestDriver: false,
    installExtensions: [repoRoot],
  });
} catch (error) {
  // The host install (test/host/install.sh) has printed its own reason above.
  console.error(`[start] could not start VS Code: ${error?.message ?? error}`);
  process.exit(1);
}

const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${pathToFileURL(file).pathname}`;
const payload = [['openFile', remote(openFile)]];
const url = `${server.url}?folder=${encodeURIComponent(samples)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
console.log(`\nTokenscope is running in VS Code at:\n\n  ${url}\n\n${flags.check ? 'Checking it as a user would see it…' : 'Press Ctrl-C to stop.'}`);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  if (!flags.check) console.log('\n[start] stopping code-server');
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

if (flags.check) {
  const { checkWorkbench } = await import('./checkWorkbench.mjs');
  const screenshot = path.join(repoRoot, 'test-results/npm-start.png');
  mkdirSync(path.dirname(screenshot), { recursive: true });
  const outcome = await checkWorkbench({ url, file: openFile, screenshot });
  console.log(outcome.ok ? `[start] check passed: ${outcome.detail} (screenshot ${path.relative(repoRoot, screenshot)})` : `[start] check FAILED: ${outcome.detail}`);
  await shutdown(outcome.ok ? 0 : 1);
}
