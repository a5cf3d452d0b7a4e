/** Entry point of the `tokenscope` command (package.json `bin`); all logic is in main.ts. */
import { nodeTokenizerFiles } from '../core/tokenizers/tokenizerFiles';
import { TokenizerRegistry } from '../core/tokenizers/tokenizerRegistry';
import { readCapped } from './countFiles';
import { runCli } from './main';
import { isCountWorker, runCountWorker } from './countPool';

// A counting worker of a large folder count runs this same bundle (countPool.ts).
if (isCountWorker()) runCountWorker(__dirname);
else main();

function main(): void {
  // `tokenscope models | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });

  runCli(
    process.argv.slice(2),
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      readStdin: (maxSizeMB) => readCapped(process.stdin, maxSizeMB),
      // This bundle is also the counting workers' script (countPool.ts).
      workerScript: __filename,
      platform: process.platform,
    },
    // The bundle is dist/cli.js: the build puts the rank files and tokenizer.json files beside it.
    new TokenizerRegistry(nodeTokenizerFiles(__dirname)),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`tokenscope: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
