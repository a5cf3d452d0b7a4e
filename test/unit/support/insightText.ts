import { get_encoding } from 'tiktoken';
import { cutRuleFor } from '../../../src/core/tokenizers/cutRules';
import type { EncodingName } from '../../../src/core/tokenizers/tiktoken/encodings';
import { SliceCursor, TextPieces } from '../../../src/core/insights/textSlices';

/** `text` cut into slices by `encoding`'s rule, about `target` apart, read from pieces cut at `pieceCuts`. */
export function slicesOf(encoding: EncodingName, text: string, target: number, pieceCuts: number[] = []): string[] {
  const cuts = [...new Set(pieceCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let previous = 0;
  for (const cut of [...cuts, text.length]) {
    pieces.push(text.slice(previous, cut));
    previous = cut;
  }
  const cursor = new SliceCursor(new TextPieces(pieces), cutRuleFor(encoding), target);
  const slices: string[] = [];
  for (let s = cursor.next(); s !== undefined; s = cursor.next()) slices.push(s);
  return slices;
}

/** The reference encoders, one of each. */
export const tiktoken = {
  o200k_base: get_encoding('o200k_base'),
  cl100k_base: get_encoding('cl100k_base'),
  p50k_base: get_encoding('p50k_base'),
  r50k_base: get_encoding('r50k_base'),
};

/** Token texts of `text` by tiktoken itself, to state what a hand-checked case rests on. */
export function tiktokenPieces(encoding: EncodingName, text: string): string[] {
  return [...tiktoken[encoding].encode_ordinary(text)].map((id) => Buffer.from(tiktoken[encoding].decode_single_token_bytes(id)).toString('latin1'));
}
