import type { TokenizerJson } from '../../../src/core/tokenizers/huggingface/hfTokenizerJson';
import { bundledJson } from './hfReference';

// Small tokenizer.json files for tests of the Hugging Face loader and of the Rust library's behaviour.

/** A tokenizer.json that does nothing (for its normalizer and pre-tokenizer in the Rust library). */
export function minimalFile(): TokenizerJson {
  return byteLevelFile(['a b']);
}

/** A byte-level BPE file: the 256 byte tokens, `ab` and `bc` as vocabulary, the given merges. */
export function byteLevelFile(merges: string[]): TokenizerJson {
  const vocab: Record<string, number> = {};
  // The first 256 entries of Qwen's vocabulary are exactly the byte alphabet.
  for (const [token, id] of Object.entries(bundledJson('qwen2.5').model.vocab as Record<string, number>)) if (id < 256) vocab[token] = id;
  vocab.ab = 256;
  vocab.bc = 257;
  return {
    model: { type: 'BPE', vocab, merges, dropout: null, continuing_subword_prefix: null, end_of_word_suffix: null },
    normalizer: null,
    pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false }] },
    added_tokens: [],
  };
}

/** A Llama 2-style file: `▁` for spaces, byte fallback, `<s>` special, a post-processor adding it. */
export function sentencePieceFile(): TokenizerJson {
  const vocab: Record<string, number> = { '<unk>': 0, '<s>': 1, '</s>': 2 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = 3 + b;
  ['▁', 'a', 'b', 'c', '▁a', 'ab', '▁ab', 'é', '▁é', 'bc', '▁abc'].forEach((t, i) => (vocab[t] = 259 + i));
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    added_tokens: [special(0, '<unk>'), special(1, '<s>'), special(2, '</s>')],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Prepend', prepend: '▁' },
        { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      ],
    },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }] },
    model: {
      type: 'BPE',
      vocab,
      merges: ['▁ a', 'a b', '▁a b', '▁ é', 'b c', '▁ab c'],
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      byte_fallback: true,
    },
  };
}
