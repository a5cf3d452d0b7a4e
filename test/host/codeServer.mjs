// Starts the real VS Code server (code-server) on 127.0.0.1 for one folder, in a throw-away
// sandbox, for the integration tests and for `npm start`.
//
// Peculiarities found in code-server 4.139.1 (= VS Code 1.139.1), see
// ../../shared/docs/real-vscode-tests.md for the rest:
// - `--vscode-option enable-smoke-test-driver` is the right spelling: code-server expands each
//   `--vscode-option flag[=value]` into a VS Code server argument (a bare flag means true).
//   The server then sets `developmentOptions.enableSmokeTestDriver` in the page, and only then
//   does a built workbench read `extensionDevelopmentPath` / `extensionTestsPath` from the
//   `payload` query (`resolveExtensionHostDebugEnvironment`: `!isBuilt || enableSmokeTestDriver`).
// - code-server writes to `~` and VS Code to `os.tmpdir()` even for `--help`, and both create unix
//   sockets there (the session socket lives in the user-data-dir): everything goes under one
//   short directory in /tmp, since a socket path must stay under 108 bytes.
// - code-server forks itself (wrapper + child) and the server forks extension hosts, so the
//   server runs in its own process group and `stop()` signals that whole group.
// - Without the smoke-test driver (`npm start`) an extension is loaded by installing it: a symlink
//   `<extensions-dir>/<publisher>.<name>-<version>` to its folder is enough; VS Code scans the
//   directory and records it in extensions.json itself. Its manifest is then cached: changes to
//   package.json need a server restart, code changes only a window reload.
// - A .vsix is installed the way a user's VS Code does it: `code-server --install-extension
//   <file>` with the same --extensions-dir / --user-data-dir, before the server starts. It
//   unpacks the VSIX's `extension/` folder to `<extensions-dir>/<publisher>.<name>-<version>` and
//   records it in extensions.json with `"metadata": {"source": "vsix", "pinned": true, …}`. It
//   runs offline (no gallery lookup for an extension without dependencies), ~3 s here, and exits
//   1 with the reason on stderr for a broken file.
// - `GET /healthz` answers once the HTTP server listens (about 1 s after spawn here).
// - A display language (`locale` option, e.g. `de`): `--locale de` alone leaves
//   vscode.env.language at `en`, and so does `{"locale":"de"}` in User/argv.json (both tried).
//   The server resolves the locale only against the language packs listed in
//   <user-data-dir>/languagepacks.json and falls back to English when none matches; no German
//   pack can be downloaded here. So the launcher installs an empty pack of its own (an extension
//   contributing `localizations` with an empty translations file) and writes the index entry for
//   it before starting: the server builds that index from installed packs only after the first
//   window has resolved its language, too late. With both, the extension host gets `de`, loads
//   l10n/bundle.l10n.de.json and package.nls.de.json, and VS Code's own UI stays English.
//   A pack index that names no extension breaks extension scanning (getInstalledLanguages reads
//   `extensions[0]`): no extension loads at all.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** User settings for every run; callers override or add keys. */
export const defaultSettings = Object.freeze({
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'window.zoomLevel': 0,
  // The Chat view would otherwise take a third of the width in every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
});

/**
 * Runs test/host/install.sh (a no-op once the cached host is complete) and returns the host
 * directory, which the script prints as its last stdout line.
 */
export function ensureHost() {
  const result = spawnSync('bash', [path.join(repoRoot, 'test/host/install.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`test/host/install.sh failed (exit ${result.status ?? result.signal})`);
  }
  const hostDir = result.stdout.trim().split('\n').pop()?.trim() ?? '';
  const entry = path.join(hostDir, 'node_modules/code-server/out/node/entry.js');
  const node = path.join(hostDir, 'node/bin/node');
  if (!existsSync(entry) || !existsSync(node)) {
    throw new Error(`install.sh printed "${hostDir}", which holds no code-server and Node`);
  }
  return { hostDir, node, entry };
}

/** Resolves with whether `port` can be bound on 127.0.0.1 right now. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port on 127.0.0.1: `preferred` or the next free one after it (20 tries: enough for a
 * few servers left running by hand), or any free port the OS picks when none is preferred.
 */
export async function findFreePort(preferred) {
  if (preferred) {
    for (let port = preferred; port < preferred + 20; port++) {
      if (await portIsFree(port)) return port;
    }
    throw new Error(`no free port in ${preferred}..${preferred + 19} on 127.0.0.1`);
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The environment for the server: ours, minus what would tie it to an enclosing VS Code. */
function serverEnv(sandbox, extraEnv) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Set when this runs in a VS Code terminal; they would make the server talk to that VS Code.
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_')) continue;
    env[key] = value;
  }
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'xdg/config', XDG_DATA_HOME: 'xdg/data', XDG_CACHE_HOME: 'xdg/cache', TMPDIR: 'tmp' };
  for (const [key, dir] of Object.entries(dirs)) {
    env[key] = path.join(sandbox, dir);
    mkdirSync(env[key], { recursive: true });
  }
  return { ...env, ...extraEnv };
}

/** Polls `GET /healthz` until it answers 200; rejects early if the server process exits. */
async function waitForHttp(url, child, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = code ?? signal;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before answering HTTP\n${tail(logFile)}`);
    try {
      const response = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer HTTP on ${url} within ${timeoutMs / 1000} s\n${tail(logFile)}`);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * Installs a .vsix into the sandbox's extensions dir with code-server's own CLI, as a user
 * would (`code-server --install-extension file.vsix`); throws with its output if it fails.
 */
function installVsix({ node, entry, vsix, dirArgs, cwd, env }) {
  if (!existsSync(vsix)) throw new Error(`no such VSIX: ${vsix}`);
  const result = spawnSync(node, [entry, ...dirArgs, '--install-extension', vsix], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  // Its success line is checked too: the exit status alone would not say that the file was an extension.
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
}

/**
 * An empty language pack for `locale`: an extension contributing the localization with no
 * translations, and the language pack index (<user-data-dir>/languagepacks.json) VS Code keeps
 * for it. Returns the extension's folder, to be installed like any other. See the file's header
 * for why both are needed; VS Code's own strings stay English (the pack translates nothing),
 * while the extension host reports `locale` and loads extensions' bundles for it.
 */
function writeEmptyLanguagePack(sandbox, userDataDir, locale) {
  const folder = path.join(sandbox, 'language-pack');
  const translations = path.join(folder, 'translations', 'main.i18n.json');
  mkdirSync(path.dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  const manifest = {
    name: `empty-language-pack-${locale}`,
    publisher: 'tokenscope-test',
    version: '0.0.0',
    engines: { vscode: '*' },
    contributes: {
      localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  };
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest));
  const extensions = [{ extensionIdentifier: { id: `${manifest.publisher}.${manifest.name}` }, version: manifest.version }];
  writeFileSync(
    path.join(userDataDir, 'languagepacks.json'),
    JSON.stringify({ [locale]: { hash: `empty-${locale}`, extensions, translations: { vscode: translations }, label: locale } }),
  );
  return folder;
}

/**
 * Starts code-server on 127.0.0.1 with `folder` as its default folder, in a fresh sandbox.
 *
 * @param {object} options
 * @param {string} options.folder absolute path of the folder to open
 * @param {number} [options.port] preferred port (the next free one is taken if busy); any free port when omitted
 * @param {Record<string,string>} [options.env] extra environment; the extension host inherits it
 * @param {Record<string,unknown>} [options.settings] user settings, merged over {@link defaultSettings}
 * @param {boolean} [options.smokeTestDriver=true] pass `enable-smoke-test-driver` (needed for test payloads)
 * @param {string[]} [options.installExtensions] extensions to install: folders (symlinked into the extensions dir) or
 *   `.vsix` files (installed with `code-server --install-extension`, as a user would)
 * @param {(chunk: string) => void} [options.onOutput] receives the server's stdout/stderr as it comes
 * @param {boolean} [options.keepSandbox=false] keep the sandbox directory after `stop()` (for debugging)
 * @param {string} [options.locale] VS Code's display language (`de`); the default is English
 * @param {number} [options.startTimeoutMs=60000] how long to wait for HTTP
 * @returns {Promise<{url: string, port: number, sandbox: string, logFile: string, stop: () => Promise<void>}>}
 */
export async function startCodeServer(options) {
  const { folder, env: extraEnv = {}, settings = {}, smokeTestDriver = true, installExtensions = [], onOutput, keepSandbox = false, startTimeoutMs = 60_000, locale } = options;
  const { node, entry } = ensureHost();
  const port = await findFreePort(options.port);
  const url = `http://127.0.0.1:${port}/`;

  // /tmp rather than os.tmpdir(): TMPDIR may be long, and sockets are created below this.
  const sandbox = mkdtempSync(path.join(existsSync('/tmp') ? '/tmp' : (process.env.TMPDIR ?? '/tmp'), 'tks-'));
  const userDataDir = path.join(sandbox, 'data');
  const extensionsDir = path.join(sandbox, 'ext');
  const configFile = path.join(sandbox, 'config.yaml');
  const logFile = path.join(sandbox, 'server.log');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const languagePack = locale ? [writeEmptyLanguagePack(sandbox, userDataDir, locale)] : [];
  writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...defaultSettings, ...settings }, null, 2));
  // An explicit config so code-server neither reads nor writes ~/.config/code-server/config.yaml.
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = serverEnv(sandbox, extraEnv);
  // The sandbox's directories, for the server and for its CLI (--install-extension).
  const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile];

  try {
    for (const extension of [...installExtensions, ...languagePack]) {
      if (extension.endsWith('.vsix')) {
        installVsix({ node, entry, vsix: path.resolve(extension), dirArgs, cwd: sandbox, env });
        continue;
      }
      const { publisher, name, version } = JSON.parse(readFileSync(path.join(extension, 'package.json'), 'utf8'));
      symlinkSync(path.resolve(extension), path.join(extensionsDir, `${publisher}.${name}-${version}`));
    }
  } catch (error) {
    if (!keepSandbox) rmSync(sandbox, { recursive: true, force: true });
    throw error;
  }

  const args = [
    entry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...dirArgs,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(locale ? ['--locale', locale] : []),
    folder,
  ];
  const log = createWriteStream(logFile);
  const child = spawn(node, args, {
    cwd: sandbox,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() reaches the forked server and extension hosts
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      log.write(chunk);
      onOutput?.(chunk);
    });
  }

  let stopped = false;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // If our own process dies without calling stop(), the server must not outlive it.
  const onParentExit = () => killGroup('SIGKILL');
  process.once('exit', onParentExit);

  async function stop() {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onParentExit);
    killGroup('SIGTERM');
    // code-server shuts down in well under a second; 5 s before SIGKILL is generous.
    const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup('SIGKILL'); // stragglers in the group (extension hosts, watchers)
    log.end();
    if (!keepSandbox) rmSync(sandbox, { recursive: true, force: true });
  }

  try {
    await waitForHttp(url, child, startTimeoutMs, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, sandbox, logFile, stop };
}
