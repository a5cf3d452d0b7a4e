// The Tokens view in the real VS Code (code-server + headless Chromium): runs the benchmark suite
// test/integration/tokensViewBench.test.ts through the integration launcher and turns its result
// line into the report's `tokensview` section. `--quick`: 500 files.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const quick = process.argv.includes('--quick');
const files = quick ? 500 : 5000;
const run = spawnSync(process.execPath, ['test/host/runInCodeServer.mjs', '--grep', 'Tokens view in the real VS Code', '--timeout', '1800'], {
  env: { ...process.env, TOKENSCOPE_BENCH_TOKENS_VIEW: '1', TOKENSCOPE_BENCH_FILES: String(files) },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 1 << 26,
});
const line = run.stdout.split('\n').find((l) => l.includes('@@TOKENS_VIEW_RESULT '));
if (run.status !== 0 || !line) {
  process.stderr.write(run.stdout);
  throw new Error(`the Tokens view benchmark did not finish (exit ${run.status})`);
}
const r = JSON.parse(line.slice(line.indexOf('@@TOKENS_VIEW_RESULT ') + '@@TOKENS_VIEW_RESULT '.length));
const n = (x) => x.toLocaleString('en-US');
console.log(`### The Tokens view in the real VS Code (${n(r.files)} files, ${(r.bytes / 1048576).toFixed(1)} MB)

Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores. Command: \`npm run bench -- --only=tokensview\` (code-server, headless Chromium). The tree: the first ${n(r.files)} text files (\`.js\`, \`.ts\`, \`.md\`, \`.json\`, …) of the repository's \`node_modules\`, in name order, copied into the workspace; gpt-4o (o200k_base); the worker's default pool of counting helpers for this machine.

| Measure | Figure |
| --- | ---: |
| First full count: Count Workspace → every file counted (${n(r.tokens)} tokens) | ${(r.firstCountMs / 1000).toFixed(2)} s |
| A saved file of ${n(r.editedBytes)} bytes: save → its new count in the view's tree (median of 10) | ${r.updateMedianMs} ms |
| The same, slowest of 10 | ${r.updateMaxMs} ms |
| VS Code's save event → the new count (Tokenscope's part: stat, read, count, tree), median of 10 | ${r.afterEventMedianMs} ms |
| The same, slowest of 10 | ${r.afterEventMaxMs} ms |`);
