import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleLocalizer, ENGLISH, formatMessage } from '../../src/core/l10n';
import { countLine } from '../../src/core/present/countFormat';
import { statusBarText } from '../../src/core/present/statusBarText';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { parseSettings } from '../../src/core/catalog/settings';
import { englishBundle, extractMessages, placeholders, sourceFiles } from '../../scripts/l10nMessages.mjs';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

/** The translations shipped besides English, by language id. */
const LANGUAGES = ['de'];

// --- The manifest ------------------------------------------------------------------------------

/**
 * Properties of `contributes` whose string values a user reads (in the command palette, the
 * settings editor, menus, views, walkthroughs…). Values of any other property (`command`,
 * `when`, `default`, `enum`, `pattern`, `icon`, ids) are code and stay as they are.
 */
const USER_FACING = new Set([
  'title',
  'shortTitle',
  'category',
  'description',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'enumItemLabels',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'patternErrorMessage',
  'errorMessage',
  'label',
  'name',
  'altText',
  'contextualTitle',
  'displayName',
]);

const NLS_KEY = /^%([^%]+)%$/;

/**
 * What a language model reads, not a user, and so stays English: a tool's id (`name`), its
 * `modelDescription` and its input schema (descriptions included), written by scripts/manifest.mjs
 * from the agent tools' one definition.
 */
const MODEL_FACING = /^contributes\.languageModelTools\[\d+\]\.(name|inputSchema)\b/;

/** Paths (`contributes.commands[0].title`) of user-facing strings that are not `%key%`. */
function unlocalizedStrings(value: unknown, at: string, userFacing = false): string[] {
  if (MODEL_FACING.test(at)) return [];
  if (typeof value === 'string') return userFacing && !NLS_KEY.test(value) ? [`${at}: ${JSON.stringify(value)}`] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unlocalizedStrings(item, `${at}[${i}]`, userFacing));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => unlocalizedStrings(item, `${at}.${key}`, USER_FACING.has(key)));
  }
  return [];
}

/** Every `%key%` string anywhere in the manifest. */
function nlsKeysUsed(value: unknown): string[] {
  if (typeof value === 'string') return NLS_KEY.exec(value)?.slice(1, 2) ?? [];
  if (Array.isArray(value)) return value.flatMap(nlsKeysUsed);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(nlsKeysUsed);
  return [];
}

/** Keys of `expected` missing from `actual`, and keys of `actual` not in `expected`. */
function keyDifference(expected: readonly string[], actual: readonly string[]): { missing: string[]; extra: string[] } {
  const have = new Set(actual);
  const want = new Set(expected);
  return { missing: expected.filter((k) => !have.has(k)), extra: actual.filter((k) => !want.has(k)) };
}

describe('localisation: the manifest', () => {
  const manifest = readJson('package.json');
  const english = readJson('package.nls.json');

  it('uses a %key% for every user-facing string of contributes and for the display name and description', () => {
    const found = [
      ...unlocalizedStrings(manifest.contributes, 'contributes'),
      ...unlocalizedStrings({ displayName: manifest.displayName, description: manifest.description }, 'package.json'),
    ];
    assert.deepEqual(found, []);
  });

  it('finds a plain string where a %key% belongs (the check above can fail)', () => {
    const contributes = {
      commands: [{ command: 'x.y', title: 'Plain', category: '%c%' }],
      configuration: { properties: { 'x.z': { enum: ['a'], enumDescriptions: ['An A'], default: 'a' } } },
      languageModelTools: [{ name: 'x_tool', displayName: 'Plain tool', modelDescription: 'For the model', inputSchema: { properties: { p: { description: 'For the model' } } } }],
    };
    assert.deepEqual(unlocalizedStrings(contributes, 'contributes'), [
      'contributes.commands[0].title: "Plain"',
      'contributes.configuration.properties.x.z.enumDescriptions[0]: "An A"',
      'contributes.languageModelTools[0].displayName: "Plain tool"',
    ]);
  });

  it('has English text in package.nls.json for every %key%, and no key nothing uses', () => {
    const used = [...new Set(nlsKeysUsed(manifest))];
    assert.ok(used.length > 0);
    assert.deepEqual(keyDifference(used, Object.keys(english)), { missing: [], extra: [] });
    for (const [key, text] of Object.entries(english)) assert.ok(typeof text === 'string' && text.trim() !== '', key);
  });

  for (const language of LANGUAGES) {
    it(`translates every key of package.nls.json in package.nls.${language}.json, and nothing else`, () => {
      const translated = readJson(`package.nls.${language}.json`);
      assert.deepEqual(keyDifference(Object.keys(english), Object.keys(translated)), { missing: [], extra: [] });
      for (const [key, text] of Object.entries(translated)) assert.ok(typeof text === 'string' && text.trim() !== '', key);
    });
  }

  it('declares where the message bundles are, and ships them and the manifest translations in the VSIX', () => {
    assert.equal(manifest.l10n, './l10n');
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    assert.ok(ignore.includes('!package.nls*.json'), '.vscodeignore keeps package.nls*.json');
    assert.ok(ignore.includes('!l10n/*.json'), '.vscodeignore keeps l10n/*.json');
  });
});

// --- The message bundles -----------------------------------------------------------------------

describe('localisation: the message bundles', () => {
  const { messages, problems } = extractMessages(root, sourceFiles(path.join(root, 'src')));
  const english = readJson('l10n/bundle.l10n.json');

  it('finds every message as a literal with matching placeholders', () => {
    assert.deepEqual(problems, []);
    assert.ok(messages.size > 200, `${messages.size} messages`);
  });

  it('has every l10n.t / deferred message of src in l10n/bundle.l10n.json, and no other (npm run l10n writes it)', () => {
    assert.deepEqual(keyDifference([...messages.keys()], Object.keys(english)), { missing: [], extra: [] });
    assert.deepEqual(english, englishBundle(messages), 'each English entry is its own message');
  });

  for (const language of LANGUAGES) {
    describe(`l10n/bundle.l10n.${language}.json`, () => {
      const translated = readJson(`l10n/bundle.l10n.${language}.json`);

      it('translates every message, and nothing else', () => {
        assert.deepEqual(keyDifference(Object.keys(english), Object.keys(translated)), { missing: [], extra: [] });
      });

      it('keeps the placeholders of each message', () => {
        for (const [message, text] of Object.entries(translated)) {
          assert.ok(typeof text === 'string' && text.trim() !== '', message);
          assert.deepEqual(placeholders(text), placeholders(message), `${JSON.stringify(message)} → ${JSON.stringify(text)}`);
        }
      });

      it('is a translation, not a copy of the English', () => {
        const same = Object.entries(translated).filter(([message, text]) => message === text);
        assert.ok(same.length < Object.keys(translated).length / 10, `${same.length} entries equal their English`);
      });
    });
  }

  it('reports a message that is not a literal and placeholders without arguments (the checks above can fail)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tks-l10n-'));
    try {
      const file = path.join(dir, 'sample.ts');
      writeFileSync(file, ["l10n.t('Fine {0}', x);", 'vscode.l10n.t(`Template ${x}`);', "l10n.t('Two {0} {1}', x);", "l10n.t('Gap {1}', x, y);", "deferred('Later');"].join('\n'));
      const sample = extractMessages(dir, [file]);
      assert.deepEqual([...sample.messages.keys()], ['Fine {0}', 'Two {0} {1}', 'Gap {1}', 'Later']);
      assert.equal(sample.problems.length, 3, sample.problems.join('\n'));
      assert.match(sample.problems[0], /sample\.ts:2: the message is not a string literal/);
      assert.match(sample.problems[1], /sample\.ts:3: .* 2 placeholder\(s\) but 1 argument/);
      assert.match(sample.problems[2], /sample\.ts:4: the placeholders/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// --- The core Localizer -------------------------------------------------------------------------

describe('localisation: core text in another language', () => {
  const german = bundleLocalizer(readJson('l10n/bundle.l10n.de.json') as Record<string, string>, 'de');

  it('fills placeholders, leaves unknown ones, and falls back to the English message', () => {
    assert.equal(formatMessage('{0} of {1}', ['a', 'b']), 'a of b');
    assert.equal(formatMessage('{0} and {2}', ['a']), 'a and {2}');
    assert.equal(bundleLocalizer({ Hello: 'Hallo' }, 'de').t('Missing {0}', 'x'), 'Missing x');
    assert.equal(bundleLocalizer({}, 'de').t('constructor'), 'constructor');
  });

  it('writes the status bar in German with German numbers, and in English by default', () => {
    const settings = parseSettings({ model: 'gpt-4o' }, german).settings;
    const view = { tokens: 53_446, selectionTokens: 1234, chars: 1, bytes: 1 };
    assert.equal(countLine(view, settings.model, settings, german), 'Ausw. 1.234 · 53.446 Tokens · 47,9\u00a0% von 112k · gpt-4o');
    assert.equal(countLine(view, settings.model, settings), 'Sel 1,234 · 53,446 tokens · 47.9% of 112k · gpt-4o');
    assert.equal(statusBarText(view, settings.model, settings, german), '$(selection) 1.234 / 53,4k · 47,9\u00a0% · gpt-4o');
    assert.equal(statusBarText(view, settings.model, settings), '$(selection) 1,234 / 53.4k · 47.9% · gpt-4o');
  });

  it('builds the catalog and its problem messages in the language asked for', () => {
    const catalog = buildCatalog({ priceOverrides: { 'no-such-model': { input: 1 } } }, { findInHfCache: () => undefined, l10n: german });
    assert.deepEqual(
      catalog.problems.map((p) => p.message),
      ['„no-such-model“ ist keine bekannte Modell-ID; Eintrag übersprungen.'],
    );
    const claude = catalog.find('claude-sonnet-4-5')!.counting;
    assert.ok(
      claude.kind === 'approx' && claude.method.startsWith('o200k_base × ein Faktor je Schrift, nicht gemessen') && claude.method.includes('Chinesisch (Han) × 1,46'),
      JSON.stringify(claude),
    );
    assert.equal(ENGLISH.locale, 'en');
  });

  it('falls back to English number formats for a locale Intl does not know', () => {
    assert.equal(bundleLocalizer(undefined, 'qps-ploc').locale, 'en');
  });
});
