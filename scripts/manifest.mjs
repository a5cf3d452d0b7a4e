// Writes the parts of package.json's settings that the code owns, from the code:
// - every setting's `order` (where the Settings editor lists it), from the settings table
//   (src/core/catalog/settingsSchema.ts);
// - the catalog's model ids offered by `tokenscope.model` and the entries of
//   `tokenscope.insight.models` (src/core/present/modelIdSchema.ts), with each id's description
//   in package.nls.json and its translations (package.nls.<lang>.json, from l10n/bundle.l10n.<lang>.json);
// - `contributes.languageModelTools`: the agent tools' names, model-facing descriptions and input
//   schemas (src/core/agentTools/toolDefinitions.ts, which the MCP server serves too); their
//   display names and user descriptions are `%languageModelTools.<tool>.…%` keys, written by hand
//   in package.nls*.json.
// Run it after changing a row's order or the catalog (`npm run manifest`);
// test/unit/manifest.test.ts fails until the manifest agrees.
//
//   node scripts/manifest.mjs            write package.json and package.nls*.json
//   node scripts/manifest.mjs --check    write nothing; exit 1 if anything is out of date
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

// The code, bundled in memory with the price package, which the catalog reads as the tests do.
const entry = `
export { SETTINGS_TABLE } from './src/core/catalog/settingsSchema';
export { buildCatalog } from './src/core/catalog/catalog';
export { modelIdSchema, modelIdDescriptions } from './src/core/present/modelIdSchema';
export { bundleLocalizer, ENGLISH } from './src/core/l10n';
export { TOOL_DEFINITIONS, TOOL_NAMES, toolInputSchema } from './src/core/agentTools/toolDefinitions';
`;
const { outputFiles } = await esbuild.build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts' },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'silent',
});
const code = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);

let outdated = false;
function update(file, next) {
  const full = path.join(root, file);
  const text = `${JSON.stringify(next, null, 2)}\n`;
  if (readFileSync(full, 'utf8') === text) return;
  outdated = true;
  if (check) console.error(`manifest: ${file} is out of date (run npm run manifest)`);
  else {
    writeFileSync(full, text);
    console.log(`manifest: wrote ${file}`);
  }
}
const read = (file) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

// The manifest's models are the catalog's own: no custom models, no Hugging Face cache of this machine.
const models = code.buildCatalog({}, { findInHfCache: () => undefined }).models;
const manifest = read('package.json');
const properties = manifest.contributes.configuration.properties;
for (const spec of Object.values(code.SETTINGS_TABLE)) {
  const property = properties[`tokenscope.${spec.key}`];
  if (!property) throw new Error(`package.json does not declare tokenscope.${spec.key}; add it first`);
  property.order = spec.order;
}
const schema = code.modelIdSchema(models);
Object.assign(properties['tokenscope.model'], schema);
Object.assign(properties['tokenscope.insight.models'].items, schema);
manifest.contributes.languageModelTools = code.TOOL_NAMES.map((name) => {
  const tool = code.TOOL_DEFINITIONS[name];
  return {
    name: tool.vscodeName,
    toolReferenceName: tool.referenceName,
    displayName: `%languageModelTools.${name}.displayName%`,
    userDescription: `%languageModelTools.${name}.userDescription%`,
    modelDescription: tool.description,
    canBeReferencedInPrompt: true,
    icon: '$(symbol-numeric)',
    tags: ['tokens', 'context-window', 'tokenscope'],
    inputSchema: code.toolInputSchema(name, 'vscode'),
  };
});
update('package.json', manifest);

/** A package.nls file with the catalog's descriptions in place of the old ones (kept at the end). */
const withDescriptions = (nls, l10n) => ({
  ...Object.fromEntries(Object.entries(nls).filter(([key]) => !key.startsWith('config.modelIds.'))),
  ...code.modelIdDescriptions(models, l10n),
});
update('package.nls.json', withDescriptions(read('package.nls.json'), code.ENGLISH));
const languages = readdirSync(root)
  .map((f) => /^package\.nls\.([^.]+)\.json$/.exec(f)?.[1])
  .filter(Boolean)
  .sort();
for (const lang of languages) {
  const bundleFile = `l10n/bundle.l10n.${lang}.json`;
  const bundle = existsSync(path.join(root, bundleFile)) ? read(bundleFile) : {};
  update(`package.nls.${lang}.json`, withDescriptions(read(`package.nls.${lang}.json`), code.bundleLocalizer(bundle, lang)));
}
if (!outdated) console.log('manifest: package.json and package.nls*.json are up to date');
process.exit(check && outdated ? 1 : 0);
