// Keystroke → status bar in the real VS Code (code-server + headless Chromium), on a ~48 MB
// document, next to a baseline status bar item that does no work: runs the benchmark suite
// test/integration/keystrokeLatency.test.ts through the integration launcher and turns its
// result line into the report's `vscode` section. `--quick`: 5 MB and 20 edits.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const quick = process.argv.includes('--quick');
const mb = quick ? 5 : 48;
const edits = quick ? 20 : 100;
const run = spawnSync(process.execPath, ['test/host/runInCodeServer.mjs', '--grep', 'keystroke latency', '--timeout', '1500'], {
  env: { ...process.env, TOKENSCOPE_BENCH_KEYSTROKES: '1', TOKENSCOPE_BENCH_MB: String(mb), TOKENSCOPE_BENCH_EDITS: String(edits) },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 1 << 26,
});
const line = run.stdout.split('\n').find((l) => l.includes('@@KEYSTROKE_RESULT '));
if (run.status !== 0 || !line) {
  process.stderr.write(run.stdout);
  throw new Error(`the keystroke benchmark did not finish (exit ${run.status})`);
}
const r = JSON.parse(line.slice(line.indexOf('@@KEYSTROKE_RESULT ') + '@@KEYSTROKE_RESULT '.length));
const ms = (n) => `${n} ms`;
console.log(`### Keystroke → status bar in the real VS Code (${r.mb} MB mixed document)

Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores. Command: \`npm run bench -- --only=vscode\` (code-server 4.139.1 = VS Code 1.139.1, headless Chromium). ${r.edits} edits at the end of a document of ${r.chars.toLocaleString('en-US')} characters and ${r.tokens.toLocaleString('en-US')} tokens, each inserting or deleting \` 12345678\`; time from the extension host's change event to the page rendering the new status bar text (recorded in the page by a MutationObserver, wall clock). The baseline is a status bar item that sets its text inside the same change event, without any work: VS Code's own cost of carrying a status bar update from the extension host to the screen.

| Measure | Median | p95 | Max |
| --- | ---: | ---: | ---: |
| Tokenscope: change event → new count rendered | ${ms(r.tokenscope.median)} | ${ms(r.tokenscope.p95)} | ${ms(r.tokenscope.max)} |
| Baseline item: change event → its text rendered | ${ms(r.baseline.median)} | ${ms(r.baseline.p95)} | ${ms(r.baseline.max)} |
| Tokenscope's share (difference of medians) | ${ms(r.tokenscope.median - r.baseline.median)} | | |

Activation in the same run: \`activate()\` took ${r.activationMs.toFixed(1)} ms (it builds the services and starts the worker thread, which loads in the background; no tokenizer is loaded on the host).`);
