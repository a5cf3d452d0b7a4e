import type { BoundaryColorMode } from '../catalog/settings';
import type { TokenSpan } from '../incremental/tokenSpan';

/**
 * The palette slot of each segment of a span (0 … paletteSize - 1).
 *
 * `position`: slot = the document index of the segment's first token, modulo the palette, so a
 * token keeps its colour while the view scrolls and neighbours differ (consecutive indexes).
 * Only a merged segment holding a multiple of `paletteSize` tokens would collide with its
 * follower; that follower then takes the next slot that differs from both its neighbours, so
 * neighbours never share a colour. While the index is unknown (the document is still being
 * counted) positions count from the span's start; colours settle once the count is done.
 *
 * `id`: slot = a hash of the first token's id, so the same token always has the same colour
 * (as on tiktokenizer); neighbours may then share one.
 */
export function segmentColorSlots(span: TokenSpan, paletteSize: number, mode: BoundaryColorMode): Uint8Array {
  const count = span.segmentStarts.length - 1;
  const slots = new Uint8Array(Math.max(0, count));
  if (mode === 'id') {
    for (let k = 0; k < count; k++) slots[k] = hashId(span.ids[span.segmentFirstToken[k]]) % paletteSize;
    return slots;
  }
  const base = Math.max(0, span.firstTokenIndex);
  const raw = (k: number) => (base + span.segmentFirstToken[k]) % paletteSize;
  for (let k = 0; k < count; k++) {
    let slot = raw(k);
    if (k > 0 && slot === raw(k - 1)) {
      const next = k + 1 < count ? raw(k + 1) : -1;
      for (let shift = 1; shift < paletteSize; shift++) {
        const candidate = (slot + shift) % paletteSize;
        if (candidate !== slots[k - 1] && candidate !== next) {
          slot = candidate;
          break;
        }
      }
    }
    slots[k] = slot;
  }
  return slots;
}

/** A small integer hash (murmur3's finalizer), so ids that differ by one land far apart. */
function hashId(id: number): number {
  let h = id >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
