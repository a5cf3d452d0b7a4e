import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EncodingName } from './encodings';

/**
 * A BPE vocabulary: token bytes → rank (which is also the token id). Bytes are held as
 * "byte strings", one char per byte (char codes 0-255), so a Map can key on them and
 * `String#slice` cuts them without copying more than the slice.
 */
export type RankTable = ReadonlyMap<string, number>;

const tables = new Map<EncodingName, RankTable>();

/**
 * The rank table of `encoding`, parsed from tiktoken's published `encoders/<name>.json` on
 * first use (o200k_base: 2.3 MB, ~200k tokens; ~120 ms here with the file read) and kept for the process.
 */
export function loadRankTable(encoding: EncodingName): RankTable {
  let table = tables.get(encoding);
  if (!table) {
    const file = JSON.parse(readFileSync(rankFilePath(encoding), 'utf8')) as { bpe_ranks: string };
    table = parseRanks(file.bpe_ranks);
    tables.set(encoding, table);
  }
  return table;
}

/**
 * Where the rank file is: next to the bundle (the build copies them to `dist/encoders/`, the
 * only folder a VSIX ships), else in the `tiktoken` package (tests, benchmarks).
 */
function rankFilePath(encoding: EncodingName): string {
  const beside = path.join(__dirname, 'encoders', `${encoding}.json`);
  return existsSync(beside) ? beside : require.resolve(`tiktoken/encoders/${encoding}.json`);
}

/**
 * Reads the compact rank format: words separated by single spaces (p50k_base's file also has
 * a newline); `!` opens a group, the next word is the group's first rank, then base64 tokens
 * with consecutive ranks. `atob`
 * decodes base64 straight to a byte string (o200k_base's 200k tokens: ~110 ms here).
 */
export function parseRanks(compact: string): Map<string, number> {
  const ranks = new Map<string, number>();
  let rank = -1;
  let expectRank = false;
  for (const word of compact.split(/[ \n]/)) {
    if (word === '') continue;
    if (word === '!') {
      expectRank = true;
    } else if (expectRank) {
      rank = Number.parseInt(word, 10);
      expectRank = false;
    } else {
      if (rank < 0) throw new Error('rank data does not start with a group marker');
      ranks.set(atob(word), rank++);
    }
  }
  return ranks;
}
