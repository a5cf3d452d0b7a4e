// `npm run bench`: builds the worker and the benchmarks, runs them, prints the report and
// writes it into docs/PERFORMANCE.md between the BENCH markers. Arguments pass through
// (e.g. `npm run bench -- --mb=10 --runs=1`).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

execFileSync(process.execPath, ['esbuild.mjs', '--bench'], { stdio: 'inherit' });
const report = execFileSync(process.execPath, ['out/bench/workerBench.js', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 1 << 24,
});
process.stdout.write(report);

const file = 'docs/PERFORMANCE.md';
const doc = readFileSync(file, 'utf8');
const begin = '<!-- BENCH:worker -->';
const end = '<!-- /BENCH:worker -->';
const at = doc.indexOf(begin);
const until = doc.indexOf(end);
if (at < 0 || until < 0) throw new Error(`${file} lacks the ${begin} … ${end} markers`);
writeFileSync(file, `${doc.slice(0, at + begin.length)}\n${report.trim()}\n${doc.slice(until)}`);
console.error(`updated ${file}`);
