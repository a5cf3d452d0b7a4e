/**
 * Token counts of ASCII pieces, looked up by a range of the text being counted rather than by a
 * string: the counter's scanner (asciiPieceScanner.ts) gives offsets, and slicing a string per
 * piece only to hash it in a Map cost about a fifth of a count on novel text. One generation is
 * an open-addressing table over typed arrays: slot → entry, each entry's hash, its characters'
 * place in one byte pool (ASCII, so a byte per character) and its count.
 *
 * Bounded as ../pieceCache.ts is, in two generations (pieceCounter.ts keeps them): a
 * generation holds at most `entries` pieces (the counter caches none longer than 64 characters):
 * 20 bytes a piece for its slots, hash, start and count, plus its characters (1.7 MB for 65,536
 * pieces at the usual ~6 characters; 5.3 MB if every one were 64 long).
 */
export class AsciiPieceCounts {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly starts: Int32Array;
  private readonly counts: Int32Array;
  private pool = new Uint8Array(64 * 1024);
  private used = 0;
  private _size = 0;

  constructor(private readonly entries: number) {
    let capacity = 1024;
    while (capacity < entries * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.hashes = new Int32Array(entries);
    this.starts = new Int32Array(entries + 1);
    this.counts = new Int32Array(entries);
  }

  get size(): number {
    return this._size;
  }

  get full(): boolean {
    return this._size >= this.entries;
  }

  /** The count of `text[start, end)`, whose `hashAscii` is `hash`, or -1 when it is not here. */
  get(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const pool = this.pool;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot] - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] !== hash) continue;
      const at = this.starts[entry];
      if (this.starts[entry + 1] - at !== length) continue;
      let i = 0;
      while (i < length && pool[at + i] === text.charCodeAt(start + i)) i++;
      if (i === length) return this.counts[entry];
    }
  }

  /** Keeps `count` for `text[start, end)` (not here yet, ASCII); the caller checks `full` first. */
  set(text: string, start: number, end: number, hash: number, count: number): void {
    const length = end - start;
    if (this.used + length > this.pool.length) {
      const grown = new Uint8Array(Math.max(this.pool.length * 2, this.used + length));
      grown.set(this.pool.subarray(0, this.used));
      this.pool = grown;
    }
    for (let i = 0; i < length; i++) this.pool[this.used + i] = text.charCodeAt(start + i);
    const entry = this._size++;
    this.hashes[entry] = hash;
    this.starts[entry] = this.used;
    this.used += length;
    this.starts[entry + 1] = this.used;
    this.counts[entry] = count;
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = entry + 1;
  }

  /** Empties the table (its arrays are reused as the next generation). */
  clear(): void {
    this.slots.fill(0);
    this._size = 0;
    this.used = 0;
    this.starts[0] = 0;
  }
}

/**
 * The counts of a scanner's ASCII pieces in two generations of AsciiPieceCounts (as
 * ../pieceCache.ts keeps pieces by string): when the current one is full it becomes the previous
 * one, and a piece found only there is kept again in the current one.
 */
export class AsciiCountCache {
  private current: AsciiPieceCounts;
  private previous: AsciiPieceCounts;

  constructor(entries: number) {
    this.current = new AsciiPieceCounts(entries);
    this.previous = new AsciiPieceCounts(entries);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** The count of the ASCII piece `text[start, end)`: kept, or `compute(piece)`, then kept. */
  countOf(text: string, start: number, end: number, compute: (piece: string) => number): number {
    const hash = hashAscii(text, start, end);
    let count = this.current.get(text, start, end, hash);
    if (count >= 0) return count;
    count = this.previous.get(text, start, end, hash);
    if (count < 0) count = compute(text.slice(start, end));
    if (this.current.full) {
      const emptied = this.previous;
      emptied.clear();
      this.previous = this.current;
      this.current = emptied;
    }
    this.current.set(text, start, end, hash, count);
    return count;
  }
}

/** FNV-1a over the characters of `text[start, end)`, with a final mix so the low bits vary. */
export function hashAscii(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
