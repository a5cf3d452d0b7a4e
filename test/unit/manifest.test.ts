import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BOUNDARY_COLOR_MODES, SETTING_DEFAULTS } from '../../src/core/catalog/settings';
import { SETTINGS_TABLE } from '../../src/core/catalog/settingsSchema';
import { commandList, type CommandServices } from '../../src/host/commands';
import { PROVIDER_IDS } from '../../src/core/providers/providerTable';
import { Colors, Commands, EditorTitleButtons, EXTENSION_ID, RestrictedSettings, SECTION, Settings } from '../../src/host/platform/ids';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { modelIdDescription, modelIdNlsKey, modelIdSchema } from '../../src/core/present/modelIdSchema';
import { bundleLocalizer, ENGLISH } from '../../src/core/l10n';
import { TOOL_DEFINITIONS, TOOL_NAMES, toolInputSchema } from '../../src/core/agentTools/toolDefinitions';
import { MCP_PROVIDER_ID } from '../../src/host/agentTools/mcpServerProvider';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
/** The manifest's English strings, by the `%key%` that stands for each in package.json. */
const nls: Record<string, string> = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
/** A manifest value as JSON with its `%key%` placeholders replaced by their English text. */
const inEnglish = (value: unknown) => JSON.stringify(value).replace(/%([\w.-]+)%/g, (placeholder, key: string) => nls[key] ?? placeholder);

describe('package.json contributions agree with the code', () => {
  it("declares the agent tools as the core defines them, each with a #reference and a translated name, and the MCP server's provider", () => {
    const tools = manifest.contributes.languageModelTools as Array<Record<string, unknown>>;
    assert.deepEqual(
      tools.map((t) => t.name),
      TOOL_NAMES.map((name) => TOOL_DEFINITIONS[name].vscodeName),
    );
    TOOL_NAMES.forEach((name, i) => {
      assert.equal(tools[i].toolReferenceName, TOOL_DEFINITIONS[name].referenceName);
      assert.equal(tools[i].modelDescription, TOOL_DEFINITIONS[name].description);
      assert.deepEqual(tools[i].inputSchema, toolInputSchema(name, 'vscode'));
      assert.equal(tools[i].canBeReferencedInPrompt, true);
      assert.ok(nls[String(tools[i].displayName).slice(1, -1)], `${name} has a display name`);
    });
    assert.deepEqual(
      manifest.contributes.mcpServerDefinitionProviders.map((p: { id: string }) => p.id),
      [MCP_PROVIDER_ID],
    );
  });

  it('declares every command the code registers, and no other', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
  });

  it('has exactly one handler in the command list for every contributed command, and none for another', () => {
    // Each service method records what it was called with: every handler must reach one, and
    // no two handlers the same one (toggle, show and hide boundaries differ in their argument).
    const calls: string[] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        void calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join()})`);
    const list = commandList({
      modelPicker: { pick: async () => record('modelPicker.pick')() },
      restartWorker: async () => record('restartWorker')(),
      boundaries: { set: async (enabled) => record('boundaries.set')(enabled) },
      providerKeys: Object.fromEntries(
        PROVIDER_IDS.map((id) => [id, { enter: async () => record(`${id}Key.enter`)(), clear: async () => record(`${id}Key.clear`)() }]),
      ) as CommandServices['providerKeys'],
      insightPanel: { show: record('insightPanel.show') },
      log: { show: record('log.show') },
      tokenizerDownloads: { get: async () => record('tokenizerDownloads.get')(), remove: async () => record('tokenizerDownloads.remove')() },
      calibrationLearner: { forget: async () => record('calibrationLearner.forget')() },
      tokensView: {
        count: async () => record('tokensView.count')(),
        cancel: record('tokensView.cancel'),
        reveal: async (target) => record('tokensView.reveal')(target),
        copyTotals: async (target) => record('tokensView.copyTotals')(target),
        revealBiggest: async (target) => record('tokensView.revealBiggest')(target),
        export: async () => record('tokensView.export')(),
      },
      datasetFiles: { summarize: async (target) => record('datasetFiles.summarize')(target) },
      agentContext: { refresh: async () => record('agentContext.refresh')(), copySummary: async () => record('agentContext.copySummary')() },
      notebooks: { showCells: async () => record('notebooks.showCells')() },
    });
    const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
    for (const command of contributed) assert.equal(list.filter(([id]) => id === command).length, 1, `${command} has one handler`);
    assert.deepEqual(list.map(([id]) => id).sort(), [...contributed].sort());
    for (const [id, handler] of list) {
      const before = calls.length;
      void handler();
      assert.equal(calls.length, before + 1, `${id} calls one service`);
    }
    assert.equal(new Set(calls).size, calls.length, calls.join(' '));
  });

  const properties: Record<string, { type: unknown; default: unknown; enum?: unknown; minimum?: number; maximum?: number; scope?: string; order?: number }> =
    manifest.contributes.configuration.properties;
  const rows = Object.entries(SETTINGS_TABLE);

  it('declares every setting of the settings table, and no other', () => {
    assert.deepEqual(Object.keys(properties).sort(), rows.map(([, spec]) => `${SECTION}.${spec.key}`).sort());
    assert.deepEqual(Object.values(Settings).sort(), rows.map(([, spec]) => spec.key).sort(), "the host's key ids are the table's keys");
  });

  for (const [name, spec] of rows) {
    it(`declares ${SECTION}.${spec.key} with the table's type, default, enum, bounds and scope`, () => {
      const declared = properties[`${SECTION}.${spec.key}`];
      assert.deepEqual(declared.type, spec.manifest.type, `${name}: type`);
      assert.deepEqual(declared.default, spec.default, `${name}: default`);
      assert.deepEqual(declared.enum, spec.manifest.enum, `${name}: enum`);
      assert.equal(declared.minimum, spec.manifest.minimum, `${name}: minimum`);
      assert.equal(declared.maximum, spec.manifest.maximum, `${name}: maximum`);
      assert.equal(declared.scope, spec.manifest.scope, `${name}: scope`);
      assert.equal(declared.order, spec.order, `${name}: order (npm run manifest writes it from the table)`);
      assert.deepEqual(SETTING_DEFAULTS[spec.key as keyof typeof SETTING_DEFAULTS], spec.default, `${name}: SETTING_DEFAULTS`);
    });
  }

  it('lists the model first, then counting and display, and the network (provider API) options last in the Settings editor', () => {
    const byOrder = [...rows].sort(([, a], [, b]) => a.order - b.order).map(([, spec]) => spec.key);
    assert.equal(new Set(rows.map(([, spec]) => spec.order)).size, rows.length, 'no two settings share a place');
    assert.equal(byOrder[0], 'model');
    // Each provider's switch and base URL, then what applies to all of them (`providers.*`).
    const perProvider = byOrder.filter((key) => PROVIDER_IDS.some((id) => key.startsWith(`${id}.`)));
    assert.equal(perProvider.length, 2 * PROVIDER_IDS.length, 'each provider has its switch and its base URL');
    const network = [...perProvider, ...byOrder.filter((key) => key.startsWith('providers.'))];
    assert.ok(network.length > 0);
    assert.deepEqual(byOrder.slice(-network.length), network, byOrder.join(', '));
    assert.ok(byOrder.indexOf('statusBar.enabled') < byOrder.indexOf('boundaries.enabled'), byOrder.join(', '));
  });

  // The catalog as the manifest knows it: no custom models, nothing from this machine's Hugging Face cache.
  const catalogModels = buildCatalog({}, { findInHfCache: () => undefined }).models;
  const german = bundleLocalizer(JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.de.json'), 'utf8')), 'de');
  const nlsDe: Record<string, string> = JSON.parse(readFileSync(path.join(root, 'package.nls.de.json'), 'utf8'));
  const modelIdSettings = {
    'tokenscope.model': properties['tokenscope.model'],
    'tokenscope.insight.models (items)': manifest.contributes.configuration.properties['tokenscope.insight.models'].items,
  };

  for (const [where, declared] of Object.entries(modelIdSettings)) {
    it(`offers the catalog's ids with a description each for ${where}, and accepts any other id (a custom model's)`, () => {
      const schema = declared as { type: string; enum?: unknown; anyOf: Array<{ enum?: string[]; markdownEnumDescriptions?: string[]; type?: string }> };
      assert.deepEqual({ type: schema.type, anyOf: schema.anyOf }, JSON.parse(JSON.stringify(modelIdSchema(catalogModels))), 'npm run manifest writes it from the catalog');
      // A top-level enum would refuse a custom model's id; the free string branch takes it.
      assert.equal(schema.enum, undefined);
      assert.deepEqual(schema.anyOf[1], { type: 'string' });
      assert.deepEqual(
        schema.anyOf[0].enum,
        catalogModels.map((m) => m.id),
      );
      assert.ok(schema.anyOf[0].enum!.includes(SETTINGS_TABLE.model.default), 'the default is one of them');
    });
  }

  it("describes every catalog id in English and German from the catalog, under a key VS Code's %placeholder% can name", () => {
    for (const model of catalogModels) {
      const key = modelIdNlsKey(model.id);
      assert.match(key, /^[\w.-]+$/, model.id);
      assert.equal(nls[key], modelIdDescription(model, ENGLISH), key);
      assert.equal(nlsDe[key], modelIdDescription(model, german), key);
      assert.ok(nls[key].includes(`**${model.displayName}** · ${model.provider}`), nls[key]);
    }
    const described = Object.keys(nls).filter((key) => key.startsWith(modelIdNlsKey('')));
    assert.deepEqual(described.sort(), catalogModels.map((m) => modelIdNlsKey(m.id)).sort(), 'no description of a model the catalog dropped');
  });

  it("links the settings' descriptions to Tokenscope's own commands, the model to Select Model", () => {
    const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    const links = (id: string) => [...inEnglish(properties[id]).matchAll(/\]\(command:([\w.-]+)\)/g)].map((m) => m[1]);
    const linked = Object.keys(properties).flatMap(links);
    assert.ok(linked.length >= 4, linked.join());
    for (const command of linked) assert.ok(declared.has(command), `${command} is contributed`);
    assert.deepEqual(links('tokenscope.model'), [Commands.selectModel]);
  });

  it("declares only the user's scope for the settings only user settings may set", () => {
    for (const [name, spec] of rows.filter(([, s]) => s.userOnly)) assert.equal(properties[`${SECTION}.${spec.key}`].scope, 'application', name);
  });

  it('offers exactly the colour modes the code knows', () => {
    assert.deepEqual(properties['tokenscope.boundaries.colorBy'].enum, [...BOUNDARY_COLOR_MODES]);
  });

  it('declares every theme colour the code uses, each with dark, light and both high-contrast defaults', () => {
    const colors: Array<{ id: string; defaults: Record<string, string> }> = manifest.contributes.colors;
    const expected = [...Colors.tokenBackgrounds, Colors.whitespaceForeground, Colors.lineCountForeground];
    assert.deepEqual(colors.map((c) => c.id).sort(), [...expected].sort());
    for (const color of colors) {
      assert.deepEqual(Object.keys(color.defaults).sort(), ['dark', 'highContrast', 'highContrastLight', 'light'], color.id);
    }
    assert.ok(Colors.tokenBackgrounds.length >= 4, 'a palette of at least 4 colours');
    // Translucent backgrounds keep syntax colours readable: every palette default has an alpha.
    for (const color of colors.filter((c) => (Colors.tokenBackgrounds as readonly string[]).includes(c.id))) {
      for (const [theme, value] of Object.entries(color.defaults)) assert.match(value, /^#[0-9a-f]{8}$/i, `${color.id} ${theme}`);
    }
  });

  it("puts the show/hide boundaries buttons in the editor title under the code's conditions, and keeps them out of the palette", () => {
    const menus = manifest.contributes.menus;
    assert.deepEqual(
      menus['editor/title'].map((m: { command: string; when: string }) => ({ command: m.command, when: m.when })),
      EditorTitleButtons.map((b) => ({ command: b.command, when: b.when })),
    );
    const hidden = menus.commandPalette
      .filter((m: { when: string }) => m.when === 'false')
      .map((m: { command: string }) => m.command)
      .sort();
    // The boundary buttons, and the Tokens view's commands that act on a row or an Explorer item.
    assert.deepEqual(hidden, [Commands.hideBoundaries, Commands.showBoundaries, Commands.countFolder, Commands.copyFolderTotals].sort());
    const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    for (const list of Object.values(menus) as Array<Array<{ command: string }>>) for (const m of list) assert.ok(declared.has(m.command), m.command);
    for (const b of EditorTitleButtons) {
      assert.ok(manifest.contributes.commands.find((c: { command: string; icon?: string }) => c.command === b.command)?.icon, `${b.command} has an icon`);
    }
  });

  it('lets the model be set per language', () => {
    assert.equal(manifest.contributes.configuration.properties['tokenscope.model'].scope, 'language-overridable');
  });

  it('has the extension id the code expects', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID);
  });

  it('targets a VS Code no newer than the test host (1.139) and types no newer than engines', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    const types = manifest.devDependencies['@types/vscode'];
    assert.ok(compareVersions(engine, '1.139.1') <= 0, engine);
    assert.ok(compareVersions(types, engine) <= 0, `${types} > ${engine}`);
  });
});

/** The categories VS Code 1.139's extension manifest schema accepts (the marketplace's list). */
// Laid out by hand, many short items to a line.
// prettier-ignore
const MARKETPLACE_CATEGORIES = [
  'AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Extension Packs', 'Education', 'Formatters', 'Keymaps', 'Language Packs',
  'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization', 'Other',
];

/** Where the project lives; the `vsix` script rewrites README links to the same base. */
const PROJECT_URL = 'https://github.com/tokenscope/tokenscope';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { image?: string; altText?: string };
  completionEvents?: string[];
}

describe('package.json for the marketplace', () => {
  it('has a 128×128 PNG icon', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    assert.deepEqual(pngSize(readFileSync(path.join(root, manifest.icon))), { width: 128, height: 128 });
  });

  it("reads a PNG's size from its IHDR, and refuses what is not a PNG", () => {
    // A 1×1 PNG, byte for byte, so the size reader itself can fail.
    const onePixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    assert.deepEqual(pngSize(onePixel), { width: 1, height: 1 });
    assert.throws(() => pngSize(Buffer.from('GIF89a\x01\x00\x01\x00')), /not a PNG/);
  });

  it('lists only categories the marketplace knows, and at most 30 distinct keywords', () => {
    assert.ok(manifest.categories.length > 0);
    for (const category of manifest.categories) assert.ok(MARKETPLACE_CATEGORIES.includes(category), category);
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, `${manifest.keywords.length} keywords`);
    assert.equal(new Set(manifest.keywords.map((k: string) => k.toLowerCase())).size, manifest.keywords.length, 'keywords are distinct');
  });

  it('points repository, homepage and bugs at the project, and has a gallery banner', () => {
    assert.equal(manifest.repository.url, `${PROJECT_URL}.git`);
    assert.ok(manifest.homepage.startsWith(PROJECT_URL), manifest.homepage);
    assert.equal(manifest.bugs.url, `${PROJECT_URL}/issues`);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme), manifest.galleryBanner.theme);
  });

  it('ships a CHANGELOG in Keep a Changelog form with this version', () => {
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^## \[Unreleased\]$/m);
    assert.match(changelog, new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });
});

describe('package.json: Restricted Mode and virtual workspaces', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;

  it('works limited in an untrusted workspace, restricting exactly the settings the code restricts', () => {
    assert.equal(trust.supported, 'limited');
    assert.match(trust.description, /^%[\w.]+%$/, 'the description is a package.nls.json key');
    assert.deepEqual([...trust.restrictedConfigurations].sort(), RestrictedSettings.map((k) => `${SECTION}.${k}`).sort());
    const declared = manifest.contributes.configuration.properties;
    for (const setting of trust.restrictedConfigurations) assert.ok(declared[setting], `${setting} is a declared setting`);
  });

  it('restricts every setting that names a file or sends text away', () => {
    // A setting whose value (or an entry of it) may be a path: its schema says so.
    const properties: Record<string, object> = manifest.contributes.configuration.properties;
    const namesFiles = Object.entries(properties)
      .filter(([, schema]) => /tokenizer\.json|path/i.test(inEnglish(schema)))
      .map(([id]) => id);
    assert.ok(namesFiles.includes('tokenscope.tokenizerFiles') && namesFiles.includes('tokenscope.customModels'), namesFiles.join());
    const sends = Object.keys(properties).filter((id) => PROVIDER_IDS.some((provider) => id.startsWith(`tokenscope.${provider}.`)));
    assert.equal(sends.length, 2 * PROVIDER_IDS.length, sends.join());
    for (const setting of [...namesFiles, ...sends]) assert.ok(trust.restrictedConfigurations.includes(setting), `${setting} is restricted`);
  });

  it('declares its support of virtual workspaces', () => {
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });
});

describe('package.json: the walkthrough', () => {
  const walkthroughs: Array<{ id: string; title: string; steps: WalkthroughStep[] }> = manifest.contributes.walkthroughs;
  const steps = walkthroughs.flatMap((w) => w.steps);
  const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));

  it('has the four steps, each with a localised title, description and image text', () => {
    assert.deepEqual(
      walkthroughs.map((w) => w.id),
      ['getStarted'],
    );
    assert.deepEqual(
      steps.map((s) => s.id),
      ['selectModel', 'statusBar', 'boundaries', 'insightPanel'],
    );
    for (const step of steps) {
      for (const text of [step.title, step.description, step.media.altText]) assert.match(String(text), /^%[\w.]+%$/, `${step.id}: ${text}`);
    }
  });

  it('shows images that exist, are PNGs and are small', () => {
    for (const step of steps) {
      const image = step.media.image ?? '';
      assert.ok(image.startsWith('media/walkthrough/'), `${step.id}: ${image}`);
      const file = path.join(root, image);
      assert.ok(existsSync(file), `${image} exists`);
      assert.ok(pngSize(readFileSync(file)).width >= 400, `${image} is wide enough to read`);
      assert.ok(statSync(file).size < 150_000, `${image} is ${statSync(file).size} bytes`);
    }
  });

  it('links and completes only on commands Tokenscope contributes', () => {
    const linked = steps.flatMap((step) => [...inEnglish(step.description).matchAll(/\(command:([\w.-]+)/g)].map((m) => m[1]));
    assert.deepEqual(linked.sort(), [Commands.selectModel, Commands.showInsightPanel, Commands.toggleBoundaries].sort());
    const completing = steps
      .flatMap((s) => s.completionEvents ?? [])
      .filter((e) => e.startsWith('onCommand:'))
      .map((e) => e.slice('onCommand:'.length));
    for (const command of [...linked, ...completing]) assert.ok(declared.has(command), `${command} is contributed`);
    for (const step of steps) assert.ok((step.completionEvents ?? []).length > 0, `${step.id} can be completed`);
  });

  it('has English text in package.nls.json for every %key% of the manifest', () => {
    const keys = [...JSON.stringify(manifest).matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 0);
    for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key].trim() !== '', key);
  });

  it('is packed into the VSIX with the icon and the manifest strings', () => {
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const line of ['!media/icon.png', '!media/walkthrough/*.png', '!package.nls*.json']) assert.ok(ignore.includes(line), `.vscodeignore has ${line}`);
  });
});

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the signature). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
