/**
 * A deliberately slow tokenizer: a valid tokenizer.json whose pre-tokenizer regex backtracks
 * exponentially on a run of `a` with no `b` (`(a+)+b`: 24 letters take ~0.1 s, each one more
 * doubles it, 64 never end). A real file a user could point Tokenscope at, run by the real
 * worker through @huggingface/tokenizers: exactly the kind of single synchronous step that
 * slicing cannot break up.
 */
export const SLOW_TOKENIZER = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [],
  normalizer: null,
  pre_tokenizer: { type: 'Split', pattern: { Regex: '(a+)+b' }, behavior: 'Isolated', invert: false },
  post_processor: null,
  decoder: null,
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: '[UNK]',
    continuing_subword_prefix: null,
    end_of_word_suffix: null,
    fuse_unk: false,
    byte_fallback: false,
    vocab: { a: 0, b: 1, '[UNK]': 2 },
    merges: [],
  },
};
