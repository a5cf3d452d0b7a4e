/**
 * Hugging Face BPE merging over token ids. A tokenizer.json lists merges `a b` by priority;
 * a piece starts as one token per byte (or character) and the adjacent pair with the
 * lowest-ranked merge is merged, the leftmost one on a tie, until no adjacent pair has a
 * merge. Unlike tiktoken, the rank belongs to the *pair*, not to the merged token, so the
 * table is keyed by the two ids.
 */

const EMPTY = -1;

/**
 * Pair of ids → (rank, merged id), in an open-addressing hash table over typed arrays: about
 * 16 bytes per slot at a load of at most one half (Mistral NeMo's 269k merges: 8 MB), where a
 * Map keyed by `left * 2^20 + right` would box every key above 2^31.
 */
export class MergeTable {
  private readonly lefts: Int32Array;
  private readonly rights: Int32Array;
  private readonly ranks: Int32Array;
  private readonly merged: Int32Array;
  private readonly mask: number;

  constructor(mergeCount: number) {
    let capacity = 16;
    while (capacity < mergeCount * 2) capacity *= 2;
    this.lefts = new Int32Array(capacity).fill(EMPTY);
    this.rights = new Int32Array(capacity);
    this.ranks = new Int32Array(capacity);
    this.merged = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds a merge; a pair listed twice keeps its last rank, as the Rust loader's map does. */
  add(left: number, right: number, rank: number, merged: number): void {
    let slot = this.home(left, right);
    while (this.lefts[slot] !== EMPTY && (this.lefts[slot] !== left || this.rights[slot] !== right)) {
      slot = (slot + 1) & this.mask;
    }
    this.lefts[slot] = left;
    this.rights[slot] = right;
    this.ranks[slot] = rank;
    this.merged[slot] = merged;
  }

  /** The slot of the merge of `left` then `right`, or -1. */
  find(left: number, right: number): number {
    let slot = this.home(left, right);
    for (;;) {
      const l = this.lefts[slot];
      if (l === EMPTY) return -1;
      if (l === left && this.rights[slot] === right) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  rankAt(slot: number): number {
    return this.ranks[slot];
  }

  mergedAt(slot: number): number {
    return this.merged[slot];
  }

  private home(left: number, right: number): number {
    return (Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca6b)) & this.mask;
  }
}

/** Ranks stay below 2^21 (the largest tokenizer.json files list ~300k merges), positions below 2^32. */
const POSITION_SPAN = 0x1_0000_0000;

/**
 * The ids `ids` merge into. O(n log n): the parts form a linked list and every adjacent pair
 * with a merge sits in a binary min-heap keyed by (rank, position of its left part), so the
 * pop order is "lowest rank, leftmost first". A merge changes the pairs on both sides; their
 * old entries go stale and are skipped when popped (the pair now at that position is not the
 * one with that rank), which is how the Rust implementation does it too.
 */
export function mergeIds(ids: readonly number[], table: MergeTable): number[] {
  const n = ids.length;
  if (n < 2) return ids.slice();
  const parts = Int32Array.from(ids);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const gone = new Uint8Array(n);
  // Each merge pushes at most two pairs, on top of the n - 1 initial ones.
  const heap = new Float64Array(3 * n);
  let size = 0;

  const push = (left: number, right: number): void => {
    const slot = table.find(parts[left], parts[right]);
    if (slot < 0) return;
    let i = size++;
    const key = table.rankAt(slot) * POSITION_SPAN + left;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent] <= key) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return top;
  };

  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  for (let i = 0; i + 1 < n; i++) push(i, i + 1);

  while (size > 0) {
    const key = pop();
    const rank = Math.floor(key / POSITION_SPAN);
    const left = key - rank * POSITION_SPAN;
    const right = next[left];
    if (gone[left] || right >= n) continue;
    const slot = table.find(parts[left], parts[right]);
    if (slot < 0 || table.rankAt(slot) !== rank) continue;
    parts[left] = table.mergedAt(slot);
    gone[right] = 1;
    next[left] = next[right];
    if (next[left] < n) prev[next[left]] = left;
    if (prev[left] >= 0) push(prev[left], left);
    if (next[left] < n) push(left, next[left]);
  }

  const result: number[] = [];
  for (let i = 0; i < n; i = next[i]) result.push(parts[i]);
  return result;
}

/** Merges as pairs of ids; a merge of unknown tokens is an error, as in the Rust loader. */
export function mergeTableOf(merges: readonly unknown[], vocab: ReadonlyMap<string, number>): MergeTable {
  const table = new MergeTable(merges.length);
  merges.forEach((merge, rank) => {
    const [left, right] = typeof merge === 'string' ? splitMerge(merge) : (merge as [string, string]);
    const leftId = vocab.get(left);
    const rightId = vocab.get(right);
    const mergedId = vocab.get(left + right);
    if (leftId === undefined || rightId === undefined || mergedId === undefined) {
      throw new Error(`merge ${JSON.stringify(merge)} names a token that is not in the vocabulary`);
    }
    table.add(leftId, rightId, rank, mergedId);
  });
  return table;
}

function splitMerge(merge: string): [string, string] {
  const space = merge.indexOf(' ', 1);
  if (space < 0 || merge.indexOf(' ', space + 1) >= 0) throw new Error(`merge ${JSON.stringify(merge)} is not two tokens`);
  return [merge.slice(0, space), merge.slice(space + 1)];
}
