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
 * first use (o200k_base: 2.3 MB, ~200k tokens; ~100 ms here) and kept for the process.
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

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;

/**
 * Reads the compact rank format: whitespace-separated words; `!` opens a group, the next word
 * is the group's first rank, then base64 tokens with consecutive ranks.
 */
export function parseRanks(compact: string): Map<string, number> {
  const ranks = new Map<string, number>();
  let rank = -1;
  let expectRank = false;
  const n = compact.length;
  let i = 0;
  const bytes: number[] = [];
  while (i < n) {
    while (i < n && compact.charCodeAt(i) <= 0x20) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && compact.charCodeAt(j) > 0x20) j++;
    if (j - i === 1 && compact.charCodeAt(i) === 0x21 /* ! */) {
      expectRank = true;
    } else if (expectRank) {
      rank = Number.parseInt(compact.slice(i, j), 10);
      expectRank = false;
    } else {
      if (rank < 0) throw new Error('rank data does not start with a group marker');
      decodeBase64(compact, i, j, bytes);
      ranks.set(String.fromCharCode.apply(null, bytes), rank++);
    }
    i = j;
  }
  return ranks;
}

/** Decodes base64 `s[from, to)` into `out` (cleared first). */
function decodeBase64(s: string, from: number, to: number, out: number[]): void {
  out.length = 0;
  let acc = 0;
  let bits = 0;
  for (let k = from; k < to; k++) {
    const v = BASE64_VALUE[s.charCodeAt(k)];
    if (v < 0) continue; // '=' padding
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
}
