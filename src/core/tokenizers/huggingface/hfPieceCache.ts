import { PieceCache } from '../pieceCache';

/**
 * Piece → its token ids, for the Hugging Face engines (hfByteLevelBpe.ts, hfSentencePieceBpe.ts).
 * One id is stored as a number (most pieces), several as an array. Pieces up to MAX_PIECE_UNITS
 * are cached, so the long runs of a document (indentation, rules of `=`, a long CJK sentence that
 * is one piece for SentencePiece-style BPE) are merged once too; a generation is also bounded by
 * its keys' length, so the worst case is about 2 × (2 M units × 2 bytes + 65,536 × ~80 bytes)
 * ≈ 18 MB per tokenizer.
 */
export const MAX_PIECE_UNITS = 8_192;

export type PieceIds = number | number[];

export class HfPieceCache extends PieceCache<PieceIds> {
  constructor() {
    super({ generationPieces: 65_536, generationUnits: 2_097_152, maxPieceUnits: MAX_PIECE_UNITS });
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
