import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isEncodingName } from '../../src/core/encodings';
import { defaultModel, MODELS } from '../../src/core/models';

const tiktokenModels: Record<string, string> = JSON.parse(
  readFileSync(path.join(path.dirname(require.resolve('tiktoken')), 'model_to_encoding.json'), 'utf8'),
);

describe('model list', () => {
  it('has the models the picker promises', () => {
    for (const id of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3', 'o4-mini', 'gpt-4', 'gpt-3.5-turbo']) {
      assert.ok(MODELS.some((m) => m.id === id), id);
    }
  });

  it('names for every model the encoding tiktoken itself maps it to', () => {
    for (const model of MODELS) {
      assert.equal(model.encoding, tiktokenModels[model.id], model.id);
    }
  });

  it('has unique ids, known encodings and positive windows', () => {
    assert.equal(new Set(MODELS.map((m) => m.id)).size, MODELS.length);
    for (const model of MODELS) {
      assert.ok(isEncodingName(model.encoding), model.id);
      assert.ok(model.contextWindow > 0 && model.maxOutputTokens <= model.contextWindow, model.id);
    }
  });

  it('has a default model', () => {
    assert.equal(defaultModel().id, 'gpt-4o');
  });
});
