// Prints how much of the model catalog counts exactly, per maker and in all, as a machine without
// any tokenizer in its Hugging Face cache sees it (out of the box), then with the Gemma 3 file,
// with the Gemma 3 and 4 files, and with every tokenizer the catalog looks for in the cache.
// The figures README.md and docs/ACCURACY.md state come from here (test/unit/catalogCoverage.test.ts
// holds them as floors).
//
//   node scripts/catalog-figures.mjs
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { outputFiles } = await esbuild.build({
  stdin: { contents: "export { catalogFigures } from './src/core/catalog/catalogScope';", resolveDir: root, loader: 'ts' },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'silent',
});
const { catalogFigures } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
const percent = (n, of) => `${((100 * n) / of).toFixed(1)}%`;
const figures = catalogFigures();
console.log('maker         models  exact offline');
for (const [maker, { models, exact }] of Object.entries(figures.byMaker))
  console.log(`${maker.padEnd(13)} ${String(models).padStart(6)}  ${String(exact).padStart(5)} (${percent(exact, models)})`);
for (const [what, exact] of Object.entries(figures.exact)) console.log(`${what}: ${exact} of ${figures.models} (${percent(exact, figures.models)})`);
