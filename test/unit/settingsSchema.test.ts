import { defaultLintSeverities } from '../../src/core/catalog/lintSettings';
import * as assert from 'node:assert/strict';
import { buildCatalog, DEFAULT_MODEL_ID } from '../../src/core/catalog/catalog';
import { parseSettings } from '../../src/core/catalog/settings';
import {
  areasAffected,
  RESTRICTED_SETTING_NAMES,
  SETTING_AREAS,
  SETTING_DEFAULTS,
  SETTING_KEYS,
  SETTINGS_TABLE,
  settingByKey,
  userOnlyValue,
  type ParseContext,
} from '../../src/core/catalog/settingsSchema';
import { saveTarget, type SaveSpec } from '../../src/core/catalog/settingsTarget';
import { ENGLISH } from '../../src/core/l10n';

const catalog = buildCatalog({}, { findInHfCache: () => undefined });
const ctx: ParseContext = { l10n: ENGLISH, catalog, model: catalog.find(DEFAULT_MODEL_ID)! };
const rows = Object.entries(SETTINGS_TABLE);
type AnyParse = (raw: unknown, ctx: ParseContext, spec: unknown) => { value: unknown; problem?: string };
const parse = (spec: (typeof rows)[number][1], raw: unknown) => (spec.parse as AnyParse)(raw, ctx, spec);

/** Rows the catalog reads and checks itself (catalogFor, with its own tests). */
const CATALOG_ROWS = ['customModels', 'priceOverrides', 'tokenizerFiles'];

/** A value of the wrong JSON type for every row: an object where a scalar is expected, a number where a list or an object is. */
const wrongType = (spec: (typeof rows)[number][1]) => (typeof spec.default === 'object' && spec.default !== null ? 42 : { nested: true });

describe('the settings table', () => {
  it("has one row per key, and derives the host's key ids and the defaults from its rows", () => {
    assert.equal(new Set(rows.map(([, s]) => s.key)).size, rows.length);
    for (const [name, spec] of rows) {
      assert.equal(SETTING_KEYS[name as keyof typeof SETTING_KEYS], spec.key, name);
      assert.deepEqual(SETTING_DEFAULTS[spec.key as keyof typeof SETTING_DEFAULTS], spec.default, name);
      assert.equal(settingByKey(spec.key), spec, name);
      assert.ok((SETTING_AREAS as readonly string[]).includes(spec.area), `${name}: area ${spec.area}`);
    }
    assert.equal(settingByKey('no.such.key'), undefined);
  });

  it("uses each setting's default, without a problem, when nothing is set", () => {
    for (const [name, spec] of rows) {
      const parsed = parse(spec, undefined);
      assert.equal(parsed.problem, undefined, name);
      const value = parsed.value as unknown;
      // Rows that turn an id into a model (or null into the model's reserve) return what the default stands for.
      if (name === 'model') assert.equal((value as { id: string }).id, spec.default);
      else if (name === 'insightModels')
        assert.deepEqual(
          (value as Array<{ id: string }>).map((m) => m.id),
          spec.default,
        );
      else if (name === 'reservedOutputTokens') assert.equal(value, 16_384);
      else if (name === 'statusBarFormat') assert.equal((value as { source: string }).source, spec.default);
      // Rules not named keep the severity the rule registry gives them.
      else if (name === 'lintRules') assert.deepEqual(value, defaultLintSeverities());
      else if (CATALOG_ROWS.includes(name)) assert.equal(value, undefined, `${name}: passed on to catalogFor as it is`);
      else assert.deepEqual(value, spec.default, name);
    }
  });

  it('refuses a value of the wrong type for every setting the snapshot checks, falling back with a message', () => {
    for (const [name, spec] of rows) {
      // The catalog's rows are checked by catalogFor (catalog tests); the user-only ones fall back silently.
      if (CATALOG_ROWS.includes(name) || spec.userOnly) continue;
      const parsed = parse(spec, wrongType(spec));
      assert.ok(parsed.problem && parsed.problem.length > 20, `${name}: ${parsed.problem}`);
      assert.deepEqual(parsed.value, parse(spec, undefined).value, `${name} falls back to its default`);
    }
  });

  it("reports a problem under the setting's full id through parseSettings", () => {
    for (const [name, spec] of rows) {
      if (spec.userOnly) continue;
      const { problems } = parseSettings({ [spec.key]: wrongType(spec) });
      assert.ok(problems.length >= 1, name);
      assert.ok(
        problems.every((p) => p.setting === `tokenscope.${spec.key}`),
        `${name}: ${problems.map((p) => p.setting).join()}`,
      );
    }
  });

  it("keeps the watchdog's range and the manifest's bounds the same", () => {
    const spec = SETTINGS_TABLE.workerTimeoutSeconds;
    assert.equal(parse(spec, spec.manifest.minimum).problem, undefined);
    assert.equal(parse(spec, spec.manifest.maximum).problem, undefined);
    assert.ok(parse(spec, spec.manifest.minimum! - 0.5).problem);
    assert.ok(parse(spec, spec.manifest.maximum! + 0.5).problem);
  });

  it('restricts the settings that name files, turn on work in every editor, send text away or let counts depend on what was sent', () => {
    assert.deepEqual([...RESTRICTED_SETTING_NAMES].sort(), [
      'anthropicBaseUrl',
      'anthropicExactCounts',
      'boundariesEnabled',
      'codeLensEnabled',
      'customModels',
      'geminiBaseUrl',
      'geminiExactCounts',
      'learnFromCounts',
      'lineCountsEnabled',
      'openaiBaseUrl',
      'openaiExactCounts',
      'tokenizerFiles',
      'xaiBaseUrl',
      'xaiExactCounts',
    ]);
  });

  it('reads the user-only switches as the table says: on only when plainly true, any string as the address', () => {
    assert.equal(userOnlyValue('anthropicExactCounts', true), true);
    assert.equal(userOnlyValue('anthropicExactCounts', 'true'), false);
    assert.equal(userOnlyValue('anthropicExactCounts', undefined), false);
    assert.equal(userOnlyValue('anthropicBaseUrl', 'http://127.0.0.1:9'), 'http://127.0.0.1:9');
    assert.equal(userOnlyValue('anthropicBaseUrl', 7), SETTINGS_TABLE.anthropicBaseUrl.default);
  });
});

describe('configuration change areas', () => {
  const changed =
    (...keys: string[]) =>
    (fullKey: string) =>
      keys.some((k) => k === fullKey || k.startsWith(`${fullKey}.`));

  it('names the area of each setting that changed, and only those', () => {
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.boundaries.colorBy'))], ['boundaries']);
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.model'))], ['model']);
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.customModels', 'tokenscope.insight.models'))].sort(), ['insight', 'model']);
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.maxFileSizeMB'))], ['fileSize']);
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.worker.timeoutSeconds'))], ['worker']);
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.anthropic.exactCounts'))], ['providers']);
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.gemini.baseUrl'))], ['providers']);
  });

  it('touches no area for a change elsewhere, and every area for an unknown key of its own', () => {
    assert.equal(areasAffected(changed('editor.fontSize')).size, 0);
    assert.deepEqual([...areasAffected(changed('tokenscope', 'tokenscope.removedLongAgo'))], [...SETTING_AREAS]);
  });
});

describe('where a setting is saved', () => {
  const model: SaveSpec = SETTINGS_TABLE.model;
  const boundaries: SaveSpec = SETTINGS_TABLE.boundariesEnabled;
  const trusted = { trusted: true, hasWorkspace: true };

  it('saves where the value in effect comes from, a language value before a plain one', () => {
    assert.deepEqual(saveTarget(model, {}, 'inEffect', trusted), { target: 'global', inLanguage: false });
    assert.deepEqual(saveTarget(model, { workspaceValue: 'a', globalLanguageValue: 'b' }, 'inEffect', trusted), { target: 'global', inLanguage: true });
    assert.deepEqual(saveTarget(model, { workspaceLanguageValue: 'a', globalLanguageValue: 'b' }, 'inEffect', trusted), { target: 'workspace', inLanguage: true });
    assert.deepEqual(saveTarget(model, { workspaceFolderLanguageValue: 'a', workspaceLanguageValue: 'b' }, 'inEffect', trusted), { target: 'workspaceFolder', inLanguage: true });
    assert.deepEqual(saveTarget(model, { workspaceValue: 'a', workspaceFolderValue: 'b' }, 'inEffect', trusted), { target: 'workspaceFolder', inLanguage: false });
    assert.deepEqual(saveTarget(model, { workspaceValue: 'a', globalValue: 'b' }, 'inEffect', trusted), { target: 'workspace', inLanguage: false });
  });

  it('saves for the language only when asked, and only a setting that can be set per language', () => {
    assert.deepEqual(saveTarget(model, { workspaceValue: 'a' }, 'language', trusted), { target: 'global', inLanguage: true });
    assert.deepEqual(saveTarget(boundaries, {}, 'language', trusted), { target: 'global', inLanguage: false });
    // boundaries.enabled is not language-overridable: a language value of it is not in effect.
    assert.deepEqual(saveTarget(boundaries, { globalLanguageValue: true }, 'inEffect', trusted), { target: 'global', inLanguage: false });
  });

  it("changes the user's value of a restricted setting in Restricted Mode, where the workspace's is not in effect", () => {
    assert.deepEqual(saveTarget(boundaries, { workspaceValue: true }, 'inEffect', trusted), { target: 'workspace', inLanguage: false });
    assert.deepEqual(saveTarget(boundaries, { workspaceValue: true, workspaceFolderValue: true }, 'inEffect', { trusted: false, hasWorkspace: true }), {
      target: 'global',
      inLanguage: false,
    });
    // The model is not restricted: its workspace value is in effect even in Restricted Mode.
    assert.deepEqual(saveTarget(model, { workspaceValue: 'a' }, 'inEffect', { trusted: false, hasWorkspace: true }), { target: 'workspace', inLanguage: false });
  });

  it("saves to the user's settings when asked, when no workspace is open, and always for user-only settings", () => {
    assert.deepEqual(saveTarget(SETTINGS_TABLE.insightModels, { workspaceValue: [] }, 'user', trusted), { target: 'global', inLanguage: false });
    assert.deepEqual(saveTarget(model, { workspaceValue: 'a' }, 'inEffect', { trusted: true, hasWorkspace: false }), { target: 'global', inLanguage: false });
    assert.deepEqual(saveTarget(SETTINGS_TABLE.anthropicExactCounts, { workspaceValue: true }, 'inEffect', trusted), { target: 'global', inLanguage: false });
    assert.deepEqual(saveTarget(SETTINGS_TABLE.workerTimeoutSeconds, { workspaceValue: 5 }, 'language', trusted), { target: 'global', inLanguage: false });
  });
});
