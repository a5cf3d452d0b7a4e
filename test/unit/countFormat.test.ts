import * as assert from 'node:assert/strict';
import { formatShare, formatWindow, statusBarText, tooltipLines } from '../../src/core/countFormat';
import { findModel } from '../../src/core/models';

const gpt4o = findModel('gpt-4o')!;

describe('status bar text', () => {
  it('shows the count, the share of the window and the model', () => {
    assert.equal(statusBarText({ tokens: 12345, chars: 50000, bytes: 50000 }, gpt4o), '12,345 tokens · 9.6% of 128k · gpt-4o');
  });

  it('puts the selection count first when there is a selection', () => {
    assert.equal(
      statusBarText({ tokens: 12345, selectionTokens: 123, chars: 1, bytes: 1 }, gpt4o),
      'Sel 123 · 12,345 tokens · 9.6% of 128k · gpt-4o',
    );
  });

  it('says "token" for exactly one token and 0% for an empty file', () => {
    assert.equal(statusBarText({ tokens: 1, chars: 1, bytes: 1 }, gpt4o), '1 token · <0.1% of 128k · gpt-4o');
    assert.equal(statusBarText({ tokens: 0, chars: 0, bytes: 0 }, gpt4o), '0 tokens · 0% of 128k · gpt-4o');
  });

  it('abbreviates context windows the way model pages do', () => {
    assert.equal(formatWindow(128_000), '128k');
    assert.equal(formatWindow(200_000), '200k');
    assert.equal(formatWindow(1_047_576), '1M');
    assert.equal(formatWindow(16_385), '16k');
    assert.equal(formatWindow(8_192), '8k');
    assert.equal(formatWindow(2_049), '2k');
  });

  it('never rounds a non-empty share down to 0.0%', () => {
    assert.equal(formatShare(5, 128_000), '<0.1%');
    assert.equal(formatShare(128, 128_000), '0.1%');
    assert.equal(formatShare(256_000, 128_000), '200.0%');
  });

  it('tooltip names the tokenizer, characters, bytes and says the count is exact', () => {
    const text = tooltipLines({ tokens: 10, chars: 1234, bytes: 5678, selectionTokens: 3, selectionCount: 2 }, gpt4o).join('\n');
    assert.match(text, /o200k_base/);
    assert.match(text, /exact/);
    assert.match(text, /Characters: 1,234/);
    assert.match(text, /UTF-8 bytes: 5,678/);
    assert.match(text, /Selection: 3 tokens in 2 selections/);
  });
});
