// `npm start`: the extension in a local VS Code (code-server) on samples/, for a human to try.
// Installs what is missing, builds, starts the server on 127.0.0.1 and prints the URL to open.
// Runs until Ctrl-C.
//
//   npm start                      port 8080, or the next free one
//   TOKENSCOPE_PORT=9000 npm start
//
// How the extension gets in: the workbench ignores `extensionDevelopmentPath` in the URL's
// payload unless the server runs with the smoke-test driver (which is for automated tests), so
// here the repository is *installed* in the run's throw-away extensions dir as a symlink (see
// codeServer.mjs). After `node esbuild.mjs` (or with `npm run watch` running) "Developer: Reload
// Window" picks up new code; a changed package.json needs a restart of `npm start`.
// The payload key `openFile` (read by the web workbench as `filesToOpenOrCreate`, with or without
// the driver) opens samples/system-prompt.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startCodeServer } from './codeServer.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(repoRoot, 'samples');
const openFile = path.join(samples, 'system-prompt.md');

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

// 8080 is code-server's usual port; the next free one if something holds it.
const server = await startCodeServer({
  folder: samples,
  port: Number(process.env.TOKENSCOPE_PORT ?? 8080),
  smokeTestDriver: false,
  installExtensions: [repoRoot],
});

const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${pathToFileURL(file).pathname}`;
const payload = [['openFile', remote(openFile)]];
const url = `${server.url}?folder=${encodeURIComponent(samples)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
console.log(`\nTokenscope is running in VS Code at:\n\n  ${url}\n\nPress Ctrl-C to stop.`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping code-server');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
