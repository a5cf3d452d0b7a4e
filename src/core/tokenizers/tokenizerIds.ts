import type { EncodingName } from './tiktoken/encodings';

/**
 * Which exact tokenizer a count uses. One string, so it can key maps, travel in worker
 * messages and be written in settings:
 * - a tiktoken encoding (`o200k_base`, …), counted by our own fast counter;
 * - `hf:<name>`, a Hugging Face `tokenizer.json` bundled with the extension (bundledTokenizers.ts);
 * - `file:<absolute path>`, a `tokenizer.json` on the user's disk (a setting, or the HF cache).
 */
export type TokenizerId = EncodingName | `hf:${string}` | `file:${string}`;

/** How a tokenizer id reads in the UI: `o200k_base`, `qwen2.5 (tokenizer.json)`, a file's path. */
export function tokenizerLabel(id: TokenizerId): string {
  if (id.startsWith('hf:')) return `${id.slice(3)} (tokenizer.json)`;
  if (id.startsWith('file:')) return id.slice(5);
  return id;
}
