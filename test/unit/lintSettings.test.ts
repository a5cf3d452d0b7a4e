import * as assert from 'node:assert/strict';
import { parseSettings } from '../../src/core/catalog/settings';
import { ENGLISH } from '../../src/core/l10n';

describe('tokenization lint settings', () => {
  it('turns each rule on at its default severity, Information, in Markdown, plain text and prompt files', () => {
    const { settings, problems } = parseSettings({});
    assert.deepEqual(problems, []);
    assert.equal(settings.lint.enabled, true);
    assert.deepEqual(settings.lint.severities, {
      'prompt-end': 'information',
      'number-chunks': 'information',
      'long-tokens': 'information',
      'special-token': 'information',
      'invisible-chars': 'information',
    });
    assert.ok(settings.lint.languages.includes('markdown') && settings.lint.languages.includes('plaintext'));
    assert.ok(settings.lint.files.includes('**/*.prompty') && settings.lint.files.includes('**/AGENTS.md'));
  });

  it('sets a rule off or louder, and reports unknown rules and severities while keeping the rest', () => {
    const { settings, problems } = parseSettings({ 'lint.rules': { 'number-chunks': 'off', 'special-token': 'warning', 'no-such-rule': 'hint', 'long-tokens': 'loud' } }, ENGLISH);
    assert.equal(settings.lint.severities['number-chunks'], 'off');
    assert.equal(settings.lint.severities['special-token'], 'warning');
    assert.equal(settings.lint.severities['long-tokens'], 'information');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].setting, 'tokenscope.lint.rules');
    assert.match(problems[0].message, /"no-such-rule": "hint", "long-tokens": "loud"/);
  });

  it('falls back to the defaults for a malformed value, saying so', () => {
    const { settings, problems } = parseSettings({ 'lint.rules': ['off'], 'lint.languages': 'markdown', 'lint.files': [3] }, ENGLISH);
    assert.equal(settings.lint.severities['prompt-end'], 'information');
    assert.ok(settings.lint.languages.includes('plaintext'));
    assert.ok(settings.lint.files.includes('**/*.prompt.md'));
    assert.deepEqual(
      problems.map((p) => p.setting),
      ['tokenscope.lint.rules', 'tokenscope.lint.languages', 'tokenscope.lint.files'],
    );
  });
});
