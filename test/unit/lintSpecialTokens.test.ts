import * as assert from 'node:assert/strict';
import { get_encoding, type TiktokenEncoding } from 'tiktoken';
import { SPECIAL_TOKENS } from '../../src/core/lint/specialTokenTable';
import { bundledJson } from './support/hfReference';

/** The families whose tokenizer is at hand here, with how to ask it about a literal. */
const TOKENIZER_FILES: Readonly<Record<string, string>> = {
  'Qwen2.5': 'qwen2.5',
  Qwen3: 'qwen3',
  'DeepSeek-V3': 'deepseek-v3',
  'DeepSeek-V4': 'deepseek-v4',
  'Mistral (Tekken)': 'mistral-nemo',
  'Llama 3': 'llama3.1',
  'Gemma 3': 'gemma3',
};
const ENCODINGS: Readonly<Record<string, TiktokenEncoding>> = { 'OpenAI cl100k_base': 'cl100k_base', 'OpenAI o200k_base': 'o200k_base' };

describe('tokenization lint: the special-token table against the tokenizers', () => {
  it('says special or added exactly as each bundled tokenizer.json marks the literal', () => {
    let checked = 0;
    for (const [literal, uses] of SPECIAL_TOKENS) {
      for (const use of uses) {
        const file = TOKENIZER_FILES[use.family];
        if (!file) continue;
        const token = bundledJson(file).added_tokens?.find((t) => t.content === literal);
        assert.ok(token, `${use.family} has ${literal} as an added token`);
        assert.equal(token.special ? 'special' : 'added', use.kind, `${use.family}: ${literal}`);
        checked++;
      }
    }
    assert.ok(checked >= 30, `checked ${checked} rows against the files`);
  });

  it('names an OpenAI encoding exactly for the literals tiktoken encodes as one special token', () => {
    for (const [family, name] of Object.entries(ENCODINGS)) {
      const encoding = get_encoding(name);
      try {
        for (const [literal, uses] of SPECIAL_TOKENS) {
          const named = uses.some((u) => u.family === family);
          let special: boolean;
          try {
            special = encoding.encode(literal, 'all').length === 1;
          } catch {
            special = false;
          }
          assert.equal(named, special, `${family}: ${literal}`);
        }
      } finally {
        encoding.free();
      }
    }
  });
});
