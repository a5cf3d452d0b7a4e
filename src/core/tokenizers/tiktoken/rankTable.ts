/**
 * A BPE vocabulary: token bytes → rank (which is also the token id), held as one byte blob
 * with an offset per rank and an open-addressing hash table over it.
 *
 * Why not a Map of strings: o200k_base has ~200k tokens, and building 200k strings and Map
 * entries from tiktoken's base64 file took 110-200 ms (half of it garbage collection) at the
 * first count of every process, the CLI's and the worker's. The build writes each table in the
 * binary form below (`dist/encoders/<name>.ranks`, RANK_FILE_EXTENSION), hash table included:
 * filling it at load, 200k hashes in code V8 has not optimized yet, still cost 40-120 ms, so
 * loading is now one file read (~4 MB for o200k_base) and typed-array views over it.
 *
 * Pieces are looked up as "byte strings" (one char per UTF-8 byte, char codes 0-255, see
 * bytePairCount.ts's utf8ByteString) by range, `rank(bytes, start, end)`, so the merge loops
 * never slice a string to ask about a pair.
 *
 * Binary form (little-endian): the magic `TSR1`, the number of ranks n (u32), the blob's length
 * (u32), the number of hash slots m (u32, a power of two); then n + 1 u32 offsets into the blob
 * (token r is blob[offsets[r], offsets[r + 1]); a rank without a token, should a file skip one,
 * is empty); then the m slots (i32, rank + 1 or 0, see `slots`); then the blob. The slots depend
 * on `hashBytes`: changing the hash means a new magic (the build rewrites the files).
 */
export class RankTable {
  /** Slot → rank + 1 (0: empty); a power of two at least twice the number of tokens. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  private constructor(
    private readonly offsets: Uint32Array,
    private readonly blob: Uint8Array,
    slots?: Int32Array,
  ) {
    if (slots) {
      this.slots = slots;
      this.mask = slots.length - 1;
      return;
    }
    const ranks = offsets.length - 1;
    let capacity = 1024;
    while (capacity < ranks * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let r = 0; r < ranks; r++) {
      const start = offsets[r];
      const end = offsets[r + 1];
      if (end === start) continue;
      let slot = hashBytes(blob, start, end) & this.mask;
      // Linear probing; a token listed twice keeps its first (lowest) rank, as a Map filled in
      // rank order and never overwritten would.
      while (this.slots[slot] !== 0 && !this.sameBytes(this.slots[slot] - 1, blob, start, end)) slot = (slot + 1) & this.mask;
      if (this.slots[slot] === 0) this.slots[slot] = r + 1;
    }
  }

  /** Number of ranks (the highest rank + 1). */
  get size(): number {
    return this.offsets.length - 1;
  }

  /** The rank of the byte string `bytes.slice(start, end)`, or -1 when it is not a token. */
  rank(bytes: string, start = 0, end = bytes.length): number {
    const length = end - start;
    const offsets = this.offsets;
    const blob = this.blob;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes.charCodeAt(i), 0x01000193);
    let slot = finish(h) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const r = entry - 1;
      const at = offsets[r];
      if (offsets[r + 1] - at === length) {
        let i = 0;
        while (i < length && blob[at + i] === bytes.charCodeAt(start + i)) i++;
        if (i === length) return r;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The bytes of token `rank`, or undefined when no token has that rank (a view, not a copy). */
  tokenBytes(rank: number): Uint8Array | undefined {
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.size || this.offsets[rank + 1] === this.offsets[rank]) return undefined;
    return this.blob.subarray(this.offsets[rank], this.offsets[rank + 1]);
  }

  /** The binary form (see the class comment), which `parseRanks` reads back. */
  toBinary(): Uint8Array {
    const n = this.size;
    const m = this.slots.length;
    const slotsAt = HEADER_BYTES + 4 * (n + 1);
    const blobAt = slotsAt + 4 * m;
    const out = new Uint8Array(blobAt + this.blob.length);
    const view = new DataView(out.buffer);
    out.set(MAGIC, 0);
    view.setUint32(4, n, true);
    view.setUint32(8, this.blob.length, true);
    view.setUint32(12, m, true);
    for (let r = 0; r <= n; r++) view.setUint32(HEADER_BYTES + 4 * r, this.offsets[r], true);
    for (let i = 0; i < m; i++) view.setInt32(slotsAt + 4 * i, this.slots[i], true);
    out.set(this.blob, blobAt);
    return out;
  }

  /** Reads the binary form; throws on a file that is not one (truncated, another format). */
  static fromBinary(file: Uint8Array): RankTable {
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    if (file.length < HEADER_BYTES || MAGIC.some((b, i) => file[i] !== b)) throw new Error('not a Tokenscope rank file (no TSR1 header)');
    const n = view.getUint32(4, true);
    const blobLength = view.getUint32(8, true);
    const m = view.getUint32(12, true);
    const slotsAt = HEADER_BYTES + 4 * (n + 1);
    const blobAt = slotsAt + 4 * m;
    if (file.length !== blobAt + blobLength) throw new Error(`rank file has ${file.length} bytes, its header says ${blobAt + blobLength}`);
    if (m < 2 * n || (m & (m - 1)) !== 0) throw new Error(`rank file has ${m} hash slots for ${n} ranks`);
    // Typed-array views need 4-byte alignment: readFileSync's buffer of a large file starts at 0,
    // a pooled small one may not, so copy only then. The platforms Node runs on are little-endian.
    const aligned = file.byteOffset % 4 === 0 ? file : file.slice();
    const offsets = new Uint32Array(aligned.buffer, aligned.byteOffset + HEADER_BYTES, n + 1);
    const slots = new Int32Array(aligned.buffer, aligned.byteOffset + slotsAt, m);
    if (offsets[0] !== 0 || offsets[n] !== blobLength) throw new Error('rank file offsets do not span its tokens');
    // One pass over the offsets (fast: no hashing) so `rank` never reads outside the blob.
    for (let r = 0; r < n; r++) if (offsets[r + 1] < offsets[r]) throw new Error('rank file offsets are not in order');
    return new RankTable(offsets, aligned.subarray(blobAt), slots);
  }

  /**
   * Reads the compact rank format of tiktoken's published `encoders/<name>.json` (its `bpe_ranks`;
   * o200k_base: 2.3 MB, ~200k tokens): words separated by single spaces (p50k_base's file also
   * has a newline); `!` opens a group, the next word is the group's first rank, then base64
   * tokens with consecutive ranks. Used at build time to write the binary form, and when run
   * from the sources (tests, benchmarks), where no binary file is beside the bundle.
   */
  static fromCompact(compact: string): RankTable {
    const tokens: Array<Uint8Array | undefined> = [];
    let rank = -1;
    let expectRank = false;
    let total = 0;
    for (const word of compact.split(/[ \n]/)) {
      if (word === '') continue;
      if (word === '!') {
        expectRank = true;
      } else if (expectRank) {
        rank = Number.parseInt(word, 10);
        expectRank = false;
      } else {
        if (rank < 0) throw new Error('rank data does not start with a group marker');
        const bytes = Uint8Array.from(atob(word), (c) => c.charCodeAt(0));
        // The first token of a rank is kept, as in a Map filled in order (no file repeats one).
        if (tokens[rank] === undefined) {
          tokens[rank] = bytes;
          total += bytes.length;
        }
        rank++;
      }
    }
    const offsets = new Uint32Array(tokens.length + 1);
    const blob = new Uint8Array(total);
    let at = 0;
    for (let r = 0; r < tokens.length; r++) {
      const bytes = tokens[r];
      if (bytes) blob.set(bytes, at);
      at += bytes?.length ?? 0;
      offsets[r + 1] = at;
    }
    return new RankTable(offsets, blob);
  }

  private sameBytes(r: number, bytes: Uint8Array, start: number, end: number): boolean {
    const at = this.offsets[r];
    if (this.offsets[r + 1] - at !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.blob[at + i] !== bytes[start + i]) return false;
    return true;
  }
}

/** What a TokenizerFileLoader gives for an encoding: the binary form, or tiktoken's compact text. */
export function parseRanks(data: Uint8Array | string): RankTable {
  return typeof data === 'string' ? RankTable.fromCompact(data) : RankTable.fromBinary(data);
}

/** The build writes `dist/encoders/<encoding>.ranks`; the loader reads it from there. */
export const RANK_FILE_EXTENSION = '.ranks';

const MAGIC = [0x54, 0x53, 0x52, 0x31]; // "TSR1"
const HEADER_BYTES = 16;

/** FNV-1a over bytes, the same sequence `rank` computes over a byte string's char codes. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return finish(h);
}

/** FNV's low bits alone cluster on short keys (most lookups are 2-8 bytes): mix the high bits in. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
}
