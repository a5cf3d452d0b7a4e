import * as assert from 'node:assert/strict';
import { DEFAULT_MODEL_ID } from '../../src/core/catalog/catalog';
import { parseSettings, SETTING_DEFAULTS } from '../../src/core/catalog/settings';

describe('settings snapshot', () => {
  it('uses the defaults when nothing is set', () => {
    const { settings, problems } = parseSettings({});
    assert.equal(settings.model.id, DEFAULT_MODEL_ID);
    assert.equal(settings.statusBarEnabled, true);
    assert.equal(settings.maxFileSizeMB, SETTING_DEFAULTS.maxFileSizeMB);
    assert.deepEqual(problems, []);
  });

  it('keeps boundaries, per-line counts and the CodeLens off until asked for, colouring by position', () => {
    const { settings } = parseSettings({});
    assert.deepEqual(settings.boundaries, { enabled: false, colorBy: 'position', showWhitespace: true });
    assert.equal(settings.lineCountsEnabled, false);
    assert.equal(settings.codeLensEnabled, false);
    const on = parseSettings({ 'boundaries.enabled': true, 'boundaries.colorBy': 'id', 'boundaries.showWhitespace': false, 'lineCounts.enabled': true, 'codeLens.enabled': true });
    assert.deepEqual(on.settings.boundaries, { enabled: true, colorBy: 'id', showWhitespace: false });
    assert.equal(on.settings.lineCountsEnabled && on.settings.codeLensEnabled, true);
    assert.deepEqual(on.problems, []);
  });

  it('default size limit lets a 50 MB file be counted', () => {
    assert.ok(SETTING_DEFAULTS.maxFileSizeMB >= 50);
  });

  it('reads valid values', () => {
    const { settings, problems } = parseSettings({ model: 'gpt-4', 'statusBar.enabled': false, maxFileSizeMB: 5 });
    assert.equal(settings.model.counting.tokenizer, 'cl100k_base');
    assert.equal(settings.statusBarEnabled, false);
    assert.equal(settings.maxFileSizeMB, 5);
    assert.deepEqual(problems, []);
  });

  for (const [name, raw, setting] of [
    ['an unknown model', { model: 'gpt-9000' }, 'tokenscope.model'],
    ['a model that is not a string', { model: 42 }, 'tokenscope.model'],
    ['a non-boolean status bar switch', { 'statusBar.enabled': 'yes' }, 'tokenscope.statusBar.enabled'],
    ['a negative size limit', { maxFileSizeMB: -1 }, 'tokenscope.maxFileSizeMB'],
    ['an unknown colour mode', { 'boundaries.colorBy': 'rainbow' }, 'tokenscope.boundaries.colorBy'],
    ['a non-boolean boundaries switch', { 'boundaries.enabled': 1 }, 'tokenscope.boundaries.enabled'],
    ['a non-boolean line counts switch', { 'lineCounts.enabled': 'on' }, 'tokenscope.lineCounts.enabled'],
    ['a size limit that is not a number', { maxFileSizeMB: '50' }, 'tokenscope.maxFileSizeMB'],
    ['a reserve larger than the window', { reservedOutputTokens: 10_000_000 }, 'tokenscope.reservedOutputTokens'],
    ['a fractional reserve', { reservedOutputTokens: 1.5 }, 'tokenscope.reservedOutputTokens'],
    ['a threshold that is not a number', { 'context.warningThreshold': 'high' }, 'tokenscope.context.warningThreshold'],
    ['a zero error threshold', { 'context.errorThreshold': 0 }, 'tokenscope.context.errorThreshold'],
    ['custom models that are not a list', { customModels: 'gpt' }, 'tokenscope.customModels'],
  ] as const) {
    it(`falls back and explains ${name}`, () => {
      const { settings, problems } = parseSettings(raw);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].setting, setting);
      assert.ok(problems[0].message.length > 20);
      assert.equal(settings.model.id, DEFAULT_MODEL_ID);
      assert.equal(settings.statusBarEnabled, true);
      assert.equal(settings.maxFileSizeMB, SETTING_DEFAULTS.maxFileSizeMB);
    });
  }

  it('returns a frozen snapshot', () => {
    assert.ok(Object.isFrozen(parseSettings({}).settings));
  });

  it("measures against the window less the output kept free, by default the model's max output", () => {
    const gpt4o = parseSettings({ model: 'gpt-4o' }).settings;
    assert.equal(gpt4o.reservedOutputTokens, 16_384);
    assert.equal(gpt4o.usableWindow, 128_000 - 16_384);
    const own = parseSettings({ model: 'gpt-4o', reservedOutputTokens: 1000 }).settings;
    assert.equal(own.usableWindow, 127_000);
    const none = parseSettings({ model: 'gpt-4o', reservedOutputTokens: 0 }).settings;
    assert.equal(none.usableWindow, 128_000);
    const gemini = parseSettings({ model: 'gemini-2.5-pro' }).settings;
    assert.equal(gemini.usableWindow, gemini.model.contextWindow);
  });

  it('warns at 80% and errs at 100% by default, and keeps the warning below the error', () => {
    const { settings } = parseSettings({});
    assert.deepEqual([settings.warningThreshold, settings.errorThreshold], [80, 100]);
    const swapped = parseSettings({ 'context.warningThreshold': 95, 'context.errorThreshold': 90 });
    assert.deepEqual([swapped.settings.warningThreshold, swapped.settings.errorThreshold], [90, 90]);
    assert.equal(swapped.problems[0].setting, 'tokenscope.context.warningThreshold');
  });

  it("reads no tokenizer file named by a workspace's custom models, and keeps its other entries", () => {
    const customModels = [
      { id: 'from-file', tokenizer: '/etc/passwd', contextWindow: 9000 },
      { id: 'plain', tokenizer: 'cl100k_base', contextWindow: 9000 },
    ];
    const fromWorkspace = parseSettings({ model: 'plain', customModels, customModelsFromUser: false });
    assert.equal(fromWorkspace.settings.model.id, 'plain');
    assert.equal(fromWorkspace.settings.catalog.find('from-file'), undefined);
    assert.equal(fromWorkspace.problems.length, 1);
    assert.match(fromWorkspace.problems[0].message, /entry 1 \("from-file"\): a tokenizer file is read only when your user settings name it/);
    // The same list in the user's own settings names a file the user chose.
    const fromUser = parseSettings({ model: 'from-file', customModels });
    assert.equal(fromUser.settings.model.id, 'from-file');
    assert.equal(fromUser.problems.length, 0);
  });

  it('keeps counting with the chosen model when a custom model entry is malformed', () => {
    const { settings, problems } = parseSettings({
      model: 'mine',
      customModels: [
        { id: 'mine', tokenizer: 'cl100k_base', contextWindow: 9000 },
        { id: 'broken', contextWindow: 5 },
      ],
    });
    assert.equal(settings.model.id, 'mine');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /entry 2 \("broken"\): "tokenizer" must be/);
  });
});
