/**
 * Piece → its token ids, for the Hugging Face engines (hfByteLevelBpe.ts, hfSentencePieceBpe.ts):
 * text repeats its words, so a piece is merged once and then looked up. One id is stored as a
 * number (most pieces), several as an array.
 *
 * Bounded two ways, in two generations: a generation holds at most GENERATION_PIECES pieces and
 * GENERATION_UNITS UTF-16 code units of keys; when the current one is full it becomes the
 * previous one and the old previous one is dropped. A hit in the previous generation is copied
 * forward, so pieces in use survive (an approximate LRU for one more lookup on a miss). Pieces
 * up to MAX_PIECE_UNITS are cached, so the long runs of a document (indentation, rules of `=`,
 * a long CJK sentence that is one piece for SentencePiece-style BPE) are merged once too; the
 * worst case is about 2 × (2 M units × 2 bytes + 65,536 × ~80 bytes) ≈ 18 MB per tokenizer.
 */
const GENERATION_PIECES = 65_536;
const GENERATION_UNITS = 2_097_152;
export const MAX_PIECE_UNITS = 8_192;

export type PieceIds = number | number[];

export class HfPieceCache {
  private current = new Map<string, PieceIds>();
  private previous = new Map<string, PieceIds>();
  private units = 0;

  get(piece: string): PieceIds | undefined {
    return this.current.get(piece) ?? this.carriedForward(piece);
  }

  set(piece: string, ids: PieceIds): void {
    if (piece.length > MAX_PIECE_UNITS) return;
    if (this.current.size >= GENERATION_PIECES || this.units + piece.length > GENERATION_UNITS) {
      this.previous = this.current;
      this.current = new Map();
      this.units = 0;
    }
    this.current.set(piece, ids);
    this.units += piece.length;
  }

  /** A piece of the previous generation, copied into the current one (undefined if not there either). */
  private carriedForward(piece: string): PieceIds | undefined {
    const ids = this.previous.get(piece);
    if (ids !== undefined) this.set(piece, ids);
    return ids;
  }
}

/**
 * What the two engines share: counts and ids from one walk over the text that hands over each
 * added token's id and each piece's cached ids.
 */
export abstract class PieceEngine {
  protected abstract forEachToken(text: string, onAdded: (id: number) => void, onPiece: (ids: PieceIds) => void): void;

  count(text: string): number {
    let total = 0;
    this.forEachToken(
      text,
      () => total++,
      (ids) => (total += typeof ids === 'number' ? 1 : ids.length),
    );
    return total;
  }

  encode(text: string): Uint32Array {
    const out: number[] = [];
    const push = (ids: PieceIds): void => {
      if (typeof ids === 'number') out.push(ids);
      else for (const id of ids) out.push(id);
    };
    this.forEachToken(text, push, push);
    return Uint32Array.from(out);
  }
}
