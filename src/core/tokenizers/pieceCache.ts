/**
 * Piece → what merging it gave (a token count, or its ids), bounded, for every engine that
 * pre-tokenizes text into pieces and merges each (tiktoken/pieceCounter.ts, the Hugging Face
 * engines): text repeats its words, so a piece is merged once and then looked up.
 *
 * Two generations of maps: when the current one is full it becomes the previous one and the old
 * previous one is dropped. A hit in the previous generation is copied forward, so pieces in use
 * survive (an approximate LRU for the cost of one extra map lookup on a miss). A generation is
 * full at `generationPieces` pieces or `generationUnits` UTF-16 code units of keys; pieces longer
 * than `maxPieceUnits` are not kept. Each user states its bounds and the memory they allow.
 */
export interface PieceCacheBounds {
  readonly generationPieces: number;
  readonly generationUnits: number;
  readonly maxPieceUnits: number;
}

export class PieceCache<T> {
  private current = new Map<string, T>();
  private previous = new Map<string, T>();
  private units = 0;

  constructor(private readonly bounds: PieceCacheBounds) {}

  get(piece: string): T | undefined {
    const hit = this.current.get(piece);
    if (hit !== undefined) return hit;
    const old = this.previous.get(piece);
    if (old !== undefined) this.set(piece, old);
    return old;
  }

  /** Keeps `value` for `piece`, unless the piece is longer than `maxPieceUnits`. */
  set(piece: string, value: T): void {
    const { generationPieces, generationUnits, maxPieceUnits } = this.bounds;
    if (piece.length > maxPieceUnits) return;
    if (this.current.size >= generationPieces || this.units + piece.length > generationUnits) {
      this.previous = this.current;
      this.current = new Map();
      this.units = 0;
    }
    this.current.set(piece, value);
    this.units += piece.length;
  }

  /** Pieces held now, in both generations. */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}
