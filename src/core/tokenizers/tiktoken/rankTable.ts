/**
 * A BPE vocabulary: token bytes → rank (which is also the token id). Bytes are held as
 * "byte strings", one char per byte (char codes 0-255), so a Map can key on them and
 * `String#slice` cuts them without copying more than the slice.
 */
export type RankTable = ReadonlyMap<string, number>;

/**
 * Reads the compact rank format of tiktoken's published `encoders/<name>.json` (its `bpe_ranks`,
 * which a TokenizerFileLoader reads; o200k_base: 2.3 MB, ~200k tokens): words separated by
 * single spaces (p50k_base's file also has a newline); `!` opens a group, the next word is the
 * group's first rank, then base64 tokens with consecutive ranks. `atob` decodes base64 straight
 * to a byte string (o200k_base's 200k tokens: ~110 ms here).
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
