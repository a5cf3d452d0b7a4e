import * as assert from 'node:assert/strict';
import { buildCatalog } from '../../src/core/catalog/catalog';
import { parseSettings } from '../../src/core/catalog/settings';
import { DEFAULT_STATUS_BAR_FORMAT, MAX_STATUS_BAR_CHARS, STATUS_BAR_FIELDS, visibleLength } from '../../src/core/catalog/statusBarFormat';
import { SETTING_DEFAULTS } from '../../src/core/catalog/settingsSchema';
import { ENGLISH, bundleLocalizer } from '../../src/core/l10n';
import { cutToWidth, formatCompact, statusBarFields, statusBarText } from '../../src/core/present/statusBarText';
import { parseFieldTemplate, renderFieldTemplate } from '../../src/core/text/fieldTemplate';

const catalog = buildCatalog({}, { findInHfCache: () => undefined });
const gpt4o = catalog.find('gpt-4o')!;
const claude = catalog.find('claude-sonnet-4-5')!;
const settingsWith = (format: unknown, model = 'gpt-4o') => parseSettings({ model, 'statusBar.format': format });
const defaults = settingsWith(undefined).settings;

describe('status bar text: short by default', () => {
  it('shows the count, the share of the usable window and the model, with a number icon', () => {
    assert.equal(statusBarText({ tokens: 12_345, chars: 1, bytes: 1 }, gpt4o, defaults), '$(symbol-numeric) 12.3k · 11.1% · gpt-4o');
    assert.equal(statusBarText({ tokens: 829, chars: 1, bytes: 1 }, gpt4o, defaults), '$(symbol-numeric) 829 · 0.7% · gpt-4o');
  });

  it("shows a selection's count before the whole text's, with the selection icon", () => {
    assert.equal(statusBarText({ tokens: 12_345, selectionTokens: 1_234, chars: 1, bytes: 1 }, gpt4o, defaults), '$(selection) 1,234 / 12.3k · 11.1% · gpt-4o');
  });

  it('shows the count once when the selection is the whole text (Select All)', () => {
    assert.equal(statusBarText({ tokens: 829, selectionTokens: 829, chars: 1, bytes: 1 }, gpt4o, defaults), '$(selection) 829 · 0.7% · gpt-4o');
    const approx = parseSettings({ model: 'claude-sonnet-4-5' }).settings;
    const text = statusBarText({ tokens: 829, selectionTokens: 829, chars: 1, bytes: 1 }, claude, approx);
    assert.equal(text.match(/≈/g)?.length, 1, text);
  });

  it('keeps ≈ on approximate counts, the selection included, and drops it for an API count', () => {
    const approx = parseSettings({ model: 'claude-sonnet-4-5' }).settings;
    assert.match(statusBarText({ tokens: 20_000, selectionTokens: 100, chars: 1, bytes: 1 }, claude, approx), /^\$\(selection\) ≈\d+ \/ ≈2\d\.\dk · \d+\.\d% · claude-sonnet-4-5$/);
    const api = { tokens: 20_000, chars: 1, bytes: 1, apiCount: { tokens: 23_456, source: 'API' } };
    assert.equal(statusBarText(api, claude, approx), `$(symbol-numeric) 23.5k · ${statusBarFields(api, claude, approx).share} · claude-sonnet-4-5`);
  });

  it('marks a count being redone with a spinner in place of its icon, keeping the number', () => {
    assert.equal(statusBarText({ tokens: 12_345, chars: 1, bytes: 1 }, gpt4o, defaults, ENGLISH, { stale: true }), '$(loading~spin) 12.3k · 11.1% · gpt-4o');
  });

  it('writes German numbers in German', () => {
    const german = bundleLocalizer({}, 'de');
    assert.equal(statusBarText({ tokens: 12_345, chars: 1, bytes: 1 }, gpt4o, defaults, german), '$(symbol-numeric) 12,3k · 11,1\u00a0% · gpt-4o');
  });
});

describe('compact counts', () => {
  it('writes counts below 10,000 in full and larger ones with three significant digits', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [1, '1'],
      [999, '999'],
      [9_999, '9,999'],
      [10_000, '10.0k'],
      [12_345, '12.3k'],
      [99_949, '99.9k'],
      [99_950, '100k'],
      [123_456, '123k'],
      [999_499, '999k'],
      [999_500, '1.00M'],
      [1_234_567, '1.23M'],
      [48_000_000, '48.0M'],
    ];
    for (const [n, text] of cases) assert.equal(formatCompact(n), text, String(n));
  });

  it('never takes more than five characters below a billion', () => {
    for (let n = 1; n < 1e9; n = Math.ceil(n * 1.37)) assert.ok(formatCompact(n).length <= 5, `${n}: ${formatCompact(n)}`);
  });
});

describe('the status bar format setting (tokenscope.statusBar.format)', () => {
  const view = { tokens: 12_345, selectionTokens: 99, chars: 1, bytes: 1 };

  it('fills in every field it documents', () => {
    const all = STATUS_BAR_FIELDS.map((f) => `{${f}}`).join('|');
    const { settings, problems } = settingsWith(all);
    assert.deepEqual(problems, []);
    const fields = statusBarFields(view, gpt4o, settings);
    assert.deepEqual(Object.keys(fields).sort(), [...STATUS_BAR_FIELDS].sort());
    // {notebook} is empty outside a notebook's cell (its text: notebookCount.test.ts).
    assert.equal(renderFieldTemplate(settings.statusBarFormat, fields), `$(selection)|12.3k|12,345|99|11.1%|112k|gpt-4o|${fields.cost}|`);
    assert.match(fields.cost, /^\$0\.0\d+$/);
  });

  it('is the default of package.json', () => {
    assert.equal(SETTING_DEFAULTS['statusBar.format'], DEFAULT_STATUS_BAR_FORMAT);
    assert.equal(defaults.statusBarFormat.source, DEFAULT_STATUS_BAR_FORMAT);
  });

  it('shows an optional part only when every field in it has a value', () => {
    const { settings } = settingsWith('{tokens}[ ({cost})][ sel {selection}]');
    assert.equal(statusBarText({ tokens: 500, chars: 1, bytes: 1 }, gpt4o, settings), `500 (${statusBarFields({ tokens: 500, chars: 1, bytes: 1 }, gpt4o, settings).cost})`);
    const noPrice = buildCatalog({ customModels: [{ id: 'mine', tokenizer: 'o200k_base', contextWindow: 8000 }] }, { findInHfCache: () => undefined }).find('mine')!;
    assert.equal(statusBarText({ tokens: 500, selectionTokens: 5, chars: 1, bytes: 1 }, noPrice, settings), '500 sel 5');
  });

  it('shows an unknown field as written and reports it, naming the fields there are', () => {
    const { settings, problems } = settingsWith('{toknes} · {model}');
    assert.equal(statusBarText(view, gpt4o, settings), '{toknes} · gpt-4o');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].setting, 'tokenscope.statusBar.format');
    assert.match(problems[0].message, /Unknown field \{toknes\}, shown as written\. The fields are \{icon\}, \{tokens\}, .*\{cost\}, \{notebook\}\./);
  });

  it('replaces an empty format, or one that is not text, by the default and says so', () => {
    for (const raw of ['', '   ', 42, null]) {
      const { settings, problems } = settingsWith(raw);
      assert.equal(settings.statusBarFormat.source, DEFAULT_STATUS_BAR_FORMAT, JSON.stringify(raw));
      assert.equal(problems.length, 1, JSON.stringify(raw));
    }
    assert.match(settingsWith('').problems[0].message, /tokenscope\.statusBar\.enabled/);
  });

  it(`cuts what is longer than ${MAX_STATUS_BAR_CHARS} characters with …, and reports a format that is sure to be cut`, () => {
    const long = `{tokens} ${'x'.repeat(100)}`;
    const { settings, problems } = settingsWith(long);
    const text = statusBarText(view, gpt4o, settings);
    assert.equal(visibleLength(text), MAX_STATUS_BAR_CHARS);
    assert.ok(text.startsWith('12.3k xxx') && text.endsWith('…'), text);
    assert.match(problems[0].message, new RegExp(`longer than the status bar shows \\(${MAX_STATUS_BAR_CHARS} characters\\)`));
    // A long model id is cut too, though no format is at fault.
    const custom = buildCatalog({ customModels: [{ id: 'a'.repeat(90), tokenizer: 'o200k_base', contextWindow: 8000 }] }, { findInHfCache: () => undefined }).find('a'.repeat(90))!;
    assert.equal(visibleLength(statusBarText(view, custom, defaults)), MAX_STATUS_BAR_CHARS);
  });

  it('fits the default text of the longest catalog model id, with a selection, whole', () => {
    const longest = catalog.models.reduce((a, b) => (b.id.length > a.id.length ? b : a));
    const settings = parseSettings({ model: longest.id }).settings;
    // Ten times the window: a share of four digits before the point.
    const tokens = settings.usableWindow * 10 + 1;
    const text = statusBarText({ tokens, selectionTokens: tokens - 1, chars: 1, bytes: 1 }, longest, settings);
    assert.match(text, /\d{4}\.\d%/);
    assert.ok(!text.endsWith('…'), text);
  });
});

describe('field templates', () => {
  const fields = ['a', 'b'] as const;
  const render = (source: string, values: Partial<Record<'a' | 'b', string>>) => renderFieldTemplate(parseFieldTemplate(source, fields).template, values);

  it('replaces known fields and leaves other text, codicons and braces alone', () => {
    assert.equal(render('$(zap) {a}-{b} {0} { } {}', { a: '1', b: '2' }), '$(zap) 1-2 {0} { } {}');
  });

  it('lists unknown fields once each, in order', () => {
    assert.deepEqual(parseFieldTemplate('{x}{a}{y}{x}', fields).unknownFields, ['{x}', '{y}']);
  });

  it('drops an optional part when one of its fields is empty, and trims the result', () => {
    assert.equal(render('{a} [{b} / ]end', { a: 'A' }), 'A end');
    assert.equal(render('{a} [{b} / ]end', { a: 'A', b: 'B' }), 'A B / end');
    assert.equal(render('[{a}] {b}', { b: 'B' }), 'B');
    assert.equal(render('[plain]', {}), 'plain');
  });

  it('reads an unclosed [ and a stray ] as literal text, fields after them still filled in', () => {
    assert.equal(render('[{a} and {b}', { a: 'A', b: 'B' }), '[A and B');
    assert.equal(render('x] {a}', { a: 'A' }), 'x] A');
    assert.equal(render('[[{a}]', { a: 'A' }), '[A');
  });
});

describe('cutting to the status bar width', () => {
  it('keeps codicons whole and counts them two characters wide', () => {
    assert.equal(cutToWidth('$(selection) abcdef', 5), '$(selection) a…');
    assert.equal(cutToWidth('short', 5), 'short');
    assert.equal(visibleLength('$(selection) ab'), 5);
  });
});
