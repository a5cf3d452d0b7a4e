import type { RankTable } from './rankTable';

/**
 * Pieces up to this many bytes are merged by the simple quadratic scan (the one tiktoken
 * uses), longer ones by the heap. Almost every piece is under 32 bytes, where the scan's
 * few array passes beat building a heap; at 128 bytes the two cost about the same here.
 */
export const HEAP_THRESHOLD_BYTES = 128;

/**
 * Number of BPE tokens of one pre-tokenizer piece. `bytes` is the piece's UTF-8 as a byte
 * string (see rankTable). Merging is tiktoken's: repeatedly merge the adjacent pair whose
 * concatenation has the lowest rank, the leftmost one on a tie, until no pair is a token.
 */
export function bytePairCount(bytes: string, ranks: RankTable, heapThreshold = HEAP_THRESHOLD_BYTES): number {
  const n = bytes.length;
  if (n <= 1) return n;
  if (ranks.rank(bytes, 0, n) >= 0) return 1;
  return n <= heapThreshold ? scanMerge(bytes, ranks) : heapMerge(bytes, ranks);
}

/**
 * Token ids of one pre-tokenizer piece, appended to `out`: the same merge as bytePairCount
 * (so O(n log n) on long pieces, where tiktoken's own `encode` is quadratic: 48 s for a run
 * of 200k letters), then each final part's rank, which in a tiktoken encoding is its id.
 * Every single byte is a token of a byte-level BPE, so every part has a rank.
 */
/** Where token ids go, in order (an array, or the encoder's growing buffer). */
export interface IdSink {
  push(id: number): unknown;
}

export function bytePairIds(bytes: string, ranks: RankTable, out: IdSink, heapThreshold = HEAP_THRESHOLD_BYTES): void {
  const n = bytes.length;
  if (n === 0) return;
  const whole = ranks.rank(bytes, 0, n);
  if (whole >= 0) {
    out.push(whole);
    return;
  }
  const emit = (start: number, end: number) => {
    const id = ranks.rank(bytes, start, end);
    if (id < 0) throw new Error(`BPE left a part that is not a token (bytes ${start}-${end}): the rank table is not byte-level`);
    out.push(id);
  };
  if (n <= heapThreshold) scanMerge(bytes, ranks, emit);
  else heapMerge(bytes, ranks, emit);
}

/** Receives the final parts of a merge, left to right, as byte ranges [start, end). */
type PartSink = (start: number, end: number) => void;

const NONE = Number.MAX_SAFE_INTEGER;

/** The rank of bytes[start, end), NONE when it is not a token (so the lowest rank wins a scan). */
function pairRankOf(ranks: RankTable, bytes: string, start: number, end: number): number {
  const rank = ranks.rank(bytes, start, end);
  return rank < 0 ? NONE : rank;
}

/**
 * O(n²) merge for short pieces: part boundaries in an array, the rank of each part with its
 * right neighbour beside it; each round finds the lowest rank, merges, and re-ranks the two
 * pairs that changed.
 */
function scanMerge(bytes: string, ranks: RankTable, sink?: PartSink): number {
  const n = bytes.length;
  // starts[k] = start of part k; starts[parts] = n. pairRank[k] = rank of parts k and k+1.
  const starts: number[] = new Array(n + 1);
  const pairRank: number[] = new Array(n);
  for (let i = 0; i <= n; i++) starts[i] = i;
  for (let i = 0; i < n - 1; i++) pairRank[i] = pairRankOf(ranks, bytes, i, i + 2);
  pairRank[n - 1] = NONE;
  let parts = n;
  for (;;) {
    let best = -1;
    let bestRank = NONE;
    for (let k = 0; k < parts - 1; k++) {
      if (pairRank[k] < bestRank) {
        bestRank = pairRank[k];
        best = k;
      }
    }
    if (best < 0) {
      if (sink) for (let k = 0; k < parts; k++) sink(starts[k], starts[k + 1]);
      return parts;
    }
    // Merge parts best and best+1: drop boundary best+1.
    for (let k = best + 1; k < parts; k++) {
      starts[k] = starts[k + 1];
      pairRank[k] = pairRank[k + 1];
    }
    parts--;
    pairRank[best] = best + 1 < parts ? pairRankOf(ranks, bytes, starts[best], starts[best + 2]) : NONE;
    if (best > 0) pairRank[best - 1] = pairRankOf(ranks, bytes, starts[best - 1], starts[best + 1]);
  }
}

/**
 * O(n log n) merge for long pieces (a megabyte of one letter is one piece, and tiktoken's
 * quadratic merge takes minutes on it). Parts form a linked list indexed by their start;
 * every adjacent pair that is a token sits in a binary min-heap keyed by (rank, start), so
 * the pop order is exactly "lowest rank, leftmost first". Merging changes two pairs; their
 * old heap entries go stale and are skipped when popped (the part at `start` must still be
 * alive and its pair must still end where the entry says).
 */
function heapMerge(bytes: string, ranks: RankTable, sink?: PartSink): number {
  const n = bytes.length;
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const alive = new Uint8Array(n + 1);
  for (let i = 0; i <= n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
    alive[i] = 1;
  }
  const heap = new PairHeap(n);
  for (let i = 0; i < n - 1; i++) {
    const rank = ranks.rank(bytes, i, i + 2);
    if (rank >= 0) heap.push(rank, i, i + 2);
  }
  let parts = n;
  while (heap.size > 0) {
    const start = heap.topStart();
    const end = heap.topEnd();
    heap.pop();
    if (!alive[start]) continue;
    const mid = next[start];
    if (mid >= n || next[mid] !== end) continue;
    alive[mid] = 0;
    next[start] = end;
    prev[end] = start;
    parts--;
    if (start > 0) {
      const before = prev[start];
      const rank = ranks.rank(bytes, before, end);
      if (rank >= 0) heap.push(rank, before, end);
    }
    if (end < n) {
      const after = next[end];
      const rank = ranks.rank(bytes, start, after);
      if (rank >= 0) heap.push(rank, start, after);
    }
  }
  if (sink) for (let start = 0; start < n; start = next[start]) sink(start, next[start]);
  return parts;
}

/**
 * Min-heap of candidate merges. The key packs (rank, start) into one double, exact below
 * 2^53: ranks are < 2^18 and starts < 2^32. The pair's end travels alongside.
 */
class PairHeap {
  private keys: Float64Array;
  private ends: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  topStart(): number {
    return this.keys[0] % 0x100000000;
  }

  topEnd(): number {
    return this.ends[0];
  }

  push(rank: number, start: number, end: number): void {
    if (this.size === this.keys.length) this.grow();
    const key = rank * 0x100000000 + start;
    const keys = this.keys;
    const ends = this.ends;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      ends[i] = ends[parent];
      i = parent;
    }
    keys[i] = key;
    ends[i] = end;
  }

  pop(): void {
    const keys = this.keys;
    const ends = this.ends;
    const size = --this.size;
    if (size === 0) return;
    const key = keys[size];
    const end = ends[size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      keys[i] = keys[child];
      ends[i] = ends[child];
      i = child;
    }
    keys[i] = key;
    ends[i] = end;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.keys = keys;
    this.ends = ends;
  }
}

/**
 * UTF-8 of `text` as a byte string. A lone surrogate becomes U+FFFD (EF BF BD), as it does
 * on its way into tiktoken's WASM and into a UTF-8 file.
 */
export function utf8ByteString(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = text.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
      } else {
        out.push(0xef, 0xbf, 0xbd);
      }
    } else {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  let s = '';
  // fromCharCode.apply has an argument limit; 8k per call is well under it.
  for (let i = 0; i < out.length; i += 8192) s += String.fromCharCode.apply(null, out.slice(i, i + 8192));
  return s;
}
