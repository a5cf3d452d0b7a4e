// Writes l10n/bundle.l10n.json, the English source bundle: every message of src/ (see
// scripts/l10nMessages.mjs for what counts as one), each its own text. Run it after adding or
// changing a message (`npm run l10n`), then translate the new keys in the other bundles; it
// lists what each translation lacks or has too many of. The unit test test/unit/l10n.test.ts
// fails until both are done.
//
//   node scripts/l10n.mjs            write the English bundle, report the translations
//   node scripts/l10n.mjs --check    write nothing; exit 1 if anything is out of date
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { englishBundle, extractMessages, sourceFiles } from './l10nMessages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const bundleFile = path.join(root, 'l10n', 'bundle.l10n.json');

const { messages, problems } = extractMessages(root, sourceFiles(path.join(root, 'src')));
for (const problem of problems) console.error(`l10n: ${problem}`);

const english = englishBundle(messages);
const text = `${JSON.stringify(english, null, 2)}\n`;
let outdated = problems.length > 0;
const current = existsSync(bundleFile) ? readFileSync(bundleFile, 'utf8') : '';
if (current !== text) {
  if (check) {
    console.error('l10n: l10n/bundle.l10n.json is out of date (run npm run l10n)');
    outdated = true;
  } else {
    writeFileSync(bundleFile, text);
    console.log(`l10n: wrote l10n/bundle.l10n.json (${messages.size} messages)`);
  }
} else {
  console.log(`l10n: l10n/bundle.l10n.json is up to date (${messages.size} messages)`);
}

for (const file of readdirSync(path.join(root, 'l10n'))
  .filter((f) => /^bundle\.l10n\.[^.]+\.json$/.test(f))
  .sort()) {
  const translated = JSON.parse(readFileSync(path.join(root, 'l10n', file), 'utf8'));
  const missing = Object.keys(english).filter((k) => !Object.hasOwn(translated, k));
  const extra = Object.keys(translated).filter((k) => !Object.hasOwn(english, k));
  if (missing.length === 0 && extra.length === 0) continue;
  outdated = true;
  console.error(`l10n: ${file}: ${missing.length} missing, ${extra.length} no longer used`);
  for (const key of missing) console.error(`  missing: ${JSON.stringify(key)}`);
  for (const key of extra) console.error(`  unused:  ${JSON.stringify(key)}`);
}
process.exit(check && outdated ? 1 : 0);
